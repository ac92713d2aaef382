"""Published statistics, below the journeys: the figures (financial year, quarter, month), put
through disclosure control, as tables, charts and downloads. The public statistics journey and
the partners' dashboard both use this package, so both publish exactly the same way."""

"""The questions a report asks, defined once for its three front ends: the public reporting
journey, the partner journey and `POST /api/v1/reports`. Forms (one per page) and the page
lists; the journeys only choose which pages they show."""

"""The Community Trigger figures a council must publish (s.104(11) of the 2014 Act):
applications received, threshold not met, reviews held, reviews with recommendations."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import gettext as _

from portal.publication.trigger_figures import Figures, figures_for

__all__ = ["Figures", "as_csv", "default_period", "figures_for"]


def default_period(today: date) -> tuple[date, date]:
    """The financial year so far (from 1 April), the usual period for publishing."""
    start_year = today.year if today.month >= 4 else today.year - 1
    return date(start_year, 4, 1), today


def as_csv(figures: Figures) -> str:
    """One header row (in the reader's language) and one row of figures."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            _("Period start"),
            _("Period end"),
            _("Applications received"),
            _("Threshold not met"),
            _("Case reviews held"),
            _("Case reviews with recommendations"),
        ]
    )
    writer.writerow(
        [
            figures.start.isoformat(),
            figures.end.isoformat(),
            figures.applications,
            figures.threshold_not_met,
            figures.reviews_held,
            figures.reviews_with_recommendations,
        ]
    )
    return out.getvalue()

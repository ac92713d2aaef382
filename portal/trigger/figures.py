"""The Community Trigger figures a council must publish (s.104(11) of the 2014 Act):
applications received, threshold not met, reviews held, reviews with recommendations."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.constants import SubmissionKind
from portal.extensions import db
from portal.models import Submission, TriggerCase


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    applications: int
    threshold_not_met: int
    reviews_held: int
    reviews_with_recommendations: int


def _instant(day: date) -> datetime:
    """Midnight at the start of ``day`` in the council's time zone, in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)


def figures_for(start: date, end: date) -> Figures:
    """Counts for the days from ``start`` to ``end``, both included. An application counts on
    the day it was received; a decision, review or outcome on the day it was recorded."""
    since, until = _instant(start), _instant(end + timedelta(days=1))
    applications = db.session.scalar(
        select(func.count(Submission.id)).where(
            Submission.kind == SubmissionKind.TRIGGER_APPLICATION,
            Submission.received_on >= start,
            Submission.received_on <= end,
        )
    )
    not_met = db.session.scalar(
        select(func.count(TriggerCase.submission_id)).where(
            TriggerCase.threshold_decision == "not_met",
            TriggerCase.decided_at >= since,
            TriggerCase.decided_at < until,
        )
    )
    held = select(func.count(TriggerCase.submission_id)).where(
        TriggerCase.review_held_at >= since, TriggerCase.review_held_at < until
    )
    reviews = db.session.scalar(held)
    with_recommendations = db.session.scalar(held.where(TriggerCase.recommendations_made.is_(True)))
    return Figures(start, end, applications or 0, not_met or 0, reviews or 0, with_recommendations or 0)


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

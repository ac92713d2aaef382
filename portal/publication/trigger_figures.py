"""The Community Trigger figures a council must publish (s.104(11) of the 2014 Act):
applications received, threshold not met, reviews held, reviews with recommendations.
Shared by the Community Trigger page and the statistics pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from portal.constants import Route, SubmissionKind
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
    # Of the applications, those a member of staff entered for the applicant (phone, in person, letter).
    applications_taken_by_staff: int = 0


def _instant(day: date) -> datetime:
    """Midnight at the start of ``day`` in the council's time zone, in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)


def figures_for(start: date, end: date) -> Figures:
    """Counts for the days from ``start`` to ``end``, both included. An application counts on
    the day it was received; a decision, review or outcome on the day it was recorded."""
    since, until = _instant(start), _instant(end + timedelta(days=1))
    received = select(func.count(Submission.id)).where(
        Submission.kind == SubmissionKind.TRIGGER_APPLICATION,
        Submission.received_on >= start,
        Submission.received_on <= end,
    )
    applications = db.session.scalar(received)
    by_staff = db.session.scalar(received.where(Submission.route == Route.STAFF))
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
    return Figures(start, end, applications or 0, not_met or 0, reviews or 0, with_recommendations or 0, by_staff or 0)

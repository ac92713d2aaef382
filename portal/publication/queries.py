"""The raw figures behind the published statistics: counts over real, indexed columns (never
the JSON answers). Nothing here is published as it is; ``tables`` puts it through disclosure
control first. ``organisation_id`` narrows every figure to one partner's own reports."""

from __future__ import annotations

import copy
import statistics
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, func, select

from portal.constants import SubmissionKind
from portal.extensions import db
from portal.models import Submission, SubmissionStrand
from portal.publication.periods import Period
from portal.quality.models import ServiceStandards, SurveyResponse

REPORT_KINDS = (SubmissionKind.REPORT, SubmissionKind.PARTNER_REPORT)
UNKNOWN = "unknown"
S = TypeVar("S", bound=Select[*tuple[Any, ...]])


@dataclass
class Figures:
    total: int = 0
    hate: int = 0
    by_month: Counter[date] = field(default_factory=Counter)
    by_route: Counter[str] = field(default_factory=Counter)
    by_type: Counter[str] = field(default_factory=Counter)
    by_strand: Counter[str] = field(default_factory=Counter)
    asb: int = 0
    by_asb_category: Counter[str] = field(default_factory=Counter)
    by_area: Counter[str] = field(default_factory=Counter)
    closed: int = 0
    by_outcome: Counter[str] = field(default_factory=Counter)
    days_to_first_contact: list[float] = field(default_factory=list)
    days_to_close: list[float] = field(default_factory=list)
    surveys: int = 0
    by_satisfaction: Counter[str] = field(default_factory=Counter)
    outcome_as_wanted: Counter[str] = field(default_factory=Counter)
    updates_as_agreed: Counter[str] = field(default_factory=Counter)
    standards_recorded: int = 0
    standards_met: Counter[str] = field(default_factory=Counter)


def instant(day: date) -> datetime:
    """Midnight at the start of ``day`` in the council's time zone, in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)


def _reports(query: S, period: Period, organisation_id: int | None) -> S:
    query = query.where(
        Submission.kind.in_(REPORT_KINDS),
        Submission.received_on >= period.start,
        Submission.received_on <= period.end,
    )
    if organisation_id is not None:
        query = query.where(Submission.organisation_id == organisation_id)
    return query


def _counts(query: Select[*tuple[Any, ...]]) -> Counter[Any]:
    return Counter({key if key is not None else UNKNOWN: count for key, count in db.session.execute(query)})


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


CACHE = "statistics_figures"
CACHE_ENTRIES = 256


def cached_figures(period: Period, organisation_id: int | None = None) -> Figures:
    """``figures_for``, counted at most once per ``STATISTICS_CACHE_SECONDS`` in this process for
    each period and partner: the statistics pages are public, and at a million reports a year's
    counts are the slowest queries the portal has (docs/performance.md). A copy each time, so a
    caller cannot change what the next one sees."""
    seconds = current_app.config["STATISTICS_CACHE_SECONDS"]
    if seconds <= 0:
        return figures_for(period, organisation_id)
    store: dict[tuple[Period, int | None], tuple[float, Figures]] = current_app.extensions.setdefault(CACHE, {})
    now = clock.monotonic()
    found = store.get((period, organisation_id))
    if found is None or found[0] <= now:
        if len(store) >= CACHE_ENTRIES:
            store.clear()
        found = store[(period, organisation_id)] = (now + seconds, figures_for(period, organisation_id))
    return copy.deepcopy(found[1])


def figures_for(period: Period, organisation_id: int | None = None) -> Figures:
    figures = Figures()
    count = func.count(Submission.id)
    by_day = _counts(
        _reports(select(Submission.received_on, count), period, organisation_id).group_by(Submission.received_on)
    )
    for day, number in by_day.items():
        figures.by_month[date(day.year, day.month, 1)] += number
    figures.total = sum(by_day.values())
    figures.by_route = _counts(
        _reports(select(Submission.route, count), period, organisation_id).group_by(Submission.route)
    )
    for is_hate, is_asb, number in db.session.execute(
        _reports(select(Submission.is_hate, Submission.is_asb, count), period, organisation_id).group_by(
            Submission.is_hate, Submission.is_asb
        )
    ):
        kind = "both" if is_hate and is_asb else "hate" if is_hate else "asb" if is_asb else "other"
        figures.by_type[kind] += number
    figures.hate = figures.by_type["hate"] + figures.by_type["both"]
    figures.asb = figures.by_type["asb"] + figures.by_type["both"]
    figures.by_strand = _counts(
        _reports(select(SubmissionStrand.strand, count), period, organisation_id)
        .join(SubmissionStrand, SubmissionStrand.submission_id == Submission.id)
        .where(Submission.is_hate.is_(True))
        .group_by(SubmissionStrand.strand)
    )
    figures.by_asb_category = _counts(
        _reports(select(Submission.asb_category, count), period, organisation_id)
        .where(Submission.is_asb.is_(True))
        .group_by(Submission.asb_category)
    )
    figures.by_area = _counts(
        _reports(select(Submission.area, count), period, organisation_id).group_by(Submission.area)
    )

    # Closed in the period, whenever received.
    closed = select(Submission.outcome_category, count).where(
        Submission.kind.in_(REPORT_KINDS),
        Submission.closed_at >= instant(period.start),
        Submission.closed_at < instant(period.end + timedelta(days=1)),
    )
    if organisation_id is not None:
        closed = closed.where(Submission.organisation_id == organisation_id)
    figures.by_outcome = _counts(closed.group_by(Submission.outcome_category))
    figures.closed = sum(figures.by_outcome.values())

    for created, acknowledged, closed_at in db.session.execute(
        _reports(
            select(Submission.created_at, Submission.acknowledged_at, Submission.closed_at), period, organisation_id
        )
    ):
        if acknowledged is not None:
            figures.days_to_first_contact.append(_days(created, acknowledged))
        if closed_at is not None:
            figures.days_to_close.append(_days(created, closed_at))

    if organisation_id is None:
        # Survey answers are kept apart from the case, so they cannot be narrowed to a partner.
        answered = select(SurveyResponse).where(
            SurveyResponse.answered_on >= period.start, SurveyResponse.answered_on <= period.end
        )
        for response in db.session.scalars(answered):
            figures.surveys += 1
            figures.by_satisfaction[response.satisfaction] += 1
            figures.outcome_as_wanted[response.outcome_as_wanted] += 1
            figures.updates_as_agreed[response.updates_as_agreed] += 1

    standards = _reports(select(ServiceStandards), period, organisation_id).join(
        Submission, Submission.id == ServiceStandards.submission_id
    )
    for record in db.session.scalars(standards):
        figures.standards_recorded += 1
        met = {
            "assessed_in_time": bool(record.assessed_in_time),
            "risk_assessment_offered": record.risk_assessment_offered,
            "contact_named": record.contact_named,
            "lead_agency_agreed": record.lead_agency_agreed,
            "updates_agreed": bool(record.update_frequency and record.update_method),
        }
        figures.standards_met.update(name for name, done in met.items() if done)
    return figures


def report_count(period: Period, organisation_id: int | None = None) -> int:
    return db.session.scalar(_reports(select(func.count(Submission.id)), period, organisation_id)) or 0


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None

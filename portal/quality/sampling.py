"""Sample checks (seed section 7): a random sample of the cases closed in a period, drawn from
a recorded seed so that anyone can draw the same sample again, and the lay visitors' checks.

Lay visitors see only sampled cases, redacted (``redacted_case``), and every view is written
to the audit log."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.constants import SubmissionKind
from portal.extensions import db
from portal.labels import lead_agency_label, stage_label
from portal.models import StatusUpdate, Submission, User, utcnow
from portal.publication.queries import instant
from portal.publication.vocabulary import OUTCOME_LABELS
from portal.quality.models import AuditEntry, CaseSample, CaseSampleMember, LayVisitorCheck
from portal.quality.standards import standards_of

VIEW_CASE = "lay_visitor.view_case"
VIEW_SAMPLE = "lay_visitor.view_sample"
RECORD_CHECK = "lay_visitor.record_check"
REFUSED = "lay_visitor.refused"


def closed_cases(start: date, end: date) -> list[int]:
    """Ids of the reports closed from ``start`` to ``end`` (both included), in a fixed order."""
    return list(
        db.session.scalars(
            select(Submission.id)
            .where(
                Submission.kind.in_((SubmissionKind.REPORT, SubmissionKind.PARTNER_REPORT)),
                Submission.closed_at >= instant(start),
                Submission.closed_at < instant(end + timedelta(days=1)),
            )
            .order_by(Submission.id)
        )
    )


def choose(candidates: list[int], size: int, seed: str) -> list[int]:
    """The same seed and candidates always give the same sample (Python's Random seeds a string
    through SHA-512, the same on every machine)."""
    return random.Random(seed).sample(candidates, min(size, len(candidates)))


def draw_sample(start: date, end: date, size: int, seed: str | None, drawn_by: User) -> CaseSample:
    seed = seed or secrets.token_hex(16)
    chosen = choose(closed_cases(start, end), size, seed)
    sample = CaseSample(period_start=start, period_end=end, seed=seed, size=size, drawn_by_id=drawn_by.id)
    sample.members = [CaseSampleMember(submission_id=case, position=index) for index, case in enumerate(chosen)]
    db.session.add(sample)
    return sample


def samples() -> list[CaseSample]:
    return list(db.session.scalars(select(CaseSample).order_by(CaseSample.drawn_at.desc())))


def sampled_cases() -> list[Submission]:
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.id.in_(select(CaseSampleMember.submission_id)))
            .order_by(Submission.closed_at.desc(), Submission.id)
        )
    )


def is_sampled(submission: Submission) -> bool:
    found = db.session.scalar(
        select(CaseSampleMember.sample_id).where(CaseSampleMember.submission_id == submission.id).limit(1)
    )
    return found is not None


def log(user: User, action: str, submission: Submission | None = None) -> None:
    """Added to the request's own unit of work."""
    db.session.add(
        AuditEntry(user_id=user.id, action=action, submission_id=submission.id if submission else None, at=utcnow())
    )


def audit_entries(submission: Submission | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if submission is not None:
        query = query.where(AuditEntry.submission_id == submission.id)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class RedactedEvent:
    at: datetime
    direction: str
    kind: str
    stage: str | None


@dataclass(frozen=True)
class RedactedCase:
    """What a lay visitor may see: dates, stages, categories and the service standards. No
    names, contact details, addresses or free text, which are never put in this object."""

    reference: str
    received_on: date
    assessment_due: datetime
    acknowledged_at: datetime | None
    closed_at: datetime | None
    stage: str
    lead_agency: str
    risk_level: str
    incident_types: list[str]
    strands: list[str]
    asb_category: str | None
    area: str | None
    outcome_category: str
    contact_named: bool
    standards: dict[str, bool | None]
    update_frequency: str | None
    update_method: str | None
    events: list[RedactedEvent]


def redacted_case(submission: Submission) -> RedactedCase:
    kept = standards_of(submission)
    updates = db.session.scalars(
        select(StatusUpdate).where(StatusUpdate.submission_id == submission.id).order_by(StatusUpdate.created_at)
    )
    events = [RedactedEvent(update.created_at, update.direction, update.kind, update.stage) for update in updates]
    return RedactedCase(
        reference=submission.reference,
        received_on=submission.received_on,
        assessment_due=submission.assessment_due,
        acknowledged_at=submission.acknowledged_at,
        closed_at=submission.closed_at,
        stage=str(stage_label(submission.stage)),
        lead_agency=str(lead_agency_label(submission.lead_agency)),
        risk_level=submission.risk_level,
        incident_types=[name for name, flag in (("hate", submission.is_hate), ("asb", submission.is_asb)) if flag],
        strands=sorted(strand.strand for strand in submission.strands),
        asb_category=submission.asb_category,
        area=submission.area,
        outcome_category=str(OUTCOME_LABELS.get(submission.outcome_category or "", "")),  # type: ignore[call-overload]
        contact_named=bool(submission.single_point_of_contact),
        standards={
            "assessed_in_time": kept.assessed_in_time if kept else None,
            "risk_assessment_offered": kept.risk_assessment_offered if kept else None,
            "lead_agency_agreed": kept.lead_agency_agreed if kept else None,
        },
        update_frequency=kept.update_frequency if kept else None,
        update_method=kept.update_method if kept else None,
        events=events,
    )


def record_check(submission: Submission, visitor: User, met_standards: bool, note: str | None) -> LayVisitorCheck:
    check = LayVisitorCheck(
        submission_id=submission.id, visitor_id=visitor.id, met_standards=met_standards, note=note or None
    )
    db.session.add(check)
    log(visitor, RECORD_CHECK, submission)
    return check


def checks_of(submission: Submission) -> list[LayVisitorCheck]:
    return list(
        db.session.scalars(
            select(LayVisitorCheck).where(LayVisitorCheck.submission_id == submission.id).order_by(LayVisitorCheck.id)
        )
    )

"""Duty-desk actions. Each one adds to the session, with any message to the reporter queued
in the same transaction; the view commits."""

from datetime import datetime
from typing import Any

from sqlalchemy import case, select

from portal.constants import (
    STAFF_ROLES,
    LeadAgency,
    MessageDirection,
    OutcomeCategory,
    Stage,
    UpdateKind,
)
from portal.core.reporter_updates import notify_reporter
from portal.extensions import db
from portal.models import Evidence, StatusUpdate, Submission, User, utcnow
from portal.quality.survey import invite_to_survey

RISK_ORDER = case({"high": 0, "medium": 1}, value=Submission.risk_level, else_=2)


class ActionRefused(Exception):
    """A duty-desk action that breaks a casework rule; `message` is shown to the caseworker."""

    def __init__(self, field: str, message: object):
        super().__init__(str(message))
        self.field = field
        self.message = message


def inbox() -> list[Submission]:
    """Delivered open submissions, the most urgent first: immediate attention, risk, then due time."""
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.delivered_at.is_not(None), Submission.closed_at.is_(None))
            .order_by(Submission.immediate_attention.desc(), RISK_ORDER, Submission.assessment_due)
        )
    )


def is_overdue(submission: Submission, now: datetime) -> bool:
    """Not acknowledged within the initial-assessment standard (one working day by default;
    assessment_due was worked out in working days when the submission was stored)."""
    return submission.acknowledged_at is None and submission.closed_at is None and submission.assessment_due < now


def find_submission(reference: str) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.reference == reference))


def evidence_of(submission: Submission) -> list[Evidence]:
    return list(
        db.session.scalars(select(Evidence).where(Evidence.submission_id == submission.id).order_by(Evidence.id))
    )


def evidence_file(submission: Submission, evidence_id: int) -> tuple[int, Evidence] | None:
    """One of the submission's files that is still kept, with its number in the case's list."""
    for number, item in enumerate(evidence_of(submission), start=1):
        if item.id == evidence_id and item.purged_at is None:
            return number, item
    return None


def triage_reasons(submission: Submission) -> list[str]:
    extras: Any = (submission.answers or {}).get("_intake") or {}
    reasons = extras.get("triage_reasons") if isinstance(extras, dict) else None
    return [str(reason) for reason in reasons] if isinstance(reasons, list) else []


def staff_members() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role.in_(list(STAFF_ROLES)), User.active.is_(True)).order_by(User.name)
        )
    )


def _record(
    submission: Submission, author: User | None, kind: str, direction: str, stage: str | None, message: str | None
) -> StatusUpdate:
    update = StatusUpdate(
        submission=submission,
        author=author,
        kind=kind,
        direction=direction,
        stage=stage,
        message=message,
        source="duty_desk",
        created_at=utcnow(),
    )
    db.session.add(update)
    return update


def _set_stage(submission: Submission, stage: str) -> None:
    submission.stage = stage
    if stage == Stage.ACKNOWLEDGED and submission.acknowledged_at is None:
        submission.acknowledged_at = utcnow()
    if stage == Stage.CLOSED and submission.closed_at is None:
        submission.closed_at = utcnow()


def post_update(
    submission: Submission, author: User, stage: str | None, kind: str, message: str | None
) -> StatusUpdate:
    internal = kind == "internal"
    update = _record(
        submission,
        author,
        UpdateKind.QUESTION if kind == "question" else UpdateKind.UPDATE if message else UpdateKind.STAGE,
        MessageDirection.INTERNAL if internal else MessageDirection.TO_REPORTER,
        stage or None,
        message or None,
    )
    if stage:
        _set_stage(submission, stage)
    if not internal:
        notify_reporter(submission, message)
    return update


def acknowledge(submission: Submission, author: User) -> None:
    if submission.acknowledged_at is not None:
        return
    _record(submission, author, UpdateKind.STAGE, MessageDirection.TO_REPORTER, Stage.ACKNOWLEDGED, None)
    _set_stage(submission, Stage.ACKNOWLEDGED)
    notify_reporter(submission, None)


def set_lead_and_contact(submission: Submission, lead_agency: str, single_point_of_contact: str | None) -> None:
    submission.lead_agency = LeadAgency(lead_agency)
    submission.single_point_of_contact = single_point_of_contact or None


def assign_caseworkers(
    submission: Submission, victim_caseworker_id: int | None, perpetrator_caseworker_id: int | None
) -> None:
    """The same caseworker never works with both the victim and the perpetrator of one case."""
    staff = {user.id for user in staff_members()}
    for field, user_id in (
        ("victim_caseworker", victim_caseworker_id),
        ("perpetrator_caseworker", perpetrator_caseworker_id),
    ):
        if user_id is not None and user_id not in staff:
            raise ActionRefused(field, "unknown")
    if victim_caseworker_id is not None and victim_caseworker_id == perpetrator_caseworker_id:
        raise ActionRefused("perpetrator_caseworker", "same")
    submission.victim_caseworker_id = victim_caseworker_id
    submission.perpetrator_caseworker_id = perpetrator_caseworker_id


def close(submission: Submission, author: User, outcome: str, outcome_category: str | None = None) -> None:
    submission.outcome = outcome
    submission.outcome_category = outcome_category or OutcomeCategory.RESOLVED
    _record(submission, author, UpdateKind.STAGE, MessageDirection.TO_REPORTER, Stage.CLOSED, None)
    _set_stage(submission, Stage.CLOSED)
    notify_reporter(submission, None)
    invite_to_survey(submission)

"""The life of a Community Trigger case after it is received: the duty desk's decisions, and the
applicant's request to escalate. Each action is one transaction that queues the message to the
applicant in it. No Flask request objects here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.constants import IntakeEvent, MessageDirection, Stage, SubmissionKind, UpdateKind
from portal.core.reporter_updates import notify_reporter
from portal.core.workdays import calendar_from_config
from portal.extensions import db
from portal.intake.outbox import enqueue_for_intake
from portal.models import StatusUpdate, Submission, TriggerCase, TriggerComplaint, User, utcnow


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    THRESHOLD_MET = "threshold_met"
    THRESHOLD_NOT_MET = "threshold_not_met"
    REVIEW_ARRANGED = "review_arranged"
    OUTCOME_SENT = "outcome_sent"
    CLOSE = "close"


STAGE_OF = {
    Action.ACKNOWLEDGE: Stage.ACKNOWLEDGED,
    Action.THRESHOLD_MET: Stage.THRESHOLD_MET,
    Action.THRESHOLD_NOT_MET: Stage.THRESHOLD_NOT_MET,
    Action.REVIEW_ARRANGED: Stage.REVIEW_ARRANGED,
    Action.OUTCOME_SENT: Stage.OUTCOME_SENT,
    Action.CLOSE: Stage.CLOSED,
}


class EscalationRefused(Exception):
    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


def trigger_cases() -> list[tuple[Submission, TriggerCase]]:
    """Open applications, the oldest first."""
    rows = db.session.execute(
        select(Submission, TriggerCase)
        .join(TriggerCase, TriggerCase.submission_id == Submission.id)
        .where(Submission.kind == SubmissionKind.TRIGGER_APPLICATION, Submission.closed_at.is_(None))
        .order_by(Submission.created_at)
    )
    return [(submission, case) for submission, case in rows]


def find_case(reference: str) -> tuple[Submission, TriggerCase] | None:
    row = db.session.execute(
        select(Submission, TriggerCase)
        .join(TriggerCase, TriggerCase.submission_id == Submission.id)
        .where(Submission.reference == reference)
    ).first()
    return (row[0], row[1]) if row else None


def complaints_of(submission: Submission) -> list[TriggerComplaint]:
    return list(
        db.session.scalars(
            select(TriggerComplaint)
            .where(TriggerComplaint.application_id == submission.id)
            .order_by(TriggerComplaint.incident_date, TriggerComplaint.id)
        )
    )


def record_action(
    submission: Submission,
    case: TriggerCase,
    author: User,
    action: Action,
    message: str | None,
    meeting_on: date | None = None,
    recommendations: bool | None = None,
    now: datetime | None = None,
) -> StatusUpdate:
    """Move the case on a stage and tell the applicant; the caller commits.

    The caller's form has checked what each action needs: a reason for a threshold decision,
    a date for a review meeting, the outcome text and whether there were recommendations."""
    now = now or utcnow()
    stage = STAGE_OF[action]
    if action == Action.ACKNOWLEDGE and submission.acknowledged_at is None:
        submission.acknowledged_at = now
    elif action in (Action.THRESHOLD_MET, Action.THRESHOLD_NOT_MET):
        case.threshold_decision = "met" if action == Action.THRESHOLD_MET else "not_met"
        case.decision_reason = message
        case.decided_at = now
    elif action == Action.REVIEW_ARRANGED:
        case.review_meeting_on = meeting_on
    elif action == Action.OUTCOME_SENT:
        case.review_held_at = case.review_held_at or now
        case.recommendations_made = recommendations
        case.outcome_sent_at = now
        submission.outcome = message
    elif action == Action.CLOSE:
        submission.closed_at = now
    submission.stage = stage
    update = StatusUpdate(
        submission=submission,
        author=author,
        created_at=now,
        kind=UpdateKind.UPDATE if message else UpdateKind.STAGE,
        direction=MessageDirection.TO_REPORTER,
        stage=stage,
        message=message or None,
        source="duty_desk",
    )
    db.session.add(update)
    notify_reporter(submission, message)
    return update


# ---- escalation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    """What the status page says about escalating a case review."""

    body: str
    opened_on: date | None  # when the applicant could first ask: the outcome, or a "not met"
    closes_on: date | None
    requested_at: datetime | None
    open_now: bool


def escalation_for(case: TriggerCase, today: date | None = None) -> Escalation:
    config = current_app.config
    calendar = calendar_from_config(config)
    today = today or calendar.received_on(utcnow())
    opened = case.outcome_sent_at or (case.decided_at if case.threshold_decision == "not_met" else None)
    opened_on = calendar.received_on(opened) if opened else None
    closes_on = (
        calendar.add_working_days(opened_on, int(config["TRIGGER_ESCALATION_WORKING_DAYS"])) if opened_on else None
    )
    open_now = bool(closes_on and opened_on and case.escalation_requested_at is None and today <= closes_on)
    return Escalation(
        body=str(config["TRIGGER_ESCALATION_BODY"]),
        opened_on=opened_on,
        closes_on=closes_on,
        requested_at=case.escalation_requested_at,
        open_now=open_now,
    )


def case_of(submission: Submission | None) -> TriggerCase | None:
    if submission is None or submission.kind != SubmissionKind.TRIGGER_APPLICATION:
        return None
    return db.session.get(TriggerCase, submission.id)


def request_escalation(submission: Submission, case: TriggerCase, reason: str, now: datetime | None = None) -> None:
    """Record the applicant's request and forward it to the case system, in the caller's
    transaction."""
    now = now or utcnow()
    escalation = escalation_for(case, calendar_from_config(current_app.config).received_on(now))
    if escalation.requested_at is not None:
        raise EscalationRefused(_l("You have already asked for your case review to be escalated"))
    if not escalation.open_now:
        raise EscalationRefused(_l("The time to ask for your case review to be escalated has passed"))
    case.escalation_requested_at = now
    db.session.add(
        StatusUpdate(
            submission=submission,
            created_at=now,
            kind=UpdateKind.REPLY,
            direction=MessageDirection.FROM_REPORTER,
            message=reason,
            source="reporter",
        )
    )
    enqueue_for_intake(
        submission,
        IntakeEvent.SUBMISSION_FOLLOWUP,
        {"kind": "reply", "created_at": now.isoformat(), "text": reason, "escalation_requested": True},
    )

"""Duty-desk actions. Each one is one transaction; a message to the reporter is queued in it."""

from sqlalchemy import case, select

from portal.constants import Channel, IntakeEvent, MessageDirection, REPORTER_DESTINATION, Stage, UpdateKind
from portal.extensions import db
from portal.intake.outbox import enqueue
from portal.models import StatusUpdate, Submission, User, utcnow

RISK_ORDER = case({"high": 0, "medium": 1}, value=Submission.risk_level, else_=2)


def inbox() -> list[Submission]:
    """Delivered submissions, the most urgent first: immediate attention, risk, then due time."""
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.delivered_at.is_not(None), Submission.closed_at.is_(None))
            .order_by(Submission.immediate_attention.desc(), RISK_ORDER, Submission.assessment_due)
        )
    )


def notify_reporter(submission: Submission, message_text: str | None) -> None:
    if submission.anonymous or submission.channel not in (Channel.EMAIL, Channel.SMS):
        return
    enqueue(
        REPORTER_DESTINATION,
        IntakeEvent.REPORTER_UPDATE,
        {"submission_id": submission.id, "message_text": message_text},
        submission,
    )


def post_update(submission: Submission, author: User, stage: str | None, kind: str, message: str | None) -> StatusUpdate:
    internal = kind == "internal"
    update = StatusUpdate(
        submission=submission,
        author=author,
        kind=UpdateKind.QUESTION if kind == "question" else UpdateKind.UPDATE if message else UpdateKind.STAGE,
        direction=MessageDirection.INTERNAL if internal else MessageDirection.TO_REPORTER,
        stage=stage or None,
        message=message or None,
        source="duty_desk",
    )
    db.session.add(update)
    if stage:
        submission.stage = stage
        if stage == Stage.ACKNOWLEDGED and submission.acknowledged_at is None:
            submission.acknowledged_at = utcnow()
        if stage == Stage.CLOSED:
            submission.closed_at = utcnow()
    if not internal:
        notify_reporter(submission, message)
    db.session.commit()
    return update

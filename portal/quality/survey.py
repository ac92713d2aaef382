"""The satisfaction survey offered when a case is closed: through the reporter's channel (a
message that says there is a short survey and how to reach it, nothing from the report) and on
the status page through the tracking code, so anonymous reporters can answer too.

Answers are kept apart from the case: ``SurveyResponse`` has no link to it, and the claim row
(``SurveyClaim``) only records that the case's survey was answered, to refuse a second answer."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from portal.constants import REPORTER_DESTINATION, Channel, IntakeEvent, Stage
from portal.extensions import db
from portal.intake.outbox import enqueue
from portal.models import Submission, utcnow
from portal.quality.models import SurveyClaim, SurveyResponse

SATISFACTION = ("very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied")
OUTCOME_AS_WANTED = ("yes", "partly", "no")
UPDATES_AS_AGREED = ("yes", "partly", "no")
COMMENTS_LIMIT = 2000


class SurveyState(StrEnum):
    NOT_CLOSED = "not_closed"
    OPEN = "open"
    ANSWERED = "answered"


class AlreadyAnswered(Exception):
    """This case's survey has been answered once; a second answer is refused."""


class NotClosed(Exception):
    """The survey is offered only once a case is closed."""


def is_closed(submission: Submission) -> bool:
    return submission.stage == Stage.CLOSED or submission.closed_at is not None


def survey_state(submission: Submission) -> SurveyState:
    if not is_closed(submission):
        return SurveyState.NOT_CLOSED
    claim = db.session.get(SurveyClaim, submission.id)
    return SurveyState.ANSWERED if claim is not None and claim.answered_at is not None else SurveyState.OPEN


def invite_to_survey(submission: Submission, now: datetime | None = None) -> None:
    """Called in the transaction that closes the case: the invitation goes through the outbox
    with the closing, or not at all. Once per case."""
    if db.session.get(SurveyClaim, submission.id) is not None:
        return
    db.session.add(SurveyClaim(submission_id=submission.id, invited_at=now or utcnow()))
    if not submission.anonymous and submission.channel in (Channel.EMAIL, Channel.SMS):
        enqueue(
            REPORTER_DESTINATION,
            IntakeEvent.SURVEY_INVITATION,
            {"submission_id": submission.id, "survey": True},
            submission,
        )


def record_answer(
    submission: Submission,
    satisfaction: str,
    outcome_as_wanted: str,
    updates_as_agreed: str,
    comments: str | None,
    today: date | None = None,
) -> None:
    """Store one answer and mark the case's survey answered, in the caller's unit of work. Of two
    racing answers only the first changes the claim row; the other is refused."""
    if not is_closed(submission):
        raise NotClosed()
    now = utcnow()
    claimed = db.session.execute(
        update(SurveyClaim)
        .where(SurveyClaim.submission_id == submission.id, SurveyClaim.answered_at.is_(None))
        .values(answered_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        if db.session.get(SurveyClaim, submission.id) is not None:
            db.session.rollback()
            raise AlreadyAnswered()
        try:
            # Closed before invitations existed, or by the case system: no claim row yet.
            with db.session.begin_nested():
                db.session.execute(insert(SurveyClaim).values(submission_id=submission.id, answered_at=now))
        except IntegrityError as error:
            db.session.rollback()
            raise AlreadyAnswered() from error
    db.session.add(
        SurveyResponse(
            answered_on=today or now.date(),
            satisfaction=satisfaction,
            outcome_as_wanted=outcome_as_wanted,
            updates_as_agreed=updates_as_agreed,
            comments=(comments or "").strip()[:COMMENTS_LIMIT] or None,
        )
    )

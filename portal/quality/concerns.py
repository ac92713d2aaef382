"""A concern about the lead agency (seed section 5): when another agency leads a case and the
reporter is unhappy with its service, the Casework Team prompts that agency for an update,
briefs it on the concern, and tells the reporter. The concern reaches the duty desk (here) and
the casework intake as its own message type, ``submission.lead_agency_concern``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.constants import IntakeEvent, LeadAgency, MessageDirection, UpdateKind
from portal.extensions import db
from portal.intake.outbox import enqueue_for_intake
from portal.models import StatusUpdate, Submission, User, utcnow
from portal.quality.models import LeadAgencyConcern
from portal.quality.survey import is_closed

CONCERN_LIMIT = 5000
OTHER_AGENCIES = (LeadAgency.POLICE, LeadAgency.HOUSING_PROVIDER, LeadAgency.REFER_ON)


class ConcernRefused(Exception):
    pass


def may_raise_concern(submission: Submission) -> bool:
    """Only for an open case that another agency leads."""
    return submission.lead_agency in OTHER_AGENCIES and not is_closed(submission)


def concerns_of(submission: Submission) -> list[LeadAgencyConcern]:
    return list(
        db.session.scalars(
            select(LeadAgencyConcern)
            .where(LeadAgencyConcern.submission_id == submission.id)
            .order_by(LeadAgencyConcern.raised_at.desc())
        )
    )


def _raised_with(submission_id: int, token: str | None) -> LeadAgencyConcern | None:
    """The concern an earlier POST of the same form stored (portal.idempotency), if any."""
    if token is None:
        return None
    update = db.session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.submission_token == token,
            StatusUpdate.submission_id == submission_id,
            StatusUpdate.kind == UpdateKind.LEAD_AGENCY_CONCERN,
        )
    )
    if update is None:
        return None
    return db.session.scalar(
        select(LeadAgencyConcern).where(
            LeadAgencyConcern.submission_id == submission_id, LeadAgencyConcern.raised_at == update.created_at
        )
    )


def raise_concern(
    submission: Submission, text: str, now: datetime | None = None, token: str | None = None
) -> LeadAgencyConcern:
    """With the form's submission token, a repeated or simultaneous POST of the same form
    answers with the concern the first one stored, instead of raising it twice."""
    submission_id = submission.id
    if (earlier := _raised_with(submission_id, token)) is not None:
        return earlier
    if not may_raise_concern(submission):
        raise ConcernRefused()
    now = now or utcnow()
    # The status update carries the unique token, so it is flushed first: a simultaneous
    # second POST fails here, before anything else of it is stored.
    db.session.add(
        StatusUpdate(
            submission=submission,
            created_at=now,
            kind=UpdateKind.LEAD_AGENCY_CONCERN,
            direction=MessageDirection.FROM_REPORTER,
            message=text,
            source="reporter",
            submission_token=token,
        )
    )
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if (earlier := _raised_with(submission_id, token)) is None:
            raise
        return earlier
    return _store_and_forward(submission, text, now)


def _store_and_forward(submission: Submission, text: str, now: datetime) -> LeadAgencyConcern:
    concern = LeadAgencyConcern(
        submission_id=submission.id, lead_agency=str(submission.lead_agency), concern=text, raised_at=now
    )
    db.session.add(concern)
    db.session.flush()
    forwarded = {"id": concern.id, "lead_agency": concern.lead_agency, "raised_at": now.isoformat(), "text": text}
    enqueue_for_intake(submission, IntakeEvent.LEAD_AGENCY_CONCERN, concern=forwarded)
    return concern


def record_response(concern: LeadAgencyConcern, author: User, client_told: str, now: datetime | None = None) -> None:
    """The duty desk records that the lead agency was prompted and briefed, and what the
    reporter was told; the reporter sees it on the status page. The caller ends the unit of
    work, with the message that tells the reporter there is an update."""
    now = now or utcnow()
    concern.agency_prompted_at = now
    concern.client_told = client_told
    concern.recorded_by_id = author.id
    db.session.add(
        StatusUpdate(
            submission_id=concern.submission_id,
            created_at=now,
            kind=UpdateKind.UPDATE,
            direction=MessageDirection.TO_REPORTER,
            message=client_told,
            author_id=author.id,
            source="duty_desk",
        )
    )

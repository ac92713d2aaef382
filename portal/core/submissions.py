"""The one place a submission is created: reference and tracking code, service-standard due
time, the draft marked as used, and the outbox rows, all in the request's one transaction."""

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal import rules
from portal.constants import Channel, IntakeEvent, Stage, SubmissionKind
from portal.core import repeat_reports, staff_entry, tracking
from portal.extensions import db
from portal.intake.outbox import enqueue_for_intake
from portal.models import Draft, Submission, SubmissionStrand, utcnow
from portal.publication.areas import area_of, route_of


class AlreadySubmitted(Exception):
    """The draft was turned into a submission by an earlier request (a double click)."""

    def __init__(self, submission_id: int):
        super().__init__(submission_id)
        self.submission_id = submission_id


@dataclass
class NewSubmission:
    """What a journey's service hands over to be stored."""

    kind: SubmissionKind
    language: str
    channel: Channel
    anonymous: bool
    answers: dict[str, Any]
    contact: dict[str, Any] | None = None
    interpreter_needed: bool = False
    risk_level: str = "standard"
    risk_score: int = 0
    immediate_attention: bool = False
    lead_agency: str | None = None
    is_hate: bool = False
    is_asb: bool = False
    asb_type: str | None = None
    asb_category: str | None = None
    strands: tuple[str, ...] = ()
    incident_date: date | None = None
    location_key: str | None = None
    household_key: str | None = None
    contact_key: str | None = None
    organisation_id: int | None = None
    # Partner reports: who gets updates ("partner", "client" or "both") and the user who sent it.
    updates_to: str | None = None
    partner_user_id: int | None = None
    # Statistics: set by the caller when it knows better (staff-entered reports).
    route: str | None = None
    area: str | None = None
    # A public journey's final submit sent without the spam check (portal/bot_check.py).
    spam_check_skipped: bool = False


def keyed_hash(value: str) -> str:
    """A stable, keyed fingerprint (for repeat-reporter and household keys), never reversible."""
    pepper = current_app.config["TRACKING_CODE_PEPPER"].encode()
    return hmac.new(pepper, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def _unused_reference() -> str:
    while True:
        reference = tracking.new_reference()
        if db.session.scalar(select(Submission.id).where(Submission.reference == reference)) is None:
            return reference


def _stored_by(token: str | None, tracking_hash: str) -> int | None:
    if token is not None:
        found = db.session.scalar(select(Submission.id).where(Submission.submission_token == token))
        if found is not None:
            return found
    return db.session.scalar(select(Submission.id).where(Submission.tracking_hash == tracking_hash))


def store_submission(
    new: NewSubmission,
    draft: Draft | None,
    seed: bytes | None = None,
    now: datetime | None = None,
    attach: Callable[[Submission], None] | None = None,
    token: str | None = None,
) -> tuple[Submission, str]:
    """Add the submission and its intake messages to the session (the request commits them
    together). Returns it with the tracking
    code in clear, which exists only in this return value and on the confirmation page. With a
    seed (from the session), the code is derived from it; otherwise it is fresh. ``attach``
    adds a journey's own rows for the new submission to the same transaction. ``token`` is the
    final form's submission token (portal.idempotency): a second POST with the same token, or
    with the same seed, raises AlreadySubmitted with the first one's id instead of failing."""
    if token is not None and (earlier := _stored_by(token, "")) is not None:
        raise AlreadySubmitted(earlier)
    now = now or utcnow()
    in_force = rules.current()
    calendar = in_force.calendar
    code = tracking.tracking_code_from_seed(seed) if seed else tracking.new_tracking_code()
    canonical = tracking.parse_tracking_code(code)
    submission = Submission(
        reference=_unused_reference(),
        tracking_hash=tracking.hash_tracking_code(canonical, current_app.config["TRACKING_CODE_PEPPER"]),
        kind=new.kind,
        stage=Stage.SUBMITTED,
        language=new.language,
        interpreter_needed=new.interpreter_needed,
        channel=new.channel,
        anonymous=new.anonymous,
        created_at=now,
        received_on=calendar.received_on(now),
        assessment_due=calendar.due_at(now, in_force.working_days.assessment_working_days),
        rules_hash=in_force.hash,
        immediate_attention=new.immediate_attention,
        risk_level=new.risk_level,
        risk_score=new.risk_score,
        lead_agency=new.lead_agency,
        is_hate=new.is_hate,
        is_asb=new.is_asb,
        asb_type=new.asb_type,
        asb_category=new.asb_category,
        incident_date=new.incident_date,
        location_key=new.location_key,
        household_key=new.household_key,
        contact_key=new.contact_key,
        organisation_id=new.organisation_id,
        updates_to=new.updates_to,
        partner_user_id=new.partner_user_id,
        submission_token=token,
        spam_check_skipped=new.spam_check_skipped,
        route=new.route or route_of(new.kind, new.partner_user_id),
        area=new.area if new.area is not None else area_of(new.answers, current_app.config),
        answers=new.answers,
        contact=new.contact,
        strands=[SubmissionStrand(strand=strand) for strand in dict.fromkeys(new.strands)],
    )
    db.session.add(submission)
    try:
        db.session.flush()
    except IntegrityError:
        # A simultaneous POST of the same form stored it first (same token or tracking code).
        db.session.rollback()
        existing = _stored_by(token, submission.tracking_hash)
        if existing is None:
            raise
        raise AlreadySubmitted(existing) from None
    if draft is not None:
        # Only the first of two racing submits changes the row; the other finds it taken.
        claimed = db.session.execute(
            update(Draft)
            .where(Draft.id == draft.id, Draft.submission_id.is_(None))
            .values(submission_id=submission.id)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            db.session.rollback()
            existing = db.session.scalar(select(Draft.submission_id).where(Draft.id == draft.id))
            raise AlreadySubmitted(existing or 0)
    if attach is not None:
        attach(submission)
    staff_entry.record_on(submission, draft)
    repeat_reports.note_for_intake(submission, current_app.config)
    enqueue_for_intake(submission, IntakeEvent.SUBMISSION_CREATED)
    return submission, code

"""Finding a submission by its tracking code, what its status page may show, and what the
reporter can do there. No Flask request objects here; each action adds to the session and
the view commits it."""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.constants import ALERT_DESTINATION, Channel, IntakeEvent, MessageDirection, Stage, UpdateKind
from portal.core.submissions import keyed_hash
from portal.extensions import db, limiter
from portal.intake.outbox import enqueue, enqueue_for_intake
from portal.models import Evidence, StatusUpdate, Submission, utcnow

log = logging.getLogger(__name__)

CHANNEL_LABELS = {
    Channel.EMAIL: _l("By email"),
    Channel.SMS: _l("By text message"),
    Channel.PHONE: _l("By phone"),
    Channel.LETTER: _l("By letter"),
    Channel.NONE: _l("Online only: we do not send you messages. Check this page with your tracking code"),
}

# Keys in the rate-limit store (shared between hosts in production); no client address.
_FAILURES_KEY = "status-lookup-failures"
_ALARM_KEY = "status-lookup-alarm"


class CaseClosed(Exception):
    """The case is closed: the reporter is told what to do instead, and nothing is stored."""


def record_failed_lookup(now: datetime | None = None) -> bool:
    """Count a failed look-up across all clients. Past STATUS_LOOKUP_ALARM (someone may be
    guessing codes from many addresses), log an error and queue one duty-desk alert per
    window. Returns True when the alarm was raised by this call."""
    alarm = parse(current_app.config["STATUS_LOOKUP_ALARM"])
    strategy = limiter.limiter
    if strategy.hit(alarm, _FAILURES_KEY):
        return False
    once = type(alarm)(1, alarm.multiples)
    if not strategy.hit(once, _ALARM_KEY):
        return False
    log.error("status look-ups: more than %s failed across all clients", alarm)
    enqueue(
        ALERT_DESTINATION,
        IntakeEvent.ALERT,
        {"kind": "status_lookup_failures", "threshold": str(alarm), "at": (now or utcnow()).isoformat()},
    )
    return True


@dataclass(frozen=True)
class TimelineEntry:
    update: StatusUpdate
    from_reporter: bool
    incident_date: date | None = None


def _followups(submission: Submission) -> list[dict[str, Any]]:
    entries = (submission.answers or {}).get("_followups")
    return [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []


def public_timeline(submission: Submission) -> list[TimelineEntry]:
    """Only what is meant for the reporter: stage changes, messages to and from them. A further
    incident shows its date, not its text: the page never repeats what was reported."""
    visible = (MessageDirection.TO_REPORTER, MessageDirection.FROM_REPORTER)
    dates = {
        entry.get("update_id"): date.fromisoformat(entry["incident_date"])
        for entry in _followups(submission)
        if entry.get("kind") == UpdateKind.NEW_INCIDENT and entry.get("incident_date")
    }
    return [
        TimelineEntry(update, update.direction == MessageDirection.FROM_REPORTER, dates.get(update.id))
        for update in sorted(submission.updates, key=lambda u: (u.created_at, u.id), reverse=True)
        if update.direction in visible
    ]


def is_closed(submission: Submission) -> bool:
    return submission.stage == Stage.CLOSED or submission.closed_at is not None


def open_question(submission: Submission) -> StatusUpdate | None:
    """The caseworker's latest question, if the reporter has not written since."""
    for update in sorted(submission.updates, key=lambda u: (u.created_at, u.id), reverse=True):
        if update.direction == MessageDirection.FROM_REPORTER:
            return None
        if update.kind == UpdateKind.QUESTION and update.direction == MessageDirection.TO_REPORTER:
            return update
    return None


def _sent_with(submission_id: int, token: str | None) -> StatusUpdate | None:
    if token is None:
        return None
    return db.session.scalar(
        select(StatusUpdate).where(StatusUpdate.submission_token == token, StatusUpdate.submission_id == submission_id)
    )


def _add_followup(
    submission: Submission,
    kind: UpdateKind,
    message: str | None,
    extra: dict[str, Any] | None = None,
    token: str | None = None,
) -> StatusUpdate:
    """With the form's submission token, a repeated or simultaneous POST of the same form
    answers with the message the first one stored (portal.idempotency)."""
    submission_id = submission.id
    if (earlier := _sent_with(submission_id, token)) is not None:
        return earlier
    if is_closed(submission):
        raise CaseClosed
    now = utcnow()
    update = StatusUpdate(
        submission=submission,
        kind=kind,
        direction=MessageDirection.FROM_REPORTER,
        message=message,
        source="reporter",
        created_at=now,
        submission_token=token,
    )
    db.session.add(update)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if (earlier := _sent_with(submission_id, token)) is None:
            raise
        return earlier
    _record_followup(submission, update, extra or {})
    return update


def _record_followup(submission: Submission, update: StatusUpdate, extra: dict[str, Any]) -> None:
    """Keep the follow-up in the answers (the Community Trigger counts them) and forward it."""
    kind, created = str(update.kind), update.created_at.isoformat()
    record = {"kind": kind, "created_at": created, "update_id": update.id, **extra}
    # A new dict, so the JSON column is seen as changed.
    answers = dict(submission.answers or {})
    answers["_followups"] = [*_followups(submission), record]
    submission.answers = answers
    followup: dict[str, Any] = {"kind": kind, "created_at": created, "text": update.message or "", **extra}
    enqueue_for_intake(submission, IntakeEvent.SUBMISSION_FOLLOWUP, followup=followup)


def add_reply(submission: Submission, text: str, token: str | None = None) -> StatusUpdate:
    """The reporter answers a question or sends a message; stored as plain text."""
    question = open_question(submission)
    extra = {"in_reply_to": str(question.id)} if question else {}
    return _add_followup(submission, UpdateKind.REPLY, text, extra, token)


def add_new_incident(submission: Submission, incident_date: date, text: str, token: str | None = None) -> StatusUpdate:
    """Something that happened since, linked to the same case. Its date is kept in
    answers["_followups"], so the Community Trigger can count it."""
    return _add_followup(submission, UpdateKind.NEW_INCIDENT, text, {"incident_date": incident_date.isoformat()}, token)


def evidence_count(submission: Submission) -> int:
    return len(db.session.scalars(select(Evidence.id).where(Evidence.submission_id == submission.id)).all())


def add_evidence(submission: Submission, data: bytes, token: str | None = None) -> StatusUpdate:
    """A photo or screenshot, cleaned and stored by portal.evidence, attached to the case."""
    from portal.evidence import Limits, evidence_manifest, store_evidence

    if (earlier := _sent_with(submission.id, token)) is not None:
        return earlier
    if is_closed(submission):
        raise CaseClosed
    config = current_app.config
    evidence = store_evidence(data, config["EVIDENCE_DIR"], Limits.from_config(config, allow_pdf=False), "")
    evidence.draft_id = None
    evidence.submission_id = submission.id
    return _add_followup(submission, UpdateKind.EVIDENCE, None, {"evidence": evidence_manifest([evidence])}, token)


def channels_offered() -> list[Channel]:
    """Text messages need GOV.UK Notify; a council on SMTP alone offers email only."""
    offered = [Channel.EMAIL]
    if current_app.config["NOTIFY_BACKEND"] != "smtp":
        offered.append(Channel.SMS)
    return [*offered, Channel.NONE]


def change_contact(
    submission: Submission,
    channel: Channel,
    email: str | None = None,
    phone: str | None = None,
    include_message_text: bool = False,
) -> bool:
    """Switch channel, correct details, or stop messages (channel none, details kept). An
    anonymous reporter who gives details is no longer anonymous. Returns whether anything
    changed; a change is forwarded to the case system."""
    before = (submission.channel, submission.anonymous, dict(submission.contact or {}))
    contact = dict(submission.contact or {})
    if email:
        contact["email"] = email
    if phone:
        contact["phone"] = phone
    if channel == Channel.EMAIL and not contact.get("email"):
        raise ValueError("an email channel needs an email address")
    if channel == Channel.SMS and not contact.get("phone"):
        raise ValueError("a text message channel needs a phone number")
    if contact:
        contact["include_message_text"] = bool(
            include_message_text and current_app.config["NOTIFY_INCLUDE_MESSAGE_TEXT"]
        )
    submission.contact = contact or None
    submission.channel = channel
    if email or phone:
        submission.anonymous = False
        submission.contact_failed_at = None
    key = contact.get("email") or contact.get("phone")
    submission.contact_key = keyed_hash(key) if key and not submission.anonymous else None
    changed = before != (submission.channel, submission.anonymous, dict(submission.contact or {}))
    if changed:
        enqueue_for_intake(submission, IntakeEvent.CONTACT_CHANGED)
    return changed


def withdraw_contact(submission: Submission) -> None:
    """Forget the reporter's contact details; from now on they are anonymous. Queued messages
    send nothing, because the channel reads the details at send time."""
    submission.contact = None
    submission.anonymous = True
    submission.channel = Channel.NONE
    submission.contact_key = None
    submission.contact_failed_at = None
    enqueue_for_intake(submission, IntakeEvent.CONTACT_CHANGED)

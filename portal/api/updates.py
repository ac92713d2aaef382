"""Status updates from the case system, signed Standard Webhooks style.

Verified over the raw body, within five minutes, each webhook id accepted once; an update
older than the one already applied never overwrites it. One transaction per update."""

import json
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.constants import LeadAgency, MessageDirection, Stage, SubmissionKind, UpdateKind
from portal.core.reporter_updates import notify_reporter
from portal.extensions import db
from portal.intake.signing import SignatureError, verify
from portal.models import ProcessedWebhook, StatusUpdate, Submission, TriggerCase, utcnow
from portal.quality.survey import invite_to_survey

FIELDS = {
    "reference",
    "occurred_at",
    "stage",
    "message",
    "lead_agency",
    "single_point_of_contact",
    "next_update_due",
    "case_id",
}


MAX_WEBHOOK_ID = 200
TRIGGER_DECISIONS = {Stage.THRESHOLD_MET: "met", Stage.THRESHOLD_NOT_MET: "not_met"}


class UpdateRejected(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _text(data: dict[str, Any], name: str, limit: int) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise UpdateRejected(422, f"{name} must be a string of at most {limit} characters")
    return value


def _parse(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise UpdateRejected(400, "body is not JSON") from None
    if not isinstance(data, dict):
        raise UpdateRejected(422, "body must be a JSON object")
    unknown = set(data) - FIELDS
    if unknown:
        raise UpdateRejected(422, "unknown fields: " + ", ".join(sorted(unknown)))
    parsed: dict[str, Any] = {
        "reference": _text(data, "reference", 9),
        "message": _text(data, "message", 5000),
        "single_point_of_contact": _text(data, "single_point_of_contact", 200),
        "case_id": _text(data, "case_id", 128),
    }
    if not parsed["reference"]:
        raise UpdateRejected(422, "reference is required")
    try:
        occurred = datetime.fromisoformat(str(data.get("occurred_at", "")))
        parsed["occurred_at"] = occurred if occurred.tzinfo else occurred.replace(tzinfo=UTC)
        parsed["stage"] = Stage(data["stage"]) if data.get("stage") is not None else None
        parsed["lead_agency"] = LeadAgency(data["lead_agency"]) if data.get("lead_agency") is not None else None
        parsed["next_update_due"] = (
            date.fromisoformat(data["next_update_due"]) if data.get("next_update_due") is not None else None
        )
    except (ValueError, TypeError):
        raise UpdateRejected(422, "occurred_at, stage, lead_agency or next_update_due is not valid") from None
    return parsed


def _record_trigger_decision(submission: Submission, stage: Stage, reason: str | None, decided_at: datetime) -> None:
    """A Community Trigger threshold decision made in the case system; the message is the reason."""
    record = db.session.get(TriggerCase, submission.id)
    if record is None:
        record = TriggerCase(submission_id=submission.id)
        db.session.add(record)
    record.threshold_decision = TRIGGER_DECISIONS[stage]
    record.decision_reason = reason
    record.decided_at = decided_at


def _move_stage(submission: Submission, data: dict[str, Any]) -> None:
    if data["stage"] in TRIGGER_DECISIONS:
        _record_trigger_decision(submission, data["stage"], data["message"], data["occurred_at"])
    submission.stage = data["stage"]
    if data["stage"] == Stage.ACKNOWLEDGED and submission.acknowledged_at is None:
        submission.acknowledged_at = utcnow()
    if data["stage"] == Stage.CLOSED:
        submission.closed_at = utcnow()
        invite_to_survey(submission)


def _verified_webhook_id(headers: dict[str, str], body: bytes) -> str:
    """The webhook id of a correctly signed update not seen before."""
    secrets = current_app.config["CASE_SYSTEM_WEBHOOK_SECRETS"]
    if not secrets:
        raise UpdateRejected(401, "status updates are not accepted: no secret is configured")
    try:
        webhook_id = verify(secrets, {k.lower(): v for k, v in headers.items()}, body)
    except SignatureError as error:
        raise UpdateRejected(401, error.reason) from None
    if len(webhook_id) > MAX_WEBHOOK_ID:
        raise UpdateRejected(422, f"webhook-id must be at most {MAX_WEBHOOK_ID} characters")
    if db.session.get(ProcessedWebhook, webhook_id) is not None:
        raise UpdateRejected(409, "this webhook id was already processed")
    return webhook_id


def apply_signed_update(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """Apply the case system's update to its submission; the view commits it."""
    webhook_id = _verified_webhook_id(headers, body)
    data = _parse(body)
    submission = db.session.scalar(select(Submission).where(Submission.reference == data["reference"]))
    if submission is None:
        raise UpdateRejected(404, "no submission with that reference")
    if data["stage"] in TRIGGER_DECISIONS and submission.kind != SubmissionKind.TRIGGER_APPLICATION:
        raise UpdateRejected(422, "a threshold decision applies only to a Community Trigger application")
    db.session.add(ProcessedWebhook(id=webhook_id, received_at=utcnow()))
    newest = submission.case_system_updated_at
    if newest is not None and data["occurred_at"] <= newest:
        return {"applied": False, "reason": "an update at least as new was already applied"}
    submission.case_system_updated_at = data["occurred_at"]
    for name in ("lead_agency", "single_point_of_contact", "next_update_due", "case_id"):
        if data[name] is not None:
            setattr(submission, name, data[name])
    if data["stage"] is not None:
        _move_stage(submission, data)
    if data["stage"] is not None or data["message"]:
        db.session.add(
            StatusUpdate(
                submission=submission,
                kind=UpdateKind.UPDATE if data["message"] else UpdateKind.STAGE,
                direction=MessageDirection.TO_REPORTER,
                stage=data["stage"],
                message=data["message"],
                source="case_system",
                created_at=data["occurred_at"],
            )
        )
        notify_reporter(submission, data["message"])
    try:
        db.session.flush()
    except IntegrityError:
        # Two deliveries of the same webhook raced; the other one applied it.
        db.session.rollback()
        raise UpdateRejected(409, "this webhook id was already processed") from None
    return {"applied": True, "reference": submission.reference}

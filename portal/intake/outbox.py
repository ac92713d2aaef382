"""Writing to the outbox. Callers are inside the transaction that stores what caused the
message; the worker delivers after commit, so nothing is sent for work that rolled back."""

from typing import Any

from flask import current_app

from portal.constants import IntakeEvent
from portal.extensions import db
from portal.intake.payload import build_payload
from portal.models import OutboxMessage, Submission, new_uuid, utcnow


def enqueue(
    destination: str,
    event: str,
    payload: dict[str, Any],
    submission: Submission | None = None,
    message_id: str | None = None,
) -> OutboxMessage:
    message_id = message_id or new_uuid()
    message = OutboxMessage(
        id=message_id,
        submission=submission,
        destination=destination,
        event=event,
        idempotency_key=f"{destination}:{message_id}",
        payload=payload,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def enqueue_for_intake(
    submission: Submission,
    event: IntakeEvent,
    followup: dict[str, Any] | None = None,
    concern: dict[str, Any] | None = None,
) -> list[OutboxMessage]:
    """One message per configured destination; each is retried on its own."""
    messages = []
    for destination in current_app.config["INTAKE_DESTINATIONS"]:
        message_id = new_uuid()
        payload = build_payload(submission, event, message_id, f"{destination}:{message_id}", followup, concern)
        messages.append(enqueue(destination, event, payload, submission, message_id))
    return messages

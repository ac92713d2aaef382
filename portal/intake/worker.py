"""The outbox worker: claims due messages, delivers them, and records the outcome.

At least once: a message is claimed with a lease; if the worker dies mid-delivery, the lease
runs out and another worker tries again with the same idempotency key. On PostgreSQL the claim
uses FOR UPDATE SKIP LOCKED, so workers on several hosts never claim the same message."""

import logging
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from portal.constants import OutboxStatus
from portal.delivery import Delivery, PermanentError, RetryableError
from portal.extensions import db
from portal.intake.destinations import adapter_for
from portal.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

BASE_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 6 * 3600


def backoff_delay(attempts: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter, capped; a server's Retry-After is a floor."""
    ceiling = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * (2 ** max(attempts - 1, 0)))
    delay = (rng or random).uniform(0, ceiling)
    return max(delay, retry_after or 0.0)


@dataclass
class Outcome:
    message_id: str
    status: str
    detail: str = ""


def claim_due(limit: int = 20, now: datetime | None = None, destinations: Iterable[str] | None = None) -> list[str]:
    now = now or utcnow()
    due = or_(
        and_(
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.RETRYING]),
            OutboxMessage.next_attempt_at <= now,
        ),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until <= now),
    )
    query = select(OutboxMessage).where(due)
    if destinations is not None:
        query = query.where(OutboxMessage.destination.in_(list(destinations)))
    query = query.order_by(OutboxMessage.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
    lease = timedelta(seconds=current_app.config["INTAKE_LEASE_SECONDS"])
    claimed = []
    for message in db.session.scalars(query):
        message.status = OutboxStatus.SENDING
        message.lease_until = now + lease
        message.attempts += 1
        claimed.append(message.id)
    db.session.commit()
    return claimed


def deliver(message_id: str) -> Outcome:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != OutboxStatus.SENDING:
        return Outcome(message_id, "skipped")
    delivery = Delivery(
        message_id=message.id,
        idempotency_key=message.idempotency_key,
        destination=message.destination,
        event=message.event,
        payload=message.payload,
    )
    try:
        result = adapter_for(message.destination).deliver(delivery)
    except RetryableError as error:
        return _retry_or_die(message, error.detail, error.retry_after)
    except PermanentError as error:
        return _die(message, error.detail)
    except Exception as error:  # an adapter bug must not stop the worker or lose the message
        db.session.rollback()
        message = db.session.get(OutboxMessage, message_id)
        assert message is not None
        log.exception("adapter failed for message %s", message_id)
        return _retry_or_die(message, type(error).__name__, None)
    message.status = OutboxStatus.DELIVERED
    message.delivered_at = utcnow()
    message.lease_until = None
    message.external_id = result.external_id
    message.last_error = None
    db.session.commit()
    log.info("delivered message %s to %s", message.id, message.destination)
    return Outcome(message.id, OutboxStatus.DELIVERED, result.detail)


def _retry_or_die(message: OutboxMessage, detail: str, retry_after: float | None) -> Outcome:
    now = utcnow()
    next_at = now + timedelta(seconds=backoff_delay(message.attempts, retry_after))
    give_up_at = message.created_at + timedelta(hours=current_app.config["INTAKE_MAX_RETRY_HOURS"])
    if next_at > give_up_at:
        return _die(message, f"gave up after {message.attempts} attempts: {detail}")
    message.status = OutboxStatus.RETRYING
    message.next_attempt_at = next_at
    message.lease_until = None
    message.last_error = detail[:500]
    db.session.commit()
    log.warning("message %s to %s will be retried: %s", message.id, message.destination, detail)
    return Outcome(message.id, OutboxStatus.RETRYING, detail)


def _die(message: OutboxMessage, detail: str) -> Outcome:
    # The alert goes out on the next pass of alert_on_failing_destinations (alerted_at is unset).
    message.status = OutboxStatus.DEAD
    message.lease_until = None
    message.last_error = detail[:500]
    message.alerted_at = None
    db.session.commit()
    log.error("message %s to %s is dead: %s", message.id, message.destination, detail)
    return Outcome(message.id, OutboxStatus.DEAD, detail)


def run_once(limit: int = 20, destinations: Iterable[str] | None = None) -> list[Outcome]:
    from portal.intake.alerts import alert_on_failing_destinations

    outcomes = [deliver(message_id) for message_id in claim_due(limit, destinations=destinations)]
    alert_on_failing_destinations()
    db.session.commit()
    return outcomes


def run_forever(poll_seconds: float, stop_after: float | None = None) -> None:
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        try:
            outcomes = run_once()
        except Exception:
            db.session.rollback()
            log.exception("worker loop failed; will try again")
            outcomes = []
        if not outcomes:
            time.sleep(poll_seconds)

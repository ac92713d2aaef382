"""Putting dead messages back in the queue, after the destination has been fixed."""

from sqlalchemy import select

from portal.constants import OutboxStatus
from portal.extensions import db
from portal.models import OutboxMessage, utcnow


def resend_dead(message_id: str | None = None, destination: str | None = None) -> int:
    query = select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.DEAD)
    if message_id:
        query = query.where(OutboxMessage.id == message_id)
    if destination:
        query = query.where(OutboxMessage.destination == destination)
    count = 0
    now = utcnow()
    for message in db.session.scalars(query):
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now
        # A fresh retry schedule starts now; the idempotency key stays the same.
        message.created_at = now
        message.attempts = 0
        message.alerted_at = None
        count += 1
    return count


def dead_messages(limit: int = 200) -> list[OutboxMessage]:
    """Dead messages, newest first, for the duty desk's deliveries page."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.DEAD)
        .order_by(OutboxMessage.next_attempt_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))

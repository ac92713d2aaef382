"""Alerts to the duty desk when deliveries die or a destination keeps failing. Repeated every
INTAKE_ALERT_AFTER_MINUTES while the problem lasts, not only the first time."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select

from portal.constants import ALERT_DESTINATION, IntakeEvent, OutboxStatus
from portal.extensions import db
from portal.intake.outbox import enqueue
from portal.models import OutboxMessage, utcnow


@dataclass(frozen=True)
class DestinationHealth:
    destination: str
    pending: int
    retrying: int
    dead: int
    # The oldest message not yet delivered (pending, sending or retrying).
    oldest_pending: datetime | None
    # The oldest message that has failed at least once and is still being retried.
    oldest_failing: datetime | None = None

    def failing_longer_than(self, minutes: int, now: datetime) -> bool:
        return self.oldest_failing is not None and self.oldest_failing <= now - timedelta(minutes=minutes)

    def needs_attention(self, minutes: int, now: datetime) -> bool:
        return self.dead > 0 or self.failing_longer_than(minutes, now)


def destination_health() -> list[DestinationHealth]:
    """Counts per destination, for `flask intake status` and the duty desk."""
    rows = db.session.execute(
        select(OutboxMessage.destination, OutboxMessage.status, func.count(), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status != OutboxStatus.DELIVERED)
        .group_by(OutboxMessage.destination, OutboxMessage.status)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    oldest: dict[str, datetime] = {}
    failing: dict[str, datetime] = {}
    for destination, status, count, first in rows:
        entry = counts.setdefault(destination, {"pending": 0, "retrying": 0, "dead": 0})
        key = "dead" if status == OutboxStatus.DEAD else "retrying" if status == OutboxStatus.RETRYING else "pending"
        entry[key] += int(count)
        if status == OutboxStatus.DEAD:
            continue
        if destination not in oldest or first < oldest[destination]:
            oldest[destination] = first
        if status == OutboxStatus.RETRYING and (destination not in failing or first < failing[destination]):
            failing[destination] = first
    return [
        DestinationHealth(name, e["pending"], e["retrying"], e["dead"], oldest.get(name), failing.get(name))
        for name, e in sorted(counts.items())
    ]


def destinations_needing_attention(now: datetime | None = None) -> list[DestinationHealth]:
    """What the duty-desk banner lists: dead messages, or failing longer than the alert time."""
    now = now or utcnow()
    minutes = current_app.config["INTAKE_ALERT_AFTER_MINUTES"]
    return [item for item in destination_health() if item.needs_attention(minutes, now)]


def alert_on_failing_destinations(now: datetime | None = None) -> int:
    """Queue one alert per destination with dead messages, or messages failing for longer than
    the configured time, that have not been alerted in that time. Returns alerts queued."""
    now = now or utcnow()
    interval = timedelta(minutes=current_app.config["INTAKE_ALERT_AFTER_MINUTES"])
    not_recently_alerted = or_(OutboxMessage.alerted_at.is_(None), OutboxMessage.alerted_at <= now - interval)
    failing = or_(
        OutboxMessage.status == OutboxStatus.DEAD,
        and_(OutboxMessage.status == OutboxStatus.RETRYING, OutboxMessage.created_at <= now - interval),
    )
    messages = db.session.scalars(
        select(OutboxMessage).where(failing, not_recently_alerted, OutboxMessage.destination != ALERT_DESTINATION)
    ).all()
    by_destination: dict[str, list[OutboxMessage]] = {}
    for message in messages:
        by_destination.setdefault(message.destination, []).append(message)
    for destination, group in sorted(by_destination.items()):
        enqueue(
            ALERT_DESTINATION,
            IntakeEvent.ALERT,
            {
                "destination": destination,
                "dead": sum(1 for m in group if m.status == OutboxStatus.DEAD),
                "failing": sum(1 for m in group if m.status == OutboxStatus.RETRYING),
                "references": sorted({m.submission.reference for m in group if m.submission is not None}),
                "at": now.isoformat(),
            },
        )
        for message in group:
            message.alerted_at = now
    return len(by_destination)

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
    oldest_pending: datetime | None


def destination_health() -> list[DestinationHealth]:
    """Counts per destination, for `flask intake status`, the duty desk and /_status."""
    rows = db.session.execute(
        select(OutboxMessage.destination, OutboxMessage.status, func.count(), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status != OutboxStatus.DELIVERED)
        .group_by(OutboxMessage.destination, OutboxMessage.status)
    ).all()
    table: dict[str, dict[str, object]] = {}
    for destination, status, count, oldest in rows:
        entry = table.setdefault(destination, {"pending": 0, "retrying": 0, "dead": 0, "oldest": None})
        key = "dead" if status == OutboxStatus.DEAD else "retrying" if status == OutboxStatus.RETRYING else "pending"
        entry[key] = int(entry[key]) + int(count)  # type: ignore[call-overload]
        if status != OutboxStatus.DEAD:
            current = entry["oldest"]
            entry["oldest"] = oldest if current is None or oldest < current else current  # type: ignore[operator]
    return [
        DestinationHealth(name, int(e["pending"]), int(e["retrying"]), int(e["dead"]), e["oldest"])  # type: ignore[call-overload, arg-type]
        for name, e in sorted(table.items())
    ]


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
    if by_destination:
        db.session.commit()
    return len(by_destination)

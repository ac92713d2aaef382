"""Two workers over 1,000 messages on PostgreSQL: FOR UPDATE SKIP LOCKED means each message is
claimed, and delivered, exactly once."""

import threading
from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.constants import IntakeEvent, OutboxStatus
from portal.delivery import Delivery, DeliveryResult, register_adapter
from portal.extensions import db
from portal.intake.outbox import enqueue
from portal.intake.worker import run_once
from portal.models import OutboxMessage
from tests.conftest import POSTGRES_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not POSTGRES_URL.startswith("postgresql"),
        reason="needs TEST_DATABASE_URL pointing at PostgreSQL: SQLite has no row locks, so one worker only",
    ),
]


def test_two_workers_deliver_each_of_1000_messages_exactly_once(app: Flask) -> None:
    delivered: Counter[str] = Counter()
    by_worker: Counter[str] = Counter()
    lock = threading.Lock()

    class Counting:
        def deliver(self, delivery: Delivery) -> DeliveryResult:
            with lock:
                delivered[delivery.idempotency_key] += 1
                by_worker[threading.current_thread().name] += 1
            return DeliveryResult()

    register_adapter("counting", lambda settings: Counting())
    for n in range(1000):
        enqueue("counting", IntakeEvent.SUBMISSION_CREATED, {"n": n})
    db.session.commit()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                while run_once(limit=25):
                    pass
                db.session.remove()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=work, name=f"worker-{n}") for n in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(120)
    assert not errors
    assert len(delivered) == 1000
    assert set(delivered.values()) == {1}
    assert set(by_worker) == {"worker-0", "worker-1"}, "both workers should have taken a share"
    db.session.expire_all()
    statuses = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    assert statuses == {OutboxStatus.DELIVERED: 1000}

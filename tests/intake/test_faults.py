"""Fault tests against real local servers: an HTTP receiver that is down and comes back, one
that refuses the payload (with the alert email caught by a real SMTP server), and a worker
process killed with SIGKILL mid-delivery."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select, update

from portal.constants import ALERT_DESTINATION, OutboxStatus
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, utcnow
from tests.intake.factories import make_everything_due, stored_submission
from tests.intake.receivers import Answer, Recorded, running_receiver

SECRET = "whsec_" + "c2l0Yy1pbnRha2UtZmF1bHQtdGVzdHMtMzItYnl0ZXM="
ROOT = Path(__file__).resolve().parents[2]


class CaseSystem:
    """A receiving case system that keeps one case per Idempotency-Key."""

    def __init__(self, failures: int = 0, status: int = 503, block_first: float = 0.0) -> None:
        self.failures = failures
        self.status = status
        self.block_first = block_first
        self.cases: dict[str, str] = {}
        self.lock = threading.Lock()
        self.seen = 0

    def __call__(self, request: Recorded) -> Answer:
        with self.lock:
            self.seen += 1
            seen = self.seen
            if seen <= self.failures:
                return Answer(status=self.status, headers=(("Retry-After", "1"),))
            key = request.headers["idempotency-key"]
            case_id = self.cases.setdefault(key, f"CASE-{len(self.cases) + 1}")
        body = json.dumps({"case_id": case_id}).encode()
        return Answer(
            status=201,
            body=body,
            headers=(("Content-Type", "application/json"),),
            delay=self.block_first if seen == 1 else 0,
        )


def use_webhook(app: Flask, url: str) -> None:
    app.config.update(INTAKE_DESTINATIONS=["webhook"], INTAKE_WEBHOOK_URL=url, INTAKE_WEBHOOK_SECRET=SECRET)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.destination == "webhook")))


def test_receiver_down_then_back_gets_every_message_once(app: Flask) -> None:
    # First the case system is not listening at all (connection refused)...
    use_webhook(app, f"http://127.0.0.1:{free_port()}/intake")
    references = [stored_submission(f"Incident {n}").reference for n in range(5)]
    outcomes = run_once()
    assert {o.status for o in outcomes} == {OutboxStatus.RETRYING}
    # ...then it answers 503 to the first attempts, then works.
    system = CaseSystem(failures=3)
    with running_receiver(system) as receiver:
        use_webhook(app, f"{receiver.url}/intake")
        for _ in range(5):
            make_everything_due()
            run_once()
        received = [
            json.loads(r.body)["submission"]["reference"] for r in receiver.requests if r.headers.get("idempotency-key")
        ]
    messages = webhook_messages()
    assert {m.status for m in messages} == {OutboxStatus.DELIVERED}
    assert len(system.cases) == 5
    # Exactly one successful delivery per message: 3 refused attempts + 5 accepted ones.
    assert len(received) == 8
    assert sorted(received[3:]) == sorted(references)
    assert sorted(m.external_id for m in messages) == [f"CASE-{n}" for n in range(1, 6)]


@pytest.fixture
def alert_inbox(smtp_server: Callable[..., Controller]) -> tuple[int, list]:
    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
            return "250 OK"

    return smtp_server(Handler()).port, received


@pytest.mark.smtp
def test_receiver_answering_400_makes_it_dead_and_the_duty_desk_gets_an_email(
    app: Flask, alert_inbox: tuple[int, list]
) -> None:
    port, received = alert_inbox
    app.config.update(MAIL_PORT=port, MAIL_USE_STARTTLS=False, DUTY_DESK_ALERT_EMAIL="duty.desk@example.gov.uk")
    with running_receiver(lambda request: Answer(status=400, body=b'{"error":"bad"}')) as receiver:
        use_webhook(app, f"{receiver.url}/intake")
        reference = stored_submission().reference
        [outcome] = run_once()
        assert outcome.status == OutboxStatus.DEAD
        assert len(receiver.requests) == 1
    [message] = webhook_messages()
    assert message.status == OutboxStatus.DEAD and message.last_error == "HTTP 400 from 127.0.0.1"
    [alert_outcome] = run_once()
    assert alert_outcome.status == OutboxStatus.DELIVERED
    [(recipients, email)] = received
    assert recipients == ["duty.desk@example.gov.uk"]
    assert email["Subject"].endswith("Deliveries to webhook are failing")
    body = email.get_payload(decode=True).decode()
    assert "Dead messages: 1" in body.splitlines()
    assert f"References: {reference}" in body.splitlines()
    # Nothing from the report itself is in the alert.
    assert "Stones thrown" not in body


def test_worker_killed_mid_delivery_redelivers_with_the_same_key(app: Flask, database_url: str) -> None:
    if database_url.endswith(":memory:") or database_url == "sqlite://":
        pytest.skip("needs a database another process can open")
    system = CaseSystem(block_first=30)
    with running_receiver(system) as receiver:
        use_webhook(app, f"{receiver.url}/intake")
        stored_submission()
        script = (
            "from portal import create_app\n"
            "from portal.config import TestingConfig\n"
            "from portal.intake.worker import run_once\n"
            f"app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI={database_url!r}, INTAKE_DESTINATIONS=['webhook'],"
            f" INTAKE_WEBHOOK_URL={receiver.url + '/intake'!r}, INTAKE_WEBHOOK_SECRET={SECRET!r})\n"
            "with app.app_context():\n"
            "    run_once()\n"
        )
        worker = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            deadline = time.monotonic() + 30
            while not receiver.requests and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.05)
            assert receiver.requests, "the worker never reached the receiver"
            # The receiver has the request (and has made the case); the worker has not recorded it.
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == -signal.SIGKILL
        [message] = webhook_messages()
        assert message.status == OutboxStatus.SENDING and message.delivered_at is None
        assert run_once() == []  # the lease still protects it
        # Instead of waiting five minutes: the lease runs out.
        db.session.execute(update(OutboxMessage).values(lease_until=utcnow()))
        db.session.commit()
        [outcome] = [o for o in run_once() if o.message_id == message.id]
        assert outcome.status == OutboxStatus.DELIVERED
        keys = [r.headers["idempotency-key"] for r in receiver.requests]
    assert keys == [message.idempotency_key, message.idempotency_key]
    assert system.cases == {message.idempotency_key: "CASE-1"}
    [message] = webhook_messages()
    assert message.external_id == "CASE-1" and message.attempts == 2
    assert not [m for m in db.session.scalars(select(OutboxMessage)) if m.destination == ALERT_DESTINATION]

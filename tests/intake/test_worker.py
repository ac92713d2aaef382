"""The outbox worker: retry classification, backoff, dead letters, alerts, resend, per-destination
tracking, status and resend commands."""

import json
import random
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from portal.constants import ALERT_DESTINATION, OutboxStatus
from portal.delivery import Delivery, DeliveryResult, PermanentError, RetryableError, register_adapter
from portal.extensions import db
from portal.intake import worker
from portal.intake.alerts import alert_on_failing_destinations, destinations_needing_attention
from portal.intake.resend import resend_dead
from portal.intake.worker import backoff_delay, claim_due, run_once
from portal.models import OutboxMessage, utcnow
from tests.intake.factories import make_everything_due, stored_submission


class Scripted:
    """An adapter whose answers the test scripts, one per attempt."""

    def __init__(self) -> None:
        self.script: list[Exception | None] = []
        self.calls: list[Delivery] = []

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        self.calls.append(delivery)
        outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        return DeliveryResult(external_id="case-1")


@pytest.fixture
def scripted(app: Flask) -> Scripted:
    adapter = Scripted()
    register_adapter("scripted", lambda settings: adapter)
    app.config["INTAKE_DESTINATIONS"] = ["scripted"]
    return adapter


def messages(destination: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at)
    if destination:
        query = query.where(OutboxMessage.destination == destination)
    return list(db.session.scalars(query))


def test_backoff_is_exponential_with_full_jitter_and_capped() -> None:
    rng = random.Random(7)
    ceilings = [max(backoff_delay(n, rng=random.Random(seed)) for seed in range(300)) for n in (1, 2, 3, 4)]
    assert ceilings[0] <= 30 and ceilings[1] <= 60 and ceilings[2] <= 120 and ceilings[3] <= 240
    assert ceilings[3] > 200  # full jitter reaches near the ceiling
    assert min(backoff_delay(3, rng=random.Random(seed)) for seed in range(300)) < 10  # and near zero
    assert backoff_delay(40, rng=rng) <= worker.MAX_DELAY_SECONDS
    assert backoff_delay(1, retry_after=600, rng=rng) >= 600


@pytest.mark.parametrize(
    "error",
    [
        RetryableError("ConnectionError talking to host"),
        RetryableError("Timeout talking to host"),
        RetryableError("HTTP 408 from host"),
        RetryableError("HTTP 503 from host"),
    ],
)
def test_retryable_failures_are_retried_later(scripted: Scripted, error: RetryableError) -> None:
    stored_submission()
    scripted.script = [error]
    [outcome] = run_once()
    [message] = messages()
    assert outcome.status == OutboxStatus.RETRYING
    assert message.status == OutboxStatus.RETRYING and message.attempts == 1
    assert message.last_error == error.detail
    assert utcnow() <= message.next_attempt_at <= utcnow() + timedelta(seconds=31)
    assert run_once() == []  # not due yet
    make_everything_due()
    [outcome] = run_once()
    assert outcome.status == OutboxStatus.DELIVERED
    db.session.refresh(message)
    assert message.external_id == "case-1" and message.attempts == 2


def test_retry_after_is_honoured(scripted: Scripted) -> None:
    stored_submission()
    scripted.script = [RetryableError("HTTP 429 from host", retry_after=3600)]
    run_once()
    [message] = messages()
    assert message.next_attempt_at >= utcnow() + timedelta(seconds=3590)


def test_other_4xx_makes_the_message_dead_at_once(scripted: Scripted) -> None:
    stored_submission()
    scripted.script = [PermanentError("HTTP 400 from host")]
    [outcome] = run_once()
    assert outcome.status == OutboxStatus.DEAD
    [message] = messages("scripted")
    assert message.status == OutboxStatus.DEAD and message.last_error == "HTTP 400 from host"


def test_running_out_of_schedule_makes_it_dead(app: Flask, scripted: Scripted) -> None:
    stored_submission()
    [message] = messages()
    message.created_at = utcnow() - timedelta(hours=app.config["INTAKE_MAX_RETRY_HOURS"])
    db.session.commit()
    scripted.script = [RetryableError("HTTP 502 from host")]
    [outcome] = run_once()
    assert outcome.status == OutboxStatus.DEAD
    assert "gave up after 1 attempts" in (messages("scripted")[0].last_error or "")


def test_schedule_lasts_about_three_days(app: Flask) -> None:
    assert 60 <= app.config["INTAKE_MAX_RETRY_HOURS"] <= 80
    # With the cap, a message is tried at least a dozen times before it gives up.
    assert sum(min(worker.MAX_DELAY_SECONDS, worker.BASE_DELAY_SECONDS * 2**n) for n in range(12)) < 72 * 3600


def test_an_adapter_bug_is_retried_not_lost(scripted: Scripted) -> None:
    stored_submission()
    scripted.script = [ZeroDivisionError()]
    [outcome] = run_once()
    assert outcome.status == OutboxStatus.RETRYING
    assert messages()[0].last_error == "ZeroDivisionError"


def test_dead_and_long_failing_destinations_alert_repeatedly(app: Flask, scripted: Scripted) -> None:
    stored_submission()
    scripted.script = [PermanentError("HTTP 400 from host")]
    run_once()
    alerts = messages(ALERT_DESTINATION)
    assert len(alerts) == 1
    assert alerts[0].payload["destination"] == "scripted" and alerts[0].payload["dead"] == 1
    # Not again within the interval...
    assert alert_on_failing_destinations() == 0
    # ...but again once it has passed, while the problem lasts.
    later = utcnow() + timedelta(minutes=app.config["INTAKE_ALERT_AFTER_MINUTES"] + 1)
    assert alert_on_failing_destinations(now=later) == 1
    assert len(messages(ALERT_DESTINATION)) == 2


def test_a_destination_failing_longer_than_the_alert_time_alerts(app: Flask, scripted: Scripted) -> None:
    stored_submission()
    scripted.script = [RetryableError("HTTP 503 from host")]
    run_once()
    assert messages(ALERT_DESTINATION) == []
    later = utcnow() + timedelta(minutes=app.config["INTAKE_ALERT_AFTER_MINUTES"] + 1)
    assert [item.destination for item in destinations_needing_attention(later)] == ["scripted"]
    assert alert_on_failing_destinations(now=later) == 1
    [alert] = messages(ALERT_DESTINATION)
    assert alert.payload["failing"] == 1 and alert.payload["dead"] == 0


def test_failure_at_one_destination_never_resends_to_another(app: Flask, scripted: Scripted) -> None:
    app.config["INTAKE_DESTINATIONS"] = ["builtin", "scripted"]
    submission = stored_submission()
    scripted.script = [RetryableError("HTTP 503 from host"), RetryableError("HTTP 503 from host")]
    outcomes = {o.message_id: o.status for o in run_once()}
    builtin, failing = messages("builtin")[0], messages("scripted")[0]
    assert outcomes == {builtin.id: OutboxStatus.DELIVERED, failing.id: OutboxStatus.RETRYING}
    delivered_at = builtin.delivered_at
    for _ in range(2):
        make_everything_due()
        run_once()
    db.session.refresh(builtin)
    assert builtin.attempts == 1 and builtin.delivered_at == delivered_at
    assert len(scripted.calls) == 3
    assert {call.idempotency_key for call in scripted.calls} == {failing.idempotency_key}
    db.session.refresh(submission)
    assert [u.stage for u in submission.updates] == ["received"]


def test_resend_puts_dead_messages_back_with_the_same_key(scripted: Scripted) -> None:
    stored_submission()
    stored_submission()
    scripted.script = [PermanentError("HTTP 400"), PermanentError("HTTP 400")]
    run_once()
    dead = messages("scripted")
    assert {m.status for m in dead} == {OutboxStatus.DEAD}
    assert resend_dead(message_id=dead[0].id) == 1
    db.session.commit()
    db.session.refresh(dead[0])
    assert dead[0].status == OutboxStatus.PENDING and dead[0].attempts == 0
    assert resend_dead(destination="scripted") == 1
    db.session.commit()
    outcomes = run_once()
    assert sorted(o.status for o in outcomes if o.message_id in {m.id for m in dead}) == ["delivered", "delivered"]
    assert {c.idempotency_key for c in scripted.calls[-2:]} == {m.idempotency_key for m in dead}


def test_claim_skips_messages_under_a_live_lease(scripted: Scripted) -> None:
    stored_submission()
    first = claim_due()
    assert len(first) == 1
    assert claim_due() == []  # leased by the first claim
    assert claim_due(now=utcnow() + timedelta(hours=1)) == first  # the lease ran out


def test_status_and_resend_commands(runner: FlaskCliRunner, scripted: Scripted) -> None:
    stored_submission()
    scripted.script = [PermanentError("HTTP 400")]
    run_once()
    result = runner.invoke(args=["intake", "status", "--json"])
    rows = {row["destination"]: row for row in json.loads(result.output)}
    assert rows["scripted"]["dead"] == 1 and rows["scripted"]["pending"] == 0
    assert rows[ALERT_DESTINATION]["pending"] == 1
    text = runner.invoke(args=["intake", "status"]).output
    assert "scripted: 0 pending, 0 retrying, 1 dead" in text
    refused = runner.invoke(args=["intake", "resend"])
    assert refused.exit_code == 2
    missing = runner.invoke(args=["intake", "resend", "no-such-id"])
    assert missing.exit_code == 1
    result = runner.invoke(args=["intake", "resend", "--destination", "scripted"])
    assert result.output.strip() == "1 message(s) queued again."
    assert messages("scripted")[0].status == OutboxStatus.PENDING
    once = runner.invoke(args=["intake", "worker", "--once"])
    assert f"{messages('scripted')[0].id} delivered" in once.output

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from portal.delivery import PermanentError, RetryableError, build_adapter
from portal.intake.adapters.webhook import WebhookAdapter, retry_after_seconds
from portal.intake.schema import validate_payload
from portal.intake.signing import SignatureError, verify
from tests.intake.receivers import Answer, Receiver, Recorded, running_receiver
from tests.intake.samples import (
    MESSAGE_ID,
    SENSITIVE_WORDS,
    sample_delivery,
    sample_payload,
)

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Script:
    """Answers given in order; the last one repeats. Signature failures answer 401."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers) or [Answer(200)]
        self.verified: list[str] = []

    def __call__(self, request: Recorded) -> Answer:
        try:
            self.verified.append(verify([SECRET], request.headers, request.body))
        except SignatureError as exc:
            return Answer(401, json.dumps({"error": exc.reason}).encode())
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def receiver(script: Script) -> Iterator[Receiver]:
    with running_receiver(script) as running:
        yield running


def adapter_for(receiver: Receiver, **settings: object) -> WebhookAdapter:
    adapter = build_adapter("webhook", {"url": f"{receiver.url}/intake", "secret": SECRET, **settings})
    assert isinstance(adapter, WebhookAdapter)
    return adapter


def assert_no_report_content(detail: str) -> None:
    for word in SENSITIVE_WORDS:
        assert word not in detail


def test_2xx_with_case_id_is_delivered_signed_and_keyed(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(201, b'{"case_id": "ECINS-4471", "status": "created"}')]
    delivery = sample_delivery()

    result = adapter_for(receiver).deliver(delivery)

    assert result.external_id == "ECINS-4471"
    [request] = receiver.requests
    assert (request.method, request.path) == ("POST", "/intake")
    assert request.headers["content-type"] == "application/json"
    assert request.headers["idempotency-key"] == delivery.idempotency_key
    assert script.verified == [MESSAGE_ID]
    assert request.headers["webhook-id"] == delivery.message_id
    body = json.loads(request.body)
    assert body == sample_payload()
    validate_payload(body)
    assert request.body == json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def test_2xx_without_json_has_no_external_id(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(204)]

    result = adapter_for(receiver).deliver(sample_delivery())

    assert result.external_id is None
    assert "204" in result.detail


def test_retry_sends_the_same_idempotency_key(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(503), Answer(200, b'{"case_id": 77}')]
    adapter = adapter_for(receiver)
    delivery = sample_delivery()

    with pytest.raises(RetryableError):
        adapter.deliver(delivery)
    result = adapter.deliver(delivery)

    assert result.external_id == "77"
    keys = [request.headers["idempotency-key"] for request in receiver.requests]
    assert keys == [delivery.idempotency_key] * 2


def test_500_is_retryable(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(500, b"Jordan Example broke us")]

    with pytest.raises(RetryableError) as caught:
        adapter_for(receiver).deliver(sample_delivery())

    assert caught.value.detail == "HTTP 500 from 127.0.0.1"
    assert caught.value.retry_after is None


def test_429_with_retry_after_seconds_is_retryable_after_that_delay(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(429, headers=(("Retry-After", "120"),))]

    with pytest.raises(RetryableError) as caught:
        adapter_for(receiver).deliver(sample_delivery())

    assert caught.value.retry_after == 120.0
    assert "429" in caught.value.detail


def test_503_with_retry_after_http_date(receiver: Receiver, script: Script) -> None:
    later = datetime.now(UTC) + timedelta(minutes=10)
    script.answers = [Answer(503, headers=(("Retry-After", format_datetime(later, usegmt=True)),))]

    with pytest.raises(RetryableError) as caught:
        adapter_for(receiver).deliver(sample_delivery())

    assert caught.value.retry_after is not None
    assert 540 < caught.value.retry_after <= 600


def test_408_is_retryable(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(408)]

    with pytest.raises(RetryableError):
        adapter_for(receiver).deliver(sample_delivery())


@pytest.mark.parametrize("status", [400, 401, 404, 409, 422])
def test_other_4xx_is_permanent(receiver: Receiver, script: Script, status: int) -> None:
    script.answers = [Answer(status, b'{"error": "Jordan Example is invalid"}')]

    with pytest.raises(PermanentError) as caught:
        adapter_for(receiver).deliver(sample_delivery())

    assert caught.value.detail == f"HTTP {status} from 127.0.0.1"


def test_redirect_is_not_followed_and_is_permanent(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(302, headers=(("Location", "/elsewhere"),))]

    with pytest.raises(PermanentError):
        adapter_for(receiver).deliver(sample_delivery())

    assert [request.path for request in receiver.requests] == ["/intake"]


def test_wrong_secret_is_refused_by_the_receiver(receiver: Receiver) -> None:
    adapter = build_adapter("webhook", {"url": receiver.url, "secret": "whsec_" + "QUJD" * 8})

    with pytest.raises(PermanentError, match="HTTP 401"):
        adapter.deliver(sample_delivery())


def test_connection_refused_is_retryable() -> None:
    # Bound but not listening: connecting is refused, and no other test can take the port.
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
        adapter = build_adapter("webhook", {"url": f"http://127.0.0.1:{port}/", "secret": SECRET})

        with pytest.raises(RetryableError) as caught:
            adapter.deliver(sample_delivery())

    assert caught.value.detail == "ConnectionError talking to 127.0.0.1"
    assert caught.value.__cause__ is None


def test_timeout_is_retryable(receiver: Receiver, script: Script) -> None:
    script.answers = [Answer(200, delay=5)]

    with pytest.raises(RetryableError) as caught:
        adapter_for(receiver, timeout=0.3).deliver(sample_delivery())

    assert caught.value.detail == "ReadTimeout talking to 127.0.0.1"


def test_error_details_never_carry_report_content(receiver: Receiver, script: Script) -> None:
    details = []
    for answer in (Answer(500, b"Jordan Example"), Answer(400, b"shouted slurs")):
        script.answers = [answer]
        with pytest.raises((RetryableError, PermanentError)) as caught:
            adapter_for(receiver).deliver(sample_delivery())
        details.append(str(caught.value))

    for detail in details:
        assert_no_report_content(detail)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("30", 30.0), ("0", 0.0), (None, None), ("", None), ("soon", None), ("-4", None)],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value) == expected


def test_retry_after_date_in_the_past_means_now() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_settings_need_url_and_secret() -> None:
    with pytest.raises(ValueError):
        build_adapter("webhook", {"url": "https://case.example/intake"})


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown intake adapter kind"):
        build_adapter("carrier-pigeon", {})

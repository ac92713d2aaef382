from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest

from portal.delivery import PermanentError, RetryableError, build_adapter
from portal.intake.adapters.open311 import Open311Adapter
from tests.intake.receivers import Answer, Receiver, Recorded, running_receiver
from tests.intake.samples import (
    REFERENCE,
    SENSITIVE_WORDS,
    sample_delivery,
    sample_payload,
)

API_KEY = "open311-test-key"
SERVICE_CODES = {"hate": "HATE01", "intimidation": "ASB07", "nuisance": "ASB02"}


class GeoReportStub:
    """A GeoReport v2 server: POST requests answers an id or a token; GET tokens resolves it."""

    def __init__(self) -> None:
        self.answer_with_token = False
        self.token_polls_before_id = 0
        self.token_polls = 0
        self.post_status = 201
        self.listing_requested = False

    def __call__(self, request: Recorded) -> Answer:
        if request.method == "GET" and request.path.endswith("/requests.json"):
            self.listing_requested = True
            return Answer(500, b'{"error": "the public listing must never be used"}')
        if request.method == "POST" and request.path == "/open311/v2/requests.json":
            return self._create(parse_qs(request.body.decode()))
        if request.method == "GET" and request.path == "/open311/v2/tokens/tok-81c2.json":
            self.token_polls += 1
            request_id = "SR-1044" if self.token_polls > self.token_polls_before_id else None
            return self._json(200, [{"token": "tok-81c2", "service_request_id": request_id}])
        return self._json(404, [{"code": 404, "description": "Not found"}])

    def _create(self, form: dict[str, list[str]]) -> Answer:
        if form.get("api_key") != [API_KEY]:
            return self._json(403, [{"code": 403, "description": "Invalid api_key"}])
        if self.post_status >= 300:
            return self._json(self.post_status, [{"code": self.post_status, "description": "x"}])
        if self.answer_with_token:
            return self._json(201, [{"token": "tok-81c2"}])
        return self._json(
            201,
            [
                {
                    "service_request_id": "SR-1001",
                    "service_notice": "",
                    "account_id": None,
                }
            ],
        )

    @staticmethod
    def _json(status: int, body: Any) -> Answer:
        return Answer(status, json.dumps(body).encode(), (("Content-Type", "application/json"),))


@pytest.fixture
def stub() -> GeoReportStub:
    return GeoReportStub()


@pytest.fixture
def server(stub: GeoReportStub) -> Iterator[Receiver]:
    with running_receiver(stub) as running:
        yield running
    assert not stub.listing_requested, "the adapter called the public GET requests listing"


def adapter(server: Receiver, **settings: Any) -> Open311Adapter:
    built = build_adapter(
        "open311",
        {
            "endpoint": f"{server.url}/open311/v2/",
            "api_key": API_KEY,
            "service_codes": SERVICE_CODES,
            "token_poll_interval": 0,
            **settings,
        },
    )
    assert isinstance(built, Open311Adapter)
    return built


def posted_form(server: Receiver) -> dict[str, list[str]]:
    [post] = [request for request in server.requests if request.method == "POST"]
    assert post.headers["content-type"] == "application/x-www-form-urlencoded"
    return parse_qs(post.body.decode())


def test_request_id_from_the_post_becomes_the_external_id(server: Receiver) -> None:
    delivery = sample_delivery()

    result = adapter(server, jurisdiction_id="council.example").deliver(delivery)

    assert result.external_id == "SR-1001"
    form = posted_form(server)
    assert form["api_key"] == [API_KEY]
    assert form["service_code"] == ["HATE01"]
    assert form["jurisdiction_id"] == ["council.example"]
    assert form["address_string"] == ["12 Acacia Avenue, ZZ1 1ZZ"]
    [description] = form["description"]
    assert REFERENCE in description
    assert "Risk level high" in description
    [post] = server.requests
    assert post.headers["idempotency-key"] == delivery.idempotency_key


def test_description_keeps_report_content_out_by_default(server: Receiver) -> None:
    adapter(server).deliver(sample_delivery())

    sent = json.dumps(posted_form(server))
    for word in ("Jordan Example", "shouted slurs", "07700 900123"):
        assert word not in sent


def test_description_includes_the_reporters_words_only_when_configured(
    server: Receiver,
) -> None:
    adapter(server, include_description=True).deliver(sample_delivery())

    [description] = posted_form(server)["description"]
    assert description.startswith(f"Portal reference {REFERENCE}")
    assert "shouted slurs" in description
    assert "Jordan Example" not in description


def test_address_string_is_the_place_in_words_and_absent_for_an_online_incident(server: Receiver) -> None:
    payload = sample_payload()
    payload["submission"]["report"]["where"] = {"place_type": "online", "address": None, "postcode": None}

    adapter(server).deliver(sample_delivery(payload))

    form = posted_form(server)
    assert "address_string" not in form and "lat" not in form


def test_configured_attributes_are_sent(server: Receiver) -> None:
    attributes = {
        "RISK": "risk.level",
        "STRANDS": "categories.hate_strands",
        "DANGER": "risk.in_danger_now",
    }

    adapter(server, attributes=attributes).deliver(sample_delivery())

    form = posted_form(server)
    assert form["attribute[RISK]"] == ["high"]
    assert form["attribute[STRANDS][]"] == ["race", "religion"]
    assert form["attribute[DANGER]"] == ["false"]


@pytest.mark.parametrize(
    ("incident_types", "asb_type", "asb_category", "expected"),
    [
        (["hate", "asb"], "intimidation", "personal", "HATE01"),
        (["asb"], "intimidation", "personal", "ASB07"),
        (["asb"], "noise", "nuisance", "ASB02"),
        (["asb"], "litter", "environmental", "GEN00"),
    ],
)
def test_service_code_comes_from_the_category(
    server: Receiver,
    incident_types: list[str],
    asb_type: str,
    asb_category: str,
    expected: str,
) -> None:
    payload = sample_payload()
    payload["submission"]["categories"].update(
        incident_types=incident_types, asb_type=asb_type, asb_category=asb_category
    )

    adapter(server, default_service_code="GEN00").deliver(sample_delivery(payload))

    assert posted_form(server)["service_code"] == [expected]


def test_unknown_category_without_default_is_permanent(server: Receiver) -> None:
    with pytest.raises(PermanentError, match="no Open311 service code"):
        adapter(server, service_codes={"vandalism": "V1"}).deliver(sample_delivery())

    assert server.requests == []


def test_token_is_polled_until_the_request_id_is_known(server: Receiver, stub: GeoReportStub) -> None:
    stub.answer_with_token = True
    stub.token_polls_before_id = 2

    result = adapter(server, jurisdiction_id="council.example").deliver(sample_delivery())

    assert result.external_id == "SR-1044"
    polls = [request for request in server.requests if request.method == "GET"]
    assert len(polls) == 3
    assert all(poll.query == {"jurisdiction_id": ["council.example"]} for poll in polls)


def test_token_still_pending_is_a_success_carrying_the_token(server: Receiver, stub: GeoReportStub) -> None:
    stub.answer_with_token = True
    stub.token_polls_before_id = 10
    sleeps: list[float] = []
    open311 = adapter(server, token_poll_attempts=2, token_poll_interval=0.25)
    open311.sleep = sleeps.append

    result = open311.deliver(sample_delivery())

    assert result.external_id == "token:tok-81c2"
    assert stub.token_polls == 2
    assert sleeps == [0.25]
    assert [request.method for request in server.requests].count("POST") == 1

    stub.token_polls_before_id = 0
    assert open311.resolve_token("tok-81c2") == "SR-1044"


def test_500_is_retryable(server: Receiver, stub: GeoReportStub) -> None:
    stub.post_status = 503

    with pytest.raises(RetryableError, match="HTTP 503"):
        adapter(server).deliver(sample_delivery())


def test_bad_api_key_is_permanent(server: Receiver) -> None:
    with pytest.raises(PermanentError) as caught:
        adapter(server, api_key="wrong").deliver(sample_delivery())

    assert caught.value.detail == "HTTP 403 from 127.0.0.1"


def test_followup_events_are_refused(server: Receiver) -> None:
    payload = sample_payload() | {
        "event": "submission.followup",
        "followup": {
            "kind": "reply",
            "created_at": "2025-03-06T10:00:00Z",
            "text": "More",
        },
    }

    with pytest.raises(PermanentError, match="cannot carry submission.followup"):
        adapter(server).deliver(sample_delivery(payload))

    assert server.requests == []


def test_connection_refused_is_retryable() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
        open311 = build_adapter(
            "open311",
            {
                "endpoint": f"http://127.0.0.1:{port}",
                "api_key": API_KEY,
                "service_codes": SERVICE_CODES,
            },
        )

        with pytest.raises(RetryableError) as caught:
            open311.deliver(sample_delivery())

    for word in SENSITIVE_WORDS:
        assert word not in caught.value.detail

from __future__ import annotations

import email
import email.policy
import json
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from portal.delivery import Attachment, PermanentError, RetryableError, build_adapter
from portal.intake.adapters.email import EmailAdapter
from portal.intake.schema import validate_payload
from tests.intake.samples import (
    REFERENCE,
    SENSITIVE_WORDS,
    sample_delivery,
    sample_payload,
)


class Inbox:
    """An aiosmtpd handler that keeps what it receives and answers DATA as told."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.data_reply = "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        if self.data_reply.startswith("250"):
            self.envelopes.append(envelope)
        return self.data_reply

    def messages(self) -> list[EmailMessage]:
        parsed = []
        for envelope in self.envelopes:
            raw = envelope.original_content or b""
            message = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


def start_smtp(inbox: Inbox, **smtp_parameters: Any) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **smtp_parameters)
    controller.start()
    return controller


@pytest.fixture
def smtp_port(inbox: Inbox) -> Iterator[int]:
    controller = start_smtp(inbox)
    yield controller.port
    controller.stop()


def adapter(port: int, **settings: Any) -> EmailAdapter:
    built = build_adapter(
        "email",
        {
            "host": "127.0.0.1",
            "port": port,
            "starttls": False,
            "from": "Safe in the City <portal@council.example>",
            "to": "duty-desk@council.example",
            "timeout": 5,
            **settings,
        },
    )
    assert isinstance(built, EmailAdapter)
    return built


def test_message_reaches_the_duty_desk_with_a_valid_json_attachment(inbox: Inbox, smtp_port: int) -> None:
    result = adapter(smtp_port).deliver(sample_delivery())

    assert "127.0.0.1" in result.detail
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["duty-desk@council.example"]
    [message] = inbox.messages()
    assert message["Subject"] == f"New submission {REFERENCE}"
    json_parts = [part for part in message.iter_attachments() if part.get_filename()]
    assert [part.get_filename() for part in json_parts] == [f"{REFERENCE}.json"]
    assert json_parts[0].get_content_type() == "application/json"
    raw = json_parts[0].get_payload(decode=True)
    assert isinstance(raw, bytes)
    attached = json.loads(raw)
    assert attached == sample_payload()
    validate_payload(attached)


def test_subject_and_body_carry_routing_fields_only(inbox: Inbox, smtp_port: int) -> None:
    adapter(smtp_port).deliver(sample_delivery())

    [message] = inbox.messages()
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    for expected in (
        f"Reference: {REFERENCE}",
        "Kind: report",
        "Risk level: high",
        "Suggested lead agency: police",
        "Assessment due: 2025-03-05T09:14:58+00:00",
        "Language: ar (interpreter needed)",
        f"attached file {REFERENCE}.json",
    ):
        assert expected in text
    for word in SENSITIVE_WORDS:
        assert word not in text
        assert word not in message["Subject"]


def test_message_id_is_derived_from_the_idempotency_key(inbox: Inbox, smtp_port: int) -> None:
    sender = adapter(smtp_port)
    delivery = sample_delivery()

    sender.deliver(delivery)
    sender.deliver(delivery)
    other = sample_payload() | {"idempotency_key": "submission-HX7K-2M9N-duty-desk"}
    sender.deliver(sample_delivery(other))

    ids = [message["Message-ID"] for message in inbox.messages()]
    assert ids[0] == ids[1] == f"<{delivery.idempotency_key}.intake@council.example>"
    assert ids[2] != ids[0]


def test_unusual_idempotency_key_is_hashed_into_a_valid_message_id(
    smtp_port: int,
) -> None:
    payload = sample_payload() | {"idempotency_key": "outbox 12 / casework@desk"}

    message = adapter(smtp_port).build_message(sample_delivery(payload))

    local, _, domain = message["Message-ID"].strip("<>").partition("@")
    assert len(local.removesuffix(".intake")) == 64
    assert domain == "council.example"


def test_delivery_attachments_are_attached(inbox: Inbox, smtp_port: int) -> None:
    photo = Attachment(filename="../../photo.jpg", content_type="image/jpeg", data=b"\xff\xd8jpg")

    adapter(smtp_port).deliver(sample_delivery(attachments=(photo,)))

    [message] = inbox.messages()
    parts = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(parts) == {f"{REFERENCE}.json", "photo.jpg"}
    assert parts["photo.jpg"].get_content_type() == "image/jpeg"
    assert parts["photo.jpg"].get_payload(decode=True) == b"\xff\xd8jpg"


def test_followup_subject_names_the_event_and_the_reference_only(inbox: Inbox, smtp_port: int) -> None:
    payload = sample_payload() | {
        "event": "submission.followup",
        "followup": {
            "kind": "reply",
            "created_at": "2025-03-06T10:00:00Z",
            "text": "Jordan Example came back",
        },
    }
    validate_payload(payload)

    adapter(smtp_port).deliver(sample_delivery(payload))

    [message] = inbox.messages()
    assert message["Subject"] == f"Follow-up to submission {REFERENCE}"


def test_login_is_used_when_configured(inbox: Inbox) -> None:
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(
        server: Any,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)

    controller = start_smtp(inbox, authenticator=authenticator, auth_require_tls=False)
    try:
        adapter(controller.port, username="portal", password="s3cret").deliver(sample_delivery())
        with pytest.raises(PermanentError, match="SMTP 535"):
            adapter(controller.port, username="portal", password="wrong").deliver(sample_delivery())
    finally:
        controller.stop()

    # smtplib tries each offered mechanism before giving up on a wrong password.
    assert logins[:2] == [(b"portal", b"s3cret"), (b"portal", b"wrong")]
    assert len(inbox.envelopes) == 1


def test_starttls_is_required_by_default(inbox: Inbox, smtp_port: int) -> None:
    with pytest.raises(PermanentError, match="STARTTLS not offered"):
        adapter(smtp_port, starttls=True).deliver(sample_delivery())

    assert inbox.envelopes == []


def test_temporary_smtp_failure_is_retryable(inbox: Inbox, smtp_port: int) -> None:
    inbox.data_reply = "451 Try again later"

    with pytest.raises(RetryableError) as caught:
        adapter(smtp_port).deliver(sample_delivery())

    assert caught.value.detail == "SMTP 451 (SMTPDataError) from 127.0.0.1"


def test_permanent_smtp_failure_is_permanent(inbox: Inbox, smtp_port: int) -> None:
    inbox.data_reply = "554 Message rejected"

    with pytest.raises(PermanentError) as caught:
        adapter(smtp_port).deliver(sample_delivery())

    assert caught.value.detail == "SMTP 554 (SMTPDataError) from 127.0.0.1"


def test_connection_refused_is_retryable() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]

        with pytest.raises(RetryableError) as caught:
            adapter(port).deliver(sample_delivery())

    assert caught.value.detail == "ConnectionRefusedError talking to 127.0.0.1"


def test_payload_without_reference_is_permanent(smtp_port: int) -> None:
    payload = sample_payload()
    del payload["submission"]["reference"]

    with pytest.raises(PermanentError):
        adapter(smtp_port).deliver(sample_delivery(payload))


def test_settings_need_host_from_and_to() -> None:
    with pytest.raises(ValueError):
        build_adapter("email", {"host": "smtp.council.example", "from": "portal@council.example"})

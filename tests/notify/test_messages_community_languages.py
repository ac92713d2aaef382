"""The acknowledgement to a reporter in each community language added with issue 19 (Panjabi,
Ukrainian, Kurdish Sorani, Urdu), and in English for comparison: the duty desk acknowledges the
report (the real casework service), the worker sends the message, the email arrives through the
real SMTP server and the text message through the real Notify client at the local Notify stub.
Each is in the reporter's language and script, carries no report content, and the text message
stays within the number of segments stated in translations/README.md.

Gurmukhi, Cyrillic and Arabic script are outside the GSM 03.38 alphabet, so such a text message
is sent as UCS-2: 70 characters in one segment, 67 a segment once it is split (GSM-7: 160 and
153, the extension characters counting twice)."""

import json

import pytest
from flask import Flask

from portal.casework.services import acknowledge
from portal.constants import Channel, OutboxStatus
from portal.extensions import db
from portal.intake.worker import run_once
from tests.conftest import make_user
from tests.notify.test_channels import NotifyStub, _reporter_messages
from tests.notify.test_channels import notify as notify
from tests.smtp import Inbox
from tests.smtp import smtp as smtp
from tests.status.helpers import MARKERS, make_submission

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€")
# Each language's script, to tell a translated message from one left in English.
SCRIPTS = {
    "pa": ("\u0a00", "\u0a7f"),  # Gurmukhi
    "uk": ("\u0400", "\u04ff"),  # Cyrillic
    "ckb": ("\u0600", "\u06ff"),  # Arabic script
    "ur": ("\u0600", "\u06ff"),
}
SHORT_ADDRESS = "http://127.0.0.1:5000"  # the development address, 21 characters
MEDIUM_ADDRESS = "https://safeinthecity.example.gov.uk"  # 36 characters
LONG_ADDRESS = "https://safeinthecity.brighton-hove.gov.uk"  # 42 characters
# The stated limits (translations/README.md): (language, public address) -> most segments.
STATED_SEGMENTS = {
    ("en", LONG_ADDRESS): 1,
    ("pa", MEDIUM_ADDRESS): 2,
    ("uk", MEDIUM_ADDRESS): 2,
    ("ckb", SHORT_ADDRESS): 2,
    ("ur", SHORT_ADDRESS): 2,
    ("ckb", LONG_ADDRESS): 3,
    ("ur", LONG_ADDRESS): 3,
}
LANGUAGES = ["pa", "uk", "ckb", "ur"]


def sms_segments(text: str) -> tuple[str, int]:
    """The encoding a network uses for this text and how many segments it is billed as."""
    if all(char in GSM7 or char in GSM7_EXTENSION for char in text):
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        return "GSM-7", 1 if units <= 160 else -(-units // 153)
    units = len(text.encode("utf-16-le")) // 2
    return "UCS-2", 1 if units <= 70 else -(-units // 67)


def in_script(text: str, language: str) -> int:
    low, high = SCRIPTS[language]
    return sum(1 for char in text if low <= char <= high)


def _acknowledged(language: str, **contact: object) -> tuple[object, str]:
    submission, code = make_submission(language=language, **contact)  # type: ignore[arg-type]
    run_once()  # the report reaches the built-in duty desk
    acknowledge(submission, make_user(email="desk@example.org"))
    db.session.commit()
    run_once()  # the acknowledgement goes out
    return submission, code


def test_the_segment_counter_knows_both_alphabets() -> None:
    assert sms_segments("a" * 160) == ("GSM-7", 1)
    assert sms_segments("a" * 161) == ("GSM-7", 2)
    assert sms_segments("€" * 80) == ("GSM-7", 1)
    assert sms_segments("€" * 81) == ("GSM-7", 2)
    assert sms_segments("є" * 70) == ("UCS-2", 1)
    assert sms_segments("є" * 71) == ("UCS-2", 2)
    assert sms_segments("ی" * 134) == ("UCS-2", 2)
    assert sms_segments("ਹ" * 135) == ("UCS-2", 3)


@pytest.mark.smtp
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_acknowledgement_email_arrives_in_the_language(app: Flask, smtp: Inbox, language: str) -> None:
    submission, code = _acknowledged(language)
    [(recipients, email)] = smtp.messages
    assert recipients == ["reporter@example.org"]
    assert email["Content-Language"] == language
    subject = str(email["Subject"])
    assert submission.reference in subject  # type: ignore[attr-defined]
    assert in_script(subject, language) > 5, f"the subject was not translated: {subject}"
    body = email.get_content()
    assert "There is an update" not in body, "the email body is still in English"
    assert in_script(body, language) > 50
    assert submission.reference in body and f"{app.config['PUBLIC_BASE_URL']}/status/" in body  # type: ignore[attr-defined]
    for secret in (*MARKERS, code, code.replace("-", "")):
        assert secret not in email.as_string()


@pytest.mark.parametrize(("language", "address"), list(STATED_SEGMENTS), ids=lambda value: str(value))
def test_the_acknowledgement_sms_is_in_the_language_and_within_its_segments(
    app: Flask, notify: type[NotifyStub], language: str, address: str
) -> None:
    app.config["PUBLIC_BASE_URL"] = address
    submission, code = _acknowledged(language, phone="07700900982", channel=Channel.SMS)
    [body] = [body for path, body, _ in notify.received if path == "/v2/notifications/sms"]
    assert body["phone_number"] == "07700900982"
    text = body["personalisation"]["body"]
    assert submission.reference in text and f"{address}/status/" in text  # type: ignore[attr-defined]
    encoding, segments = sms_segments(text)
    if language == "en":
        assert encoding == "GSM-7"
    else:
        assert "update" not in text.lower(), "the text message is still in English"
        assert in_script(text, language) > 20
        assert encoding == "UCS-2"
    allowed = STATED_SEGMENTS[(language, address)]
    assert segments <= allowed, f"{language}: {len(text)} characters is {segments} segments: {text}"
    for secret in (*MARKERS, code):
        assert secret not in json.dumps(body)
    assert {message.status for message in _reporter_messages()} == {OutboxStatus.DELIVERED}

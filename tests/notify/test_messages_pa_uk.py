"""Reporter messages in Panjabi (Gurmukhi) and Ukrainian (Cyrillic): the email through the real
SMTP server, the text message through the real Notify client to the local Notify stub, and the
text message within its stated length of 2 segments (translations/README.md).

Gurmukhi and Cyrillic are outside the GSM 03.38 alphabet, so the whole text message is sent as
UCS-2: 70 characters in one segment, 67 per segment once it is split (GSM-7: 160 and 153)."""

import json

import pytest
from flask import Flask

from portal.constants import Channel, OutboxStatus
from portal.intake.worker import run_once
from tests.notify.test_channels import NotifyStub, _queue_update, _reporter_messages
from tests.notify.test_channels import notify as notify
from tests.smtp import Inbox
from tests.smtp import smtp as smtp
from tests.status.helpers import MARKERS, make_submission

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€")
# A realistic public address, longer than the test default, so the count is not flattered.
PUBLIC_BASE_URL = "https://safeinthecity.example.gov.uk"
SEGMENTS_ALLOWED = 2
SCRIPTS = {"pa": ("\u0a00", "\u0a7f"), "uk": ("\u0400", "\u04ff")}


def sms_segments(text: str) -> tuple[str, int]:
    """The encoding a network uses for this text and how many segments it is billed as."""
    if all(char in GSM7 or char in GSM7_EXTENSION for char in text):
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        return "GSM-7", 1 if units <= 160 else -(-units // 153)
    units = sum(2 if ord(char) > 0xFFFF else 1 for char in text)
    return "UCS-2", 1 if units <= 70 else -(-units // 67)


def _in_script(text: str, language: str) -> int:
    low, high = SCRIPTS[language]
    return sum(1 for char in text if low <= char <= high)


def test_the_segment_counter_knows_both_alphabets() -> None:
    assert sms_segments("a" * 160) == ("GSM-7", 1)
    assert sms_segments("a" * 161) == ("GSM-7", 2)
    assert sms_segments("є" * 70) == ("UCS-2", 1)
    assert sms_segments("є" * 71) == ("UCS-2", 2)
    assert sms_segments("ਹ" * 135) == ("UCS-2", 3)


@pytest.mark.parametrize("language", ["pa", "uk"])
def test_the_update_email_arrives_in_panjabi_and_ukrainian(app: Flask, smtp: Inbox, language: str) -> None:
    submission, code = make_submission(language=language)
    run_once()
    _queue_update(submission)
    run_once()
    [(recipients, email)] = smtp.messages
    assert recipients == ["reporter@example.org"]
    assert email["Content-Language"] == language
    assert submission.reference in str(email["Subject"])  # Panjabi puts it mid-sentence
    assert _in_script(str(email["Subject"]), language) > 5, "the subject was not translated"
    body = email.get_content()
    assert not body.startswith("There is an update"), "the email body was not translated"
    assert _in_script(body, language) > 50
    assert submission.reference in body and "/status/" in body
    for secret in (*MARKERS, code, code.replace("-", "")):
        assert secret not in email.as_string()


@pytest.mark.parametrize("language", ["pa", "uk"])
def test_the_update_sms_through_notify_is_translated_and_two_segments(
    app: Flask, notify: type[NotifyStub], language: str
) -> None:
    app.config["PUBLIC_BASE_URL"] = PUBLIC_BASE_URL
    texted, _ = make_submission(phone="07700900982", channel=Channel.SMS, language=language)
    run_once()
    _queue_update(texted)
    run_once()
    [(path, body, _auth)] = [entry for entry in notify.received if entry[0] == "/v2/notifications/sms"]
    assert path == "/v2/notifications/sms" and body["phone_number"] == "07700900982"
    text = body["personalisation"]["body"]
    assert texted.reference in text and f"{PUBLIC_BASE_URL}/status/" in text
    assert "update" not in text.lower(), "the text message is still in English"
    assert _in_script(text, language) > 20
    encoding, segments = sms_segments(text)
    assert encoding == "UCS-2"
    assert segments <= SEGMENTS_ALLOWED, f"{language}: {len(text)} characters is {segments} segments: {text}"
    for marker in MARKERS:
        assert marker not in json.dumps(body)
    assert {message.status for message in _reporter_messages()} == {OutboxStatus.DELIVERED}


def test_the_english_update_sms_stays_one_gsm_segment(app: Flask, notify: type[NotifyStub]) -> None:
    app.config["PUBLIC_BASE_URL"] = PUBLIC_BASE_URL
    texted, _ = make_submission(phone="07700900982", channel=Channel.SMS)
    run_once()
    _queue_update(texted)
    run_once()
    [text] = [body["personalisation"]["body"] for path, body, _ in notify.received if path.endswith("/sms")]
    assert sms_segments(text) == ("GSM-7", 1)

"""Kurdish (Sorani) and Urdu messages to reporters: the email through the real SMTP server, the
text message through the real Notify client to the local stub, and the text message within
its stated length. Arabic-script text is sent as UCS-2: 70 characters fit one text message,
67 each part of a longer one (GSM-7 Latin text: 160 and 153). translations/README.md states
the segment counts these tests hold the catalogues to."""

import json

import pytest
from flask import Flask

from portal.constants import Channel
from portal.intake.worker import run_once
from tests.notify.test_channels import NotifyStub, _queue_update
from tests.notify.test_channels import notify as notify
from tests.smtp import Inbox
from tests.smtp import smtp as smtp
from tests.status.helpers import MARKERS, make_submission

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€")


def sms_segments(text: str) -> int:
    """How many text messages the network bills for this text."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        length = sum(2 if char in GSM_EXTENSION else 1 for char in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if length <= single else -(-length // part)


def test_segment_counting_follows_gsm_and_ucs2_limits() -> None:
    assert sms_segments("a" * 160) == 1 and sms_segments("a" * 161) == 2
    assert sms_segments("€" * 80) == 1 and sms_segments("€" * 81) == 2
    assert sms_segments("ی" * 70) == 1 and sms_segments("ی" * 71) == 2
    assert sms_segments("ی" * 134) == 2 and sms_segments("ی" * 135) == 3


def _arabic_script(text: str) -> bool:
    return sum("\u0600" <= char <= "\u06ff" for char in text) >= 10


@pytest.mark.parametrize("language", ["ckb", "ur"])
def test_update_email_arrives_in_the_language(app: Flask, smtp: Inbox, language: str) -> None:
    submission, code = make_submission(language=language)
    run_once()
    _queue_update(submission)
    run_once()
    [(recipients, email)] = smtp.messages
    assert recipients == ["reporter@example.org"]
    assert email["Content-Language"] == language
    assert submission.reference in email["Subject"] and _arabic_script(email["Subject"])
    body = email.get_content()
    assert _arabic_script(body) and "There is an update" not in body
    assert submission.reference in body and "/status/" in body
    for secret in (*MARKERS, code):
        assert secret not in email.as_string()


# The stated limits: two text messages with an address as long as the development one, three with
# a long council address (https://safeinthecity.brighton-hove.gov.uk is 42 characters).
@pytest.mark.parametrize(
    ("language", "base_url", "most_segments"),
    [
        ("ckb", "http://127.0.0.1:5000", 2),
        ("ur", "http://127.0.0.1:5000", 2),
        ("ckb", "https://safeinthecity.brighton-hove.gov.uk", 3),
        ("ur", "https://safeinthecity.brighton-hove.gov.uk", 3),
    ],
)
def test_update_sms_is_in_the_language_and_within_its_segments(
    app: Flask, notify: type[NotifyStub], language: str, base_url: str, most_segments: int
) -> None:
    app.config["PUBLIC_BASE_URL"] = base_url
    submission, code = make_submission(phone="07700900982", channel=Channel.SMS, language=language)
    run_once()
    _queue_update(submission)
    run_once()
    [sms] = [body for path, body, _ in notify.received if path == "/v2/notifications/sms"]
    text = sms["personalisation"]["body"]
    assert _arabic_script(text) and submission.reference in text and f"{base_url}/status/" in text
    assert sms_segments(text) <= most_segments, f"{len(text)} characters: {text!r}"
    for secret in (*MARKERS, code):
        assert secret not in json.dumps(sms)

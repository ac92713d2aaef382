"""Reporter messages through a real SMTP server (aiosmtpd) and through the real GOV.UK Notify
client to a local stub of the Notify API; the duty desk sees permanent failures."""

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
import pytest
from flask import Flask
from sqlalchemy import select

from portal.config import ROOT
from portal.constants import Channel, OutboxStatus
from portal.core.reporter_updates import notify_reporter
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, Submission
from tests.conftest import make_user, sign_in
from tests.pages import check_page
from tests.smtp import Inbox
from tests.smtp import smtp as smtp
from tests.status.helpers import MARKERS, make_submission


def _queue_update(submission: Submission, text: str = "We have spoken to your neighbour.") -> None:
    notify_reporter(submission, text)
    db.session.commit()


def _reporter_messages() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.destination == "reporter")))


def test_the_update_email_arrives_in_the_reporters_language_without_report_content(app: Flask, smtp: Inbox) -> None:
    submission, code = make_submission(language="ar")
    run_once()
    _queue_update(submission)
    run_once()
    [(recipients, email)] = smtp.messages
    assert recipients == ["reporter@example.org"]
    assert email["Content-Language"] == "ar"
    assert email["Subject"].endswith(submission.reference)
    body = email.get_content()
    assert submission.reference in body and "http://127.0.0.1:5000/status/" in body
    # The caseworker's text is left out unless the council and the reporter both allow it.
    assert "spoken to your neighbour" not in body
    everything = email.as_string()
    for secret in (*MARKERS, code, code.replace("-", "")):
        assert secret not in everything
    [message] = _reporter_messages()
    assert message.status == OutboxStatus.DELIVERED


def test_arabic_email_text_once_the_catalogue_exists(app: Flask, smtp: Inbox) -> None:
    catalogue = Path(ROOT) / "translations" / "ar" / "LC_MESSAGES" / "messages.mo"
    if not catalogue.exists():
        pytest.skip("translations/ar has no compiled catalogue yet")
    submission, _ = make_submission(language="ar")
    _queue_update(submission)
    run_once()
    body = smtp.messages[-1][1].get_content()
    assert not body.startswith("There is an update"), "the Arabic catalogue did not translate the email"
    assert any("\u0600" <= char <= "\u06ff" for char in body)


def test_message_text_is_included_only_with_config_and_opt_in(app: Flask, smtp: Inbox) -> None:
    submission, _ = make_submission()
    submission.contact = {**submission.contact, "include_message_text": True}
    db.session.commit()
    _queue_update(submission, "Opted-in text")
    run_once()
    assert "Opted-in text" not in smtp.messages[-1][1].get_content()
    app.config["NOTIFY_INCLUDE_MESSAGE_TEXT"] = True
    _queue_update(submission, "Opted-in text")
    run_once()
    assert "Opted-in text" in smtp.messages[-1][1].get_content()


def test_a_refused_address_marks_contact_failed_and_the_duty_desk_sees_it(app: Flask, smtp: Inbox) -> None:
    submission, _ = make_submission(email="nobody@example.org")
    run_once()
    _queue_update(submission)
    run_once()
    message = next(m for m in _reporter_messages())
    assert message.status == OutboxStatus.DEAD
    db.session.refresh(submission)
    assert submission.contact_failed_at is not None
    staff = app.test_client()
    sign_in(staff, make_user())
    page = check_page(staff.get(f"/duty-desk/submissions/{submission.reference}"))
    assert "could not be delivered" in page.text(".govuk-warning-text")


class NotifyStub(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[tuple[str, dict, str]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, body, self.headers.get("Authorization", "")))
        status = self.answers.pop(0) if self.answers else 201
        payload = (
            {"id": str(uuid.uuid4())}
            if status == 201
            else {"status_code": status, "errors": [{"error": "Error", "message": "x"}]}
        )
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())


@pytest.fixture
def notify(app: Flask) -> Iterator[type[NotifyStub]]:
    NotifyStub.answers = []
    NotifyStub.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotifyStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        NOTIFY_BACKEND="notify",
        NOTIFY_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}",
        NOTIFY_API_KEY=f"test_key-{SERVICE_ID}-{SECRET}",
        NOTIFY_EMAIL_TEMPLATE_ID="11111111-1111-1111-1111-111111111111",
        NOTIFY_SMS_TEMPLATE_ID="22222222-2222-2222-2222-222222222222",
    )
    yield NotifyStub
    server.shutdown()


def _claims(authorization: str) -> dict:
    scheme, token = authorization.split(" ", 1)
    assert scheme == "Bearer"
    return jwt.decode(token, SECRET, algorithms=["HS256"])


def test_notify_email_and_sms_go_through_the_real_client(app: Flask, notify: type[NotifyStub]) -> None:
    emailed, _ = make_submission()
    texted, _ = make_submission(phone="07700900982", channel=Channel.SMS)
    run_once()
    _queue_update(emailed)
    _queue_update(texted)
    run_once()
    by_path = {path: (body, auth) for path, body, auth in notify.received}
    email_body, email_auth = by_path["/v2/notifications/email"]
    sms_body, sms_auth = by_path["/v2/notifications/sms"]
    assert _claims(email_auth)["iss"] == SERVICE_ID and _claims(sms_auth)["iss"] == SERVICE_ID
    assert email_body["template_id"] == app.config["NOTIFY_EMAIL_TEMPLATE_ID"]
    assert email_body["email_address"] == "reporter@example.org"
    assert emailed.reference in email_body["personalisation"]["subject"]
    assert sms_body["phone_number"] == "07700900982" and texted.reference in sms_body["personalisation"]["body"]
    for body in (email_body, sms_body):
        for marker in MARKERS:
            assert marker not in json.dumps(body)
    assert {m.status for m in _reporter_messages()} == {OutboxStatus.DELIVERED}


def test_notify_400_is_a_contact_failure_and_500_is_retried(app: Flask, notify: type[NotifyStub]) -> None:
    submission, _ = make_submission()
    run_once()
    notify.answers = [500]
    _queue_update(submission)
    run_once()
    [message] = _reporter_messages()
    assert (message.status, message.last_error) == (OutboxStatus.RETRYING, "Notify 500")
    db.session.refresh(submission)
    assert submission.contact_failed_at is None
    notify.answers = [400]
    message.next_attempt_at = message.created_at
    db.session.commit()
    run_once()
    db.session.refresh(message)
    db.session.refresh(submission)
    assert (message.status, message.last_error) == (OutboxStatus.DEAD, "Notify 400")
    assert submission.contact_failed_at is not None
    assert len(notify.received) == 2

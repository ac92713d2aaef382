"""Changing how we contact the reporter, and the status pages never showing what was reported."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.constants import Channel, IntakeEvent, MessageDirection, Stage, UpdateKind
from portal.core.submissions import keyed_hash
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, StatusUpdate, Submission
from tests.pages import check_page
from tests.status.helpers import MARKERS, make_submission, open_status, post_form


def _contact_changes() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.event == IntakeEvent.CONTACT_CHANGED)))


def test_switch_to_text_messages_with_a_valid_mobile(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    open_status(client, code)
    wrong = check_page(post_form(client, "/status/contact", {"channel": "sms", "phone": "12345"}))
    assert wrong.errors == ["Enter a UK mobile phone number, like 07700 900 982"]
    assert _contact_changes() == []
    page = check_page(post_form(client, "/status/contact", {"channel": "sms", "phone": "+44 7700 900982"}, follow=True))
    assert page.text(".govuk-notification-banner__content") == "We have changed how we contact you"
    db.session.refresh(submission)
    assert submission.channel == Channel.SMS and submission.contact["phone"] == "07700900982"
    assert submission.contact_key == keyed_hash("reporter@example.org")
    [change] = _contact_changes()
    assert change.payload["submission"]["channel"] == "sms"
    assert change.payload["submission"]["reporter"]["phone"] == "07700900982"


def test_email_needs_a_valid_address_and_a_correction_clears_the_failure(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission(email=None, channel=Channel.NONE)
    from portal.models import utcnow

    submission.contact_failed_at = utcnow()
    db.session.commit()
    open_status(client, code)
    missing = check_page(post_form(client, "/status/contact", {"channel": "email", "email": ""}))
    assert missing.errors == ["Enter your email address"]
    bad = check_page(post_form(client, "/status/contact", {"channel": "email", "email": "not-an-address"}))
    assert bad.errors == ["Enter an email address in the correct format, like name@example.com"]
    assert bad.one("#email")["value"] == "not-an-address"
    unknown = check_page(post_form(client, "/status/contact", {"channel": "pigeon"}))
    assert unknown.errors == ["Select how we should tell you there is an update"]
    post_form(client, "/status/contact", {"channel": "email", "email": "new@example.org"})
    db.session.refresh(submission)
    assert (submission.channel, submission.contact["email"], submission.contact_failed_at) == (
        "email",
        "new@example.org",
        None,
    )
    assert len(_contact_changes()) == 1


def test_online_only_stops_messages_even_those_already_queued(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    run_once()
    db.session.add(
        StatusUpdate(
            submission=submission, kind=UpdateKind.UPDATE, direction=MessageDirection.TO_REPORTER, message="Hello"
        )
    )
    from portal.core.reporter_updates import notify_reporter

    notify_reporter(submission, "Hello")
    db.session.commit()
    open_status(client, code)
    post_form(client, "/status/contact", {"channel": "none"})
    db.session.refresh(submission)
    assert submission.channel == Channel.NONE and submission.contact["email"] == "reporter@example.org"
    outcomes = run_once()
    reporter = [o for o in outcomes if db.session.get(OutboxMessage, o.message_id).destination == "reporter"]
    assert [o.detail for o in reporter] == ["no automatic message for this channel"]


def test_withdraw_contact_details_makes_the_report_anonymous(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    open_status(client, code)
    confirm = check_page(client.get("/status/contact/withdraw"))
    assert confirm.h1 == "Delete your contact details"
    page = check_page(
        client.post("/status/contact/withdraw", data={"csrf_token": confirm.csrf()}, follow_redirects=True)
    )
    assert (
        page.text(".govuk-notification-banner__content")
        == "We have deleted your contact details. We will not contact you again"
    )
    db.session.refresh(submission)
    assert (submission.contact, submission.anonymous, submission.channel, submission.contact_key) == (
        None,
        True,
        Channel.NONE,
        None,
    )
    [change] = _contact_changes()
    assert change.payload["submission"]["reporter"] is None and change.payload["submission"]["anonymous"] is True


def test_an_anonymous_reporter_can_add_an_email(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission(anonymous=True)
    page = open_status(client, code)
    form = check_page(client.get("/status/contact"))
    assert "no longer be anonymous" in form.text("main")
    assert not form.all("a[href='/status/contact/withdraw']")
    post_form(client, "/status/contact", {"channel": "email", "email": "anon@example.org"})
    db.session.refresh(submission)
    assert (submission.anonymous, submission.channel, submission.contact["email"]) == (
        False,
        "email",
        "anon@example.org",
    )
    assert submission.contact_key == keyed_hash("anon@example.org")
    assert page.h1 == "Your report"


def test_no_status_page_ever_shows_the_report_content(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    pages = [open_status(client, code)]
    for path in (
        "/status/reply",
        "/status/something-else-happened",
        "/status/add-evidence",
        "/status/contact",
        "/status/contact/withdraw",
    ):
        pages.append(check_page(client.get(path)))
    pages.append(check_page(post_form(client, "/status/reply", {"message": ""})))
    pages.append(check_page(post_form(client, "/status/contact", {"channel": "email", "email": "bad"})))
    pages.append(check_page(post_form(client, "/status/contact", {"channel": "sms", "phone": "x"})))
    pages.append(check_page(post_form(client, "/status/reply", {"message": "A reply"}, follow=True)))
    pages.append(check_page(post_form(client, "/status/contact", {"channel": "none"}, follow=True)))
    submission.stage = Stage.CLOSED
    db.session.commit()
    pages.append(check_page(client.get("/status/reply")))
    pages.append(check_page(client.get("/status/your-report")))
    pages.append(
        check_page(client.post("/status/sign-out", data={"csrf_token": pages[0].csrf()}, follow_redirects=True))
    )
    assert len(pages) == 14
    for page in pages:
        for marker in MARKERS:
            assert marker not in page.html, f"{marker} on {page.response.request.path}"
    assert any(marker in repr(db.session.get(Submission, submission.id).answers) for marker in MARKERS)

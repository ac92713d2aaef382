"""Status pages and two-way messages in a real browser, checked with axe-core on every page.

A named reporter reports with email updates, the duty desk asks a question, a real SMTP server
(aiosmtpd) receives the email, which carries neither the report nor the tracking code, the
reporter reads the question at /status/ and answers, and the duty desk sees the answer. Then
the look-up's error states and the contact-change pages in English, Arabic and Polish.

Like every test that handles tracking codes, nothing logged (the live server's request log
included) may contain a code or its hash."""

from typing import Any

import pytest
from flask import Flask
from flask_babel import lazy_gettext, refresh
from sqlalchemy import select

from portal.constants import Channel, IntakeEvent, MessageDirection, OutboxStatus, UpdateKind
from portal.core import tracking
from portal.core.lookup import NOT_FOUND, PROBLEM_MESSAGES, find_by_tracking_code
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, StatusUpdate, Submission
from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, assert_error_state, click_and_wait, continue_, error_texts, fill
from tests.journey import minimal_report_answers
from tests.logcheck import no_codes_in_logs  # noqa: F401 - used below
from tests.smtp import Inbox
from tests.smtp import smtp as smtp
from tests.status.helpers import MARKERS, codes_made, make_submission

pytestmark = pytest.mark.usefixtures("no_codes_in_logs")

DIRECTION = {"en": "ltr", "ar": "rtl", "pl": "ltr"}
DESCRIPTION_MARKER = "ZQXBROWSERTEXT5518"
ADDRESS_MARKER = "ZQXBROWSERPLACE2207"
QUESTION = "Has it happened again since you reported it?"
ANSWER = "Yes, twice more last week, both times late at night."


def checked(page: Any, lang: str, *, error: bool = False) -> None:
    """Language and direction, an error summary (focused) exactly when expected, no report
    content from the marker report, and no axe-core violations."""
    html = page.locator("html")
    assert html.get_attribute("lang") == lang, page.url
    assert html.get_attribute("dir") == DIRECTION[lang], page.url
    assert_error_state(page, error)
    assert_accessible(page)


def in_language(app: Flask, lang: str, text: Any) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        refresh()  # the test's app context would otherwise keep the last locale used
        try:
            return " ".join(str(text).split())
        finally:
            refresh()


def no_report_content(page: Any) -> None:
    content = page.content()
    for secret in (*MARKERS, DESCRIPTION_MARKER, ADDRESS_MARKER):
        assert secret not in content, f"{secret} shown on {page.url}"


def look_up(page: Any, code: str) -> None:
    page.locator("#tracking_code").fill(code)
    continue_(page)


def staff_sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/duty-desk/sign-in")
    checked(page, "en")
    page.locator("#email").fill(email)
    page.locator("#password").fill(STAFF_PASSWORD)
    click_and_wait(page, page.locator("main form button.govuk-button"))
    assert page.url.endswith("/duty-desk/"), error_texts(page)
    checked(page, "en")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_question_by_email_answered_on_the_status_page(  # type: ignore[no-untyped-def]
    app: Flask, live_server, page, browser, smtp: Inbox, lang: str
) -> None:
    reporter_context = browser.new_context(locale="en-GB")
    reporter = reporter_context.new_page()
    try:
        # The reporter reports, named, asking for updates by email.
        reporter.goto(f"{live_server.url}/report/?lang={lang}")
        checked(reporter, lang)
        click_and_wait(reporter, reporter.locator("a.govuk-button--start"))
        for name, data in minimal_report_answers(f"Shouting at my door {DESCRIPTION_MARKER}.", named=True):
            if name == "where":
                data = {**data, "address": f"12 {ADDRESS_MARKER} Road"}
            if name == "contact":
                data = {**data, "email": f"reporter-{lang}@example.org"}
            if name == "contact-preferences":
                data = {**data, "language": lang}
            assert reporter.url.endswith(f"/report/{name}"), (reporter.url, name, error_texts(reporter))
            fill(reporter, data)
            continue_(reporter)
            checked(reporter, lang)
        assert reporter.url.endswith("/report/check-answers")
        click_and_wait(reporter, reporter.locator("form#send button"))
        checked(reporter, lang)
        reference = reporter.locator(".govuk-panel__body strong").inner_text().strip()
        code = reporter.locator("#tracking-code").inner_text().strip()
        codes_made.append(code)
        submission = find_by_tracking_code(code)
        assert (submission.anonymous, submission.channel, submission.language) == (False, Channel.EMAIL, lang)
        delivered = run_once()
        assert delivered and all(outcome.status == "delivered" for outcome in delivered)
        emails_before = len(smtp.messages)

        # The duty desk asks a question; an empty one is refused first.
        staff = make_user(email=f"desk-{lang}@example.org")
        staff_sign_in(page, live_server.url, staff.email)
        click_and_wait(page, page.locator(f"a:has-text('{reference}')"))
        checked(page, "en")
        page.locator("#update-form input[name=kind][value=question]").check()
        click_and_wait(page, page.locator("#update-form button"))
        checked(page, "en", error=True)
        assert page.locator("#message-error").is_visible()
        page.locator("#update-form input[name=kind][value=question]").check()
        page.locator("#update-form textarea[name=message]").fill(QUESTION)
        click_and_wait(page, page.locator("#update-form button"))
        checked(page, "en")
        assert QUESTION in page.locator(".app-timeline").inner_text()

        # The worker sends the email through the real SMTP server.
        outcomes = run_once()
        assert outcomes and all(outcome.status == "delivered" for outcome in outcomes)
        assert len(smtp.messages) == emails_before + 1
        recipients, email = smtp.messages[-1]
        assert recipients == [f"reporter-{lang}@example.org"]
        assert email["Content-Language"] == lang
        assert reference in email["Subject"]
        everything = email.as_string() + email.get_content()
        body = email.get_content()
        assert reference in body and "/status/" in body
        if lang == "ar":
            assert any("\u0600" <= char <= "\u06ff" for char in body), "the email is not in Arabic"
        canonical = tracking.parse_tracking_code(code)
        for secret in (DESCRIPTION_MARKER, ADDRESS_MARKER, "Shouting at my door", QUESTION, code, canonical):
            assert secret not in everything, f"{secret!r} is in the email"
        sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.destination == "reporter")).all()
        assert [message.status for message in sent] == [OutboxStatus.DELIVERED]

        # The reporter opens /status/ with the code (typed loosely), reads the question and answers.
        reporter.goto(f"{live_server.url}/status/")
        checked(reporter, lang)
        look_up(reporter, code.lower().replace("-", " "))
        assert reporter.url.endswith("/status/your-report"), error_texts(reporter)
        checked(reporter, lang)
        no_report_content(reporter)
        assert QUESTION in reporter.locator(".app-timeline").inner_text()
        click_and_wait(reporter, reporter.locator(".app-open-question a"))
        assert reporter.url.endswith("/status/reply")
        checked(reporter, lang)
        assert reporter.locator(".govuk-inset-text .app-preserve-lines").inner_text().strip() == QUESTION
        send = reporter.locator("main form[action='/status/reply'] button.govuk-button")
        click_and_wait(reporter, send)
        checked(reporter, lang, error=True)
        assert error_texts(reporter) == [in_language(app, lang, lazy_gettext("Enter your message"))]
        reporter.locator("#message").fill(ANSWER)
        click_and_wait(reporter, send)
        assert reporter.url.endswith("/status/your-report"), error_texts(reporter)
        checked(reporter, lang)
        assert reporter.locator(".govuk-notification-banner").is_visible()
        assert ANSWER in reporter.locator(".app-timeline").inner_text()
        assert reporter.locator(".app-open-question").count() == 0
        no_report_content(reporter)

        db.session.expire_all()
        reply = db.session.scalar(
            select(StatusUpdate).where(
                StatusUpdate.submission_id == submission.id, StatusUpdate.direction == MessageDirection.FROM_REPORTER
            )
        )
        assert reply is not None and (reply.kind, reply.message) == (UpdateKind.REPLY, ANSWER)
        followup = db.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.submission_id == submission.id,
                OutboxMessage.event == IntakeEvent.SUBMISSION_FOLLOWUP,
            )
        )
        assert followup is not None and followup.payload["followup"]["text"] == ANSWER

        # The duty desk sees the answer on the submission page.
        page.reload()
        page.wait_for_load_state()
        checked(page, "en")
        assert ANSWER in page.locator(".app-timeline").inner_text()
    finally:
        reporter_context.close()


@pytest.mark.parametrize("lang", ["en", "ar", "pl"])
def test_look_up_errors_and_contact_changes(app: Flask, live_server, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    submission, code = make_submission(email="before@example.org", language=lang)
    canonical = tracking.parse_tracking_code(code)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    typo = alphabet[(alphabet.index(canonical[0]) + 1) % len(alphabet)] + canonical[1:]
    unknown = tracking.new_tracking_code()
    codes_made.append(unknown)

    page.goto(f"{live_server.url}/status/?lang={lang}")
    checked(page, lang)
    cases = [
        ("", PROBLEM_MESSAGES[tracking.CodeProblem.EMPTY]),
        (unknown, NOT_FOUND),
        (typo, PROBLEM_MESSAGES[tracking.CodeProblem.CHECK_FAILED]),
        (code[:9], PROBLEM_MESSAGES[tracking.CodeProblem.TOO_SHORT]),
    ]
    for typed, message in cases:
        look_up(page, typed)
        assert page.url.endswith("/status/")
        checked(page, lang, error=True)
        assert error_texts(page) == [in_language(app, lang, message)]
        # Never echoed back into the page.
        assert page.locator("#tracking_code").input_value() == ""
        if typed:
            assert typed not in page.content()

    look_up(page, code)
    assert page.url.endswith("/status/your-report"), error_texts(page)
    checked(page, lang)
    no_report_content(page)

    # Change how we contact you: text messages without a number is refused, then a new email.
    click_and_wait(page, page.locator("main a[href='/status/contact']").last)
    assert page.url.endswith("/status/contact")
    checked(page, lang)
    fill(page, {"channel": "sms"})
    click_and_wait(page, page.locator("main form:has(input[name=channel]) button.govuk-button"))
    checked(page, lang, error=True)
    assert page.locator("#phone-error").is_visible()
    fill(page, {"channel": "email", "email": "after@example.org"})
    click_and_wait(page, page.locator("main form:has(input[name=channel]) button.govuk-button"))
    assert page.url.endswith("/status/your-report"), error_texts(page)
    checked(page, lang)
    assert page.locator(".govuk-notification-banner").is_visible()
    db.session.expire_all()
    changed = db.session.get(Submission, submission.id)
    assert changed is not None
    assert (changed.channel, changed.contact["email"]) == (Channel.EMAIL, "after@example.org")

    # Delete the contact details altogether.
    click_and_wait(page, page.locator("main a[href='/status/contact']").last)
    checked(page, lang)
    click_and_wait(page, page.locator("main a[href='/status/contact/withdraw']"))
    checked(page, lang)
    click_and_wait(page, page.locator("main form[action='/status/contact/withdraw'] button"))
    assert page.url.endswith("/status/your-report"), error_texts(page)
    checked(page, lang)
    no_report_content(page)
    db.session.expire_all()
    withdrawn = db.session.get(Submission, submission.id)
    assert withdrawn is not None
    assert (withdrawn.anonymous, withdrawn.contact, withdrawn.channel) == (True, None, Channel.NONE)
    events = db.session.scalars(
        select(OutboxMessage.event).where(
            OutboxMessage.submission_id == submission.id, OutboxMessage.event == IntakeEvent.CONTACT_CHANGED
        )
    ).all()
    assert len(events) == 2

    # Sign out ends the status session.
    click_and_wait(page, page.locator("form[action='/status/sign-out'] button"))
    assert page.url.endswith("/status/signed-out")
    checked(page, lang)
    page.goto(f"{live_server.url}/status/your-report")
    page.wait_for_load_state()
    assert page.url.endswith("/status/")

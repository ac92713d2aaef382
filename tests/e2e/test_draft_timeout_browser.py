"""The warning before a journey's answers are deleted, in a real browser: with a short draft
lifetime (3 minutes, warning 1 minute before), the question page opens a modal dialog when the
warning is due, moves focus to its "Continue" button (a dialog named by its heading, so screen
readers announce it), and pressing that button extends the draft on the server, so the next
Continue on the page works. Left alone, the page goes to the "answers deleted" page.

The browser's clock is Playwright's fake clock, moved forward instead of waited for; the
server's side of that time is the draft's expiry moved in the database to match."""

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Draft, utcnow
from tests.e2e.conftest import assert_accessible, continue_, fill

LIFETIME_MINUTES = 3
WARNING_MINUTES = 1


@pytest.fixture
def short_drafts(app: Flask) -> Flask:
    app.config["DRAFT_LIFETIME_MINUTES"] = LIFETIME_MINUTES
    app.config["DRAFT_WARNING_MINUTES"] = WARNING_MINUTES
    return app


def _draft() -> Draft:
    db.session.expire_all()
    draft = db.session.scalar(select(Draft))
    assert draft is not None
    return draft


def _time_passes(page: Any, seconds: int) -> None:
    """`seconds` pass for the browser, and for the draft on the server."""
    draft = _draft()
    draft.expires_at -= timedelta(seconds=seconds)
    db.session.commit()
    page.clock.fast_forward(seconds * 1000)


def _open_question(page: Any, url: str) -> Any:
    page.clock.install()
    page.goto(url)
    page.wait_for_load_state()
    dialog = page.locator("dialog[data-module='app-draft-timeout']")
    assert dialog.count() == 1
    assert not dialog.is_visible()
    return dialog


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_warning_appears_and_continue_keeps_the_answers(short_drafts: Flask, live_server, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_question(page, f"{live_server.url}/report/in-danger?lang={lang}")
    # Not yet: half a minute before the warning is due.
    _time_passes(page, 90)
    assert not dialog.is_visible()
    _time_passes(page, 31)
    dialog.wait_for(state="visible")
    heading = page.locator("#draft-timeout-heading").inner_text()
    # A modal dialog named by its heading, with focus on its button.
    assert page.get_by_role("dialog", name=heading).is_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    if lang == "en":
        assert heading == "Your answers will be deleted soon"
        assert page.evaluate("document.activeElement.innerText.trim()") == "Continue"
    assert_accessible(page)
    left_before = _draft().expires_at - utcnow()
    assert left_before < timedelta(minutes=1)

    # Press the focused "Continue" with the keyboard: the draft is extended on the server.
    with page.expect_response(lambda r: r.url.endswith("/report/keep-my-answers")) as extended:
        page.keyboard.press("Enter")
    assert extended.value.status == 200
    dialog.wait_for(state="hidden")
    assert _draft().expires_at - utcnow() > timedelta(minutes=LIFETIME_MINUTES) - timedelta(seconds=10)

    # More than the old time left passes (not yet the next warning): the page stays, and its
    # Continue works.
    _time_passes(page, 90)
    assert not dialog.is_visible()
    assert page.url.split("?")[0].endswith("/report/in-danger")
    fill(page, {"in_danger": "no"})
    continue_(page)
    assert page.url.endswith("/report/who"), page.url


def test_without_continue_the_answers_are_deleted(short_drafts: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_question(page, f"{live_server.url}/report/in-danger")
    _time_passes(page, 121)
    dialog.wait_for(state="visible")
    with page.expect_navigation():
        _time_passes(page, 60)
    page.wait_for_load_state()
    assert page.url.endswith("/report/session-expired")
    assert page.locator("h1").inner_text() == "Your answers have been deleted"


def test_the_warning_on_check_answers(short_drafts: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    from tests.journey import minimal_report_answers

    page.goto(f"{live_server.url}/report/in-danger")
    for name, data in minimal_report_answers("Shouting in the street.", named=False):
        assert page.url.endswith(f"/report/{name}")
        fill(page, data)
        continue_(page)
    assert page.url.endswith("/report/check-answers")
    dialog = _open_question(page, page.url)
    _time_passes(page, 121)
    dialog.wait_for(state="visible")
    with page.expect_response(lambda r: r.url.endswith("/report/keep-my-answers")) as extended:
        page.locator("dialog button").click()
    assert extended.value.status == 200
    dialog.wait_for(state="hidden")
    _time_passes(page, 90)
    with page.expect_navigation():
        page.locator("form#send button").click()
    assert page.url.endswith("/report/confirmation")


def test_the_status_page_warning_still_works(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    """status-timeout.js shares the timer (timeout.js) with the draft warning."""
    from portal.constants import Channel, SubmissionKind
    from portal.core.submissions import NewSubmission, store_submission

    _submission, code = store_submission(
        NewSubmission(
            kind=SubmissionKind.REPORT,
            language="en",
            channel=Channel.NONE,
            anonymous=True,
            answers={"what_happened": "Shouting in the street"},
            is_hate=True,
        ),
        None,
    )
    db.session.commit()
    page.clock.install()
    page.goto(f"{live_server.url}/status/")
    page.locator("#tracking_code").fill(code)
    with page.expect_navigation():
        page.locator("main form button.govuk-button").click()
    page.wait_for_load_state()
    assert page.url.endswith("/status/your-report")
    warning = page.locator(".app-status-session__warning")
    assert warning.inner_text() == ""
    idle = app.config["STATUS_IDLE_MINUTES"] * 60
    warn = app.config["STATUS_IDLE_WARNING_MINUTES"] * 60
    page.clock.fast_forward((idle - warn + 1) * 1000)
    page.wait_for_function("document.querySelector('.app-status-session__warning').textContent !== ''")
    assert warning.inner_text().startswith("You will be signed out in")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Stay signed in"
    with page.expect_navigation():
        page.clock.fast_forward(warn * 1000)
    assert page.url.endswith("/status/session-ended")

"""The spam check in Chromium (portal/bot_check.py, static/spam-check.js): with JavaScript the
report is sent with a solved challenge and stored as checked, with no puzzle and nothing to do;
a tampered solution is refused with the message and the answers kept; without JavaScript the
report is stored, marked as sent without the check. Every page is checked with axe-core."""

import html
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.bot_check import UsedChallenge
from portal.extensions import db
from portal.models import Submission
from tests.e2e.conftest import assert_accessible, click_and_wait, continue_, fill
from tests.e2e.wcag22 import assert_wcag22
from tests.journey import minimal_report_answers

pytestmark = pytest.mark.browser

DESCRIPTION = "Someone spat at me at the bus stop."
REFUSED = "We could not check that a person sent this. Your answers are saved. Select the button again."


def to_check_answers(page: Any, base: str) -> None:
    page.goto(f"{base}/report/in-danger")
    for name, data in minimal_report_answers(DESCRIPTION, named=False):
        assert page.url.endswith(f"/report/{name}"), (page.url, name)
        fill(page, data)
        continue_(page)
    assert page.url.endswith("/report/check-answers")


def wait_until_solved(page: Any) -> str:
    page.wait_for_function("() => document.querySelector('input[name=altcha]').value !== ''", timeout=60_000)
    return str(page.locator("input[name=altcha]").input_value())


def stored() -> list[Submission]:
    db.session.rollback()  # read what the live server committed
    return list(db.session.scalars(select(Submission)))


def test_with_javascript_the_report_is_sent_checked_without_a_puzzle(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    to_check_answers(page, live_server.url)
    # Nothing to see or do: no checkbox, no puzzle; the honeypot is clipped to nothing and unreachable.
    spam_check = page.locator("[data-module='app-spam-check']")
    assert spam_check.inner_text().strip() == ""
    box = page.locator(".app-honeypot").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    assert page.locator(".app-honeypot").evaluate("e => getComputedStyle(e).clipPath") == "inset(50%)"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("form#send input[type=checkbox]").count() == 0
    assert_accessible(page)
    assert_wcag22(page)
    wait_until_solved(page)
    assert page.locator("form#send input[name=js]").input_value() == "1"
    click_and_wait(page, page.locator("form#send button"))
    assert page.locator("h1").inner_text().strip() == "Report sent"
    assert_accessible(page)
    [submission] = stored()
    assert submission.spam_check_skipped is False
    assert db.session.scalar(select(func.count()).select_from(UsedChallenge)) == 1


def test_a_tampered_solution_is_refused_and_the_report_can_still_be_sent(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    to_check_answers(page, live_server.url)
    solved = wait_until_solved(page)
    # Someone (or something) changed the solution before sending: the number is one out.
    page.evaluate(
        """(solved) => {
            const payload = JSON.parse(atob(solved))
            payload.number += 1
            document.querySelector('input[name=altcha]').value = btoa(JSON.stringify(payload))
        }""",
        solved,
    )
    click_and_wait(page, page.locator("form#send button"))
    assert page.url.endswith("/report/check-answers")
    assert page.locator(".govuk-error-summary__list").inner_text().strip() == REFUSED
    assert page.title().startswith("Error:")
    assert DESCRIPTION in page.locator(".govuk-summary-list").first.inner_text()
    assert_accessible(page)
    assert_wcag22(page)
    assert stored() == []
    # Selecting the button again sends it: the page came back with a new challenge, solved anew.
    assert wait_until_solved(page) != solved
    click_and_wait(page, page.locator("form#send button"))
    assert page.locator("h1").inner_text().strip() == "Report sent"
    [submission] = stored()
    assert submission.spam_check_skipped is False


def test_without_javascript_the_report_is_stored_as_sent_without_the_check(app: Flask, live_server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        to_check_answers(page, live_server.url)
        assert page.locator("form#send input[name=js]").count() == 0
        assert page.locator("input[name=altcha]").input_value() == ""
        # (axe-core needs JavaScript; the same pages are checked with it in the tests above.)
        click_and_wait(page, page.locator("form#send button"))
        assert page.locator("h1").inner_text().strip() == "Report sent"
    finally:
        context.close()
    [submission] = stored()
    assert submission.spam_check_skipped is True


def slow_challenge(app: Flask) -> str:
    """One of our challenges whose answer is its very last number: solving takes a while."""
    from altcha import ChallengeOptionsV1, create_challenge_v1

    from portal.bot_check import _key
    from portal.models import utcnow

    with app.test_request_context():
        options = ChallengeOptionsV1(
            max_number=300_000, number=300_000, hmac_key=_key(), expires=utcnow() + timedelta(minutes=5)
        )
        return json.dumps(create_challenge_v1(options).to_dict())


def test_sending_before_the_check_is_done_waits_and_then_sends(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    slow = slow_challenge(app)

    def with_slow_challenge(route: Any) -> None:
        if route.request.method != "GET":
            route.continue_()
            return
        response = route.fetch()
        body = re.sub(r'data-challenge="[^"]*"', f'data-challenge="{html.escape(slow)}"', response.text())
        route.fulfill(response=response, body=body)

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    to_check_answers(page, live_server.url)
    # (A page reached through a redirect is not routed: open it again directly.)
    page.route("**/report/check-answers", with_slow_challenge)
    page.goto(f"{live_server.url}/report/check-answers")
    assert page.locator("input[name=altcha]").input_value() == ""
    assert not errors
    assert json.loads(
        str(page.locator("[data-module='app-spam-check']").get_attribute("data-challenge"))
    ) == json.loads(slow)
    with page.expect_navigation(timeout=120_000):
        page.locator("form#send button").click()
        # Screen readers hear that something is happening; nothing else changes on screen.
        status = page.locator("[data-spam-check-status]")
        assert status.text_content() == "Checking…"
        assert status.get_attribute("role") == "status"
    assert page.locator("h1").inner_text().strip() == "Report sent"
    [submission] = stored()
    assert submission.spam_check_skipped is False

"""A duty-desk user enters a report taken by phone, in a real browser with axe-core on every
page: the entry page and its error state, the report's own question pages with the staff banner,
the confirmation with the tracking code to read out, and that code opening /status/ in the
reporter's own browser."""

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.constants import EntryChannel, Route
from portal.extensions import db
from portal.models import Submission
from portal.reporting.views import report_journey
from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, assert_error_state, click_and_wait, continue_, error_texts, fill
from tests.journey import minimal_report_answers

pytestmark = pytest.mark.browser


def checked(page: Any, *, error: bool = False) -> None:
    assert_error_state(page, error)
    assert_accessible(page)


def test_a_phone_report_entered_at_the_duty_desk(app: Flask, live_server, page, browser) -> None:  # type: ignore[no-untyped-def]
    caseworker = make_user(email="casey@example.org", name="Casey Worker")
    base = live_server.url
    page.goto(f"{base}/duty-desk/sign-in")
    page.locator("#email").fill(caseworker.email)
    page.locator("#password").fill(STAFF_PASSWORD)
    click_and_wait(page, page.locator("main form button.govuk-button"))

    click_and_wait(page, page.locator("#enter-for-someone"))
    checked(page)
    continue_(page)
    checked(page, error=True)
    assert len(error_texts(page)) == 2
    fill(page, {"journey": "report", "channel": "phone"})
    continue_(page)
    assert page.url.endswith("/report/")
    click_and_wait(page, page.locator("main a.govuk-button--start"))

    answers = dict(minimal_report_answers("Loud music every night from the flat above.", named=True))
    for name in [item.name for item in report_journey.pages]:
        if not page.url.split("?")[0].endswith(f"/report/{name}"):
            continue
        checked(page)
        assert "Casey Worker" in page.locator("#staff-entry").inner_text()
        fill(page, answers.get(name, {}))
        continue_(page)
    assert page.url.endswith("/report/check-answers"), page.url
    checked(page)
    continue_(page)
    assert page.url.endswith("/report/confirmation")
    checked(page)
    assert "Read the reference and the tracking code out" in page.locator("#staff-entered").inner_text()
    code = page.locator("#tracking-code").inner_text().strip()

    stored = db.session.scalars(select(Submission)).one()
    assert (stored.route, stored.entry_channel, stored.entered_by_id) == (
        Route.STAFF,
        EntryChannel.PHONE,
        caseworker.id,
    )

    # The reporter, in their own browser, opens /status/ with the code read out to them.
    context = browser.new_context(locale="en-GB")
    reporter = context.new_page()
    reporter.goto(f"{base}/status/")
    reporter.locator("#tracking_code").fill(code)
    click_and_wait(reporter, reporter.locator("main form button.govuk-button"))
    assert reporter.url.endswith("/status/your-report")
    assert stored.reference in reporter.locator(".govuk-caption-l").inner_text()
    assert_accessible(reporter)
    context.close()

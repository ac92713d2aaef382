"""The walking skeleton in a real browser, in English and in Arabic, checked with axe-core on
every page: report anonymously, the worker delivers, the duty desk posts an update, the
reporter reads it with the tracking code."""

import pytest
from flask import Flask

from portal.intake.worker import run_once
from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, click_and_wait, continue_, fill
from tests.journey import minimal_report_answers

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"start": "Start a report", "continue": "Continue", "send": "Send report", "dir": "ltr"},
    "ar": {"dir": "rtl"},
}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_walking_skeleton_in_a_browser(app: Flask, live_server, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    visited = []

    def visit_check() -> None:
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == TEXT[lang]["dir"]
        assert_accessible(page)
        visited.append(page.url)

    page.goto(f"{live_server.url}/?lang={lang}")
    visit_check()
    heading = page.locator("h1").inner_text()
    # The page really is in the language: Arabic text, not the English left untranslated.
    assert (heading == "Report a hate incident or anti-social behaviour") == (lang == "en"), heading
    click_and_wait(page, page.locator("a.govuk-button--start").first)
    visit_check()
    click_and_wait(page, page.locator("a.govuk-button--start"))
    visit_check()
    # An empty answer shows the error summary and the page stays accessible.
    continue_(page)
    assert page.locator(".govuk-error-summary").is_visible()
    visit_check()
    for name, data in minimal_report_answers("Stones thrown at my window, shouting about my religion.", named=False):
        assert page.url.endswith(f"/report/{name}"), (page.url, name)
        fill(page, data)
        continue_(page)
        visit_check()
    assert page.url.endswith("/report/check-answers")
    assert "Stones thrown at my window" in page.locator(".govuk-summary-list").first.inner_text()
    click_and_wait(page, page.locator("form#send button"))
    visit_check()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(reference) == 9 and len(code) == 22

    assert [o.status for o in run_once()] == ["delivered"]

    staff = make_user(email=f"desk-{lang}@example.org")
    page.goto(f"{live_server.url}/duty-desk/sign-in?lang={lang}")
    visit_check()
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(STAFF_PASSWORD)
    click_and_wait(page, page.locator("form button.govuk-button"))
    visit_check()
    click_and_wait(page, page.locator(f"a:has-text('{reference}')"))
    visit_check()
    page.locator("input[name=kind][value=update]").check()
    page.locator("textarea[name=message]").fill("A caseworker will call you tomorrow.")
    click_and_wait(page, page.locator("form:has(textarea[name=message]) button"))
    visit_check()
    assert "A caseworker will call you tomorrow." in page.locator(".app-timeline").inner_text()
    click_and_wait(page, page.locator(".app-staff-bar button"))

    page.goto(f"{live_server.url}/status/?lang={lang}")
    visit_check()
    page.locator("#tracking_code").fill(code.lower())
    click_and_wait(page, page.locator("form button.govuk-button"))
    visit_check()
    assert "A caseworker will call you tomorrow." in page.locator(".app-timeline").inner_text()
    assert "Stones thrown" not in page.content()
    assert len(visited) >= 12

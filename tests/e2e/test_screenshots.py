"""Screenshots for reviewers (`make screenshots`): the start page, a question page with an error
and the confirmation page, in English and Arabic, written to docs/screenshots/."""

from pathlib import Path

import pytest
from flask import Flask

from tests.e2e.conftest import assert_accessible, click_and_wait, continue_, fill
from tests.journey import minimal_report_answers

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_screenshots(app: Flask, live_server, browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/?lang={lang}")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / f"start-{lang}.png"), full_page=True)
    page.goto(f"{live_server.url}/report/in-danger")
    continue_(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / f"question-error-{lang}.png"), full_page=True)
    for _name, data in minimal_report_answers("Shouted at on the bus because of my religion.", named=False):
        fill(page, data)
        continue_(page)
    click_and_wait(page, page.locator("form#send button"))
    assert page.locator(".govuk-panel").is_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / f"confirmation-{lang}.png"), full_page=True)
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    for name in ("start", "question-error", "confirmation"):
        assert (SCREENSHOTS / f"{name}-{lang}.png").stat().st_size > 10_000
    context.close()

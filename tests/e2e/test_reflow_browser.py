"""Reflow (WCAG 1.4.10) and text resize (WCAG 1.4.4) in a real browser, in English and Arabic:
the start page, question pages with an error, check answers (with a long unbroken word in the
description), the confirmation (reference and tracking code) and the status page.

Two ways of viewing each page:
- 320 CSS pixels wide, which is what a 1280 pixel screen shows at 400% zoom: nothing may
  scroll sideways.
- 1280 pixels wide with the text at 200%. Chromium's text-size setting (Settings > Appearance >
  Font size) sets the root element's default font size, which every rem and em size (all of
  GOV.UK Frontend's type, and portal.css) scales from; headless Chromium cannot change that
  preference from Playwright, so the test sets the same thing directly,
  `document.documentElement.style.fontSize = '200%'`, on every page. (Whole-page zoom at 200%
  is a 640 px wide layout, which the 320 px run already covers.)

On every page, "measured as a screenshot would be": the document is no wider than the window,
no visible element sticks out of the window on either side, no element that hides its overflow
has content wider than its box, and no heading, label, button, error message, summary list
cell or paragraph has text wider than its box (a long word that did not wrap)."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from portal.intake.worker import run_once
from tests.e2e.conftest import click_and_wait, continue_, fill
from tests.journey import minimal_report_answers

pytestmark = pytest.mark.browser

MODES = {
    "320px": {"viewport": {"width": 320, "height": 640}, "text": None},
    "200%-text": {"viewport": {"width": 1280, "height": 800}, "text": "200%"},
}
LONG_WORD = "https://example.org/" + "a-very-long-address-that-someone-pasted-in" * 3

MEASURE = """
() => {
  const W = window.innerWidth
  const problems = []
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
  if (document.documentElement.scrollWidth > W) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${W}`)
  }
  const skip = (e) => e.closest(
    '.govuk-visually-hidden, .govuk-visually-hidden-focusable, .govuk-skip-link, .app-honeypot, [hidden], dialog:not([open]), script, style')
  const TEXT = 'h1, h2, h3, h4, p, li, label, legend, button, dt, dd, th, td, caption, summary, ' +
    '.govuk-error-message, .govuk-error-summary__list a, .govuk-hint, .govuk-button, .govuk-panel__body strong, ' +
    '.app-tracking-code, .govuk-summary-list__value, .govuk-summary-list__key'
  for (const e of document.body.querySelectorAll('*')) {
    if (skip(e)) continue
    const style = getComputedStyle(e)
    if (style.display === 'none' || style.visibility === 'hidden') continue
    const box = e.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    if (box.right > W + 1 || box.left < -1) {
      problems.push(`${name(e)} is outside the window: ${Math.round(box.left)}..${Math.round(box.right)} of ${W}`)
    }
    const hides = style.overflowX !== 'visible'
    const formControl = ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)
    const blockText = e.matches(TEXT) && style.display !== 'inline'
    if (formControl || !(hides || blockText) || !e.textContent.trim()) continue
    // Where its visible text really is (not decorative pseudo-elements, nor the text of
    // visually hidden parts, which is clipped to one pixel on purpose).
    const content = { left: Infinity, right: -Infinity, width: 0 }
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || skip(node.parentElement)) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const rect of range.getClientRects()) {
        if (!rect.width) continue
        content.left = Math.min(content.left, rect.left)
        content.right = Math.max(content.right, rect.right)
        content.width = content.right - content.left
      }
    }
    if (content.width && (content.right > box.right + 1 || content.left < box.left - 1)) {
      problems.push(`${name(e)} text is cut off or sticks out: ` +
        `${Math.round(content.left)}..${Math.round(content.right)} in ${Math.round(box.left)}..${Math.round(box.right)}`)
    }
  }
  return problems
}
"""


@pytest.fixture(params=list(MODES))
def view(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    mode = MODES[request.param]
    context = browser.new_context(locale="en-GB", viewport=mode["viewport"])
    if mode["text"]:
        # Every page, before its first paint where possible (CSSOM changes are allowed by the CSP).
        context.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => {"
            f"document.documentElement.style.fontSize = '{mode['text']}' }})"
        )
    page = context.new_page()
    yield request.param, page
    context.close()


def check_reflow(page: Any, mode: str, what: str) -> None:
    if MODES[mode]["text"]:
        assert page.evaluate("document.documentElement.style.fontSize") == MODES[mode]["text"]
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 32
    assert page.evaluate("window.innerWidth") == MODES[mode]["viewport"]["width"]
    problems = page.evaluate(MEASURE)
    assert not problems, f"{what} ({mode}, {page.url}): {problems[:8]}"


# English and Arabic in both ways of viewing; Kurdish (Sorani) and Urdu (whose Nastaliq lines
# are the tallest) at 320 px, by default, so the run stays short. E2E_LANGS=cy,fa checks other
# languages in both ways instead.
RUNS = (
    [(mode, lang) for lang in os.environ["E2E_LANGS"].split(",") for mode in MODES]
    if os.environ.get("E2E_LANGS")
    else [(mode, lang) for lang in ("en", "ar") for mode in MODES] + [("320px", "ckb"), ("320px", "ur")]
)


@pytest.mark.parametrize(("view", "lang"), RUNS, indirect=["view"], ids=[f"{mode}-{lang}" for mode, lang in RUNS])
def test_pages_reflow(app: Flask, live_server, view: tuple[str, Any], lang: str) -> None:  # type: ignore[no-untyped-def]
    mode, page = view
    page.goto(f"{live_server.url}/?lang={lang}")
    page.wait_for_load_state()
    check_reflow(page, mode, "home page")
    click_and_wait(page, page.locator("a.govuk-button--start").first)
    check_reflow(page, mode, "reporting start page")
    click_and_wait(page, page.locator("a.govuk-button--start"))
    continue_(page)
    assert page.locator(".govuk-error-summary").is_visible()
    check_reflow(page, mode, "question page with an error")
    for name, data in minimal_report_answers(f"Someone wrote {LONG_WORD} on my door.", named=False):
        assert page.url.endswith(f"/report/{name}"), (page.url, name)
        if name == "when":
            continue_(page)
            assert page.locator(".govuk-error-summary").is_visible()
            check_reflow(page, mode, "date question with an error")
        fill(page, data)
        continue_(page)
    assert page.url.endswith("/report/check-answers")
    assert LONG_WORD in page.locator(".govuk-summary-list").inner_text()
    check_reflow(page, mode, "check answers")
    click_and_wait(page, page.locator("form#send button"))
    assert page.url.endswith("/report/confirmation")
    check_reflow(page, mode, "confirmation")
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 22

    assert [o.status for o in run_once()] == ["delivered"]
    page.goto(f"{live_server.url}/status/")
    page.wait_for_load_state()
    check_reflow(page, mode, "status look-up")
    page.locator("#tracking_code").fill(code)
    click_and_wait(page, page.locator("main form button.govuk-button"))
    assert page.url.endswith("/status/your-report")
    check_reflow(page, mode, "status page")

"""'Exit this page' in a real browser, by its button and by pressing Shift three times.

The configured exit page (EXIT_PAGE_URL, an external site by default) is pointed at a local
stand-in served on loopback by a second server that shares nothing with the portal. After the
exit the tab shows that neutral page, and the page that was open is gone from the tab's
history: the portal's app.js makes GOV.UK Frontend leave with location.replace() (Frontend 6.3
itself assigns location.href, which adds an entry), so history.length does not grow, there is
nothing to go forward to, and Back never shows the report page again. The exit also goes
through the portal's /exit, which forgets the session, so a portal page that was open *before*
the report (browsers cannot remove earlier entries) shows no answers when Back reaches it."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.e2e.conftest import click_and_wait, continue_, fill

pytestmark = pytest.mark.browser

NEUTRAL_TITLE = "Weather forecast"


@Request.application
def neutral_site(request: Request) -> Response:
    html = f"<!DOCTYPE html><html lang='en'><title>{NEUTRAL_TITLE}</title><h1>{NEUTRAL_TITLE}</h1></html>"
    return Response(html, mimetype="text/html")


@pytest.fixture
def neutral(app: Flask) -> Iterator[str]:
    """A neutral site on loopback, set as the exit page."""
    server = make_server("127.0.0.1", 0, neutral_site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    # The default exit page is an external site, which these tests may not reach.
    assert app.config["EXIT_PAGE_URL"].startswith("https://")
    app.config["EXIT_PAGE_URL"] = f"{url}/weather"
    yield url
    server.shutdown()
    thread.join(timeout=5)


def _ready(page: Any) -> None:
    page.wait_for_load_state()
    # GOV.UK Frontend has set the component up (it marks the root when it has).
    page.wait_for_selector("[data-govuk-exit-this-page-init]", state="attached")


def _start_a_report(page: Any, portal: str, neutral: str, lang: str = "en") -> int:
    """Come from a neutral site, open the portal, answer the first question; returns the
    history length on the second question page."""
    page.goto(f"{neutral}/search")
    page.goto(f"{portal}/?lang={lang}")
    page.wait_for_load_state()
    click_and_wait(page, page.locator("a.govuk-button--start").first)
    click_and_wait(page, page.locator("a.govuk-button--start"))
    assert page.url.endswith("/report/in-danger"), page.url
    fill(page, {"in_danger": "no"})
    continue_(page)
    assert page.url.endswith("/report/who"), page.url
    _ready(page)
    return int(page.evaluate("history.length"))


def _check_left(page: Any, portal: str, neutral: str, length_before: int) -> None:
    page.wait_for_url(f"{neutral}/weather")
    page.wait_for_load_state()
    assert page.title() == NEUTRAL_TITLE
    # The neutral page took the report page's place: no entry added, nothing ahead of it.
    assert page.evaluate("history.length") == length_before
    assert page.go_forward() is None
    assert page.url == f"{neutral}/weather"
    # Back reaches the page before the report page, never the report page itself, and the
    # answer given there is forgotten.
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{portal}/report/in-danger", page.url
    assert page.locator("input[name=in_danger]:checked").count() == 0
    # Forward again goes to the neutral page, not to the report page.
    page.go_forward()
    page.wait_for_load_state()
    assert page.url == f"{neutral}/weather"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_exit_by_the_button(app: Flask, live_server, neutral: str, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    length = _start_a_report(page, live_server.url, neutral, lang)
    page.locator(".govuk-exit-this-page__button").click()
    _check_left(page, live_server.url, neutral, length)


def test_exit_by_pressing_shift_three_times(app: Flask, live_server, neutral: str, page) -> None:  # type: ignore[no-untyped-def]
    length = _start_a_report(page, live_server.url, neutral)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    # Two presses only announce what the third will do (role=status, read by screen readers).
    status = page.locator(".govuk-exit-this-page [role=status]")
    assert status.inner_text() == "Shift, press 1 more time to exit."
    assert page.url.endswith("/report/who")
    page.keyboard.press("Shift")
    _check_left(page, live_server.url, neutral, length)


def test_exit_from_a_page_opened_from_a_neutral_site_leaves_only_neutral_pages(  # type: ignore[no-untyped-def]
    app: Flask, live_server, neutral: str, page
) -> None:
    """Someone who opened a portal page straight from a neutral site: after the exit, every
    page left in the tab's history is neutral."""
    page.goto(f"{neutral}/search")
    page.goto(f"{live_server.url}/status/")
    _ready(page)
    length = page.evaluate("history.length")
    page.locator(".govuk-exit-this-page__button").click()
    page.wait_for_url(f"{neutral}/weather")
    assert page.evaluate("history.length") == length
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{neutral}/search"
    assert page.title() == NEUTRAL_TITLE
    # Further back there is only the tab's blank first page, never the portal.
    while page.go_back() is not None:
        assert not page.url.startswith(live_server.url), page.url


def test_exit_forgets_the_session_and_the_language(app: Flask, live_server, neutral: str, page) -> None:  # type: ignore[no-untyped-def]
    """The tab keeps no portal cookie that would show someone else the report was started."""
    _start_a_report(page, live_server.url, neutral, "ar")
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert {"sitc_session", "sitc_lang"} <= names
    page.locator(".govuk-exit-this-page__button").click()
    page.wait_for_url(f"{neutral}/weather")
    assert not {cookie["name"] for cookie in page.context.cookies()} & {"sitc_session", "sitc_lang"}

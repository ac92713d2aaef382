"""Browser tests: Debian's Chromium driven by Playwright against the app served on loopback,
with axe-core (the copy shipped in the axe-playwright-python wheel) run on every page visited.

Every test here is marked `browser` (`pytestmark = pytest.mark.browser` in its module); the
`browser` and `page` fixtures refuse a test without it. One Chromium is started per pytest-xdist
worker and reused by all of that worker's tests; each test gets a fresh context (its own
cookies, storage and history). Skipped, with the reason shown, when Chromium is not installed;
`.ci/run` makes sure it is and fails if any test was skipped there."""

import os
import shutil
import threading
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.services import require_marker

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_JS = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


class LiveServer:
    def __init__(self, app: Flask):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """This worker's one Chromium, started on first use; use the `browser` fixture."""
    if not HAVE_CHROMIUM:
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Any:
    require_marker(request, "browser")
    return request.getfixturevalue("chromium")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def _is_known_frontend_exception(violation: dict[str, Any]) -> bool:
    """GOV.UK Frontend sets aria-expanded on radios and checkboxes that reveal a conditional
    question, on purpose (alphagov/govuk-frontend #979, #1280). Only that exact case is let through."""
    if violation["id"] != "aria-allowed-attr":
        return False
    return all(
        any(sel.startswith("#") for sel in node["target"])
        and "aria-expanded" in node["html"]
        and ("govuk-radios__input" in node["html"] or "govuk-checkboxes__input" in node["html"])
        for node in violation["nodes"]
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.evaluate(AXE_JS)
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [v for v in results["violations"] if not _is_known_frontend_exception(v)]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not violations, f"axe violations on {page.url}: {summary}"


def fill(page: Any, data: dict[str, Any]) -> None:
    """Answer a question page the way a person would: tick, choose and type."""
    for name, value in data.items():
        if isinstance(value, list):
            for item in value:
                page.locator(f"input[name='{name}'][value='{item}']").check()
            continue
        field = page.locator(f"[name='{name}']")
        kind = field.first.get_attribute("type")
        if kind in ("radio", "checkbox"):
            page.locator(f"input[name='{name}'][value='{value}']").check()
        elif field.first.evaluate("e => e.tagName") == "SELECT":
            field.first.select_option(value)
        else:
            field.first.fill(value)


def continue_(page: Any) -> None:
    """Press the page's main button and wait for the next page to load."""
    with page.expect_navigation():
        page.locator("main form button.govuk-button").last.click()
    page.wait_for_load_state()


def click_and_wait(page: Any, locator: Any) -> None:
    """Click something that loads a new page, and wait until it has."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state()


def assert_error_state(page: Any, error: bool) -> None:
    """With `error`, one GOV.UK error summary, visible and holding the focus; without, none."""
    summary = page.locator(".govuk-error-summary")
    if error:
        assert summary.count() == 1 and summary.is_visible(), f"expected one error summary on {page.url}"
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"
        )
    else:
        assert summary.count() == 0, f"unexpected errors on {page.url}: {summary.all_inner_texts()}"


def error_texts(page: Any) -> list[str]:
    """The error summary's messages, with their white space tidied."""
    return [" ".join(t.split()) for t in page.locator(".govuk-error-summary__list li").all_inner_texts()]

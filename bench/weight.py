"""Weight of every public page on a first visit, measured in a real browser (Debian's Chromium
through Playwright): the HTML document and the total of everything fetched (CSS, JS, fonts,
images), as transferred, that is compressed where the server compressed it.

Chromium over plain HTTP on 127.0.0.1 asks for gzip and deflate only (brotli is offered on
HTTPS), so these are gzip figures; behind the TLS proxy brotli makes them smaller still."""

from __future__ import annotations

import os
import shutil

PAGES = [
    "/",
    "/report/in-danger",
    "/status/",
    "/community-trigger/",
    "/community-trigger/figures",
    "/other-ways-to-report",
    "/accessibility",
    "/privacy",
    "/cookies",
    "/partners/sign-in",
]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


class Collected(list):
    """Every response of one page load (a callable list, as Playwright wants a function)."""

    def __call__(self, response: object) -> None:
        self.append(response)


def measure(base_url: str, pages: list[str] = PAGES) -> dict[str, tuple[int, int, int]]:
    """path: (HTML bytes transferred, total bytes transferred, number of requests)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for path in pages:
                context = browser.new_context()  # a first visit: empty cache, no cookies
                page = context.new_page()
                responses = Collected()
                page.on("response", responses)
                page.goto(base_url + path, wait_until="load")
                page.wait_for_load_state("networkidle")
                html = total = 0
                for response in responses:
                    sizes = response.request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    total += size
                    if response.request.resource_type == "document":
                        html += size
                results[path] = (html, total, len(responses))
                context.close()
        finally:
            browser.close()
    return results

"""The language chooser with every configured language (fifteen) on a 320 px screen, in Debian's
Chromium: every language is there, visible, inside the window, at least 24 by 24 CSS pixels
(WCAG 2.2 target size, 2.5.8) and not overlapping another, on a left-to-right page and on pages
in the right-to-left languages, with axe-core finding nothing."""

from typing import Any

import pytest
from flask import Flask

from portal.languages import BY_CODE
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser

MEASURE = """
() => Array.from(document.querySelectorAll('.app-language-switcher__item > a, .app-language-switcher__current'))
  .map(e => {
    const box = e.getBoundingClientRect()
    const style = getComputedStyle(e)
    return {
      name: e.textContent.trim(), lang: e.getAttribute('lang'), left: box.left, right: box.right,
      top: box.top, bottom: box.bottom, width: box.width, height: box.height,
      visible: style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0,
    }
  })
"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


@pytest.mark.parametrize("lang", ["en", "ar", "ckb", "ur"])
def test_every_language_is_an_easy_target_at_320px(app: Flask, live_server: Any, browser: Any, lang: str) -> None:
    offered = app.config["LANGUAGES"]
    assert len(offered) >= 15
    context = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/?lang={lang}")
        page.wait_for_load_state()
        targets = page.evaluate(MEASURE)
        assert sorted(target["lang"] for target in targets) == sorted(BY_CODE[code].html_lang for code in offered)
        for target in targets:
            assert target["visible"], f"{target['name']} is not visible"
            assert target["left"] >= -0.5 and target["right"] <= 320.5, (
                f"{target['name']} is outside the window: {target}"
            )
            assert target["width"] >= 24 and target["height"] >= 24, f"{target['name']} is smaller than 24x24: {target}"
        for index, first in enumerate(targets):
            for second in targets[index + 1 :]:
                assert not _overlap(first, second), f"{first['name']} and {second['name']} overlap"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert_accessible(page)
    finally:
        context.close()

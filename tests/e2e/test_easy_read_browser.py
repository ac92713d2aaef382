"""The Easy Read pages in Debian's Chromium, in English and Arabic: axe-core (WCAG 2.2 AA) with
no violation, `<html lang>` and `dir` right, every picture loaded with its alt text, the text at
14pt or more (18.67 CSS px) and aligned to the start of the line, and each point's picture at
the start of its line (left in English, right in Arabic), at 320 px and at desktop width."""

from typing import Any

import pytest

from portal.languages import BY_CODE
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser

PAGES = ["/easy-read/", "/easy-read/report", "/easy-read/community-trigger", "/easy-read/status"]
FOURTEEN_POINT_PX = 14 * 96 / 72

MEASURE = """
() => {
  const rtl = document.documentElement.dir === 'rtl'
  const text = Array.from(document.querySelectorAll('main .app-easy-read p, main .app-easy-read li'))
    .filter(e => e.offsetParent !== null)
    .map(e => {
      const style = getComputedStyle(e)
      return {text: e.innerText.slice(0, 40), size: parseFloat(style.fontSize), align: style.textAlign}
    })
  const points = Array.from(document.querySelectorAll('.app-easy-read__point')).map(point => {
    const picture = point.querySelector('img').getBoundingClientRect()
    const lines = point.querySelector('.app-easy-read__lines').getBoundingClientRect()
    return rtl ? picture.left >= lines.right - 1 : picture.right <= lines.left + 1
  })
  const pictures = Array.from(document.querySelectorAll('main img')).map(img => ({
    src: img.getAttribute('src'), alt: img.alt, loaded: img.complete && img.naturalWidth > 0
  }))
  return {text, points, pictures, wide: document.documentElement.scrollWidth > window.innerWidth}
}
"""


@pytest.mark.parametrize("width", [320, 1024])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_easy_read_pages_are_accessible(live_server: Any, browser: Any, lang: str, width: int) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800})
    page = context.new_page()
    language = BY_CODE[lang]
    try:
        for path in PAGES:
            page.goto(f"{live_server.url}{path}?lang={lang}")
            page.wait_for_load_state()
            html = page.locator("html")
            assert html.get_attribute("lang") == language.html_lang
            assert html.get_attribute("dir") == ("rtl" if language.rtl else "ltr")
            assert_accessible(page)
            found = page.evaluate(MEASURE)
            assert not found["wide"], f"{path} scrolls sideways at {width}px"
            assert len(found["pictures"]) >= 8
            for picture in found["pictures"]:
                assert picture["loaded"] and picture["alt"].strip(), picture
            assert found["points"] and all(found["points"]), f"a picture is not at the start of its line on {path}"
            small = [item for item in found["text"] if item["size"] < FOURTEEN_POINT_PX - 0.01]
            assert not small, f"text under 14pt on {path}: {small[:3]}"
            aligned = {item["align"] for item in found["text"]}
            assert aligned <= {"start", "left" if not language.rtl else "right"}, aligned
    finally:
        context.close()

"""Kurdish (Sorani) and Urdu pages: right to left, the language's own tag, translated text in
Arabic script, the notice that the translation awaits review, and dates written by Babel in the
language's own way."""

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.template_helpers import long_date
from tests.pages import check_page

NEW_LANGUAGES = {"ckb": "کوردی (سۆرانی)", "ur": "اردو"}
PAGES = ["/", "/report/", "/community-trigger/", "/status/", "/other-ways-to-report", "/privacy", "/accessibility"]


def _arabic_script_share(text: str, app: Flask) -> float:
    """The share of letters in Arabic script, leaving out the council's and the service's names."""
    for name in (app.config["SERVICE_NAME"], app.config["COUNCIL_NAME"]):
        text = text.replace(name, "")
    letters = [char for char in text if char.isalpha()]
    return sum("\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff" for char in letters) / len(letters)


@pytest.mark.parametrize("lang", sorted(NEW_LANGUAGES))
@pytest.mark.parametrize("path", PAGES)
def test_page_is_right_to_left_and_translated(app: Flask, client: FlaskClient, lang: str, path: str) -> None:
    page = check_page(client.get(f"{path}?lang={lang}", follow_redirects=True), lang=lang)
    html = page.one("html")
    assert (html["lang"], html["dir"]) == (lang, "rtl")
    assert page.all('link[href$="portal-rtl.css"]'), "right-to-left pages need the RTL stylesheet"
    assert _arabic_script_share(page.h1, app) > 0.8, page.h1
    assert _arabic_script_share(page.text("main"), app) > 0.8
    assert page.all(".app-translation-notice"), "an unreviewed translation must say so"


def test_chooser_names_the_new_languages_in_themselves(client: FlaskClient) -> None:
    page = check_page(client.get("/?lang=en"))
    links = {a["lang"]: a.get_text(strip=True) for a in page.all(".app-language-switcher a")}
    for code, name in NEW_LANGUAGES.items():
        assert links[code] == name
    current = check_page(client.get("/?lang=ur")).one(".app-language-switcher [aria-current]")
    assert (current["lang"], current.get_text(strip=True)) == ("ur", "اردو")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ckb", "7ی کانونی یەکەمی 2026"), ("ur", "7 دسمبر، 2026")],
)
def test_dates_are_written_the_languages_way(app: Flask, lang: str, expected: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        assert long_date(date(2026, 12, 7)) == expected

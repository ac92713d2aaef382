"""Panjabi (Gurmukhi) and Ukrainian as a reporter meets them: the pages say so in <html lang>, the
text is in the language's script, the review notice is shown, dates are in the locale's words,
an error page has the translated "Error:" prefix, and a whole report can be sent."""

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.template_helpers import long_date
from tests.journey import answer, submit_minimal_report
from tests.pages import check_page

SCRIPT = {"pa": re.compile("[\u0a00-\u0a7f]"), "uk": re.compile("[\u0400-\u04ff]")}
ERROR_PREFIX = {"pa": "ਗਲਤੀ:", "uk": "Помилка:"}
REVIEW_NOTICE = {"pa": "ਯੋਗ ਅਨੁਵਾਦਕ", "uk": "кваліфікований перекладач"}
MARCH = {"pa": "27 ਮਾਰਚ 2026", "uk": "27 березня 2026"}
PAGES = ["/", "/report/", "/report/in-danger", "/status/", "/community-trigger/", "/accessibility", "/privacy"]


def _share_in_script(text: str, language: str) -> float:
    letters = [char for char in text if char.isalpha()]
    return sum(1 for char in letters if SCRIPT[language].match(char)) / max(len(letters), 1)


@pytest.mark.parametrize("language", ["pa", "uk"])
@pytest.mark.parametrize("path", PAGES)
def test_public_pages_are_in_the_language(client: FlaskClient, language: str, path: str) -> None:
    page = check_page(client.get(f"{path}?lang={language}", follow_redirects=True), lang=language)
    assert SCRIPT[language].search(page.h1), f"{path}: h1 {page.h1!r} is not in {language}"
    main = page.one("main").get_text(" ", strip=True)
    # Service and council names, codes and addresses stay in Latin letters; the rest is translated.
    assert _share_in_script(main, language) > 0.6, f"{path}: too little {language} text: {main[:200]}"
    assert REVIEW_NOTICE[language] in page.html


@pytest.mark.parametrize("language", ["pa", "uk"])
def test_the_chooser_offers_both_by_their_own_names(client: FlaskClient, language: str) -> None:
    page = check_page(client.get(f"/?lang={language}"), lang=language)
    chooser = " ".join(page.soup.select_one(".app-language-switcher").stripped_strings)
    assert "ਪੰਜਾਬੀ" in chooser and "Українська" in chooser


@pytest.mark.parametrize("language", ["pa", "uk"])
def test_an_error_page_has_the_translated_prefix_and_summary(client: FlaskClient, language: str) -> None:
    client.get(f"/?lang={language}")
    response = answer(client, "/report/in-danger", {})
    page = check_page(response, lang=language)
    title = page.soup.find("title").get_text(strip=True)
    assert title.startswith(ERROR_PREFIX[language]), title
    assert page.errors and all(SCRIPT[language].search(error) for error in page.errors), page.errors


@pytest.mark.parametrize("language", ["pa", "uk"])
def test_a_whole_report_can_be_sent(client: FlaskClient, language: str) -> None:
    client.get(f"/?lang={language}")
    confirmation = submit_minimal_report(client)
    assert confirmation.response.request.path != "/report/check-answers", confirmation.errors
    assert SCRIPT[language].search(confirmation.h1), confirmation.h1
    assert confirmation.soup.find("html")["lang"] == language


@pytest.mark.parametrize("language", ["pa", "uk"])
def test_dates_are_written_the_locales_way(app: Flask, language: str) -> None:
    with app.test_request_context(f"/?lang={language}"):
        app.preprocess_request()
        assert long_date(date(2026, 3, 27)).startswith(MARCH[language])

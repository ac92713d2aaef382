"""Save and come back later in a real browser, in English and Arabic, with axe-core on every new
page: a named reporter saves with a link by email, the email arrives at a real SMTP server
(aiosmtpd), the link opens in a fresh browser and, with the email address (a wrong one first),
every answer is back; an anonymous reporter saves with a resume code and goes on in a fresh
browser (a wrong code first gets the clear message); and the downloaded file of answers,
uploaded in a fresh browser (a changed copy first is refused), brings every answer back."""

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_babel import lazy_gettext, refresh

from portal.intake.worker import run_once
from portal.save_return import WRONG_CODE, WRONG_FILE, WRONG_LINK
from tests.e2e.conftest import assert_accessible, assert_error_state, click_and_wait, continue_, error_texts, fill
from tests.journey import minimal_report_answers
from tests.smtp import Inbox
from tests.smtp import smtp as smtp

pytestmark = pytest.mark.browser

STORY = "ZQXSAVED Someone wrote words on my door again."
PLACE = "ZQXPLACE Outside the library on Park Road"
DIRECTION = {"en": "ltr", "ar": "rtl"}


def _pages(named: bool = False) -> list[tuple[str, dict[str, Any]]]:
    pages = dict(minimal_report_answers(STORY, named=named))
    pages["where"] = {"place_type": "street", "address": PLACE}
    return list(pages.items())


def in_language(app: Flask, lang: str, text: Any) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        refresh()
        try:
            return " ".join(str(text).split())
        finally:
            refresh()


def _checked(page: Any, lang: str, error: bool = False) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang and html.get_attribute("dir") == DIRECTION[lang], page.url
    assert_error_state(page, error)
    assert_accessible(page)


def _answer_until(page: Any, base: str, lang: str, last: str, named: bool = False) -> None:
    """Answer the report's pages in the browser, up to and including ``last``."""
    page.goto(f"{base}/report/in-danger?lang={lang}")
    for name, data in _pages(named):
        assert page.url.split("?")[0].endswith(f"/report/{name}"), page.url
        fill(page, data)
        continue_(page)
        if name == last:
            return


def _save(page: Any, lang: str) -> None:
    click_and_wait(page, page.locator("button.app-save-and-return"))
    assert page.url.endswith("/report/save"), page.url
    _checked(page, lang)
    assert page.locator("#save-exit").get_attribute("href") == "/exit"
    assert page.locator("#saved-until").inner_text().strip()


def _fresh(browser: Any) -> Any:
    return browser.new_context(locale="en-GB").new_page()


def _all_answers_on_check_answers(page: Any, lang: str) -> None:
    page.goto(page.url.split("/report/")[0] + "/report/check-answers")
    assert page.url.endswith("/report/check-answers"), page.url
    _checked(page, lang)
    text = page.locator("main").inner_text()
    assert STORY in text and PLACE in text


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_anonymous_reporter_saves_with_a_code_and_goes_on_elsewhere(
    app: Flask, live_server: Any, page: Any, browser: Any, lang: str
) -> None:
    _answer_until(page, live_server.url, lang, "what-happened")
    fill(page, dict(_pages())["when"])
    _save(page, lang)
    page.locator("input[name=how][value=code]").check()
    click_and_wait(page, page.locator("main form button.govuk-button"))
    _checked(page, lang)
    code = page.locator("#resume-code").inner_text().strip()
    assert code.startswith("R-")

    other = _fresh(browser)
    try:
        other.goto(f"{live_server.url}/report/?lang={lang}")
        click_and_wait(other, other.locator("a[href='/report/continue']"))
        _checked(other, lang)
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        other.fill("input[name=code]", wrong)
        click_and_wait(other, other.locator("main form button.govuk-button"))
        _checked(other, lang, error=True)
        assert error_texts(other) == [in_language(app, lang, WRONG_CODE)]
        other.fill("input[name=code]", code)
        click_and_wait(other, other.locator("main form button.govuk-button"))
        # The "when" page was saved with the code: on from the page after it.
        assert other.url.endswith("/report/where"), other.url
        for name, data in _pages()[6:]:
            assert other.url.endswith(f"/report/{name}"), other.url
            fill(other, data)
            continue_(other)
        _all_answers_on_check_answers(other, lang)
    finally:
        other.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_downloaded_file_brings_every_answer_back(
    app: Flask, live_server: Any, page: Any, browser: Any, lang: str, tmp_path: Path
) -> None:
    _answer_until(page, live_server.url, lang, "evidence")
    fill(page, dict(_pages())["monitoring"])
    _save(page, lang)
    page.locator("input[name=how][value=file]").check()
    with page.expect_download() as download_info:
        page.locator("main form button.govuk-button").click()
    saved = tmp_path / "saved-answers.json"
    download_info.value.save_as(saved)
    content = json.loads(saved.read_text())
    assert content["pages"]["where"]["address"] == PLACE
    changed = tmp_path / "changed.json"
    content["pages"]["where"]["address"] = "Somewhere else"
    changed.write_text(json.dumps(content))

    other = _fresh(browser)
    try:
        other.goto(f"{live_server.url}/report/continue?lang={lang}")
        click_and_wait(other, other.locator("a[href='/report/continue-from-file']"))
        _checked(other, lang)
        other.set_input_files("input[name=answers_file]", str(changed))
        click_and_wait(other, other.locator("main form button.govuk-button"))
        _checked(other, lang, error=True)
        assert error_texts(other) == [in_language(app, lang, WRONG_FILE)]
        other.set_input_files("input[name=answers_file]", str(saved))
        click_and_wait(other, other.locator("main form button.govuk-button"))
        # Photos are never in the file: the evidence page is asked again, then check answers.
        assert other.url.endswith("/report/evidence"), other.url
        continue_(other)
        _all_answers_on_check_answers(other, lang)
        assert "Somewhere else" not in other.locator("main").inner_text()
    finally:
        other.context.close()


@pytest.mark.smtp
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_named_reporter_saves_with_an_emailed_link_and_goes_on_elsewhere(
    app: Flask, live_server: Any, page: Any, browser: Any, smtp: Inbox, lang: str
) -> None:
    _answer_until(page, live_server.url, lang, "contact", named=True)
    fill(page, dict(_pages(named=True))["contact-preferences"])
    _save(page, lang)
    # The address given on the contact page is offered for the link.
    page.locator("input[name=how][value=email]").check()
    assert page.locator("input[name=email]").input_value() == "ada@example.org"
    click_and_wait(page, page.locator("main form button.govuk-button"))
    _checked(page, lang)
    assert "ada@example.org" in page.locator("#link-sent").inner_text()

    assert run_once()
    recipients, email = smtp.messages[-1]
    assert recipients == ["ada@example.org"]
    assert email["Subject"] == in_language(app, lang, lazy_gettext("Your saved answers"))
    body = email.get_content()
    assert STORY not in body and PLACE not in body
    link = next(word for word in body.split() if "/continue-link/" in word)

    other = _fresh(browser)
    try:
        parts = urlsplit(link)
        other.goto(f"{live_server.url}{parts.path}?{parts.query}")
        # The token is not left in the address bar.
        assert other.url.split("?")[0].endswith("/report/continue-link"), other.url
        _checked(other, lang)
        other.fill("input[name=contact]", "eve@example.org")
        click_and_wait(other, other.locator("main form button.govuk-button"))
        _checked(other, lang, error=True)
        assert error_texts(other) == [in_language(app, lang, WRONG_LINK)]
        other.fill("input[name=contact]", "ADA@example.org ")
        click_and_wait(other, other.locator("main form button.govuk-button"))
        assert other.url.endswith("/report/sharing"), other.url
        for name, data in _pages(named=True)[14:]:
            assert other.url.endswith(f"/report/{name}"), other.url
            fill(other, data)
            continue_(other)
        _all_answers_on_check_answers(other, lang)
        assert "ada@example.org" in other.locator("main").inner_text()
    finally:
        other.context.close()

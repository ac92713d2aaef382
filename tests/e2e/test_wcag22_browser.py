"""WCAG 2.2's new AA criteria in the browser, in English and Arabic (right to left):

- 2.4.11 Focus Not Obscured and 2.5.8 Target Size on every public page without parameters and
  on every page of the reporting journey;
- 3.2.6 Consistent Help: the help (other ways to report, the duty desk's number) in the same
  place on each of those pages as on the start page;
- 3.3.7 Redundant Entry: no question in the reporting journey asks again for something already
  given, and every "Change" link on check answers opens its page with the answer filled in;
- 3.3.8 Accessible Authentication: the staff and partner sign-in pages accept pasted and
  password-manager input (autocomplete), with nothing to solve or remember but the password.

The checks are in tests/e2e/wcag22.py and are tested there to fail on pages built to fail."""

from typing import Any

import pytest
from flask import Flask

from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import LiveServer, assert_accessible, click_and_wait, continue_, fill
from tests.e2e.test_every_page_browser import audience, pages_to_visit
from tests.e2e.wcag22 import assert_wcag22, fields_asked, help_signature, paste_is_accepted
from tests.journey import minimal_report_answers
from tests.partners.conftest import make_organisation, make_partner

pytestmark = pytest.mark.browser

LANGS = ["en", "ar"]
PUBLIC = [(endpoint, path) for endpoint, path in pages_to_visit() if audience(path) == "anyone"]
# The help, in document order, as the start page has it: in the footer, every page.
HELP_ITEMS = ["other-ways", "duty-desk"]


def open_page(page: Any, url: str) -> None:
    response = page.goto(url)
    page.wait_for_load_state()
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"


def start_page_help(page: Any, base: str, lang: str) -> list[tuple[str, str, int]]:
    open_page(page, f"{base}/?lang={lang}")
    signature = help_signature(page)
    assert [item for item, _, _ in signature] == HELP_ITEMS, signature
    assert {landmark for _, landmark, _ in signature} == {"footer"}, signature
    return signature


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("endpoint", "path"), PUBLIC, ids=[path for _, path in PUBLIC])
def test_public_page_meets_the_new_criteria(
    live_server: LiveServer, page: Any, endpoint: str, path: str, lang: str
) -> None:
    expected_help = start_page_help(page, live_server.url, lang)
    open_page(page, f"{live_server.url}{path}?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert_wcag22(page)
    assert help_signature(page) == expected_help, f"3.2.6 consistent help, on {path}"


def field_value_problems(page: Any, data: dict[str, Any]) -> list[str]:
    """What a page shows for answers given earlier that differs from them."""
    problems = []
    for name, value in data.items():
        field = page.locator(f"[name='{name}']")
        kind = field.first.get_attribute("type")
        if isinstance(value, list) or kind in ("radio", "checkbox"):
            wanted = set(value) if isinstance(value, list) else {value}
            checked = {e.get_attribute("value") for e in page.locator(f"input[name='{name}']:checked").all()}
            if checked != wanted:
                problems.append(f"{name}: {sorted(checked)} instead of {sorted(wanted)}")
        elif field.first.input_value() != value:
            problems.append(f"{name}: {field.first.input_value()!r} instead of {value!r}")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_reporting_journey_asks_nothing_twice_and_keeps_every_answer(
    app: Flask, live_server: LiveServer, page: Any, lang: str
) -> None:
    base = live_server.url
    expected_help = start_page_help(page, base, lang)
    open_page(page, f"{base}/report/?lang={lang}")
    assert_wcag22(page)
    click_and_wait(page, page.locator("a.govuk-button--start"))
    asked: dict[str, str] = {}  # question -> the page that asked it
    answers = minimal_report_answers("Shouted at on the bus because of my religion.", named=True)
    for name, data in answers:
        assert page.url.split("?")[0].endswith(f"/report/{name}"), f"expected {name}, at {page.url}"
        assert_wcag22(page)
        assert help_signature(page) == expected_help, f"3.2.6 consistent help, on {page.url}"
        # A question answered on an earlier page is not asked again (conditional questions left
        # unanswered there may be asked where they apply).
        questions = dict(fields_asked(page))
        asked_again = sorted(q for q in questions.values() if q and asked.get(q, name) != name)
        assert not asked_again, f"3.3.7 redundant entry: {name} asks again {asked_again}"
        asked.update({questions[field]: name for field in data if questions.get(field)})
        fill(page, data)
        continue_(page)
    assert page.url.split("?")[0].endswith("/report/check-answers"), page.url
    assert_wcag22(page)
    assert_accessible(page)

    # Every change link opens its question with the answers given there.
    by_page = dict(answers)
    links = page.locator(".govuk-summary-list__actions a").evaluate_all("links => links.map(a => a.href)")
    changed_pages = {link.split("/report/")[1].split("?")[0] for link in links}
    assert changed_pages >= {name for name, data in answers if data} - {"in-danger", "evidence"}, changed_pages
    for link in dict.fromkeys(link.split("#")[0] for link in links):
        name = link.split("/report/")[1].split("?")[0]
        open_page(page, link)
        shown = {field for field, _ in fields_asked(page)}
        problems = field_value_problems(page, {k: v for k, v in by_page[name].items() if k in shown})
        assert not problems, f"3.3.7: {name} opened from check answers without its answers: {problems}"


SIGN_INS = ["/duty-desk/sign-in", "/partners/sign-in"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SIGN_INS)
def test_sign_in_accepts_paste_and_password_managers(
    app: Flask, live_server: LiveServer, page: Any, path: str, lang: str
) -> None:
    if path.startswith("/partners"):
        email = make_partner(make_organisation("Alpha Community Centre"), "reporter@alpha.example").email
    else:
        email = make_user(email="desk@example.org").email
    open_page(page, f"{live_server.url}{path}?lang={lang}")
    assert_wcag22(page)
    form = page.locator("main form")
    assert form.locator("#email").get_attribute("autocomplete") == "username"
    assert form.locator("#password").get_attribute("autocomplete") == "current-password"
    assert form.locator("#password").get_attribute("type") == "password"
    # Nothing to solve: no puzzle, image, audio or frame; only the two fields to fill.
    assert form.locator("img, canvas, iframe, audio, video, [class*=captcha], [id*=captcha]").count() == 0
    visible = form.locator("input:not([type=hidden]), select, textarea").evaluate_all("f => f.map(e => e.name)")
    assert visible == ["email", "password"]
    assert paste_is_accepted(page, "#email", email)
    assert paste_is_accepted(page, "#password", STAFF_PASSWORD)
    click_and_wait(page, form.locator("button.govuk-button"))
    assert "/sign-in" not in page.url, f"pasted details did not sign in: still at {page.url}"

"""axe-core over every page that is not a question page of a journey, in English, Arabic and
Polish, in Debian's Chromium: each page must have the right `<html lang>` and `dir`, be really
in that language, and show no WCAG 2.2 AA violation.

The pages are found from `app.url_map`: every GET route without parameters is visited (as the
right kind of user: anyone, the duty desk or a partner organisation admin, from its address)
and must answer 200 with an HTML page in the language asked for. A new route is therefore
checked without anyone adding it here, and fails if it cannot be reached. Only the routes
listed below with a reason (downloads, and steps of a journey that need a draft or a
tracking-code look-up, which the journey tests walk) are left out; a stale entry fails too.
Error states are visited as well: the 404 page, both sign-in forms (empty and wrong password),
the partner security-code steps and an incident-log upload that is not a valid CSV."""

import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pyotp
import pytest
from babel.messages.pofile import read_po
from flask import Flask

from portal import create_app, totp
from portal.config import TestingConfig
from portal.constants import Role
from portal.extensions import db
from portal.languages import BY_CODE
from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, click_and_wait
from tests.partners.conftest import make_organisation, make_partner, partner_submission

pytestmark = pytest.mark.browser

# By default every page is walked in English, Polish (diacritics) and three right-to-left
# languages in Arabic script: Arabic, Kurdish (Sorani) and Urdu (Nastaliq). Those three share one
# test per page, which signs in once and loads the page in each in turn, so Kurdish and Urdu add
# page loads, not tests. E2E_LANGS=cy,fa walks other languages instead, one test each.
DEFAULT_GROUPS = [("en",), ("ar", "ckb", "ur"), ("pl",)]
LANG_GROUPS = (
    [(code,) for code in os.environ["E2E_LANGS"].split(",")] if os.environ.get("E2E_LANGS") else DEFAULT_GROUPS
)
LANGS = [code for group in LANG_GROUPS for code in group]
ROOT = Path(__file__).resolve().parents[2]

# Parameterless GET routes that are not pages to check here, and why.
NOT_PAGES = {
    "main.health": "the monitoring check answers JSON",
    "main.exit_page": "'Exit this page' redirects to the neutral site (tests/e2e/test_exit_page_browser.py)",
    "api.openapi": "the API description is JSON",
    "trigger.figures_csv": "a CSV download of the published figures",
    "partners.export": "a CSV download of the organisation's submissions",
    "partners.incident_log_template": "a CSV template download",
    "statistics.index": "redirects to this financial year's page (tests/e2e/test_statistics_browser.py)",
    "trigger.with_your_reports": "a hand-over, not a page: starts an application with the reports a "
    "confirmation offered, then redirects to its first question (tests/reporting/test_second_report.py)",
}
# Steps of a journey: they need a draft or a tracking-code look-up first, so without one they
# redirect. The journey browser tests walk them (with axe on each page).
JOURNEY_STEPS = {
    "trigger.complaint": "a Community Trigger question page (add a complaint), needs a draft",
    "trigger.link": "a Community Trigger question page (link a report), needs a draft",
    "trigger.escalate": "reached from the status page after a tracking-code look-up",
    "reporting.save": "Save your progress, needs a draft (tests/e2e/test_save_return_browser.py)",
    "trigger.save": "Save your progress, needs a draft (tests/e2e/test_save_return_browser.py)",
    "status.view": "status page after a tracking-code look-up",
    "status.reply": "status page after a tracking-code look-up",
    "status.new_incident": "status page after a tracking-code look-up",
    "status.evidence": "status page after a tracking-code look-up",
    "status.contact": "status page after a tracking-code look-up",
    "status.withdraw": "status page after a tracking-code look-up",
    "status.survey_page": "status page after a tracking-code look-up, once the case is closed",
    "status.lead_agency_concern": "status page after a tracking-code look-up, when another agency leads",
}
# Pages that must be among those found, so a broken discovery cannot pass by checking nothing.
MUST_VISIT = {
    "main.start",
    "main.accessibility",
    "main.privacy",
    "main.cookies",
    "reporting.start",
    "reporting.expired",
    "trigger.start",
    "status.start",
    "casework.sign_in",
    "casework.inbox_page",
    "partners.sign_in",
    "partners.dashboard",
    "partners.incident_log",
    "partners.api_keys",
}


def _journey_step(endpoint: str, endpoints: set[str]) -> bool:
    """check-answers and confirmation of any journey built with portal.journeys."""
    blueprint, _, name = endpoint.rpartition(".")
    return name in ("check_answers", "confirmation") and f"{blueprint}.question" in endpoints


@cache
def _rules() -> tuple[Any, ...]:
    return tuple(create_app(TestingConfig).url_map.iter_rules())


@cache
def discovered_routes() -> tuple[tuple[str, str], ...]:
    """(endpoint, path) of every GET route that takes no parameter."""
    found = []
    for rule in _rules():
        if "GET" not in (rule.methods or ()) or set(rule.arguments) - set(rule.defaults or {}):
            continue
        found.append((rule.endpoint, rule.rule))
    return tuple(sorted(found, key=lambda item: item[1]))


def pages_to_visit() -> list[tuple[str, str]]:
    endpoints = {rule.endpoint for rule in _rules()}
    return [
        (endpoint, path)
        for endpoint, path in discovered_routes()
        if endpoint not in NOT_PAGES and endpoint not in JOURNEY_STEPS and not _journey_step(endpoint, endpoints)
    ]


def test_the_route_list_is_current() -> None:
    endpoints = {endpoint for endpoint, _ in discovered_routes()}
    stale = (set(NOT_PAGES) | set(JOURNEY_STEPS)) - endpoints
    assert not stale, f"routes listed here no longer exist: {sorted(stale)}"
    visited = {endpoint for endpoint, _ in pages_to_visit()}
    assert visited >= MUST_VISIT, sorted(MUST_VISIT - visited)


# ---- the language of a page ------------------------------------------------------------------


@cache
def _catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation of one language's catalogue (singular messages)."""
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    return {str(m.id): str(m.string) for m in catalogue if m.id and isinstance(m.id, str)}


ARABIC = re.compile(r"[\u0600-\u06ff]")
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
TEXT_BLOCKS = "h1, h2, h3, p, li, label, legend, button, a, th, td, dt, dd, caption, summary, .govuk-hint"


def check_language(page: Any, lang: str) -> None:
    """`<html lang>` and `dir` match, and the page's words are in that language: no line of
    text is an English catalogue entry left untranslated, and the heading is in its script."""
    language = BY_CODE[lang]
    html = page.locator("html")
    assert html.get_attribute("lang") == language.html_lang, page.url
    assert html.get_attribute("dir") == ("rtl" if language.rtl else "ltr"), page.url
    heading = page.locator("h1").inner_text().strip()
    assert heading, f"no h1 on {page.url}"
    if lang == "en":
        return
    catalogue = _catalogue(lang)
    texts = page.evaluate(
        """selector => Array.from(document.querySelectorAll(selector))
            .filter(e => !e.closest('[lang]:not(html)') && e.offsetParent !== null)
            .map(e => e.innerText.replace(/\\s+/g, ' ').trim())""",
        TEXT_BLOCKS,
    )
    english = [text for text in texts if text in catalogue and catalogue[text] != text]
    assert not english, f"English left on {page.url} in {lang}: {english[:5]}"
    title = page.title()
    main = page.locator("main").inner_text()
    if BY_CODE[lang].rtl:
        assert ARABIC.search(heading), f"the heading is not in Arabic script on {page.url}: {heading!r}"
        assert ARABIC.search(title), f"the title is not in Arabic script on {page.url}: {title!r}"
    if lang == "pl":
        translations = set(catalogue.values()) - set(catalogue)
        # A heading built from a translated pattern ("Od %(start)s do %(end)s") counts too.
        patterns = [re.sub(r"%\\\([a-z_]+\\\)[sd]", ".+", re.escape(text)) for text in translations if "%(" in text]
        filled = any(re.fullmatch(pattern, heading) for pattern in patterns)
        assert heading in translations or filled or POLISH.search(heading), (
            f"the heading is not Polish on {page.url}: {heading!r}"
        )
        assert POLISH.search(main), f"no Polish letters in the page on {page.url}"


def check(page: Any, lang: str) -> None:
    check_language(page, lang)
    assert_accessible(page)


# ---- reaching pages --------------------------------------------------------------------------


def goto(page: Any, url: str) -> Any:
    response = page.goto(url)
    page.wait_for_load_state()
    return response


def sign_in(page: Any, base: str, path: str, email: str, lang: str, password: str = STAFF_PASSWORD) -> None:
    goto(page, f"{base}{path}?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    click_and_wait(page, page.locator("main form button.govuk-button"))


def audience(path: str) -> str:
    if path.endswith("/sign-in"):
        return "anyone"
    if path.startswith("/duty-desk/"):
        return "staff"
    if path.startswith("/partners/"):
        return "partner"
    if path.startswith("/lay-visitors/"):
        return "lay visitor"
    return "anyone"


def _partner_admin(email: str = "admin@alpha.example") -> Any:
    organisation = make_organisation("Alpha Community Centre")
    partner_submission(organisation)
    return make_partner(organisation, email, Role.PARTNER_ADMIN)


def prepare(page: Any, base: str, path: str, lang: str) -> None:
    """Sign in as whoever may see the page, with something to show on it."""
    who = audience(path)
    if who == "staff":
        staff = make_user(email="desk@example.org")
        partner_submission(make_organisation("Alpha Community Centre"))
        sign_in(page, base, "/duty-desk/sign-in", staff.email, lang)
        assert "/sign-in" not in page.url, "the duty desk did not sign in"
    elif who == "partner":
        admin = _partner_admin()
        sign_in(page, base, "/partners/sign-in", admin.email, lang)
        assert "/sign-in" not in page.url, "the partner did not sign in"
    elif who == "lay visitor":
        visitor = _lay_visitor()
        sign_in(page, base, "/lay-visitors/sign-in", visitor.email, lang)
        page.locator("#code").fill(pyotp.TOTP(visitor.totp_secret).now())
        click_and_wait(page, page.locator("main form button.govuk-button"))
        assert "/sign-in" not in page.url, "the lay visitor did not sign in"


def _lay_visitor() -> Any:
    return make_user(email="visitor@example.org", role=Role.LAY_VISITOR, totp_secret=totp.new_secret())


def _lay_visitor_code_step(app: Flask, page: Any, base: str, lang: str) -> None:
    sign_in(page, base, "/lay-visitors/sign-in", _lay_visitor().email, lang)


def _partner_code_step(app: Flask, page: Any, base: str, lang: str) -> None:
    admin = _partner_admin()
    admin.totp_secret = totp.new_secret()
    db.session.commit()
    sign_in(page, base, "/partners/sign-in", admin.email, lang)


def _partner_set_up_step(app: Flask, page: Any, base: str, lang: str) -> None:
    app.config["PARTNER_ADMIN_TOTP_REQUIRED"] = True
    admin = _partner_admin()
    sign_in(page, base, "/partners/sign-in", admin.email, lang)


# Pages reached only through an earlier step, and how.
REACHED_THROUGH: dict[str, Callable[[Flask, Any, str, str], None]] = {
    "partners.sign_in_code": _partner_code_step,
    "partners.sign_in_set_up_code": _partner_set_up_step,
    "lay_visitors.sign_in_code": _lay_visitor_code_step,
}


# Pages opened directly; those in REACHED_THROUGH have their own test below.
WALKED = [(endpoint, path) for endpoint, path in pages_to_visit() if endpoint not in REACHED_THROUGH]


@pytest.mark.parametrize("langs", LANG_GROUPS, ids=["-".join(group) for group in LANG_GROUPS])
@pytest.mark.parametrize(("endpoint", "path"), WALKED, ids=[path for _, path in WALKED])
def test_page_in_language(app: Flask, live_server, page, endpoint: str, path: str, langs: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    prepare(page, base, path, langs[0])
    for lang in langs:
        response = goto(page, f"{base}{path}?lang={lang}")
        assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
        assert page.url.split("?")[0] == f"{base}{path}", f"{path} redirected to {page.url}"
        assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
        check(page, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("endpoint", sorted(REACHED_THROUGH))
def test_page_reached_through_an_earlier_step(app: Flask, live_server, page, endpoint: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    [path] = [path for found, path in pages_to_visit() if found == endpoint]
    REACHED_THROUGH[endpoint](app, page, base, lang)
    assert page.url.split("?")[0] == f"{base}{path}", f"{path} was not reached: at {page.url}"
    check(page, lang)
    # And its error state: a security code that is empty.
    click_and_wait(page, page.locator("main form button.govuk-button"))
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, lang)


# ---- error states ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page(app: Flask, live_server, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    response = goto(page, f"{live_server.url}/no-such-page?lang={lang}")
    assert response.status == 404
    check(page, lang)


def _submit_sign_in(page: Any, email: str, password: str) -> None:
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    click_and_wait(page, page.locator("main form button.govuk-button"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"no error summary on {page.url}"
    # GOV.UK Frontend moves focus to the summary.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/duty-desk/sign-in", "/partners/sign-in"])
def test_sign_in_errors(app: Flask, live_server, page, path: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    user = _partner_admin() if path.startswith("/partners/") else make_user(email="desk@example.org")
    goto(page, f"{live_server.url}{path}?lang={lang}")
    _submit_sign_in(page, "", "")
    assert page.locator("#email-error").is_visible() and page.locator("#password-error").is_visible()
    check(page, lang)
    _submit_sign_in(page, user.email, "not the password at all")
    assert page.url.split("?")[0].endswith(path)
    check(page, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_incident_log_upload_error(app: Flask, live_server, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    admin = _partner_admin()
    sign_in(page, base, "/partners/sign-in", admin.email, lang)
    goto(page, f"{base}/partners/incident-logs?lang={lang}")
    page.locator("#log").set_input_files(
        files=[
            {
                "name": "log.csv",
                "mimeType": "text/csv",
                "buffer": b"date,type,strands,area,channel\r\nyesterday,fight,race,Central,pigeon\r\n",
            }
        ]
    )
    click_and_wait(page, page.locator("main form[enctype] button.govuk-button"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#row-errors li").count() >= 1
    check(page, lang)

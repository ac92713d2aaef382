"""The Community Trigger application in a real browser, in English, Arabic and Polish, checked
with axe-core on every page, including each question page's error state.

The applicant adds four earlier complaints with the "add another" pattern and removes one,
links a report made on this website by its tracking code (a made-up code adds nothing and
gets the status page's answer), and reaches the result page, whose decision and per-rule
reasons must be what the eligibility engine and ``flask trigger assess`` decide for the same
history."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import refresh
from sqlalchemy import select

from portal.core.complaint_history import load_history
from portal.core.eligibility import assess_eligibility
from portal.core.lookup import NOT_FOUND, find_by_tracking_code
from portal.core.tracking import new_tracking_code
from portal.core.trigger_rules import TriggerRules
from portal.extensions import db
from portal.models import Draft, Submission, TriggerCase, TriggerComplaint, utcnow
from portal.trigger.services import APPLICANT, application_date
from portal.trigger.services import today as council_today
from tests.e2e.conftest import assert_accessible, click_and_wait, continue_, fill
from tests.journey import answer, minimal_report_answers
from tests.pages import check_page

BASE = "/community-trigger"
DIRECTION = {"en": "ltr", "ar": "rtl", "pl": "ltr"}
APPLICANT_TYPES = {"victim", "behalf", "business", "group"}


@dataclass(frozen=True)
class Row:
    """One earlier complaint as the applicant types it."""

    happened: date
    reported: date
    agency: str
    reference: str
    what: str
    action: str
    hate: bool = False

    def answers(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            **date_boxes("incident_date", self.happened),
            **date_boxes("reported_date", self.reported),
            "agency": self.agency,
            "reference": self.reference,
            "what_happened": self.what,
            "action": self.action,
        }
        if self.hate:
            data["is_hate"] = ["yes"]
        return data


def date_boxes(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def checked(page: Any, lang: str, visited: list[str], *, error: bool = False) -> None:
    """The page is in the language and direction asked for, shows an error summary (focused, so
    a screen reader announces it) exactly when expected, and axe-core finds nothing."""
    html = page.locator("html")
    assert html.get_attribute("lang") == lang, page.url
    assert html.get_attribute("dir") == DIRECTION[lang], page.url
    summary = page.locator(".govuk-error-summary")
    if error:
        assert summary.is_visible(), f"no error summary on {page.url}"
        assert summary.locator(".govuk-error-summary__list li").count() >= 1
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"
        )
    else:
        assert summary.count() == 0, f"unexpected errors on {page.url}: {summary.all_inner_texts()}"
    assert_accessible(page)
    visited.append(page.url)


def errors(page: Any) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".govuk-error-summary__list li").all_inner_texts()]


@contextmanager
def rendering_in(app: Flask, lang: str) -> Iterator[None]:
    """A request in ``lang``. The test holds an app context open, whose ``g`` would otherwise
    keep Flask-Babel's cached locale from one rendering to the next."""
    with app.test_request_context(f"/?lang={lang}"):
        refresh()
        try:
            yield
        finally:
            refresh()


def in_language(app: Flask, lang: str, text: Any) -> str:
    with rendering_in(app, lang):
        return " ".join(str(text).split())


def earlier_report(app: Flask, happened: date) -> tuple[str, str]:
    """A named hate-incident report made on this website about ``happened``; its reference and
    tracking code as the confirmation page shows them."""
    client = app.test_client()
    for name, data in minimal_report_answers("Eggs thrown at my door again.", named=True):
        if name == "when":
            data = {"when_kind": "once", **date_boxes("incident_date", happened)}
        response = answer(client, f"/report/{name}", data)
        assert response.status_code == 302, f"{name} was not accepted"
    check = check_page(client.get("/report/check-answers"))
    confirmation = check_page(
        client.post("/report/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True)
    )
    return confirmation.text(".govuk-panel__body strong"), confirmation.text("#tracking-code")


def draft_rows() -> dict[str, Any]:
    db.session.expire_all()
    draft = db.session.scalar(select(Draft).where(Draft.journey == "trigger"))
    assert draft is not None
    return draft.data.get("pages", {}).get("complaint-rows", {"typed": [], "linked": []})


def history_for(applied_on: date, rows: list[Row], report: Submission) -> dict[str, Any]:
    """The applicant's history in the format of docs/community-trigger.md: the linked report
    with the dates this website recorded for it, and every typed complaint."""
    place = report.location_key
    complaints: list[dict[str, Any]] = [
        {
            "incident_date": (report.incident_date or report.created_at.date()).isoformat(),
            "reported_date": report.received_on.isoformat(),
            "agency": "council",
            "reference": report.reference,
            "location_key": place,
            "is_hate": report.is_hate,
            "incident_key": f"portal:{report.id}",
            "source": "portal",
        }
    ]
    for row in rows:
        complaints.append(
            {
                "incident_date": row.happened.isoformat(),
                "reported_date": row.reported.isoformat(),
                "agency": row.agency,
                "reference": row.reference or None,
                "location_key": place,
                "is_hate": row.hate,
                "action_taken": {"yes": True, "no": False}.get(row.action),
                "source": "typed",
            }
        )
    return {"application_date": applied_on.isoformat(), "applicant_household": APPLICANT, "complaints": complaints}


def expected_decision(app: Flask, history: dict[str, Any], lang: str) -> tuple[bool, list[tuple[str, bool, str]]]:
    """What the engine decides for the history, with its reasons in the page's language."""
    applied_on, complaints, applicant = load_history(history)
    rules = TriggerRules.from_config(app.config.get("COMMUNITY_TRIGGER_RULES", {}))
    with rendering_in(app, lang):
        decision = assess_eligibility(applied_on, complaints, rules, applicant_household=applicant)
        shown = [(r.rule.value, r.met, " ".join(str(r.reason).split())) for r in decision.results if r.enabled]
    return decision.met, shown


def cli_decision(app: Flask, history: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["trigger", "assess", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def add_row(page: Any, lang: str, visited: list[str], row: Row) -> None:
    click_and_wait(page, page.locator("#add-complaint"))
    assert page.url.endswith(f"{BASE}/complaints/add")
    checked(page, lang, visited)
    fill(page, row.answers())
    continue_(page)
    assert page.url.endswith(f"{BASE}/earlier-complaints"), errors(page)
    checked(page, lang, visited)


@pytest.mark.parametrize("lang", ["en", "ar", "pl"])
def test_community_trigger_application_in_a_browser(  # type: ignore[no-untyped-def]
    app: Flask, live_server, page, lang: str, tmp_path: Path
) -> None:
    today = council_today()
    report_reference, report_code = earlier_report(app, today - timedelta(days=3))
    rows = [
        Row(today - timedelta(days=20), today - timedelta(days=18), "police", "CAD 1001", "Music until 3am.", "no"),
        Row(today - timedelta(days=10), today - timedelta(days=9), "council", "", "Shouting in the hall.", "yes"),
        # Reported 40 days after the behaviour: too late to qualify.
        Row(today - timedelta(days=100), today - timedelta(days=60), "housing_provider", "HP-7", "Door kicked.", "no"),
    ]
    extra = Row(today - timedelta(days=5), today - timedelta(days=5), "other", "", "Bins set alight.", "not_sure")
    visited: list[str] = []

    # The start page says an anonymous application is not possible and offers an anonymous report.
    page.goto(f"{live_server.url}{BASE}/?lang={lang}")
    checked(page, lang, visited)
    assert page.locator(".govuk-inset-text #anonymous-report").is_visible()
    click_and_wait(page, page.locator("#anonymous-report"))
    assert page.url.endswith("/report/")
    checked(page, lang, visited)
    page.goto(f"{live_server.url}{BASE}/")
    click_and_wait(page, page.locator("a.govuk-button--start"))

    # Who is applying: nobody chosen, then "on behalf of" without the victim's consent.
    assert page.url.endswith(f"{BASE}/who-is-applying")
    checked(page, lang, visited)
    radios = page.locator("input[name='applicant_type']")
    assert {radios.nth(i).get_attribute("value") for i in range(radios.count())} == APPLICANT_TYPES
    anonymous_link = page.locator("main form a[href='/report/']")
    assert anonymous_link.count() == 1, "the question page offers an anonymous report instead"
    continue_(page)
    checked(page, lang, visited, error=True)
    assert len(errors(page)) == 1
    fill(page, {"applicant_type": "behalf", "victim_name": "Bob Victim", "relationship": "Son"})
    continue_(page)
    checked(page, lang, visited, error=True)
    assert page.locator("#consent-error").is_visible()
    assert page.locator("#victim_name").input_value() == "Bob Victim"
    fill(page, {"consent": ["given"]})
    continue_(page)

    # The "add another" list starts empty.
    assert page.url.endswith(f"{BASE}/earlier-complaints")
    checked(page, lang, visited)
    assert page.locator("#no-typed-complaints").is_visible()

    # The first complaint: empty, then reported before it happened, then right.
    click_and_wait(page, page.locator("#add-complaint"))
    checked(page, lang, visited)
    continue_(page)
    checked(page, lang, visited, error=True)
    assert len(errors(page)) >= 5  # two dates, agency, what happened, whether anything was done
    backwards = {**rows[0].answers(), **date_boxes("reported_date", rows[0].happened - timedelta(days=1))}
    fill(page, backwards)
    continue_(page)
    checked(page, lang, visited, error=True)
    assert page.locator("#reported_date-error").is_visible() and len(errors(page)) == 1
    fill(page, rows[0].answers())
    continue_(page)
    assert page.url.endswith(f"{BASE}/earlier-complaints"), errors(page)
    checked(page, lang, visited)
    for row in [*rows[1:], extra]:
        add_row(page, lang, visited, row)
    assert page.locator("#typed-complaints li.app-complaint").count() == 4
    assert len(draft_rows()["typed"]) == 4

    # Remove the fourth complaint: first without saying yes or no.
    click_and_wait(page, page.locator(f"a[href*='{BASE}/complaints/typed/3/remove']"))
    checked(page, lang, visited)
    continue_(page)
    checked(page, lang, visited, error=True)
    fill(page, {"confirm": "yes"})
    continue_(page)
    checked(page, lang, visited)
    assert page.locator("#typed-complaints li.app-complaint").count() == 3
    stored = draft_rows()["typed"]
    assert [row["what_happened"] for row in stored] == [row.what for row in rows]

    # Link the report made on this website: empty, a made-up code, then the real one as typed loosely.
    click_and_wait(page, page.locator("#link-report"))
    checked(page, lang, visited)
    continue_(page)
    checked(page, lang, visited, error=True)
    unknown = new_tracking_code()
    page.locator("#tracking_code").fill(unknown)
    continue_(page)
    checked(page, lang, visited, error=True)
    # The same answer as the status page gives, so it reveals nothing; the code is not echoed.
    assert errors(page) == [in_language(app, lang, NOT_FOUND)]
    assert page.locator("#tracking_code").input_value() == ""
    assert unknown not in page.content()
    assert draft_rows()["linked"] == []
    page.locator("#tracking_code").fill(report_code.lower().replace("-", " "))
    continue_(page)
    assert page.url.endswith(f"{BASE}/earlier-complaints"), errors(page)
    checked(page, lang, visited)
    assert page.locator("#linked-reports li.app-linked-report").count() == 1
    assert page.locator("#linked-reports li").get_attribute("data-reference") == report_reference
    report = find_by_tracking_code(report_code)
    assert draft_rows()["linked"] == [report.id]
    continue_(page)

    # What is happening now, the home and contact details: each empty first.
    assert page.url.endswith(f"{BASE}/now")
    checked(page, lang, visited)
    continue_(page)
    checked(page, lang, visited, error=True)
    assert len(errors(page)) == 3
    fill(
        page,
        {
            "happening_now": "It goes on every weekend.",
            "impact": "My children cannot sleep.",
            "outcome_wanted": "I want it to stop.",
        },
    )
    continue_(page)
    assert page.url.endswith(f"{BASE}/home")
    checked(page, lang, visited)
    continue_(page)
    checked(page, lang, visited, error=True)
    fill(page, {"tenure": "council", "landlord": "Brighton & Hove Housing"})
    continue_(page)
    assert page.url.endswith(f"{BASE}/contact")
    checked(page, lang, visited)
    continue_(page)
    checked(page, lang, visited, error=True)
    fill(page, {"name": "Ada Applicant", "method": "email"})
    continue_(page)
    checked(page, lang, visited, error=True)
    assert page.locator("#email-error").is_visible()
    fill(page, {"email": "ada.applicant@example.org"})
    continue_(page)

    # The result page agrees with the engine and with `flask trigger assess` for this history.
    assert page.url.endswith(f"{BASE}/result"), errors(page)
    checked(page, lang, visited)
    history = history_for(application_date(utcnow()), rows, report)
    met, expected = expected_decision(app, history, lang)
    assert met, "the history was chosen to meet the statutory threshold (3 of its 4 complaints qualify)"
    assert page.locator("#decision").get_attribute("data-met") == ("true" if met else "false")
    shown = page.locator("#rules .govuk-summary-list__row")
    on_page = [
        (
            shown.nth(i).get_attribute("data-rule"),
            shown.nth(i).get_attribute("data-met") == "true",
            " ".join(shown.nth(i).locator(".app-rule-reason").inner_text().split()),
        )
        for i in range(shown.count())
    ]
    assert on_page == expected
    cli = cli_decision(app, history, tmp_path)
    assert cli["met"] == met
    enabled = [rule for rule in cli["rules"] if rule["enabled"]]
    assert [(rule["rule"], rule["met"]) for rule in enabled] == [(rule, ok) for rule, ok, _ in expected]
    if lang == "en":
        assert [" ".join(rule["reason"].split()) for rule in enabled] == [reason for _, _, reason in expected]
    else:
        # Really translated: not the English the command line prints.
        assert [reason for _, _, reason in expected] != [" ".join(rule["reason"].split()) for rule in enabled]
    continue_(page)

    # Check answers, then send.
    assert page.url.endswith(f"{BASE}/check-answers")
    checked(page, lang, visited)
    assert "Bob Victim" in page.locator("main").inner_text()
    click_and_wait(page, page.locator("form#send button"))
    assert page.url.endswith(f"{BASE}/confirmation")
    checked(page, lang, visited)
    reference = page.locator("#reference").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    assert page.locator("#due-dates .govuk-summary-list__row").count() == 4

    db.session.expire_all()
    application = find_by_tracking_code(code)
    assert application.reference == reference
    assert application.answers["applicant_type"] == "on_behalf_of_victim" and application.answers["victim_consent"]
    case = db.session.get(TriggerCase, application.id)
    assert case is not None and case.engine_met == met
    assert [(rule["rule"], rule["met"]) for rule in case.engine_result["rules"] if rule["enabled"]] == [
        (rule, ok) for rule, ok, _ in expected
    ]
    complaints = list(
        db.session.scalars(select(TriggerComplaint).where(TriggerComplaint.application_id == application.id))
    )
    assert sorted(c.source for c in complaints) == ["portal", "typed", "typed", "typed"]
    assert [c.linked_submission_id for c in complaints if c.source == "portal"] == [report.id]
    assert len(visited) >= 30

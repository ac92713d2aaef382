"""The reporting journey (issue #3) in Debian's Chromium, and its accessibility (issue #7):

- every page and every error state, checked with axe-core, in English, Arabic and Polish;
- a named victim with an ongoing hate incident and ASB, a known perpetrator and a photo, who
  changes an answer from check answers;
- a support worker reporting anonymously for someone else;
- the whole journey with JavaScript disabled, conditional questions included;
- the whole journey with the keyboard alone: no mouse event at all."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.models import Evidence, Submission
from tests.e2e.conftest import assert_accessible, click_and_wait, continue_, fill

pytestmark = pytest.mark.browser

ARABIC = re.compile(r"[\u0600-\u06ff]")

# The English page headings: a page in Arabic or Polish must show something else.
EN_H1 = {
    "start": "Before you start",
    "in-danger": "Are you or someone else in danger now?",
    "emergency": "Call 999 now",
    "who": "Who are you reporting for?",
    "what-kind": "What do you want to report?",
    "hate-motivation": "Why do you think it happened?",
    "asb-type": "What kind of anti-social behaviour is it?",
    "what-happened": "What happened?",
    "when": "When did it happen?",
    "where": "Where did it happen?",
    "people": "The people involved",
    "impact": "How it affects you",
    "already-reported": "Have you already reported this to anyone?",
    "housing": "Does the person it is happening to rent their home from the council or a housing association?",
    "outcome": "What would you like to happen?",
    "contact": "Do you want to give your name and contact details?",
    "contact-preferences": "How we contact you",
    "sharing": "Can we share your report with partner agencies, such as the police or your housing provider?",
    "evidence": "Photos, screenshots or documents",
    "monitoring": "Do you want to answer some equality questions?",
    "monitoring-questions": "Equality questions",
    "check-answers": "Check your answers before sending your report",
    "confirmation": "Report sent",
}


def make_png(path: Path, colour: str = "orange") -> Path:
    Image.new("RGB", (40, 30), colour).save(path, "PNG")
    return path


def on_page(page: Any, name: str) -> None:
    path = "" if name == "start" else name
    assert page.url.split("?")[0].split("#")[0].endswith(f"/report/{path}"), (page.url, name)


def h1(page: Any) -> str:
    return " ".join(page.locator("main h1").first.inner_text().split())


def check_language(page: Any, lang: str, name: str) -> None:
    """`<html lang dir>` are right, and the heading really is in the language."""
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    heading = h1(page)
    assert heading, f"{name} has no heading"
    if lang == "en":
        assert heading == EN_H1[name], (name, heading)
    else:
        assert heading != EN_H1[name], f"{name} is not translated into {lang}: {heading}"
        if lang == "ar":
            assert ARABIC.search(heading), heading


def check_error_state(page: Any, lang: str, expected: int | None = None) -> list[str]:
    """The GOV.UK error summary is shown and has focus; every link in it leads to a form control
    that carries the same message. Returns the target ids."""
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"no error summary on {page.url}"
    page.wait_for_function("() => !!document.activeElement && !!document.activeElement.closest('.govuk-error-summary')")
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    title = summary.locator(".govuk-error-summary__title").inner_text().strip()
    assert (title == "There is a problem") == (lang == "en"), title
    assert page.title().startswith("Error:") == (lang == "en"), page.title()
    links = summary.locator(".govuk-error-summary__list a")
    assert links.count() >= 1
    if expected is not None:
        assert links.count() == expected, links.all_inner_texts()
    messages = " ".join(page.locator("main .govuk-error-message").all_inner_texts())
    ids = []
    for link in links.all():
        href = link.get_attribute("href")
        assert href and href.startswith("#"), href
        target = href[1:]
        tag = page.evaluate("id => document.getElementById(id) && document.getElementById(id).tagName", target)
        assert tag in ("INPUT", "TEXTAREA", "SELECT"), f"error link {href} on {page.url} leads to {tag}"
        text = link.inner_text().strip()
        assert text and text in messages, (text, messages)
        ids.append(target)
    return ids


def unknown_choice(name: str) -> Callable[[Any], None]:
    """A tampered form: a radio whose value is not one of the choices (the only way to get an
    error on a page where every question is optional or has a default)."""

    def tamper(page: Any) -> None:
        page.evaluate(
            "name => { const r = document.querySelector(`input[name=${name}]`); r.value = 'forty-ish'; r.checked = true }",
            name,
        )

    return tamper


def not_an_image(tmp_path: Path) -> Callable[[Any], None]:
    def upload(page: Any) -> None:
        fake = tmp_path / "holiday.png"
        fake.write_bytes(b"%PDF-1.4 this is not a picture at all")
        page.locator("input[name=files]").set_input_files(str(fake))

    return upload


# -- 1. Every page and every error state, in three languages -----------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "pl"])
def test_every_page_and_error_state_is_accessible(app: Flask, live_server, page, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    visited: list[str] = []

    def check(name: str) -> None:
        on_page(page, name)
        check_language(page, lang, name)
        assert_accessible(page)
        visited.append(name)

    def errors(name: str, attempt: dict[str, Any] | Callable[[Any], None], expected: int | None = None) -> list[str]:
        if callable(attempt):
            attempt(page)
        else:
            fill(page, attempt)
        continue_(page)
        on_page(page, name)
        ids = check_error_state(page, lang, expected)
        check(name)
        return ids

    page.goto(f"{live_server.url}/report/?lang={lang}")
    check("start")
    click_and_wait(page, page.locator("a.govuk-button--start"))

    # Safety first: "yes" leads to the 999 page; back from there, and answer "no".
    check("in-danger")
    assert errors("in-danger", {}, 1) == ["in_danger"]
    fill(page, {"in_danger": "yes"})
    continue_(page)
    check("emergency")
    assert "999" in page.locator("main").inner_text()
    click_and_wait(page, page.locator("a.govuk-back-link"))
    check("in-danger")
    assert page.locator("#in_danger").is_checked()  # the answer survived the back link
    fill(page, {"in_danger": "no"})
    continue_(page)

    check("who")
    assert errors("who", {}, 1) == ["reporter_role"]
    # The follow-up questions revealed for "someone else" report their own errors.
    assert errors("who", {"reporter_role": "someone_else"}, 2) == ["relationship", "subject_aware"]
    assert errors("who", {"reporter_role": "organisation"}, 1) == ["organisation_name"]
    # A too-long answer to a follow-up question that no longer applies does not block the page.
    fill(page, {"reporter_role": "someone_else", "relationship": "x" * 201})
    fill(page, {"reporter_role": "victim"})
    continue_(page)

    check("what-kind")
    assert errors("what-kind", {}, 2) == ["incident_type", "online"]
    assert errors("what-kind", {"incident_type": "both", "online": "yes"}, 1) == ["platform"]
    fill(page, {"online": "no"})
    continue_(page)

    check("hate-motivation")
    assert errors("hate-motivation", {}, 1) == ["strands"]
    fill(page, {"strands": ["religion"]})
    continue_(page)

    check("asb-type")
    assert errors("asb-type", {}, 1) == ["asb_type"]
    fill(page, {"asb_type": "intimidation"})
    continue_(page)

    check("what-happened")
    assert errors("what-happened", {}, 1) == ["description"]
    assert errors("what-happened", {"description": "x" * 10001}, 1) == ["description"]
    fill(page, {"description": "They shout at me every time I pass their door."})
    continue_(page)

    check("when")
    assert errors("when", {}, 1) == ["when_kind"]
    impossible = {
        "when_kind": "once",
        "incident_date-day": "31",
        "incident_date-month": "2",
        "incident_date-year": "2025",
    }
    assert errors("when", impossible, 1) == ["incident_date-day"]
    assert errors("when", {"when_kind": "ongoing"}, 2) == ["how_often", "since-day"]
    fill(page, {"how_often": "weekly", "since-day": "1", "since-month": "6", "since-year": "2025"})
    continue_(page)

    check("where")
    assert errors("where", {}, 2) == ["place_type", "address"]
    assert errors("where", {"place_type": "home", "address": "Flat 2", "postcode": "NOT A CODE"}, 1) == ["postcode"]
    fill(page, {"postcode": "bn1 3xe"})
    continue_(page)

    check("people")
    assert errors("people", {}, 3) == ["responsible", "more_than_one", "witnesses"]
    assert errors("people", {"responsible": "known", "more_than_one": "no", "witnesses": "no"}, 1) == ["name"]
    fill(page, {"name": "The man at number 4"})
    continue_(page)

    check("impact")
    assert errors("impact", {}, 5) == ["aimed_at_you", "effects", "unsafe_at_home", "condition_affected", "support"]
    fill(
        page,
        {
            "aimed_at_you": "yes",
            "effects": ["sleep"],
            "unsafe_at_home": "no",
            "condition_affected": "no",
            "support": "yes",
        },
    )
    continue_(page)

    check("already-reported")
    assert errors("already-reported", {}, 1) == ["reported_to"]
    assert errors("already-reported", {"reported_to": ["landlord", "elsewhere"]}, 2) == ["landlord", "elsewhere"]
    fill(page, {"landlord": "housing_association", "elsewhere": "My GP"})
    continue_(page)
    ids = check_error_state(page, lang, 1)
    assert ids == ["housing_association"]
    check("already-reported")
    fill(page, {"housing_association": "Hove Homes"})
    continue_(page)

    check("housing")
    assert errors("housing", {}, 1) == ["social_tenant"]
    fill(page, {"social_tenant": "no"})
    continue_(page)

    check("outcome")
    assert errors("outcome", {}, 1) == ["outcomes"]
    assert errors("outcome", {"outcomes": ["stop"], "details": "y" * 2001}, 1) == ["details"]
    fill(page, {"details": "I want to feel safe walking past."})
    continue_(page)

    check("contact")
    assert errors("contact", {}, 1) == ["identity"]
    assert errors("contact", {"identity": "named"}, 2) == ["name", "channel"]
    assert errors("contact", {"name": "Ada Reporter", "channel": "email", "email": "not an address"}, 1) == ["email"]
    assert errors("contact", {"email": "", "channel": "sms", "phone": "01632 960 001"}, 1) == ["phone"]
    fill(page, {"channel": "email", "email": "ada@example.org", "phone": ""})
    continue_(page)

    check("contact-preferences")
    assert errors("contact-preferences", {}, 2) == ["leave_message", "interpreter"]
    fill(page, {"leave_message": "no", "interpreter": "yes"})
    continue_(page)

    check("sharing")
    assert page.locator("input[name=share_with_partners][value=no]").is_checked()  # defaults to no
    assert errors("sharing", unknown_choice("share_with_partners"), 1) == ["share_with_partners"]
    fill(page, {"share_with_partners": "yes"})
    continue_(page)

    check("evidence")
    assert errors("evidence", not_an_image(tmp_path), 1) == ["files"]
    page.locator("input[name=files]").set_input_files(str(make_png(tmp_path / "window.png")))
    continue_(page)

    check("monitoring")
    assert errors("monitoring", {}, 1) == ["answer"]
    fill(page, {"answer": "yes"})
    continue_(page)

    check("monitoring-questions")
    assert errors("monitoring-questions", unknown_choice("age_band"), 1) == ["age_band"]
    fill(page, {"age_band": "35_44", "religion": "prefer_not"})
    continue_(page)

    check("check-answers")
    summary = page.locator(".govuk-summary-list").inner_text()
    for answer in ("They shout at me every time I pass their door.", "BN1 3XE", "The man at number 4", "Hove Homes"):
        assert answer in summary
    click_and_wait(page, page.locator("form#send button"))
    on_page(page, "confirmation")
    check("confirmation")
    assert len(page.locator("#tracking-code").inner_text().strip()) == 22

    assert set(visited) == set(EN_H1), set(EN_H1) - set(visited)
    stored = db.session.scalars(select(Submission)).one()
    assert stored.language == lang
    assert stored.monitoring == {"age_band": "35_44", "religion": "prefer_not"}


# -- 2. A named victim ----------------------------------------------------------------------------


def test_named_victim_with_evidence_changes_an_answer_and_sends(app: Flask, live_server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/report/?lang=en")
    click_and_wait(page, page.locator("a.govuk-button--start"))
    answers: list[tuple[str, dict[str, Any]]] = [
        ("in-danger", {"in_danger": "no"}),
        ("who", {"reporter_role": "victim"}),
        ("what-kind", {"incident_type": "both", "online": "no"}),
        ("hate-motivation", {"strands": ["religion", "culture"]}),
        ("asb-type", {"asb_type": "intimidation"}),
        ("what-happened", {"description": "My neighbour shouts abuse about my headscarf and bangs on my door."}),
        (
            "when",
            {"when_kind": "ongoing", "how_often": "daily", "since-day": "1", "since-month": "3", "since-year": "2025"},
        ),
        ("where", {"place_type": "home", "address": "Flat 2, 10 Queens Road", "postcode": "bn1 3xe"}),
        (
            "people",
            {
                "responsible": "known",
                "name": "Sam Neighbour",
                "address": "Flat 4, 10 Queens Road",
                "more_than_one": "no",
                "witnesses": "yes",
                "witness_details": "The shop opposite has a camera",
            },
        ),
        (
            "impact",
            {
                "aimed_at_you": "yes",
                "effects": ["health", "sleep"],
                "unsafe_at_home": "yes",
                "condition_affected": "no",
                "support": "no",
            },
        ),
        ("already-reported", {"reported_to": ["police"], "crime_reference": "CAD 1234 05/03"}),
        ("housing", {"social_tenant": "no"}),
        ("outcome", {"outcomes": ["stop", "action"]}),
        ("contact", {"identity": "named", "name": "Amina Reporter", "channel": "email", "email": "amina@example.org"}),
        (
            "contact-preferences",
            {"safe_times": "Weekdays after 6pm", "leave_message": "no", "language": "en", "interpreter": "no"},
        ),
        ("sharing", {"share_with_partners": "yes"}),
    ]
    for name, data in answers:
        on_page(page, name)
        fill(page, data)
        continue_(page)
    on_page(page, "evidence")
    page.locator("input[name=files]").set_input_files(str(make_png(tmp_path / "door.png")))
    continue_(page)
    on_page(page, "monitoring")
    fill(page, {"answer": "no"})
    continue_(page)

    on_page(page, "check-answers")
    assert_accessible(page)
    summary = page.locator(".govuk-summary-list").inner_text()
    for shown in (
        "My neighbour shouts abuse about my headscarf",
        "Religion or belief",
        "Culture",
        "Intimidation or harassment aimed at you or your household",
        "Sam Neighbour",
        "The shop opposite has a camera",
        "BN1 3XE",
        "CAD 1234 05/03",
        "Amina Reporter",
        "amina@example.org",
        "Weekdays after 6pm",
        "Photo 1 (PNG, 1 KB)",
    ):
        assert shown in summary, shown

    # Change one answer: the change link opens the page with the answer, and comes back here.
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Their name, if you know it"))
    click_and_wait(page, row.locator("a", has_text="Change"))
    on_page(page, "people")
    assert "change=1" in page.url
    assert page.locator("#name").input_value() == "Sam Neighbour"
    back = page.locator("a.govuk-back-link").get_attribute("href")
    assert back and back.endswith("/report/check-answers")
    page.locator("#name").fill("Samuel Neighbour")
    continue_(page)
    on_page(page, "check-answers")
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Their name, if you know it"))
    assert row.locator("dd.govuk-summary-list__value").inner_text().strip() == "Samuel Neighbour"

    click_and_wait(page, page.locator("form#send button"))
    on_page(page, "confirmation")
    assert_accessible(page)
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference), reference
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{2}", code), code
    assert page.locator("#immediate-attention").is_visible()  # unsafe at home, every day, for months

    db.session.expire_all()
    stored = db.session.scalars(select(Submission)).one()
    assert stored.reference == reference
    assert stored.anonymous is False
    assert stored.channel == "email"
    assert stored.contact is not None
    assert stored.contact["name"] == "Amina Reporter"
    assert stored.contact["email"] == "amina@example.org"
    assert stored.contact["safe_times"] == "Weekdays after 6pm"
    assert stored.contact["leave_message"] is False
    assert stored.contact_key
    assert stored.is_hate and stored.is_asb
    assert stored.asb_type == "intimidation"
    assert sorted(strand.strand for strand in stored.strands) == ["culture", "religion"]
    assert stored.answers is not None
    assert stored.answers["people"]["name"] == "Samuel Neighbour"
    assert stored.answers["people"]["address"] == "Flat 4, 10 Queens Road"
    assert stored.answers["where"]["postcode"] == "BN1 3XE"
    assert stored.answers["when"]["when_kind"] == "ongoing"
    assert stored.answers["_intake"]["share_with_partners"] is True
    assert stored.answers["_intake"]["subject_aware"] is None
    assert stored.immediate_attention is True
    evidence = db.session.scalars(select(Evidence)).all()
    assert len(evidence) == 1
    assert evidence[0].submission_id == stored.id
    assert evidence[0].content_type == "image/png"
    assert (evidence[0].width, evidence[0].height) == (40, 30)
    assert [item["sha256"] for item in stored.answers["_intake"]["evidence"]] == [evidence[0].sha256]


# -- 3. A support worker reporting for a client ----------------------------------------------------


def test_support_worker_reports_anonymously_for_a_client(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/report/?lang=en")
    click_and_wait(page, page.locator("a.govuk-button--start"))
    who = {
        "reporter_role": "someone_else",
        "relationship": "Support worker at a refugee charity",
        "subject_aware": "yes",
    }
    answers: list[tuple[str, dict[str, Any]]] = [
        ("in-danger", {"in_danger": "no"}),
        ("who", who),
        ("what-kind", {"incident_type": "hate", "online": "yes", "platform": "WhatsApp"}),
        ("hate-motivation", {"strands": ["ethnic_national_origin"]}),
        ("what-happened", {"description": "My client gets voice notes telling her to go back where she came from."}),
        (
            "when",
            {"when_kind": "once", "incident_date-day": "2", "incident_date-month": "9", "incident_date-year": "2025"},
        ),
        ("where", {"place_type": "online"}),
        ("people", {"responsible": "unknown", "more_than_one": "not_sure", "witnesses": "no"}),
        (
            "impact",
            {
                "aimed_at_you": "yes",
                "effects": ["health"],
                "unsafe_at_home": "no",
                "condition_affected": "prefer_not",
                "support": "yes",
            },
        ),
        ("already-reported", {"reported_to": ["nobody"]}),
        ("housing", {"social_tenant": "council"}),
        ("outcome", {"outcomes": ["advice"]}),
        ("contact", {"identity": "anonymous"}),
        ("sharing", {"share_with_partners": "no"}),
        ("evidence", {}),
        ("monitoring", {"answer": "no"}),
    ]
    for name, data in answers:
        on_page(page, name)
        if name == "impact":  # the page tells a reporter for someone else to answer for them
            assert "answer for them" in page.locator("main").inner_text()
        fill(page, data)
        continue_(page)
    on_page(page, "check-answers")
    summary = page.locator(".govuk-summary-list").inner_text()
    assert "Support worker at a refugee charity" in summary
    assert "Someone else: I am reporting for them" in summary
    assert "WhatsApp" in summary
    assert "No, I want to report anonymously" in summary
    click_and_wait(page, page.locator("form#send button"))
    on_page(page, "confirmation")
    assert "the only way to follow your report" in page.locator("main").inner_text()
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 22

    db.session.expire_all()
    stored = db.session.scalars(select(Submission)).one()
    assert stored.anonymous is True
    assert stored.contact is None
    assert stored.contact_key is None
    assert stored.channel == "none"
    assert stored.interpreter_needed is False
    assert stored.answers is not None
    assert stored.answers["who"] == {
        "reporter_role": "someone_else",
        "relationship": "Support worker at a refugee charity",
        "subject_aware": "yes",
        "organisation_name": None,
    }
    assert stored.answers["_intake"]["subject_aware"] is True
    assert stored.answers["_intake"]["share_with_partners"] is False
    assert stored.answers["what-kind"]["platform"] == "WhatsApp"
    assert "contact" not in stored.answers
    assert stored.is_hate and not stored.is_asb
    assert stored.monitoring is None


# -- 4. Without JavaScript ------------------------------------------------------------------------


def test_whole_journey_without_javascript(app: Flask, live_server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/report/?lang=en")
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        click_and_wait(page, page.locator("a.govuk-button--start"))

        # An error state works without script: the summary and the messages come from the server.
        on_page(page, "in-danger")
        continue_(page)
        assert page.locator(".govuk-error-summary").is_visible()
        link = page.locator(".govuk-error-summary__list a")
        assert link.get_attribute("href") == "#in_danger"
        assert page.locator("#in_danger").count() == 1
        assert page.title().startswith("Error:")
        fill(page, {"in_danger": "no"})
        continue_(page)

        # Conditional questions: with script they would stay hidden until "someone else" is
        # chosen; without it they are on the page and usable straight away.
        on_page(page, "who")
        conditional = page.locator("#conditional-reporter_role-3")
        assert "govuk-radios__conditional--hidden" in (conditional.get_attribute("class") or "")
        assert page.locator("#relationship").is_visible()
        assert page.locator("#organisation_name").is_visible()
        # Follow-up errors are shown even though nothing revealed them.
        fill(page, {"reporter_role": "someone_else"})
        continue_(page)
        assert page.locator(".govuk-error-summary").is_visible()
        assert page.locator("#relationship").is_visible()
        fill(page, {"relationship": "Neighbour", "subject_aware": "not_asked"})
        continue_(page)

        rest: list[tuple[str, dict[str, Any]]] = [
            ("what-kind", {"incident_type": "asb", "online": "no"}),
            ("asb-type", {"asb_type": "noise"}),
            ("what-happened", {"description": "Loud music from the flat upstairs every night until 4am."}),
            (
                "when",
                {
                    "when_kind": "ongoing",
                    "how_often": "daily",
                    "since-day": "1",
                    "since-month": "1",
                    "since-year": "2025",
                },
            ),
            ("where", {"place_type": "home", "address": "5 Church Street"}),
            ("people", {"responsible": "description", "age_range": "18_30", "more_than_one": "no", "witnesses": "no"}),
            (
                "impact",
                {
                    "aimed_at_you": "no",
                    "effects": ["sleep"],
                    "unsafe_at_home": "no",
                    "condition_affected": "no",
                    "support": "yes",
                },
            ),
            ("already-reported", {"reported_to": ["landlord"], "landlord": "housing_association"}),
        ]
        for name, data in rest:
            on_page(page, name)
            fill(page, data)
            continue_(page)
        # A second-level conditional (the housing association inside the landlord question).
        on_page(page, "already-reported")
        assert page.locator(".govuk-error-summary").is_visible()
        fill(page, {"housing_association": "Moat Homes"})
        continue_(page)

        for name, data in [
            ("housing", {"social_tenant": "housing_association", "housing_association": "Moat Homes"}),
            ("outcome", {"outcomes": ["stop"]}),
        ]:
            on_page(page, name)
            fill(page, data)
            continue_(page)

        on_page(page, "contact")
        assert page.locator("#name").is_visible() and page.locator("#email").is_visible()
        fill(page, {"identity": "named", "name": "Lee Tenant", "channel": "phone", "phone": "01632 960 001"})
        continue_(page)
        for name, data in [
            ("contact-preferences", {"leave_message": "yes", "interpreter": "no"}),
            ("sharing", {}),
            ("evidence", {}),
            ("monitoring", {"answer": "no"}),
        ]:
            on_page(page, name)
            fill(page, data)
            continue_(page)

        on_page(page, "check-answers")
        summary = page.locator(".govuk-summary-list").inner_text()
        assert "Neighbour" in summary and "I have not been able to ask them" in summary and "Moat Homes" in summary
        click_and_wait(page, page.locator("form#send button"))
        on_page(page, "confirmation")
        assert len(page.locator("#tracking-code").inner_text().strip()) == 22
    finally:
        context.close()

    db.session.expire_all()
    stored = db.session.scalars(select(Submission)).one()
    assert stored.channel == "phone"
    assert stored.contact is not None and stored.contact["phone"] == "01632960001"
    assert stored.answers is not None
    assert stored.answers["who"]["relationship"] == "Neighbour"
    assert stored.answers["_intake"]["subject_aware"] is None  # "not asked" is neither yes nor no
    assert stored.answers["already-reported"]["housing_association"] == "Moat Homes"
    assert stored.answers["people"]["age_range"] == "18_30"
    assert stored.is_asb and stored.asb_type == "noise"


# -- 5. Keyboard only -----------------------------------------------------------------------------

FOCUS_VISIBLE = """el => {
    const shows = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
        || (s.boxShadow && s.boxShadow !== 'none');
    if (el.matches('.govuk-radios__input, .govuk-checkboxes__input')) {
        const label = el.parentElement.querySelector('label');
        return shows(getComputedStyle(label, '::before')) || shows(getComputedStyle(label, '::after'));
    }
    const style = getComputedStyle(el);
    if (el.matches('.govuk-button')) {
        // GOV.UK's focus state: the yellow background as well as the outline.
        return shows(style) && style.backgroundColor === 'rgb(255, 221, 0)';
    }
    return shows(style);
}"""


class Keyboard:
    """Drives a page with the keyboard alone: Tab, Shift+Tab, arrows, Space, Enter, typing."""

    def __init__(self, page: Any):
        self.page = page
        self.presses = 0

    def focused(self, selector: str) -> bool:
        return bool(self.page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector))

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def tab_to(self, selector: str, backwards: bool = False, limit: int = 150) -> None:
        for _ in range(limit):
            if self.focused(selector):
                break
            self.press("Shift+Tab" if backwards else "Tab")
        else:
            raise AssertionError(f"Tab never reached {selector} on {self.page.url}")
        visible = self.page.evaluate(f"() => ({FOCUS_VISIBLE})(document.activeElement)")
        assert visible, f"focus on {selector} is not visible on {self.page.url}"

    def choose(self, name: str, value: str) -> None:
        """Tab into a radio group, then arrow to the answer (arrows select as they move)."""
        self.tab_to(f"input[type=radio][name='{name}']")
        for _ in range(12):
            if self.focused(f"input[value='{value}']"):
                break
            self.press("ArrowDown")
        else:
            raise AssertionError(f"no {value} in {name}")
        if not self.page.evaluate("() => document.activeElement.checked"):
            self.press("Space")
        assert self.page.evaluate("() => document.activeElement.checked")

    def tick(self, name: str, value: str) -> None:
        self.tab_to(f"input[type=checkbox][name='{name}'][value='{value}']")
        self.press("Space")
        assert self.page.evaluate("() => document.activeElement.checked")

    def type(self, name: str, text: str) -> None:
        self.tab_to(f"[name='{name}']")
        self.page.keyboard.type(text)
        assert self.page.evaluate("() => document.activeElement.value") == text

    def activate(self, selector: str) -> None:
        """Tab to a button or link and press Enter; wait for the next page."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.press("Enter")
        self.page.wait_for_load_state()

    def continue_(self) -> None:
        # The main button, past any secondary one ("Add file" on the evidence page).
        self.activate("main form button.govuk-button:not(.govuk-button--secondary)")


def test_reporting_journey_with_the_keyboard_alone(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    mouse_events: list[str] = []
    page.expose_function("recordMouse", lambda kind: mouse_events.append(kind))
    page.add_init_script(
        """["mousedown", "mouseup", "mousemove", "pointerdown", "pointerup", "pointermove"].forEach(kind =>
            window.addEventListener(kind, event => { if (event.isTrusted) window.recordMouse(kind) }, true))"""
    )
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/report/?lang=en")
    keys.activate("a.govuk-button--start")

    # An error: the summary takes focus; its link takes focus to the question.
    on_page(page, "in-danger")
    keys.continue_()
    check_error_state(page, "en", 1)
    keys.tab_to(".govuk-error-summary__list a")
    keys.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'in_danger'")
    keys.press("ArrowDown")  # from "yes" to "no", and selects it
    assert page.evaluate("() => document.activeElement.value") == "no"
    keys.continue_()

    on_page(page, "who")
    keys.choose("reporter_role", "witness")
    keys.continue_()

    on_page(page, "what-kind")
    keys.choose("incident_type", "hate")
    keys.choose("online", "yes")
    keys.type("platform", "Instagram")  # revealed by the arrow key's choice
    keys.continue_()

    on_page(page, "hate-motivation")
    keys.tick("strands", "sexual_orientation")
    keys.tick("strands", "gender_identity")
    keys.continue_()

    on_page(page, "what-happened")
    keys.tab_to("main form button.govuk-button")
    keys.tab_to("textarea[name=description]", backwards=True)  # Shift+Tab back to the question
    page.keyboard.type("Comments under my friend's photo calling him names.")
    keys.continue_()

    on_page(page, "when")
    keys.choose("when_kind", "once")
    keys.type("incident_date-day", "14")
    keys.type("incident_date-month", "2")
    keys.type("incident_date-year", "2025")
    keys.choose("time_of_day", "evening")
    keys.continue_()

    on_page(page, "where")
    keys.choose("place_type", "online")
    keys.continue_()

    on_page(page, "people")
    keys.choose("responsible", "unknown")
    keys.choose("more_than_one", "yes")
    keys.choose("witnesses", "not_sure")
    keys.continue_()

    on_page(page, "impact")
    keys.choose("aimed_at_you", "no")
    keys.tick("effects", "none")
    keys.choose("unsafe_at_home", "no")
    keys.choose("condition_affected", "no")
    keys.choose("support", "yes")
    keys.continue_()

    on_page(page, "already-reported")
    keys.tick("reported_to", "nobody")
    keys.continue_()

    on_page(page, "housing")
    keys.choose("social_tenant", "not_sure")
    keys.continue_()

    on_page(page, "outcome")
    keys.tick("outcomes", "record")
    keys.continue_()

    on_page(page, "contact")
    keys.choose("identity", "named")
    keys.type("name", "Jo Witness")
    keys.choose("channel", "email")
    keys.type("email", "jo@example.org")
    keys.continue_()

    on_page(page, "contact-preferences")
    keys.choose("leave_message", "yes")
    keys.choose("interpreter", "no")
    keys.continue_()

    on_page(page, "sharing")
    keys.choose("share_with_partners", "yes")
    keys.continue_()

    on_page(page, "evidence")
    keys.continue_()

    on_page(page, "monitoring")
    keys.choose("answer", "no")
    keys.continue_()

    on_page(page, "check-answers")
    summary = page.locator(".govuk-summary-list").inner_text()
    assert "Instagram" in summary and "Jo Witness" in summary and "14 February 2025" in summary
    keys.activate("form#send button")
    on_page(page, "confirmation")
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()

    assert mouse_events == [], mouse_events
    assert keys.presses > 50
    db.session.expire_all()
    stored = db.session.scalars(select(Submission)).one()
    assert stored.reference == reference
    assert stored.answers is not None
    assert stored.answers["hate-motivation"]["strands"] == ["sexual_orientation", "gender_identity"]
    assert stored.answers["what-kind"]["platform"] == "Instagram"
    assert stored.answers["who"]["reporter_role"] == "witness"
    assert stored.answers["_intake"]["share_with_partners"] is True
    assert stored.channel == "email" and stored.contact is not None and stored.contact["email"] == "jo@example.org"

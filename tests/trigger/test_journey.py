"""The Community Trigger application journey, through the test client as a browser without
JavaScript would use it."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from portal import create_app
from portal.config import TestingConfig
from portal.constants import SubmissionKind
from portal.core.lookup import find_by_tracking_code
from portal.core.tracking import new_tracking_code
from portal.core.trigger_rules import RulesError
from portal.extensions import db
from portal.models import Draft, OutboxMessage, Submission, TriggerCase, TriggerComplaint, utcnow
from portal.trigger.services import application_date, due_dates
from tests.journey import answer
from tests.pages import check_page
from tests.trigger.helpers import (
    BASE,
    add_complaint,
    complaint_data,
    finish_to_result,
    link,
    make_report,
    submit_from_result,
    today,
    who,
)

NOT_FOUND_TEXT = "We could not find a report with that tracking code. Check it and try again"


def draft_rows(client: FlaskClient) -> dict:
    draft = db.session.scalar(select(Draft).where(Draft.journey == "trigger"))
    db.session.refresh(draft)
    return draft.data.get("pages", {}).get("complaint-rows", {"typed": [], "linked": []})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_start_page_explains_the_threshold_and_offers_an_anonymous_report(client: FlaskClient) -> None:
    page = check_page(client.get(f"{BASE}/"))
    assert page.h1 == "Apply for a Community Trigger (ASB Case Review)"
    assert "3 complaints about the same problem in the last 6 months" in page.text("main")
    assert page.one("#anonymous-report")["href"] == "/report/"
    assert page.one("a.govuk-button--start")["href"] == f"{BASE}/who-is-applying"


def test_a_victim_applies_and_gets_a_reference_tracking_code_and_due_dates(client: FlaskClient) -> None:
    who(client)
    day = today() - timedelta(days=20)
    add_complaint(
        client, complaint_data(day, day + timedelta(days=1), "police", reference="CAD 4471", officer="PC Jones")
    )
    result = finish_to_result(client)
    assert result.h1 == "Can you have a case review?"
    assert result.one("#decision")["data-met"] == "false"
    confirmation = submit_from_result(client)

    assert confirmation.text(".govuk-panel__title") == "Application sent"
    reference = confirmation.text("#reference")
    code = confirmation.text("#tracking-code")
    submission = find_by_tracking_code(code)
    assert submission.reference == reference
    assert submission.kind == SubmissionKind.TRIGGER_APPLICATION
    assert submission.anonymous is False and submission.channel == "email"
    assert submission.answers["applicant_type"] == "victim"
    assert submission.answers["threshold"]["met"] is False
    assert submission.answers["_intake"]["triage_reasons"] == [submission.answers["threshold"]["reasons"][0]]
    complaint = db.session.scalar(select(TriggerComplaint).where(TriggerComplaint.application_id == submission.id))
    assert (complaint.agency, complaint.agency_reference, complaint.officer) == ("police", "CAD 4471", "PC Jones")
    assert complaint.incident_date == day and complaint.source == "typed"
    case = db.session.get(TriggerCase, submission.id)
    due = due_dates(submission.received_on)
    assert (case.acknowledge_due, case.decision_due, case.review_due, case.outcome_due) == tuple(due.values())
    assert case.engine_result["rules"][0]["rule"] == "statutory" and case.engine_met is False
    shown = [
        row.select_one("dd").get_text(strip=True) for row in confirmation.all("#due-dates .govuk-summary-list__row")
    ]
    assert len(shown) == 4
    payload = db.session.scalar(select(OutboxMessage.payload).where(OutboxMessage.submission_id == submission.id))
    application = payload["submission"]["application"]
    assert application["due_dates"]["decision"] == due["decision"].isoformat()
    assert application["threshold"]["met"] is False
    assert application["incidents"][0]["reported_to"] == "police"


def test_applying_for_someone_else_needs_their_consent(client: FlaskClient) -> None:
    check_page(client.get(f"{BASE}/"))
    behalf = {"applicant_type": "behalf", "victim_name": "Bob Victim", "relationship": "Son"}
    page = check_page(answer(client, f"{BASE}/who-is-applying", behalf))
    assert page.errors == ["Confirm that the victim has agreed that you can apply for them"]
    assert page.field_error("consent") == "Error: Confirm that the victim has agreed that you can apply for them"
    assert page.one("#victim_name")["value"] == "Bob Victim"
    draft = db.session.scalar(select(Draft).where(Draft.journey == "trigger"))
    assert "who-is-applying" not in draft.data.get("pages", {})

    assert answer(client, f"{BASE}/who-is-applying", {**behalf, "consent": "given"}).status_code == 302
    day = today() - timedelta(days=10)
    add_complaint(client, complaint_data(day, day))
    finish_to_result(client)
    confirmation = submit_from_result(client)
    submission = find_by_tracking_code(confirmation.text("#tracking-code"))
    assert submission.answers["applicant_type"] == "on_behalf_of_victim"
    assert submission.answers["victim_consent"] is True
    assert submission.answers["victim"]["name"] == "Bob Victim"


def test_a_business_applies_under_its_name(client: FlaskClient) -> None:
    check_page(client.get(f"{BASE}/"))
    page = check_page(answer(client, f"{BASE}/who-is-applying", {"applicant_type": "business"}))
    assert page.errors == ["Enter the name of the business or community group"]
    data = {"applicant_type": "business", "organisation_name": "Marine Court Stores"}
    assert answer(client, f"{BASE}/who-is-applying", data).status_code == 302
    finish_to_result(client, method="phone", email="", phone="01273 290000")
    confirmation = submit_from_result(client)
    submission = find_by_tracking_code(confirmation.text("#tracking-code"))
    assert submission.answers["applicant_type"] == "business"
    assert submission.answers["organisation_name"] == "Marine Court Stores"
    assert submission.channel == "phone" and submission.contact["phone"] == "01273 290000"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"applicant_type": "anonymous"}, "applicant_type", "Select who is applying for the case review"),
        ({}, "applicant_type", "Select who is applying for the case review"),
        (
            {"applicant_type": "group", "organisation_name": "x" * 201},
            "organisation_name",
            "The name must be 200 characters or fewer",
        ),
    ],
)
def test_who_is_applying_refuses_bad_input(client: FlaskClient, data: dict, field: str, message: str) -> None:
    check_page(client.get(f"{BASE}/"))
    page = check_page(answer(client, f"{BASE}/who-is-applying", data))
    assert page.field_error(field) == f"Error: {message}"


def test_add_another_rows_can_be_added_changed_and_removed(client: FlaskClient) -> None:
    who(client)
    first, second = today() - timedelta(days=30), today() - timedelta(days=12)
    add_complaint(client, complaint_data(first, first, reference="ONE"))
    add_complaint(client, complaint_data(second, second, "housing_provider", reference="TWO"))
    listing = check_page(client.get(f"{BASE}/earlier-complaints"))
    assert len(listing.all("#typed-complaints .app-complaint")) == 2
    assert listing.text("#add-complaint") == "Add another complaint"

    change = check_page(client.get(f"{BASE}/complaints/1/change"))
    assert change.one("#reference")["value"] == "TWO"
    response = client.post(
        f"{BASE}/complaints/1/change",
        data={**complaint_data(second, second, "police", reference="TWO-B"), "csrf_token": change.csrf()},
    )
    assert response.headers["Location"].endswith("/earlier-complaints")
    assert [row["reference"] for row in draft_rows(client)["typed"]] == ["ONE", "TWO-B"]
    assert draft_rows(client)["typed"][1]["agency"] == "police"

    confirm = check_page(client.get(f"{BASE}/complaints/typed/0/remove"))
    assert confirm.h1 == "Are you sure you want to remove this complaint?"
    client.post(f"{BASE}/complaints/typed/0/remove", data={"confirm": "no", "csrf_token": confirm.csrf()})
    assert len(draft_rows(client)["typed"]) == 2
    client.post(f"{BASE}/complaints/typed/0/remove", data={"confirm": "yes", "csrf_token": confirm.csrf()})
    assert [row["reference"] for row in draft_rows(client)["typed"]] == ["TWO-B"]
    listing = check_page(client.get(f"{BASE}/earlier-complaints"))
    assert len(listing.all("#typed-complaints .app-complaint")) == 1
    # A row that does not exist sends you back to the list.
    assert client.get(f"{BASE}/complaints/7/change").headers["Location"].endswith("/earlier-complaints")


@pytest.mark.parametrize(
    "happened, reported, field, message",
    [
        (1, 1, "incident_date", "The date the behaviour happened must be today or in the past"),
        (
            -5,
            -6,
            "reported_date",
            "The date you reported it must be the same as or after the date the behaviour happened",
        ),
        (-5, 2, "reported_date", "The date you reported it must be today or in the past"),
    ],
)
def test_impossible_dates_are_refused_and_nothing_is_stored(
    client: FlaskClient, happened: int, reported: int, field: str, message: str
) -> None:
    who(client)
    data = complaint_data(today() + timedelta(days=happened), today() + timedelta(days=reported))
    page = check_page(answer(client, f"{BASE}/complaints/add", data))
    assert page.field_error(field) == f"Error: {message}"
    assert message in page.errors
    assert page.one(f"#{field}-day")["value"] == data[f"{field}-day"]
    assert draft_rows(client)["typed"] == []


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"incident_date-day": "", "incident_date-month": "", "incident_date-year": ""},
            "incident_date",
            "Enter the date the behaviour happened",
        ),
        (
            {"incident_date-day": "31", "incident_date-month": "2"},
            "incident_date",
            "The date the behaviour happened must be a real date, for example 27 3 2026",
        ),
        ({"agency": "the-mayor"}, "agency", "Select who you reported it to"),
        ({"what_happened": ""}, "what_happened", "Enter what happened"),
        ({"what_happened": "x" * 5001}, "what_happened", "What happened must be 5,000 characters or fewer"),
    ],
)
def test_bad_complaint_rows_get_clear_messages(client: FlaskClient, changes: dict, field: str, message: str) -> None:
    who(client)
    day = today() - timedelta(days=3)
    page = check_page(answer(client, f"{BASE}/complaints/add", {**complaint_data(day, day), **changes}))
    assert page.field_error(field) == f"Error: {message}"
    assert draft_rows(client)["typed"] == []


def test_no_more_rows_than_the_configured_maximum(app: Flask, client: FlaskClient) -> None:
    app.config["TRIGGER_MAX_COMPLAINTS"] = 2
    who(client)
    day = today() - timedelta(days=3)
    add_complaint(client, complaint_data(day, day))
    add_complaint(client, complaint_data(day, day))
    page = check_page(answer(client, f"{BASE}/complaints/add", complaint_data(day, day)))
    assert page.errors == ["You can add up to 2 earlier complaints"]
    assert len(draft_rows(client)["typed"]) == 2
    code = make_report(10)
    linked = check_page(link(client, code))
    assert linked.field_error("tracking_code") == "Error: You can add up to 2 earlier complaints"
    assert draft_rows(client)["linked"] == []


def test_three_portal_reports_meet_the_threshold_by_their_tracking_codes(client: FlaskClient) -> None:
    codes = [make_report(days) for days in (60, 35, 9)]
    who(client)
    for code in codes:
        response = link(client, code.lower().replace("-", " "))
        assert response.status_code == 302, check_page(response).errors
    made_up_code = new_tracking_code()  # well formed, with a valid check symbol, never issued
    made_up = link(client, made_up_code)
    page = check_page(made_up)
    assert page.field_error("tracking_code") == f"Error: {NOT_FOUND_TEXT}"
    assert page.one("#tracking_code")["value"] == ""
    # The same answer as the status page gives for a code that does not exist.
    status = check_page(client.get("/status/"))
    on_status = check_page(client.post("/status/", data={"tracking_code": made_up_code, "csrf_token": status.csrf()}))
    assert on_status.field_error("tracking_code") == page.field_error("tracking_code")
    assert len(draft_rows(client)["linked"]) == 3

    listing = check_page(client.get(f"{BASE}/earlier-complaints"))
    assert len(listing.all("#linked-reports .app-linked-report")) == 3
    result = finish_to_result(client)
    assert result.one("#decision")["data-met"] == "true"
    assert result.one('[data-rule="statutory"]')["data-met"] == "true"
    assert "3 qualifying complaints" in result.text('[data-rule="statutory"] .app-rule-reason')
    confirmation = submit_from_result(client)
    submission = find_by_tracking_code(confirmation.text("#tracking-code"))
    rows = db.session.scalars(select(TriggerComplaint).where(TriggerComplaint.application_id == submission.id)).all()
    assert sorted(row.source for row in rows) == ["portal"] * 3
    assert all(row.linked_submission_id for row in rows)
    assert db.session.get(TriggerCase, submission.id).engine_met is True


def test_a_report_linked_twice_counts_once_and_an_application_code_is_not_found(client: FlaskClient) -> None:
    code = make_report(10)
    application_code = make_report(8, kind=SubmissionKind.TRIGGER_APPLICATION)
    who(client)
    assert link(client, code).status_code == 302
    again = check_page(link(client, code))
    assert again.field_error("tracking_code") == "Error: You have already added this report"
    other = check_page(link(client, application_code))
    assert other.field_error("tracking_code") == f"Error: {NOT_FOUND_TEXT}"
    malformed = check_page(link(client, "not a code <script>"))
    assert malformed.field_error("tracking_code") == "Error: The tracking code can only contain letters and numbers"
    assert len(draft_rows(client)["linked"]) == 1


def test_households_rule_counts_other_households_portal_reports_at_the_place(client: FlaskClient) -> None:
    mine = make_report(20, location_key="marine-court", household_key="flat-12")
    for flat in ("flat-1", "flat-2", "flat-3", "flat-4"):
        make_report(15, location_key="marine-court", household_key=flat)
    make_report(15, location_key="marine-court", household_key="flat-4")  # the same household again
    make_report(15, location_key="elsewhere", household_key="flat-9")
    who(client)
    assert link(client, mine).status_code == 302
    result = finish_to_result(client)
    households = result.one('[data-rule="households"]')
    assert households["data-met"] == "true"
    assert result.text('[data-rule="households"] .app-rule-reason').startswith("5 households")


def test_the_result_page_agrees_with_flask_trigger_assess(
    client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    who(client)
    applied = application_date(utcnow())
    rows = [
        (today() - timedelta(days=100), today() - timedelta(days=98), "council"),
        (today() - timedelta(days=100), today() - timedelta(days=99), "police"),  # the same incident
        (today() - timedelta(days=80), today() - timedelta(days=40), "council"),  # too late to qualify
        (today() - timedelta(days=20), today() - timedelta(days=19), "housing_provider"),
    ]
    for happened, reported, agency in rows:
        hate = {"is_hate": "yes"} if agency == "police" else {}
        add_complaint(client, complaint_data(happened, reported, agency, **hate))
    result = finish_to_result(client)
    history = {
        "application_date": applied.isoformat(),
        "applicant_household": "me",
        "complaints": [
            {
                "incident_date": happened.isoformat(),
                "reported_date": reported.isoformat(),
                "agency": agency,
                "is_hate": agency == "police",
                "action_taken": False,
            }
            for happened, reported, agency in rows
        ],
    }
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history))
    output = runner.invoke(args=["trigger", "assess", str(path)])
    assert output.exit_code == 0, output.output
    decision = json.loads(output.output)

    on_page = {
        row["data-rule"]: (row["data-met"] == "true", row.select_one(".app-rule-reason").get_text(strip=True))
        for row in result.all("#rules [data-rule]")
    }
    from_cli = {rule["rule"]: (rule["met"], rule["reason"]) for rule in decision["rules"] if rule["enabled"]}
    assert on_page == from_cli
    assert (result.one("#decision")["data-met"] == "true") == decision["met"]
    assert on_page["statutory"][0] is False and on_page["hate"][0] is True


def test_contact_details_are_checked(client: FlaskClient) -> None:
    who(client)
    for path, data in (
        ("earlier-complaints", {}),
        ("now", {"happening_now": "a", "impact": "b", "outcome_wanted": "c"}),
        ("home", {"tenure": "owner"}),
    ):
        assert answer(client, f"{BASE}/{path}", data).status_code == 302
    page = check_page(answer(client, f"{BASE}/contact", {"name": "Ada", "method": "email", "email": "not-an-email"}))
    assert page.field_error("email") == "Error: Enter an email address in the correct format, like name@example.com"
    page = check_page(answer(client, f"{BASE}/contact", {"name": "Ada", "method": "sms", "phone": "call me"}))
    assert page.field_error("phone") == "Error: Enter a phone number, like 07700 900 982 or +44 7700 900 982"
    page = check_page(answer(client, f"{BASE}/contact", {"name": "Ada", "method": "sms"}))
    assert page.field_error("phone") == "Error: Enter your phone number"
    page = check_page(answer(client, f"{BASE}/contact", {"name": "", "method": "letter"}))
    assert page.errors == ["Enter your full name", "Select how you would like us to contact you"]


def test_a_statutory_threshold_above_three_stops_the_app_at_start_up() -> None:
    with pytest.raises(RulesError, match="threshold is 4"):
        create_app(TestingConfig, COMMUNITY_TRIGGER_RULES={"statutory": {"threshold": 4}})


def test_nothing_is_stored_until_the_application_is_sent(client: FlaskClient) -> None:
    who(client)
    day = today() - timedelta(days=3)
    add_complaint(client, complaint_data(day, day))
    finish_to_result(client)
    assert count(Submission) == 0 and count(TriggerComplaint) == 0 and count(TriggerCase) == 0


def test_the_pages_work_in_arabic_right_to_left(client: FlaskClient) -> None:
    check_page(client.get(f"{BASE}/?lang=ar"), lang="ar")
    who(client)
    day = today() - timedelta(days=4)
    add_complaint(client, complaint_data(day, day))
    for path in ("earlier-complaints", "complaints/add", "complaints/0/change", "complaints/link", "figures"):
        page = check_page(client.get(f"{BASE}/{path}"), lang="ar")
        assert page.one("html")["dir"] == "rtl"
    result = finish_to_result(client)
    assert result.one("html")["dir"] == "rtl" and result.all("#rules [data-rule]")

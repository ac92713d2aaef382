"""The duty desk in a real browser, checked with axe-core on every page, including the error
state of each form: sign in, the inbox, a submission (acknowledge, lead agency and single point
of contact, caseworkers, an update with a new stage, close), deliveries with a failed message
resent, and the Community Trigger pages (threshold decision, review meeting). Each change is
checked in the database and on the page."""

from datetime import timedelta
from typing import Any

from flask import Flask
from flask_babel import refresh
from sqlalchemy import select

from portal.constants import LeadAgency, MessageDirection, OutboxStatus, RiskLevel, Stage, UpdateKind
from portal.delivery import PermanentError, register_adapter
from portal.extensions import db
from portal.intake.worker import run_once
from portal.labels import LEAD_AGENCY_LABELS, RISK_LABELS, STAGE_LABELS
from portal.models import OutboxMessage, StatusUpdate, Submission, TriggerCase
from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, assert_error_state, click_and_wait, error_texts, fill
from tests.intake.factories import stored_submission
from tests.trigger.helpers import add_complaint, complaint_data, finish_to_result, submit_from_result, today, who

REFUSING = "e2e-refusing"


class Refusing:
    """A case system that refuses everything, so the deliveries page has failed messages."""

    def deliver(self, delivery: Any) -> None:
        raise PermanentError("HTTP 400 from case system")


def checked(page: Any, *, error: bool = False) -> None:
    assert page.locator("html").get_attribute("lang") == "en"
    assert_error_state(page, error)
    assert_accessible(page)


def english(app: Flask, text: Any) -> str:
    with app.test_request_context("/?lang=en"):
        refresh()
        try:
            return str(text)
        finally:
            refresh()


def summary_value(page: Any, key: str) -> str:
    row = page.locator("#summary .govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=key)
    )
    return " ".join(row.locator(".govuk-summary-list__value").inner_text().split())


def press(page: Any, form: str) -> None:
    click_and_wait(page, page.locator(f"{form} button.govuk-button"))


def fresh(submission: Submission) -> Submission:
    db.session.expire_all()
    found = db.session.get(Submission, submission.id)
    assert found is not None
    return found


def trigger_application(app: Flask) -> str:
    """A Community Trigger application made through the journey; its reference."""
    client = app.test_client()
    who(client)
    day = today() - timedelta(days=10)
    add_complaint(client, complaint_data(day, day, "police", reference="CAD 9001"))
    finish_to_result(client)
    return submit_from_result(client).text("#reference")


def test_duty_desk_in_a_browser(app: Flask, live_server, page) -> None:  # type: ignore[no-untyped-def]
    register_adapter(REFUSING, lambda settings: Refusing())
    app.config["INTAKE_DESTINATIONS"] = ["builtin", REFUSING]
    report = stored_submission("Graffiti sprayed on the mosque wall.")
    application_reference = trigger_application(app)
    run_once()
    report = fresh(report)
    assert report.delivered_at is not None
    caseworker = make_user(email="casey@example.org", name="Casey Worker")
    other = make_user(email="pat@example.org", name="Pat Partner")
    base = live_server.url

    # Sign in: empty, then a wrong password, then right.
    page.goto(f"{base}/duty-desk/sign-in")
    checked(page)
    press(page, "main form")
    checked(page, error=True)
    assert len(error_texts(page)) == 2
    page.locator("#email").fill(caseworker.email)
    page.locator("#password").fill("not the password")
    press(page, "main form")
    checked(page, error=True)
    assert error_texts(page) == ["Enter a correct email address and password"]
    assert page.locator("#password").input_value() == ""
    page.locator("#email").fill(caseworker.email)
    page.locator("#password").fill(STAFF_PASSWORD)
    press(page, "main form")
    assert page.url.endswith("/duty-desk/"), error_texts(page)

    # The inbox lists both submissions and warns that a destination is failing.
    checked(page)
    assert "Casey Worker" in page.locator(".app-staff-bar").inner_text()
    listed = page.locator("main table tbody tr").all_inner_texts()
    assert any(report.reference in row for row in listed) and any(application_reference in row for row in listed)
    assert page.locator(f"#delivery-alerts li[data-destination='{REFUSING}']").count() == 1

    # Open the report: its answers and triage reasons.
    click_and_wait(page, page.locator(f"main table a:has-text('{report.reference}')"))
    assert page.url.endswith(f"/duty-desk/submissions/{report.reference}")
    checked(page)
    assert "Graffiti sprayed on the mosque wall." in page.locator("#answers").inner_text()
    assert "Not reported to the police" in page.locator("#triage-reasons").inner_text()
    assert summary_value(page, "Risk") == english(app, RISK_LABELS[RiskLevel(report.risk_level)])

    # Acknowledge.
    press(page, "#acknowledge-form")
    checked(page)
    assert fresh(report).acknowledged_at is not None and fresh(report).stage == Stage.ACKNOWLEDGED
    assert summary_value(page, "Stage") == english(app, STAGE_LABELS[Stage.ACKNOWLEDGED])
    assert page.locator("#acknowledge-form").count() == 0

    # Lead agency and single point of contact: none chosen, then the police.
    press(page, "#triage-form")
    checked(page, error=True)
    assert error_texts(page) == ["Select the lead agency"]
    fill(page, {"lead_agency": LeadAgency.POLICE.value, "single_point_of_contact": "Sam, Community Safety"})
    press(page, "#triage-form")
    checked(page)
    stored = fresh(report)
    assert (stored.lead_agency, stored.single_point_of_contact) == (LeadAgency.POLICE, "Sam, Community Safety")
    assert summary_value(page, "Lead agency") == english(app, LEAD_AGENCY_LABELS[LeadAgency.POLICE])
    assert summary_value(page, "Single point of contact") == "Sam, Community Safety"

    # Caseworkers: the same person for the victim and the perpetrator is refused.
    fill(page, {"victim_caseworker": str(caseworker.id), "perpetrator_caseworker": str(caseworker.id)})
    press(page, "#caseworkers-form")
    checked(page, error=True)
    assert page.locator("#perpetrator_caseworker-error").is_visible()
    assert fresh(report).perpetrator_caseworker_id is None
    fill(page, {"victim_caseworker": str(caseworker.id), "perpetrator_caseworker": str(other.id)})
    press(page, "#caseworkers-form")
    checked(page)
    stored = fresh(report)
    assert (stored.victim_caseworker_id, stored.perpetrator_caseworker_id) == (caseworker.id, other.id)
    assert page.locator("input[name=victim_caseworker]:checked").get_attribute("value") == str(caseworker.id)
    assert page.locator("input[name=perpetrator_caseworker]:checked").get_attribute("value") == str(other.id)

    # An update: empty first, then a message with a new stage.
    press(page, "#update-form")
    checked(page, error=True)
    assert error_texts(page) == ["Enter a message or choose a new stage"]
    fill(page, {"kind": "update", "stage": Stage.IN_PROGRESS.value, "message": "We have spoken to the police."})
    press(page, "#update-form")
    checked(page)
    assert "We have spoken to the police." in page.locator(".app-timeline").inner_text()
    assert summary_value(page, "Stage") == english(app, STAGE_LABELS[Stage.IN_PROGRESS])
    update = db.session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.submission_id == report.id, StatusUpdate.message == "We have spoken to the police."
        )
    )
    assert update is not None
    assert (update.kind, update.direction, update.stage, update.author_id) == (
        UpdateKind.UPDATE,
        MessageDirection.TO_REPORTER,
        Stage.IN_PROGRESS,
        caseworker.id,
    )

    # Close: without an outcome, then with one.
    press(page, "#close-form")
    checked(page, error=True)
    assert error_texts(page) == ["Enter the outcome"]
    assert fresh(report).closed_at is None
    page.locator("#outcome").fill("Graffiti removed; the police gave a warning.")
    press(page, "#close-form")
    checked(page)
    stored = fresh(report)
    assert stored.closed_at is not None and stored.stage == Stage.CLOSED
    assert stored.outcome == "Graffiti removed; the police gave a warning."
    assert summary_value(page, "Outcome") == "Graffiti removed; the police gave a warning."
    assert page.locator("#close-form, #update-form, #triage-form").count() == 0

    # The inbox no longer lists it.
    click_and_wait(page, page.locator(".govuk-back-link"))
    checked(page)
    assert report.reference not in page.locator("main").inner_text()
    assert application_reference in page.locator("main").inner_text()

    # Deliveries: the failed messages, then resend them all.
    click_and_wait(page, page.locator("main a[href='/duty-desk/deliveries']").first)
    checked(page)
    dead = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.destination == REFUSING, OutboxMessage.status == OutboxStatus.DEAD)
    ).all()
    assert len(dead) >= 2
    row = page.locator(f"#health tr[data-destination='{REFUSING}']")
    assert row.locator(".app-dead").inner_text().strip() == str(len(dead))
    assert page.locator("#dead tbody tr").count() == len(dead)
    press(page, f"#health tr[data-destination='{REFUSING}'] form")
    checked(page)
    assert page.locator(".govuk-notification-banner--success").inner_text().count(f"{len(dead)} message(s)") == 1
    db.session.expire_all()
    assert {message.status for message in dead} == {OutboxStatus.PENDING}
    assert page.locator("#dead").count() == 0

    # Community Trigger: the list of applications and the case.
    page.goto(f"{base}/duty-desk/community-trigger/")
    page.wait_for_load_state()
    checked(page)
    assert page.locator(f"#cases tr[data-reference='{application_reference}']").count() == 1
    click_and_wait(page, page.locator(f"#cases a:has-text('{application_reference}')"))
    checked(page)
    application = db.session.scalar(select(Submission).where(Submission.reference == application_reference))
    assert application is not None
    assert page.locator("#engine-rules .govuk-summary-list__row").count() >= 1
    assert "CAD 9001" in page.locator("#complaints").inner_text()
    action_form = f"main form[action='/duty-desk/community-trigger/{application_reference}']"

    def case_summary() -> str:
        return " ".join(page.locator("#case-summary").inner_text().split())

    # Nothing chosen; a threshold decision without a reason; a review meeting without a date.
    press(page, action_form)
    checked(page, error=True)
    assert error_texts(page) == ["Select what has happened"]
    fill(page, {"action": "threshold_met"})
    press(page, action_form)
    checked(page, error=True)
    assert error_texts(page) == ["Enter the reason for the threshold decision"]
    fill(page, {"action": "review_arranged"})
    press(page, action_form)
    checked(page, error=True)
    assert error_texts(page) == ["Enter the date of the review meeting"]
    case = db.session.get(TriggerCase, application.id)
    assert case is not None and case.threshold_decision is None

    fill(page, {"action": "acknowledge"})
    press(page, action_form)
    checked(page)
    assert fresh(application).acknowledged_at is not None
    fill(page, {"action": "threshold_met", "message": "Three qualifying complaints in six months."})
    press(page, action_form)
    checked(page)
    assert "Three qualifying complaints in six months." in case_summary()
    meeting = today() + timedelta(days=14)
    fill(
        page,
        {
            "action": "review_arranged",
            "meeting_on-day": str(meeting.day),
            "meeting_on-month": str(meeting.month),
            "meeting_on-year": str(meeting.year),
        },
    )
    press(page, action_form)
    checked(page)
    db.session.expire_all()
    case = db.session.get(TriggerCase, application.id)
    assert case is not None
    assert (case.threshold_decision, case.decision_reason) == ("met", "Three qualifying complaints in six months.")
    assert case.review_meeting_on == meeting
    assert fresh(application).stage == Stage.REVIEW_ARRANGED
    assert english(app, STAGE_LABELS[Stage.REVIEW_ARRANGED]) in case_summary()

    # The application's full page on the duty desk shows the same timeline.
    click_and_wait(page, page.locator(f"main a[href='/duty-desk/submissions/{application_reference}']"))
    checked(page)
    assert "Three qualifying complaints in six months." in page.locator(".app-timeline").inner_text()

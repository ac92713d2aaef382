"""The survey after closure and a concern about the lead agency, through the tracking code."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.constants import REPORTER_DESTINATION, IntakeEvent, LeadAgency, Stage
from portal.disclosure import DisclosureRules
from portal.extensions import db
from portal.intake.schema import ValidationError, load_schema, validate_payload
from portal.models import OutboxMessage, Submission
from portal.notify.channels import compose_survey_invitation
from portal.publication import queries
from portal.publication.periods import financial_year, financial_year_of
from portal.publication.tables import published_tables
from portal.quality.models import LeadAgencyConcern, SurveyClaim, SurveyResponse
from tests.pages import check_page
from tests.status.helpers import MARKERS, make_submission, open_status, post_form

ANSWERS = {"satisfaction": "satisfied", "outcome_as_wanted": "partly", "updates_as_agreed": "yes", "comments": "Kind."}


def close_at_duty_desk(staff_client: FlaskClient, submission: Submission) -> None:
    url = f"/duty-desk/submissions/{submission.reference}"
    page = check_page(staff_client.get(url))
    response = staff_client.post(
        f"{url}/close",
        data={"csrf_token": page.csrf(), "outcome": "Warning letter sent.", "outcome_category": "resolved"},
    )
    assert response.status_code == 302


def test_closing_invites_the_reporter_without_report_content(app: Flask, staff_client: FlaskClient) -> None:
    submission, _code = make_submission(email="reporter@example.org")
    close_at_duty_desk(staff_client, submission)
    db.session.expire_all()
    invitation = db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.destination == REPORTER_DESTINATION, OutboxMessage.event == IntakeEvent.SURVEY_INVITATION
        )
    )
    assert invitation is not None and invitation.payload == {"submission_id": submission.id, "survey": True}
    record = db.session.get(Submission, submission.id)
    assert record is not None and record.outcome_category == "resolved"
    with app.test_request_context():
        message = compose_survey_invitation(record)
    assert "short survey" in message.body and "/status/" in message.body
    for marker in MARKERS:
        assert marker not in message.body + message.subject + message.sms


def test_an_answer_through_the_tracking_code_after_closing_is_counted_and_a_second_is_refused(
    app: Flask, client: FlaskClient, staff_client: FlaskClient
) -> None:
    submission, code = make_submission(anonymous=True)
    before = open_status(client, code)
    assert not before.all("#survey-invitation")
    close_at_duty_desk(staff_client, submission)

    page = open_status(client, code)
    link = page.one("#survey-invitation a")
    assert link["href"] == "/status/survey"
    empty = post_form(client, "/status/survey", {})
    errors = check_page(empty).errors
    assert errors == [
        "Select how satisfied you are",
        "Select if the outcome was what you wanted",
        "Select if you heard from us as agreed",
    ]
    done = post_form(client, "/status/survey", ANSWERS, follow=True)
    page = check_page(done)
    assert page.text(".govuk-notification-banner__content") == "Thank you for answering the survey"
    assert page.text("#survey-answered") == "Thank you for answering our survey about this case."

    # Kept apart from the case: the answer has no link to it; only the claim names the case.
    response = db.session.scalar(select(SurveyResponse))
    assert response is not None and (response.satisfaction, response.comments) == ("satisfied", "Kind.")
    assert not hasattr(response, "submission_id")
    assert db.session.get(SurveyClaim, submission.id).answered_at is not None  # type: ignore[union-attr]

    # Counted in the statistics, and suppressed like every other figure.
    today = response.answered_on
    with app.test_request_context():
        period = financial_year(financial_year_of(today))
        figures = queries.figures_for(period)
        assert (figures.surveys, figures.by_satisfaction["satisfied"]) == (1, 1)
        tables = {table.key: table for table in published_tables(period, DisclosureRules(5, 5), app.config)}
    satisfied = next(row for row in tables["satisfaction"].rows if row.key == "satisfied")
    assert satisfied.cells[0].state == "fewer_than"
    stats = check_page(client.get(f"/statistics/financial-year/{period.slug}"))
    row = stats.one("table[data-table='satisfaction'] tr[data-row='satisfied'] td")
    assert row.get_text(strip=True) == "fewer than 5"

    # A second answer for the same case is refused with a clear message, and nothing is stored.
    again = client.get("/status/survey")
    assert again.status_code == 409
    assert check_page(again, status=409).h1 == "You have already answered this survey"
    page_token = check_page(client.get("/status/your-report")).csrf()
    second = client.post("/status/survey", data={**ANSWERS, "csrf_token": page_token})
    refused = check_page(second, status=409)
    assert "each case can be answered once" in refused.text("#already-answered")
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 1


def test_the_survey_waits_for_the_case_to_close(client: FlaskClient) -> None:
    _submission, code = make_submission(anonymous=True)
    open_status(client, code)
    response = client.get("/status/survey")
    assert response.status_code == 302 and response.headers["Location"].endswith("/status/your-report")


def test_a_concern_about_the_lead_agency_reaches_the_duty_desk_and_the_intake(
    app: Flask, client: FlaskClient, staff_client: FlaskClient
) -> None:
    submission, code = make_submission(email="reporter@example.org")
    submission.lead_agency = LeadAgency.POLICE
    submission.stage = Stage.REFERRED
    db.session.commit()
    page = open_status(client, code)
    assert page.text("#concern-link") == "Tell us if you are unhappy with how The police is dealing with your case"
    empty = check_page(post_form(client, "/status/lead-agency-concern", {"concern": " "}))
    assert empty.errors == ["Enter what you are unhappy about"]
    assert empty.soup.title.get_text(strip=True).startswith("Error:")
    done = check_page(
        post_form(
            client, "/status/lead-agency-concern", {"concern": "No one has called me back for a month."}, follow=True
        )
    )
    assert done.text(".govuk-notification-banner__content") == (
        "We have received your concern about the agency leading on your case"
    )
    assert "What happens next: the Casework Team will ask The police for an update" in done.text("#concerns")

    # Its own message type in the intake, valid against the published JSON Schema.
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.event == IntakeEvent.LEAD_AGENCY_CONCERN))
    assert message is not None and message.destination == "builtin"
    validate_payload(message.payload)
    assert message.payload["event"] == "submission.lead_agency_concern"
    assert message.payload["concern"]["lead_agency"] == "police"
    assert message.payload["concern"]["text"] == "No one has called me back for a month."
    schema = load_schema()
    assert "submission.lead_agency_concern" in schema["properties"]["event"]["enum"]
    with pytest.raises(ValidationError):
        validate_payload({**message.payload, "concern": None})
    with pytest.raises(ValidationError):
        validate_payload({**message.payload, "event": "submission.followup"})

    # At the duty desk: flagged on the case, then answered; the reporter sees the answer.
    desk = check_page(staff_client.get(f"/duty-desk/submissions/{submission.reference}"))
    assert "unhappy with the lead agency" in desk.text("#open-concerns")
    service = check_page(staff_client.get(f"/duty-desk/submissions/{submission.reference}/service"))
    assert service.text("[data-concern-text]") == "No one has called me back for a month."
    concern = db.session.scalar(select(LeadAgencyConcern))
    assert concern is not None
    field = f"concern-{concern.id}-client_told"
    response = staff_client.post(
        f"/duty-desk/submissions/{submission.reference}/concerns/{concern.id}",
        data={"csrf_token": service.csrf(), field: "We asked PC Jones to call you this week."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(LeadAgencyConcern, concern.id).agency_prompted_at is not None  # type: ignore[union-attr]
    seen = check_page(client.get("/status/your-report"))
    assert "we asked The police for an update and told them about your concern" in seen.text("#concerns")
    assert "We asked PC Jones to call you this week." in seen.text("#concerns")


def test_no_concern_link_when_the_casework_team_leads(client: FlaskClient) -> None:
    submission, code = make_submission(anonymous=True)
    submission.lead_agency = LeadAgency.CASEWORK_TEAM
    db.session.commit()
    page = open_status(client, code)
    assert not page.all("#concern-link")
    assert client.get("/status/lead-agency-concern").status_code == 302


def test_a_concern_page_posted_twice_raises_one_concern(client: FlaskClient) -> None:
    """The same form sent again (a double click, or Back and send) answers with the first
    concern instead of raising a second one (portal.idempotency)."""
    submission, code = make_submission()
    submission.lead_agency = LeadAgency.HOUSING_PROVIDER
    submission.stage = Stage.REFERRED
    db.session.commit()
    open_status(client, code)
    page = check_page(client.get("/status/lead-agency-concern"))
    form = page.one("form textarea").find_parent("form")
    fields = {str(tag["name"]): str(tag.get("value", "")) for tag in form.select("input[type=hidden]")}
    assert set(fields) == {"csrf_token", "submission_token"}
    data = {**fields, "concern": "Nobody has been in touch."}
    for _ in range(2):
        response = client.post("/status/lead-agency-concern", data=data)
        assert response.status_code == 302 and response.headers["Location"].endswith("/status/your-report")
    assert db.session.scalar(select(func.count(LeadAgencyConcern.id))) == 1
    assert (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.event == IntakeEvent.LEAD_AGENCY_CONCERN)
        )
        == 1
    )
    # A new page is a new concern.
    again = check_page(client.get("/status/lead-agency-concern")).one("form textarea").find_parent("form")
    fresh = {str(tag["name"]): str(tag.get("value", "")) for tag in again.select("input[type=hidden]")}
    assert fresh["submission_token"] != fields["submission_token"]
    assert client.post("/status/lead-agency-concern", data={**fresh, "concern": "Still nothing."}).status_code == 302
    assert db.session.scalar(select(func.count(LeadAgencyConcern.id))) == 2

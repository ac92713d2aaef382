"""Service standards recorded at the duty desk, shown to the reporter, counted in the statistics."""

from flask import Flask
from flask.testing import FlaskClient

from portal.disclosure import DisclosureRules
from portal.extensions import db
from portal.publication import queries
from portal.publication.periods import financial_year, financial_year_of
from portal.quality.models import ServiceStandards
from tests.pages import check_page
from tests.status.helpers import make_submission, open_status


def record(staff_client: FlaskClient, reference: str, **data: object) -> None:
    page = check_page(staff_client.get(f"/duty-desk/submissions/{reference}/service"))
    response = staff_client.post(
        f"/duty-desk/submissions/{reference}/service/standards", data={"csrf_token": page.csrf(), **data}
    )
    assert response.status_code == 302


def test_standards_are_recorded_shown_to_the_reporter_and_counted(app: Flask, staff_client: FlaskClient) -> None:
    submission, code = make_submission(anonymous=True)
    submission.single_point_of_contact = "Sam, Casework Team"
    submission.acknowledged_at = submission.created_at
    db.session.commit()
    desk = check_page(staff_client.get(f"/duty-desk/submissions/{submission.reference}"))
    assert desk.one("#service-link")["href"].endswith("/service")
    record(
        staff_client,
        submission.reference,
        done=["assessed", "risk_assessment_offered", "lead_agency_agreed"],
        update_frequency="weekly",
        update_method="phone",
    )
    kept = db.session.get(ServiceStandards, submission.id)
    assert kept is not None
    assert (kept.assessed_in_time, kept.risk_assessment_offered, kept.contact_named, kept.lead_agency_agreed) == (
        True,
        True,
        True,
        True,
    )
    reporter = app.test_client()
    page = open_status(reporter, code)
    agreed = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in page.all("#agreed .govuk-summary-list__row")
    }
    assert agreed == {
        "Your contact": "Sam, Casework Team",
        "How often you will hear from us": "Every week",
        "How you will hear from us": "Phone call",
    }
    app.config["STATUS_SHOW_CONTACT_NAME"] = False
    page = check_page(reporter.get("/status/your-report"))
    assert "Sam" not in page.text("#agreed")
    assert "A named caseworker" in page.text("#agreed")

    with app.test_request_context():
        figures = queries.figures_for(financial_year(financial_year_of(submission.received_on)))
    assert figures.standards_recorded == 1
    assert figures.standards_met["assessed_in_time"] == 1 and figures.standards_met["updates_agreed"] == 1
    assert DisclosureRules() == DisclosureRules(5, 5)


def test_an_unknown_frequency_is_refused(staff_client: FlaskClient) -> None:
    submission, _code = make_submission(anonymous=True)
    page = check_page(staff_client.get(f"/duty-desk/submissions/{submission.reference}/service"))
    response = staff_client.post(
        f"/duty-desk/submissions/{submission.reference}/service/standards",
        data={"csrf_token": page.csrf(), "update_frequency": "hourly"},
    )
    assert check_page(response, status=400).errors == ["Select how often the reporter will get updates"]

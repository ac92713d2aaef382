"""A duty-desk user enters a report and a Community Trigger application given by phone: the
journeys' own question pages, recorded as staff-entered with the channel and the staff member;
the reporter's tracking code works on /status/."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.constants import EntryChannel, Route, SubmissionKind
from portal.disclosure import DisclosureRules
from portal.extensions import db
from portal.intake.schema import validate_payload
from portal.intake.worker import run_once
from portal.models import Submission, User
from portal.publication import queries
from portal.publication.periods import financial_year, financial_year_of
from portal.publication.tables import published_tables
from portal.publication.trigger_figures import figures_for as trigger_figures_for
from tests.journey import answer
from tests.pages import check_page
from tests.reporting.test_journey import payload_of, send, walk
from tests.status.helpers import open_status
from tests.trigger.helpers import add_complaint, complaint_data, finish_to_result, submit_from_result, today, who


def start_entry(client: FlaskClient, journey: str, channel: str = "phone") -> None:
    response = answer(client, "/duty-desk/enter", {"journey": journey, "channel": channel})
    assert response.status_code == 302, check_page(response).errors
    assert response.headers["Location"] == {"report": "/report/", "trigger": "/community-trigger/"}[journey]


def test_staff_enter_a_phone_report_and_a_phone_application(
    app: Flask, staff_client: FlaskClient, caseworker: User
) -> None:
    inbox = check_page(staff_client.get("/duty-desk/"))
    assert inbox.one("#enter-for-someone")["href"] == "/duty-desk/enter"

    # The report, through the public journey's own pages, with the banner on each.
    start_entry(staff_client, "report")
    banner = check_page(staff_client.get("/report/in-danger")).one("#staff-entry")
    assert caseworker.name in banner.get_text(" ", strip=True) and "By phone" in banner.get_text(" ", strip=True)
    walk(staff_client, named=True)
    confirmation = send(staff_client)
    report_code = confirmation.one("#tracking-code").get_text(strip=True)
    assert "Read the reference and the tracking code out" in confirmation.one("#staff-entered").get_text(" ")
    report = db.session.scalars(select(Submission).where(Submission.kind == SubmissionKind.REPORT)).one()
    assert (report.route, report.entry_channel, report.entered_by_id) == (
        Route.STAFF,
        EntryChannel.PHONE,
        caseworker.id,
    )
    payload = payload_of(report)
    validate_payload(payload)
    assert payload["submission"]["staff_entry"] == {"route": "staff", "channel": "phone", "entered_by": caseworker.name}

    # The application, through the Community Trigger's own pages.
    start_entry(staff_client, "trigger")
    who(staff_client)
    assert check_page(staff_client.get("/community-trigger/earlier-complaints")).all("#staff-entry")
    add_complaint(staff_client, complaint_data(today(), today()))
    finish_to_result(staff_client, method="phone", email="", phone="07700 900 982")
    applied = submit_from_result(staff_client)
    application_code = applied.one("#tracking-code").get_text(strip=True)
    assert applied.all("#staff-entered")
    application = db.session.scalars(
        select(Submission).where(Submission.kind == SubmissionKind.TRIGGER_APPLICATION)
    ).one()
    assert (application.route, application.entry_channel, application.entered_by_id) == (
        Route.STAFF,
        EntryChannel.PHONE,
        caseworker.id,
    )

    # Statistics count both by route: the report in the reports' figures by route, the
    # application in the Community Trigger's figures (rules that publish every number).
    routes = db.session.scalars(select(Submission.route).order_by(Submission.id)).all()
    assert routes == [Route.STAFF, Route.STAFF]
    with app.test_request_context():
        period = financial_year(financial_year_of(report.received_on))
        assert queries.figures_for(period).by_route == {Route.STAFF: 1}
        assert trigger_figures_for(period.start, period.end).applications_taken_by_staff == 1
        tables = {table.key: table for table in published_tables(period, DisclosureRules(1, 1), app.config)}
    by_route = {row.key: row.cells[0].value for row in tables["by-route"].rows}
    assert by_route == {Route.STAFF: 1}
    trigger = {row.key: row.cells[0].value for row in tables["community-trigger"].rows}
    assert (trigger["applications"], trigger["applications_taken_by_staff"]) == (1, 1)

    # The duty desk sees who entered them.
    run_once()
    inbox = check_page(staff_client.get("/duty-desk/"))
    assert len(inbox.all(".app-staff-entered")) == 2
    case = check_page(staff_client.get(f"/duty-desk/submissions/{report.reference}"))
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in case.all("#summary .govuk-summary-list__row")
    }
    assert rows["Entered by staff"] == f"{caseworker.name}, By phone"

    # The reporter's codes, read out to them, work on /status/ in their own browser.
    for code, submission in ((report_code, report), (application_code, application)):
        reporter = app.test_client()
        page = open_status(reporter, code)
        assert page.text(".govuk-caption-l").endswith(submission.reference)


def test_the_entry_page_needs_a_choice_and_a_staff_member(
    app: Flask, client: FlaskClient, staff_client: FlaskClient
) -> None:
    page = check_page(answer(staff_client, "/duty-desk/enter", {}), status=200)
    assert len(page.errors) == 2
    assert page.soup.title.get_text().startswith("Error:")


def test_the_public_do_not_see_the_entry_page_or_the_banner(app: Flask) -> None:
    public = app.test_client()
    assert public.get("/duty-desk/enter").status_code == 302
    check_page(public.get("/report/"))
    page = check_page(public.get("/report/in-danger"))
    assert not page.all("#staff-entry")

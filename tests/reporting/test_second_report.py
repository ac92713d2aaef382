"""A second ASB report about the same problem within six months (2025 ASB Case Review guidance):
the duty desk is told a Community Trigger may apply, the case system gets the flag, and the
reporter is offered the application with both reports already linked."""

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.extensions import db
from portal.intake.schema import validate_payload
from portal.intake.worker import run_once
from portal.models import Submission
from portal.unit_of_work import commit
from tests.pages import check_page
from tests.reporting.test_journey import payload_of, send, walk

ASB = {
    "what-kind": {"incident_type": "asb", "online": "no"},
    "asb-type": {"asb_type": "noise"},
}


def report_asb(app: Flask, email: str = "ada@example.org"):
    browser = app.test_client()
    contact = {"identity": "named", "name": "Ada Reporter", "channel": "email", "email": email}
    walk(browser, {**ASB, "contact": contact}, named=True)
    return browser, send(browser)


def newest() -> Submission:
    return db.session.scalars(select(Submission).order_by(Submission.id.desc())).first()


def test_second_asb_report_within_six_months_prompts_desk_and_offers_the_trigger(
    app: Flask, staff_client: FlaskClient
) -> None:
    _, first_page = report_asb(app)
    first = newest()
    assert not first_page.all("#community-trigger")
    assert "community_trigger" not in payload_of(first)["submission"]
    # The first report was made four months ago.
    first.created_at = first.created_at - timedelta(days=120)
    first.received_on = first.received_on - timedelta(days=120)
    commit()

    browser, second_page = report_asb(app, email=" ADA@example.org ")
    second = newest()
    assert second.id != first.id
    # The reporter is told, with the earlier report listed, and gets the link.
    earlier = [item.get_text(" ", strip=True) for item in second_page.all("#earlier-reports li")]
    assert len(earlier) == 1 and first.reference in earlier[0]
    link = second_page.one("#apply-with-reports")["href"]
    assert link == "/community-trigger/with-your-reports"

    # The case system gets the flag, valid against the published schema.
    payload = payload_of(second)
    validate_payload(payload)
    assert payload["submission"]["community_trigger"] == {"may_apply": True, "earlier_references": [first.reference]}

    # The duty desk sees it in the inbox and on the case page, with the earlier report listed.
    run_once()
    inbox = check_page(staff_client.get("/duty-desk/"))
    flagged = {
        row.select_one("a").get_text(strip=True)
        for row in inbox.all("tbody tr")
        if row.select_one(".app-trigger-may-apply")
    }
    assert flagged == {second.reference}
    case = check_page(staff_client.get(f"/duty-desk/submissions/{second.reference}"))
    listed = [a.get_text(strip=True) for a in case.all("#earlier-asb-reports a")]
    assert listed == [first.reference]
    assert not check_page(staff_client.get(f"/duty-desk/submissions/{first.reference}")).all("#trigger-may-apply")

    # The link starts the application with both reports linked as earlier complaints.
    started = browser.get(link)
    assert started.status_code == 302 and started.headers["Location"].endswith("/community-trigger/who-is-applying")
    complaints = check_page(browser.get("/community-trigger/earlier-complaints"))
    linked = [item["data-reference"] for item in complaints.all("#linked-reports .app-linked-report")]
    assert linked == [first.reference, second.reference]


def test_an_asb_report_outside_the_window_is_not_flagged(app: Flask, staff_client: FlaskClient) -> None:
    report_asb(app)
    first = newest()
    first.created_at = first.created_at - timedelta(days=200)
    first.received_on = first.received_on - timedelta(days=200)
    commit()

    browser, second_page = report_asb(app)
    second = newest()
    assert not second_page.all("#community-trigger")
    assert not second_page.all("#apply-with-reports")
    assert "community_trigger" not in payload_of(second)["submission"]
    run_once()
    inbox = check_page(staff_client.get("/duty-desk/"))
    assert inbox.all("tbody tr") and not inbox.all(".app-trigger-may-apply")
    assert not check_page(staff_client.get(f"/duty-desk/submissions/{second.reference}")).all("#trigger-may-apply")
    # Nothing was handed over: the link's address starts an ordinary application.
    assert browser.get("/community-trigger/with-your-reports").headers["Location"].endswith("/community-trigger/")


def test_someone_elses_report_is_not_offered(app: Flask) -> None:
    report_asb(app, email="someone@example.org")
    _, page = report_asb(app, email="ada@example.org")
    assert not page.all("#community-trigger")

"""The duty desk's Community Trigger lifecycle, the applicant's escalation request, and the
published figures."""

import csv
import io
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.constants import REPORTER_DESTINATION, Stage
from portal.core.lookup import find_by_tracking_code
from portal.extensions import db
from portal.models import OutboxMessage, StatusUpdate, Submission, TriggerCase, utcnow
from portal.trigger.figures import figures_for
from tests.pages import check_page
from tests.trigger.helpers import (
    BASE,
    add_complaint,
    complaint_data,
    date_fields,
    finish_to_result,
    submit_from_result,
    today,
    who,
)

DESK = "/duty-desk/community-trigger"


def apply(client: FlaskClient) -> tuple[Submission, str]:
    who(client)
    day = today() - timedelta(days=12)
    add_complaint(client, complaint_data(day, day))
    finish_to_result(client)
    confirmation = submit_from_result(client)
    code = confirmation.text("#tracking-code")
    return find_by_tracking_code(code), code


def act(client: FlaskClient, reference: str, data: dict):
    page = check_page(client.get(f"{DESK}/{reference}"))
    return client.post(f"{DESK}/{reference}", data={**data, "csrf_token": page.csrf()})


def reload(submission: Submission) -> tuple[Submission, TriggerCase]:
    db.session.expire_all()
    return db.session.get(Submission, submission.id), db.session.get(TriggerCase, submission.id)


def reporter_messages(submission: Submission) -> int:
    return len(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.submission_id == submission.id, OutboxMessage.destination == REPORTER_DESTINATION
            )
        ).all()
    )


def test_the_duty_desk_pages_need_a_staff_sign_in(client: FlaskClient) -> None:
    response = client.get(f"{DESK}/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/duty-desk/sign-in")


def test_staff_take_an_application_through_its_lifecycle(staff_client: FlaskClient) -> None:
    submission, _code = apply(staff_client)
    listing = check_page(staff_client.get(f"{DESK}/"))
    assert listing.one(f'#cases [data-reference="{submission.reference}"]')

    steps = [
        ({"action": "acknowledge"}, Stage.ACKNOWLEDGED),
        ({"action": "threshold_met", "message": "Three complaints in six months."}, Stage.THRESHOLD_MET),
        (
            {"action": "review_arranged", **date_fields("meeting_on", today() + timedelta(days=10))},
            Stage.REVIEW_ARRANGED,
        ),
        (
            {"action": "outcome_sent", "message": "Noise abatement notice served.", "recommendations": "yes"},
            Stage.OUTCOME_SENT,
        ),
        ({"action": "close"}, Stage.CLOSED),
    ]
    for number, (data, stage) in enumerate(steps, start=1):
        response = act(staff_client, submission.reference, data)
        assert response.status_code == 302, check_page(response).errors
        submission, case = reload(submission)
        assert submission.stage == stage
        assert reporter_messages(submission) == number
    updates = db.session.scalars(select(StatusUpdate).where(StatusUpdate.submission_id == submission.id)).all()
    assert [update.stage for update in updates] == [stage for _data, stage in steps]
    assert case.threshold_decision == "met" and case.decision_reason == "Three complaints in six months."
    assert case.review_meeting_on == today() + timedelta(days=10)
    assert case.recommendations_made is True and case.review_held_at is not None
    assert submission.acknowledged_at is not None and submission.closed_at is not None
    page = check_page(staff_client.get(f"{DESK}/{submission.reference}"))
    assert page.text("h1").endswith(submission.reference)


def test_staff_actions_need_what_they_record(staff_client: FlaskClient) -> None:
    submission, _code = apply(staff_client)
    cases = [
        ({"action": "threshold_not_met"}, "message", "Enter the reason for the threshold decision"),
        ({"action": "review_arranged"}, "meeting_on", "Enter the date of the review meeting"),
        (
            {"action": "review_arranged", **date_fields("meeting_on", today() - timedelta(days=3))},
            "meeting_on",
            "The date of the review meeting must be today or in the future",
        ),
        (
            {"action": "outcome_sent", "message": "Done."},
            "recommendations",
            "Select whether the review made recommendations",
        ),
        ({"action": "delete_everything"}, "action", "Select what has happened"),
    ]
    for data, field, message in cases:
        page = check_page(act(staff_client, submission.reference, data))
        assert page.field_error(field) == f"Error: {message}"
    submission, case = reload(submission)
    assert submission.stage == Stage.SUBMITTED and case.threshold_decision is None


def open_status(client: FlaskClient, code: str) -> None:
    status = check_page(client.get("/status/"))
    response = client.post("/status/", data={"tracking_code": code, "csrf_token": status.csrf()})
    assert response.status_code == 302


def test_after_the_outcome_the_applicant_can_ask_to_escalate_within_the_window(
    app: Flask, staff_client: FlaskClient
) -> None:
    submission, code = apply(staff_client)
    open_status(staff_client, code)
    before = check_page(staff_client.get(f"{BASE}/escalate"))
    assert before.one("#escalation-not-yet") and not before.all("textarea")

    act(staff_client, submission.reference, {"action": "outcome_sent", "message": "Outcome.", "recommendations": "no"})
    page = check_page(staff_client.get(f"{BASE}/escalate"))
    assert app.config["TRIGGER_ESCALATION_BODY"] in page.text("#escalation-open")
    empty = check_page(staff_client.post(f"{BASE}/escalate", data={"reason": "", "csrf_token": page.csrf()}))
    assert empty.field_error("reason") == "Error: Enter why you are unhappy with the case review"
    response = staff_client.post(f"{BASE}/escalate", data={"reason": "Nothing changed.", "csrf_token": page.csrf()})
    assert response.status_code == 302
    _submission, case = reload(submission)
    assert case.escalation_requested_at is not None
    followups = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.submission_id == submission.id, OutboxMessage.event == "submission.followup"
        )
    ).all()
    assert followups[0].payload["followup"]["escalation_requested"] is True
    after = check_page(staff_client.get(f"{BASE}/escalate"))
    assert after.one("#escalation-requested") and not after.all("textarea")


def test_escalation_is_refused_after_the_window(staff_client: FlaskClient) -> None:
    submission, code = apply(staff_client)
    act(staff_client, submission.reference, {"action": "threshold_not_met", "message": "Only one complaint."})
    _submission, case = reload(submission)
    case.decided_at = utcnow() - timedelta(days=60)
    db.session.commit()
    open_status(staff_client, code)
    page = check_page(staff_client.get(f"{BASE}/escalate"))
    assert page.one("#escalation-closed") and not page.all("textarea")
    token = check_page(staff_client.get("/status/your-report")).csrf()
    staff_client.post(f"{BASE}/escalate", data={"reason": "Too late?", "csrf_token": token})
    _submission, case = reload(submission)
    assert case.escalation_requested_at is None


def test_escalation_needs_an_open_status_session(client: FlaskClient) -> None:
    response = client.get(f"{BASE}/escalate")
    assert response.status_code == 302 and response.headers["Location"].endswith("/status/")


def test_the_status_panel_partial_shows_the_escalation_window(app: Flask, staff_client: FlaskClient) -> None:
    submission, _code = apply(staff_client)
    act(staff_client, submission.reference, {"action": "outcome_sent", "message": "Outcome.", "recommendations": "no"})
    submission, _case = reload(submission)
    with app.test_request_context("/status/your-report"):
        from bs4 import BeautifulSoup
        from flask import render_template_string

        html = render_template_string('{% include "trigger/_status-panel.html" %}', submission=submission)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#escalate-link")["href"] == "/community-trigger/escalate"
    assert "the Sussex Police and Crime Commissioner" in soup.select_one("#escalation-open").get_text()


def test_figures_for_a_period_on_the_page_and_in_the_csv(app: Flask, staff_client: FlaskClient) -> None:
    first, _ = apply(staff_client)
    second, _ = apply(staff_client)
    act(staff_client, first.reference, {"action": "threshold_not_met", "message": "Below threshold."})
    act(staff_client, second.reference, {"action": "outcome_sent", "message": "Done.", "recommendations": "yes"})
    start, end = today() - timedelta(days=7), today() + timedelta(days=7)
    query = {**date_fields("start", start), **date_fields("end", end)}
    page = check_page(staff_client.get(f"{BASE}/figures", query_string=query))
    shown = {
        row["data-figure"]: int(row.select_one("dd").get_text(strip=True)) for row in page.all("#figures [data-figure]")
    }
    assert shown == {"applications": 2, "threshold_not_met": 1, "reviews_held": 1, "reviews_with_recommendations": 1}

    response = staff_client.get(f"{BASE}/figures.csv", query_string=query)
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "Period start",
        "Period end",
        "Applications received",
        "Threshold not met",
        "Case reviews held",
        "Case reviews with recommendations",
    ]
    assert rows[1] == [start.isoformat(), end.isoformat(), "2", "1", "1", "1"]
    link = page.one("#csv-link")["href"]
    assert link.startswith("/community-trigger/figures.csv?")

    earlier = {
        **date_fields("start", today() - timedelta(days=400)),
        **date_fields("end", today() - timedelta(days=200)),
    }
    empty = check_page(staff_client.get(f"{BASE}/figures", query_string=earlier))
    assert {row.select_one("dd").get_text(strip=True) for row in empty.all("#figures [data-figure]")} == {"0"}
    assert figures_for(start, end).applications == 2


def test_figures_refuse_a_bad_period(client: FlaskClient) -> None:
    backwards = {**date_fields("start", today()), **date_fields("end", today() - timedelta(days=1))}
    page = check_page(client.get(f"{BASE}/figures", query_string=backwards))
    assert page.field_error("end") == "Error: The last day of the period must be the same as or after the first day"
    nonsense = {"start-day": "40", "start-month": "x", "start-year": "2026", **date_fields("end", today())}
    page = check_page(client.get(f"{BASE}/figures", query_string=nonsense))
    assert page.errors == ["The first day of the period must be a real date, for example 1 4 2025"]
    csv_response = client.get(f"{BASE}/figures.csv", query_string=nonsense)
    check_page(csv_response, status=400)

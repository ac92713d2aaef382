"""'Have you reported this to us before?': an earlier tracking code links the new report to the
earlier case; the duty desk sees them together; a wrong or unknown code gets the status page's
answer and is never echoed back."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.core import tracking
from portal.core.lookup import NOT_FOUND, PROBLEM_MESSAGES
from portal.extensions import db
from portal.intake.schema import validate_payload
from portal.intake.worker import run_once
from portal.models import Submission
from tests.journey import answer
from tests.pages import check_page
from tests.reporting.test_journey import payload_of, send, walk, walk_to

NOBODY = {"reported_to": ["nobody"]}


def test_an_earlier_tracking_code_links_the_new_report(app: Flask, staff_client: FlaskClient) -> None:
    first_browser = app.test_client()
    walk(first_browser)
    first_code = send(first_browser).one("#tracking-code").get_text(strip=True)
    first = db.session.scalars(select(Submission)).one()

    second_browser = app.test_client()
    typed = " " + first_code.lower().replace("-", " ") + " "
    walk(second_browser, {"already-reported": {**NOBODY, "earlier_tracking_code": typed}})
    check = check_page(second_browser.get("/report/check-answers"))
    assert first_code not in check.html and first.reference not in check.html
    assert "Linked by its tracking code" in check.soup.get_text(" ")
    send(second_browser)
    second = db.session.scalars(select(Submission).order_by(Submission.id.desc())).first()
    assert second.earlier_submission_id == first.id
    assert first_code not in str(second.answers)
    payload = payload_of(second)
    validate_payload(payload)
    assert payload["submission"]["earlier_reference"] == first.reference

    run_once()
    newer = check_page(staff_client.get(f"/duty-desk/submissions/{second.reference}"))
    assert [a.get_text(strip=True) for a in newer.all("#linked-reports a")] == [first.reference]
    older = check_page(staff_client.get(f"/duty-desk/submissions/{first.reference}"))
    assert [a.get_text(strip=True) for a in older.all("#linked-reports a")] == [second.reference]


def test_a_wrong_or_unknown_code_gets_the_status_pages_answer(app: Flask, client: FlaskClient) -> None:
    walk_to(client, "already-reported")
    with app.test_request_context():
        not_found = str(NOT_FOUND)
        check_failed = str(PROBLEM_MESSAGES[tracking.CodeProblem.CHECK_FAILED])
        too_short = str(PROBLEM_MESSAGES[tracking.CodeProblem.TOO_SHORT])
    unknown = tracking.new_tracking_code()
    page = check_page(answer(client, "/report/already-reported", {**NOBODY, "earlier_tracking_code": unknown}))
    assert page.errors == [not_found]
    assert page.one("#earlier_tracking_code").get("value", "") == ""
    assert unknown not in page.html
    assert page.soup.title.get_text().startswith("Error:")
    # The other answers on the page are kept.
    assert page.one('input[name="reported_to"][value="nobody"]').has_attr("checked")
    typo = unknown[:-1] + ("0" if unknown[-1] != "0" else "1")
    page = check_page(answer(client, "/report/already-reported", {**NOBODY, "earlier_tracking_code": typo}))
    assert page.errors in ([check_failed], [not_found])
    page = check_page(answer(client, "/report/already-reported", {**NOBODY, "earlier_tracking_code": "ABC"}))
    assert page.errors == [too_short]
    # Without a code the page goes on as before.
    assert answer(client, "/report/already-reported", NOBODY).status_code == 302

"""The status page shows only the dates that belong to that kind of case: a report's
assessment date for a report, the case review's own deadlines for a Community Trigger."""

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.status.helpers import make_submission, open_status
from tests.trigger.helpers import add_complaint, complaint_data, finish_to_result, submit_from_result, today, who


def _date_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [key.get_text(" ", strip=True) for key in page.all(".govuk-summary-list__key")]


def test_a_report_shows_when_it_will_be_assessed(client: FlaskClient) -> None:
    _submission, code = make_submission()
    labels = _date_labels(open_status(client, code))
    assert "To be assessed by" in labels and "Received" in labels
    assert "Acknowledgement due" not in labels


def test_a_community_trigger_shows_its_own_deadlines_and_not_a_reports(app: Flask, client: FlaskClient) -> None:
    who(client)
    day = today() - timedelta(days=20)
    add_complaint(client, complaint_data(day, day + timedelta(days=1)))
    finish_to_result(client)
    confirmation = submit_from_result(client)
    code = confirmation.text("#tracking-code")
    status = app.test_client()
    labels = _date_labels(open_status(status, code))
    assert "To be assessed by" not in labels
    assert {"Received", "Acknowledgement due", "Threshold decision due"} <= set(labels)

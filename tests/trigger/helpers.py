"""Walking the Community Trigger journey through the test client, and making earlier reports."""

from datetime import UTC, date, datetime, time, timedelta

from flask.testing import FlaskClient

from portal.constants import Channel, SubmissionKind
from portal.core.submissions import NewSubmission, store_submission
from portal.extensions import db
from tests.journey import answer
from tests.pages import Page, check_page

BASE = "/community-trigger"


def today() -> date:
    from portal.trigger.services import today as council_today

    return council_today()


def date_fields(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def complaint_data(happened: date, reported: date, agency: str = "council", **extra: str) -> dict[str, str]:
    return {
        **date_fields("incident_date", happened),
        **date_fields("reported_date", reported),
        "agency": agency,
        "officer": extra.pop("officer", ""),
        "reference": extra.pop("reference", ""),
        "what_happened": extra.pop("what_happened", "Loud music and shouting until 3am."),
        "action": extra.pop("action", "no"),
        "what_was_done": extra.pop("what_was_done", ""),
        **extra,
    }


def who(client: FlaskClient, **data: str) -> None:
    check_page(client.get(f"{BASE}/"))
    response = answer(client, f"{BASE}/who-is-applying", {"applicant_type": "victim", **data})
    assert response.status_code == 302, response.get_data(as_text=True)


def add_complaint(client: FlaskClient, data: dict[str, str]) -> None:
    response = answer(client, f"{BASE}/complaints/add", data)
    assert response.status_code == 302, check_page(response).errors


def link(client: FlaskClient, code: str):
    return answer(client, f"{BASE}/complaints/link", {"tracking_code": code})


def finish_to_result(
    client: FlaskClient, method: str = "email", email: str = "ada@example.org", phone: str = ""
) -> Page:
    """From the complaints list to the result page."""
    assert answer(client, f"{BASE}/earlier-complaints", {}).status_code == 302
    now = {
        "happening_now": "It is still going on every weekend.",
        "impact": "I cannot sleep and my children are scared.",
        "outcome_wanted": "I want the noise to stop.",
    }
    assert answer(client, f"{BASE}/now", now).status_code == 302
    assert (
        answer(client, f"{BASE}/home", {"tenure": "council", "landlord": "Brighton & Hove Housing"}).status_code == 302
    )
    contact = {"name": "Ada Applicant", "method": method, "email": email, "phone": phone}
    assert answer(client, f"{BASE}/contact", contact).status_code == 302
    return check_page(client.get(f"{BASE}/result"))


def submit_from_result(client: FlaskClient) -> Page:
    result = check_page(client.get(f"{BASE}/result"))
    response = client.post(f"{BASE}/result", data={"csrf_token": result.csrf()})
    assert response.headers["Location"].endswith("/check-answers")
    check = check_page(client.get(f"{BASE}/check-answers"))
    response = client.post(f"{BASE}/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True)
    return check_page(response)


def make_report(
    days_ago: int,
    *,
    location_key: str | None = None,
    household_key: str | None = None,
    is_hate: bool = False,
    kind: SubmissionKind = SubmissionKind.REPORT,
) -> str:
    """A report made through the portal ``days_ago`` days ago (at noon), about that day."""
    day = today() - timedelta(days=days_ago)
    new = NewSubmission(
        kind=kind,
        language="en",
        channel=Channel.NONE,
        anonymous=True,
        answers={"description": "Noise again."},
        incident_date=day,
        location_key=location_key,
        household_key=household_key,
        is_hate=is_hate,
        is_asb=True,
    )
    _submission, code = store_submission(new, None, now=datetime.combine(day, time(11, 0), tzinfo=UTC))
    db.session.commit()
    return code

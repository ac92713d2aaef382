"""A double click or a flaky connection sends a journey's final POST twice at the same moment.
Both requests, raced against a live server, must end on the same confirmation, with exactly one
row and one outbox message stored (portal.idempotency). Only PostgreSQL really runs the two
transactions side by side, so these tests need it."""

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from importlib.metadata import version

import pytest
import requests
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.bot_check import UsedChallenge
from portal.constants import LeadAgency, MessageDirection, Stage
from portal.extensions import db
from portal.models import OutboxMessage, StatusUpdate, Submission
from portal.quality.models import LeadAgencyConcern
from tests.e2e.conftest import LiveServer
from tests.journey import answer, minimal_report_answers, partner_report_answers
from tests.pages import check_page
from tests.partners.conftest import make_organisation, make_partner, partner_sign_in, partner_submission
from tests.status.helpers import make_submission, open_status
from tests.test_bot_check import page_challenge, solve
from tests.trigger.helpers import BASE, add_complaint, complaint_data, finish_to_result, today, who

pytestmark = pytest.mark.postgres


@pytest.fixture
def live(app: Flask) -> Iterator[LiveServer]:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL: SQLite runs one writer at a time")
    with LiveServer(app) as server:
        yield server


def race(live: LiveServer, client: FlaskClient, path: str, data: dict[str, str]) -> list[requests.Response]:
    """POST the same form from the same browser session twice at once, following redirects."""
    cookies = {cookie.key: cookie.value for cookie in client._cookies.values()}
    assert client.application.config["SESSION_COOKIE_NAME"] in cookies
    barrier = threading.Barrier(2)
    answers: list[requests.Response | BaseException] = [None, None]  # type: ignore[list-item]

    def post(slot: int) -> None:
        with requests.Session() as session:
            for key, value in cookies.items():
                session.cookies.set(key, value)
            # The same browser: staff and partner sessions are bound to its address and agent.
            session.headers["User-Agent"] = f"Werkzeug/{version('werkzeug')}"
            barrier.wait()
            try:
                answers[slot] = session.post(live.url + path, data=data, timeout=30)
            except BaseException as error:
                answers[slot] = error

    threads = [threading.Thread(target=post, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for response in answers:
        assert isinstance(response, requests.Response), response
        assert all(step.status_code in (302, 303) for step in response.history), response.history
        assert response.status_code == 200, (response.status_code, response.text[:2000])
    return answers  # type: ignore[return-value]


def form_fields(html: str, form_id: str) -> dict[str, str]:
    form = BeautifulSoup(html, "html.parser").select_one(f"form#{form_id}")
    assert form is not None
    return {str(tag["name"]): str(tag.get("value", "")) for tag in form.select("input[type=hidden]")}


def confirmation(response: requests.Response) -> tuple[str, str]:
    soup = BeautifulSoup(response.text, "html.parser")
    reference = soup.select_one(".govuk-panel strong")
    code = soup.select_one("#tracking-code")
    assert reference is not None and code is not None, response.text[:2000]
    return reference.get_text(strip=True), code.get_text(strip=True)


def count(model: type, *where: object) -> int:
    db.session.rollback()  # see what the server committed
    return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def check_answers_form(client: FlaskClient, path: str, spam_check: bool = True) -> dict[str, str]:
    """The final form's hidden fields as a browser without JavaScript sends them (the public
    journeys' spam-check field empty: sent without the check, portal/bot_check.py)."""
    fields = form_fields(check_page(client.get(path)).html, "send")
    assert set(fields) == {"csrf_token", "submission_token", *(["altcha"] if spam_check else [])}
    return fields


def assert_one_submission(responses: list[requests.Response]) -> None:
    first, second = (confirmation(response) for response in responses)
    assert first == second
    assert count(Submission) == 1
    assert count(OutboxMessage) == 1
    stored = db.session.scalar(select(Submission))
    assert stored is not None and stored.reference == first[0]


def test_a_report_sent_twice_at_once_is_stored_once(live: LiveServer, client: FlaskClient) -> None:
    for name, data in minimal_report_answers("Someone shouted abuse at me.", named=False):
        assert answer(client, f"/report/{name}", data).status_code == 302
    fields = check_answers_form(client, "/report/check-answers")
    assert_one_submission(race(live, client, "/report/check-answers", fields))


def test_a_report_sent_twice_at_once_with_its_solved_spam_check_is_stored_once(
    live: LiveServer, client: FlaskClient
) -> None:
    """A double click with JavaScript: both POSTs carry the same solved challenge. The second
    finds the first one's row by its token, not a refusal for a used challenge."""
    for name, data in minimal_report_answers("Someone shouted abuse at me.", named=False):
        assert answer(client, f"/report/{name}", data).status_code == 302
    page = check_page(client.get("/report/check-answers"))
    fields = form_fields(page.html, "send")
    fields.update({"altcha": solve(page_challenge(page)), "js": "1"})
    assert_one_submission(race(live, client, "/report/check-answers", fields))
    assert count(UsedChallenge) == 1


def test_a_community_trigger_sent_twice_at_once_is_stored_once(live: LiveServer, client: FlaskClient) -> None:
    who(client)
    day = today() - timedelta(days=20)
    add_complaint(client, complaint_data(day, day + timedelta(days=1)))
    result = finish_to_result(client)
    assert client.post(f"{BASE}/result", data={"csrf_token": result.csrf()}).status_code == 302
    fields = check_answers_form(client, f"{BASE}/check-answers")
    responses = race(live, client, f"{BASE}/check-answers", fields)
    assert_one_submission(responses)


def test_a_partner_report_sent_twice_at_once_is_stored_once(live: LiveServer, app: Flask) -> None:
    organisation = make_organisation("Alpha Community Centre")
    client = app.test_client()
    partner_sign_in(client, make_partner(organisation, "reporter@alpha.example"))
    for name, data in partner_report_answers("Shouting at my client."):
        assert answer(client, f"/partners/report/{name}", data).status_code == 302
    fields = check_answers_form(client, "/partners/report/check-answers", spam_check=False)
    assert_one_submission(race(live, client, "/partners/report/check-answers", fields))


def _one_message_raced(
    live: LiveServer, client: FlaskClient, path: str, data: dict[str, str], stored: Callable[[], int]
) -> list[requests.Response]:
    before = count(OutboxMessage)
    page = check_page(client.get(path))
    form = page.one("form textarea").find_parent("form")
    fields = {str(tag["name"]): str(tag.get("value", "")) for tag in form.select("input[type=hidden]")}
    assert set(fields) == {"csrf_token", "submission_token"}
    responses = race(live, client, path, {**fields, **data})
    assert stored() == 1
    assert count(OutboxMessage) == before + 1
    return responses


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/status/reply", {"message": "They came back last night."}),
        (
            "/status/something-else-happened",
            {
                "incident_date-day": "6",
                "incident_date-month": "1",
                "incident_date-year": "2026",
                "description": "Shouting again.",
            },
        ),
    ],
)
def test_a_status_message_sent_twice_at_once_is_stored_once(
    live: LiveServer, client: FlaskClient, path: str, data: dict[str, str]
) -> None:
    _submission, code = make_submission()
    open_status(client, code)
    responses = _one_message_raced(
        live,
        client,
        path,
        data,
        lambda: count(StatusUpdate, StatusUpdate.direction == MessageDirection.FROM_REPORTER),
    )
    assert all(response.url.endswith("/status/your-report") for response in responses)


def test_a_concern_about_the_lead_agency_sent_twice_at_once_is_raised_once(
    live: LiveServer, client: FlaskClient
) -> None:
    submission, code = make_submission()
    submission.lead_agency = LeadAgency.POLICE
    submission.stage = Stage.REFERRED
    db.session.commit()
    open_status(client, code)
    responses = _one_message_raced(
        live,
        client,
        "/status/lead-agency-concern",
        {"concern": "Nobody has called me back."},
        lambda: count(LeadAgencyConcern),
    )
    assert all(response.url.endswith("/status/your-report") for response in responses)
    assert count(StatusUpdate, StatusUpdate.direction == MessageDirection.FROM_REPORTER) == 1


def test_a_partner_message_sent_twice_at_once_is_stored_once(live: LiveServer, app: Flask) -> None:
    organisation = make_organisation("Alpha Community Centre")
    record = partner_submission(organisation)
    client = app.test_client()
    partner_sign_in(client, make_partner(organisation, "reporter@alpha.example"))
    path = f"/partners/submissions/{record.reference}"
    responses = _one_message_raced(
        live,
        client,
        path,
        {"message": "Client has moved"},
        lambda: count(StatusUpdate, StatusUpdate.source == "partner"),
    )
    assert all("sent=1" in response.url for response in responses)

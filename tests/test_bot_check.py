"""The spam check on the final submit of the public journeys (portal/bot_check.py): the report's
and the Community Trigger application's check-answers page. A browser with JavaScript sends a
solved proof-of-work challenge; without JavaScript the submission is stored and marked; a wrong,
expired or reused solution, a script marker without a solution and a filled-in honeypot store
nothing and show the page again with the answers kept."""

import base64
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from altcha import ChallengeV1, solve_challenge_v1
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, inspect, select, text

from portal.bot_check import HONEYPOT_FIELD, JS_FIELD, PAYLOAD_FIELD, UsedChallenge, new_challenge
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, Submission, utcnow
from tests.journey import answer, minimal_report_answers
from tests.pages import Page, check_page
from tests.trigger.helpers import BASE as TRIGGER
from tests.trigger.helpers import finish_to_result, who

REFUSED = "We could not check that a person sent this. Your answers are saved. Select the button again."
DESCRIPTION = "Someone shouted abuse at me in the street."
CLIENT_ADDRESS = "203.0.113.77"


def report_check(client: FlaskClient) -> Page:
    for name, data in minimal_report_answers(DESCRIPTION, named=False):
        assert answer(client, f"/report/{name}", data).status_code == 302, name
    return check_page(client.get("/report/check-answers"))


def trigger_check(client: FlaskClient) -> Page:
    who(client)
    finish_to_result(client)
    result = check_page(client.get(f"{TRIGGER}/result"))
    client.post(f"{TRIGGER}/result", data={"csrf_token": result.csrf()})
    return check_page(client.get(f"{TRIGGER}/check-answers"))


JOURNEYS: dict[str, tuple[str, Callable[[FlaskClient], Page], str]] = {
    "report": ("/report/check-answers", report_check, DESCRIPTION),
    "trigger": (f"{TRIGGER}/check-answers", trigger_check, "It is still going on every weekend."),
}


@pytest.fixture(params=sorted(JOURNEYS))
def journey(request: pytest.FixtureRequest) -> tuple[str, Callable[[FlaskClient], Page], str]:
    return JOURNEYS[request.param]


def hidden_fields(page: Page) -> dict[str, str]:
    form = page.one("form#send")
    return {str(tag["name"]): str(tag.get("value", "")) for tag in form.select("input[type=hidden]")}


def page_challenge(page: Page) -> dict:
    return json.loads(str(page.one("[data-module='app-spam-check']")["data-challenge"]))


def solve(challenge: dict) -> str:
    """What spam-check.js puts in the form, solved with the altcha package's own solver."""
    solution = solve_challenge_v1(
        ChallengeV1(
            challenge["algorithm"],
            challenge["challenge"],
            challenge["maxNumber"],
            challenge["salt"],
            challenge["signature"],
        )
    )
    assert solution is not None
    fields = ("algorithm", "challenge", "salt", "signature")
    payload = {**{name: challenge[name] for name in fields}, "number": solution.number}
    return base64.b64encode(json.dumps(payload).encode()).decode()


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Submission)) or 0


def assert_refused(response, answer_shown: str) -> None:
    page = check_page(response)
    assert page.errors == [REFUSED]
    assert page.soup.title is not None and page.soup.title.get_text(strip=True).startswith("Error:")
    assert answer_shown in page.html, "the answers are kept and shown again"
    assert stored() == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    # The page offers a new challenge and an empty honeypot, so a person can send again.
    assert page_challenge(page)["signature"]
    assert str(page.one(f"input[name={HONEYPOT_FIELD}]").get("value", "")) == ""


def test_the_final_page_carries_a_challenge_and_a_hidden_honeypot(client: FlaskClient, journey) -> None:
    _, reach, _ = journey
    page = reach(client)
    challenge = page_challenge(page)
    assert challenge["algorithm"] == "SHA-256"
    assert challenge["maxNumber"] == client.application.config["SPAM_CHECK_MAX_NUMBER"]
    assert "expires=" in challenge["salt"]
    assert hidden_fields(page)[PAYLOAD_FIELD] == ""
    assert JS_FIELD not in hidden_fields(page), "the script adds the marker, never the page"
    honeypot = page.one(f"input[name={HONEYPOT_FIELD}]")
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off" and honeypot["type"] == "text"
    wrapper = honeypot.find_parent("div")
    assert wrapper["aria-hidden"] == "true" and "app-honeypot" in wrapper["class"]
    assert page.one(f"label[for={HONEYPOT_FIELD}]").get_text(strip=True) == "Leave this blank"
    # A new challenge at every rendering.
    assert page_challenge(check_page(client.get(journey[0])))["signature"] != challenge["signature"]


def test_without_javascript_it_is_stored_and_marked(client: FlaskClient, journey) -> None:
    path, reach, _ = journey
    page = reach(client)
    response = client.post(path, data=hidden_fields(page))
    assert response.status_code == 302 and response.headers["Location"].endswith("/confirmation")
    submission = db.session.scalars(select(Submission)).one()
    assert submission.spam_check_skipped is True
    message = db.session.scalars(select(OutboxMessage)).first()
    assert message is not None and message.payload["submission"]["spam_check_skipped"] is True
    assert db.session.scalar(select(func.count()).select_from(UsedChallenge)) == 0


def test_a_solved_challenge_is_stored_as_checked(client: FlaskClient, journey) -> None:
    path, reach, _ = journey
    page = reach(client)
    challenge = page_challenge(page)
    data = {**hidden_fields(page), PAYLOAD_FIELD: solve(challenge), JS_FIELD: "1"}
    response = client.post(path, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/confirmation")
    submission = db.session.scalars(select(Submission)).one()
    assert submission.spam_check_skipped is False
    message = db.session.scalars(select(OutboxMessage)).first()
    assert message is not None and message.payload["submission"]["spam_check_skipped"] is False
    assert db.session.scalars(select(UsedChallenge.signature)).all() == [challenge["signature"]]


def test_javascript_without_a_solution_is_refused_and_the_answers_kept(client: FlaskClient, journey) -> None:
    path, reach, shown = journey
    page = reach(client)
    assert_refused(client.post(path, data={**hidden_fields(page), JS_FIELD: "1"}), shown)
    # The draft is kept: sending again with a solution works.
    again = check_page(client.get(path))
    data = {**hidden_fields(again), PAYLOAD_FIELD: solve(page_challenge(again)), JS_FIELD: "1"}
    assert client.post(path, data=data).headers["Location"].endswith("/confirmation")
    assert stored() == 1


def wrong_number(challenge: dict) -> str:
    payload = json.loads(base64.b64decode(solve(challenge)))
    payload["number"] += 1
    return base64.b64encode(json.dumps(payload).encode()).decode()


def not_base64(challenge: dict) -> str:
    return "not a solution"


def not_an_object(challenge: dict) -> str:
    return base64.b64encode(b"[1, 2, 3]").decode()


def number_as_text(challenge: dict) -> str:
    payload = json.loads(base64.b64decode(solve(challenge)))
    payload["number"] = str(payload["number"])
    return base64.b64encode(json.dumps(payload).encode()).decode()


def signed_elsewhere(challenge: dict) -> str:
    """A challenge solved properly but signed with another key (not ours)."""
    from altcha import create_challenge_v1

    other = create_challenge_v1(
        algorithm="SHA-256", max_number=1000, hmac_key="someone-else", expires=utcnow() + timedelta(minutes=5)
    )
    return solve(other.to_dict())


@pytest.mark.parametrize("tamper", [wrong_number, not_base64, not_an_object, number_as_text, signed_elsewhere])
def test_a_wrong_solution_is_refused(client: FlaskClient, journey, tamper) -> None:
    path, reach, shown = journey
    page = reach(client)
    data = {**hidden_fields(page), PAYLOAD_FIELD: tamper(page_challenge(page)), JS_FIELD: "1"}
    assert_refused(client.post(path, data=data), shown)


def test_an_expired_solution_is_refused(app: Flask, client: FlaskClient, journey) -> None:
    path, reach, shown = journey
    page = reach(client)
    with app.test_request_context():
        expired = new_challenge(expires=utcnow() - timedelta(seconds=5))
    data = {**hidden_fields(page), PAYLOAD_FIELD: solve(expired), JS_FIELD: "1"}
    assert_refused(client.post(path, data=data), shown)


def test_a_solution_used_before_is_refused(app: Flask, client: FlaskClient, journey) -> None:
    path, reach, _ = journey
    first = reach(client)
    payload = solve(page_challenge(first))
    data = {**hidden_fields(first), PAYLOAD_FIELD: payload, JS_FIELD: "1"}
    assert client.post(path, data=data).headers["Location"].endswith("/confirmation")
    # Another browser (a bot replaying what it captured) with the same solution, on a new form.
    other = app.test_client()
    second = reach(other)
    response = other.post(path, data={**hidden_fields(second), PAYLOAD_FIELD: payload, JS_FIELD: "1"})
    page = check_page(response)
    assert page.errors == [REFUSED]
    assert stored() == 1


def test_a_second_click_on_the_same_form_ends_on_the_confirmation(client: FlaskClient, journey) -> None:
    path, reach, _ = journey
    page = reach(client)
    data = {**hidden_fields(page), PAYLOAD_FIELD: solve(page_challenge(page)), JS_FIELD: "1"}
    assert client.post(path, data=data).headers["Location"].endswith("/confirmation")
    assert client.post(path, data=data).headers["Location"].endswith("/confirmation")
    assert stored() == 1


def test_a_filled_in_honeypot_stores_nothing(client: FlaskClient, journey) -> None:
    path, reach, shown = journey
    page = reach(client)
    solved = solve(page_challenge(page))
    for extra in ({}, {PAYLOAD_FIELD: solved, JS_FIELD: "1"}):
        data = {**hidden_fields(page), **extra, HONEYPOT_FIELD: "http://cheap-pills.example"}
        assert_refused(client.post(path, data=data), shown)
    assert db.session.scalar(select(func.count()).select_from(UsedChallenge)) == 0
    # A person whose browser filled it by accident can still send: the page comes back empty.
    again = check_page(client.get(path))
    assert client.post(path, data=hidden_fields(again)).headers["Location"].endswith("/confirmation")
    assert stored() == 1


def test_expired_challenges_are_forgotten(app: Flask, client: FlaskClient) -> None:
    from portal.bot_check import forget_expired

    db.session.add(UsedChallenge(signature="old", expires_at=utcnow() - timedelta(minutes=1)))
    db.session.add(UsedChallenge(signature="new", expires_at=utcnow() + timedelta(minutes=1)))
    db.session.commit()
    assert forget_expired() == 1
    db.session.commit()
    assert db.session.scalars(select(UsedChallenge.signature)).all() == ["new"]


def delivered() -> Submission:
    """The stored submission, delivered to the duty desk (the inbox shows delivered ones)."""
    run_once()
    submission = db.session.scalars(select(Submission)).one()
    assert submission.delivered_at is not None
    return submission


def test_the_duty_desk_sees_which_came_without_the_check(app: Flask, staff_client: FlaskClient) -> None:
    client = app.test_client()
    page = report_check(client)
    client.post("/report/check-answers", data=hidden_fields(page))
    submission = delivered()
    inbox = check_page(staff_client.get("/duty-desk/"))
    assert [tag.get_text(strip=True) for tag in inbox.all(".app-spam-check-skipped")] == ["No spam check"]
    case = check_page(staff_client.get(f"/duty-desk/submissions/{submission.reference}"))
    assert "Sent without the spam check" in case.text("#spam-check-skipped")


def test_a_checked_submission_has_no_mark_at_the_duty_desk(app: Flask, staff_client: FlaskClient) -> None:
    client = app.test_client()
    page = report_check(client)
    data = {**hidden_fields(page), PAYLOAD_FIELD: solve(page_challenge(page)), JS_FIELD: "1"}
    client.post("/report/check-answers", data=data)
    submission = delivered()
    assert check_page(staff_client.get("/duty-desk/")).all(".app-spam-check-skipped") == []
    case = check_page(staff_client.get(f"/duty-desk/submissions/{submission.reference}"))
    assert case.all("#spam-check-skipped") == []


def test_no_client_address_is_stored_for_an_anonymous_reporter(app: Flask) -> None:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = CLIENT_ADDRESS
    client.environ_base["HTTP_X_FORWARDED_FOR"] = CLIENT_ADDRESS
    page = report_check(client)
    data = {**hidden_fields(page), PAYLOAD_FIELD: solve(page_challenge(page)), JS_FIELD: "1"}
    assert client.post("/report/check-answers", data=data).headers["Location"].endswith("/confirmation")
    submission = db.session.scalars(select(Submission)).one()
    assert submission.anonymous is True
    inspector = inspect(db.engine)
    everything = []
    for table in inspector.get_table_names():
        columns = [column["name"] for column in inspector.get_columns(table)]
        assert not [name for name in columns if "ip" in name.split("_") or name.endswith("_addr")]
        everything += [repr(tuple(row)) for row in db.session.execute(text(f'SELECT * FROM "{table}"'))]
    dump = "\n".join(everything)
    assert DESCRIPTION in dump, "the dump holds the stored report"
    assert CLIENT_ADDRESS not in dump
    assert "127.0.0.1" not in dump

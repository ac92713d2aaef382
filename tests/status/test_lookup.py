"""Looking a report up by its tracking code: helpful messages, identical failures, the rate
limit per client, the global alarm, idle sign-out and sign-out."""

import logging
import re
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.constants import ALERT_DESTINATION
from portal.core import tracking
from portal.extensions import db
from portal.models import OutboxMessage
from tests.pages import check_page
from tests.status.helpers import make_submission, open_status


def _look_up(client: FlaskClient, typed: str, token: str | None = None):  # type: ignore[no-untyped-def]
    token = token or check_page(client.get("/status/")).csrf()
    return client.post("/status/", data={"csrf_token": token, "tracking_code": typed})


def _mistyped(code: str) -> str:
    """The same code with one symbol changed: the check symbol catches it."""
    canonical = tracking.parse_tracking_code(code)
    swapped = "1" if canonical[3] != "1" else "2"
    return canonical[:3] + swapped + canonical[4:]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your tracking code"),
        ("ABCD-EFGH", "The tracking code is too short. It has 18 letters and numbers"),
        ("ABCD-EFGH-JKMN-PQRS-TVWX-YZ12", "The tracking code is too long. It has 18 letters and numbers"),
        ("ABCD-EFGH-JKMN-PQRS-T!", "The tracking code can only contain letters and numbers"),
        ("<script>alert(1)</script>", "The tracking code can only contain letters and numbers"),
    ],
)
def test_malformed_codes_get_a_helpful_message_and_are_not_echoed(
    client: FlaskClient, typed: str, message: str
) -> None:
    page = check_page(_look_up(client, typed))
    assert page.errors == [message]
    assert page.field_error("tracking_code") == f"Error: {message}"
    assert page.one("#tracking_code")["value"] == ""
    assert page.one("title").get_text().startswith("Error:")


def test_a_one_symbol_typo_says_check_for_0_and_o(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    page = check_page(_look_up(client, _mistyped(code)))
    assert page.errors == [
        "Check the tracking code. One of the letters or numbers may be wrong. Check you have not mixed up 0 and O"
    ]


def test_unknown_and_wrong_codes_answer_identically(app: Flask, client: FlaskClient) -> None:
    make_submission()
    unknown_codes = [tracking.new_tracking_code() for _ in range(2)]
    pages = [check_page(_look_up(client, code)) for code in unknown_codes]
    assert (
        pages[0].errors
        == pages[1].errors
        == ["We could not find a report with that tracking code. Check it and try again"]
    )
    # Apart from the CSRF token (signed with the time, so it changes from one second to the
    # next), the two answers are the same page.
    bodies = [re.sub(r'name="csrf_token" value="[^"]*"', "", page.one("main").decode()) for page in pages]
    assert bodies[0] == bodies[1]


def test_lenient_typing_opens_the_report(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    typed = " " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    page = open_status(client, typed)
    assert page.text(".govuk-caption-l").endswith(submission.reference)
    assert page.response.headers["Cache-Control"] == "no-store"


def test_the_eleventh_failed_look_up_in_an_hour_gets_the_translated_429_page(app: Flask, client: FlaskClient) -> None:
    client.set_cookie("sitc_lang", "cy")
    token = check_page(client.get("/status/"), lang="cy").csrf()
    for attempt in range(1, 11):
        page = check_page(_look_up(client, tracking.new_tracking_code(), token), lang="cy")
        assert len(page.errors) == 1, f"attempt {attempt} was not answered with the form"
    refused = check_page(_look_up(client, tracking.new_tracking_code(), token), status=429, lang="cy")
    # The page is in the reporter's language: Welsh, from its catalogue.
    from flask_babel import force_locale
    from flask_babel import gettext as translate

    with app.test_request_context(), force_locale("cy"):
        welsh = translate("Too many attempts")
    assert welsh != "Too many attempts"
    assert refused.h1 == welsh
    assert not refused.all("form input[name='tracking_code']")
    # Another client is not affected.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.10"
    assert check_page(_look_up(other, tracking.new_tracking_code())).errors


def test_successful_look_ups_do_not_count_towards_the_limit(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    token = check_page(client.get("/status/")).csrf()
    for _ in range(12):
        assert _look_up(client, code, token).status_code == 302
    for _ in range(10):
        check_page(_look_up(client, tracking.new_tracking_code(), token))
    check_page(_look_up(client, code, token), status=429)


def test_many_failures_across_clients_raise_one_alarm_without_client_addresses(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["STATUS_LOOKUP_ALARM"] = "5 per hour"
    addresses = [f"198.51.100.{n}" for n in range(1, 9)]
    for address in addresses:
        visitor = app.test_client()
        visitor.environ_base["REMOTE_ADDR"] = address
        check_page(_look_up(visitor, tracking.new_tracking_code()))
    alerts = db.session.scalars(select(OutboxMessage).where(OutboxMessage.destination == ALERT_DESTINATION)).all()
    assert len(alerts) == 1
    assert alerts[0].payload["kind"] == "status_lookup_failures"
    assert [r.levelno for r in caplog.records if "status look-ups" in r.getMessage()] == [logging.ERROR]
    stored = repr(alerts[0].payload) + caplog.text
    assert not any(address in stored for address in addresses)


def test_idle_timeout_signs_out_with_an_explanation(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    page = open_status(client, code)
    session_box = page.one("[data-module='app-status-timeout']")
    assert session_box["data-idle-seconds"] == str(app.config["STATUS_IDLE_MINUTES"] * 60)
    assert page.one(".app-status-session__stay button").get_text(strip=True) == "Stay signed in"
    assert page.one("script[src$='status-timeout.js']")
    with client.session_transaction() as session:
        seen = datetime.fromisoformat(session["status"]["seen"])
        session["status"] = {
            **session["status"],
            "seen": (seen - timedelta(minutes=app.config["STATUS_IDLE_MINUTES"] + 1)).isoformat(),
        }
    response = client.get("/status/your-report")
    assert response.headers["Location"].endswith("/status/session-ended")
    ended = check_page(client.get("/status/session-ended"))
    assert ended.h1 == "We have signed you out"
    assert client.get("/status/your-report").headers["Location"].endswith("/status/")


def test_stay_signed_in_restarts_the_idle_time(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    page = open_status(client, code)
    with client.session_transaction() as session:
        seen = datetime.fromisoformat(session["status"]["seen"])
        session["status"] = {
            **session["status"],
            "seen": (seen - timedelta(minutes=app.config["STATUS_IDLE_MINUTES"] - 1)).isoformat(),
        }
    response = client.post("/status/stay-signed-in", data={"csrf_token": page.csrf()}, follow_redirects=True)
    again = check_page(response)
    assert again.text(".govuk-notification-banner__content") == "You are still signed in"
    with client.session_transaction() as session:
        assert datetime.fromisoformat(session["status"]["seen"]) > seen - timedelta(seconds=5)


def test_sign_out_forgets_the_report(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    page = open_status(client, code)
    response = client.post("/status/sign-out", data={"csrf_token": page.csrf()}, follow_redirects=True)
    assert check_page(response).h1 == "You have signed out"
    assert client.get("/status/your-report").headers["Location"].endswith("/status/")
    assert client.get("/status/reply").headers["Location"].endswith("/status/")


def test_the_code_is_never_in_a_url_or_cookie_in_clear(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    open_status(client, code)
    canonical = tracking.parse_tracking_code(code)
    with client.session_transaction() as session:
        assert canonical not in repr(dict(session))
        assert code not in repr(dict(session))

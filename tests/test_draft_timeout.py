"""Extending a journey's draft from the timeout warning: POST /<journey>/keep-my-answers moves
the expiry forward, and is refused without the CSRF token or without a live draft."""

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.extensions import db
from portal.models import Draft, utcnow
from tests.conftest import csrf_from
from tests.journey import answer
from tests.pages import check_page

JSON = {"Accept": "application/json"}
JOURNEYS = [("/report", "in-danger"), ("/community-trigger", "who-is-applying")]


def _draft() -> Draft:
    db.session.expire_all()
    draft = db.session.scalar(select(Draft))
    assert draft is not None
    return draft


def _about_to_expire() -> Draft:
    draft = _draft()
    draft.expires_at = utcnow() + timedelta(seconds=30)
    db.session.commit()
    return draft


def _open(client: FlaskClient, journey: str, page: str) -> str:
    html = check_page(client.get(f"{journey}/{page}")).html
    return csrf_from(html)


@pytest.mark.parametrize(("journey", "page"), JOURNEYS)
def test_question_pages_carry_the_warning(client: FlaskClient, app: Flask, journey: str, page: str) -> None:
    response = check_page(client.get(f"{journey}/{page}"))
    dialog = response.one("dialog[data-module='app-draft-timeout']")
    assert dialog.get("open") is None, "the warning must not show without JavaScript"
    lifetime = app.config["DRAFT_LIFETIME_MINUTES"] * 60
    assert lifetime - 5 <= int(dialog["data-seconds-left"]) <= lifetime
    assert int(dialog["data-warning-seconds"]) == app.config["DRAFT_WARNING_MINUTES"] * 60
    assert dialog["data-expired-url"] == f"{journey}/session-expired"
    form = dialog.select_one("form")
    assert form is not None and form["action"] == f"{journey}/keep-my-answers"
    assert dialog.select_one("button").get_text(strip=True) == "Continue"
    assert dialog["aria-labelledby"] == "draft-timeout-heading"
    assert response.text("#draft-timeout-heading") == "Your answers will be deleted soon"


@pytest.mark.parametrize(("journey", "page"), JOURNEYS)
def test_extending_moves_the_expiry_forward(client: FlaskClient, app: Flask, journey: str, page: str) -> None:
    token = _open(client, journey, page)
    before = _about_to_expire().expires_at
    response = client.post(f"{journey}/keep-my-answers", data={"csrf_token": token, "page": page}, headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    lifetime = app.config["DRAFT_LIFETIME_MINUTES"] * 60
    assert lifetime - 5 <= response.get_json()["seconds_left"] <= lifetime
    after = _draft().expires_at
    assert after > before
    assert after >= utcnow() + timedelta(minutes=app.config["DRAFT_LIFETIME_MINUTES"]) - timedelta(seconds=5)


def test_without_javascript_the_form_returns_to_the_page(client: FlaskClient) -> None:
    token = _open(client, "/report", "in-danger")
    before = _about_to_expire().expires_at
    response = client.post("/report/keep-my-answers", data={"csrf_token": token, "page": "in-danger"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/report/in-danger"
    assert _draft().expires_at > before
    # An unknown page name goes to check answers (which sends on to the first unanswered page).
    response = client.post("/report/keep-my-answers", data={"csrf_token": token, "page": "//evil.example"})
    assert response.headers["Location"] == "/report/check-answers"


def test_refused_without_the_csrf_token(client: FlaskClient) -> None:
    _open(client, "/report", "in-danger")
    before = _about_to_expire().expires_at
    response = client.post("/report/keep-my-answers", data={"page": "in-danger"}, headers=JSON)
    assert response.status_code == 400
    assert _draft().expires_at == before


def test_refused_without_a_draft(client: FlaskClient) -> None:
    # A session with a CSRF token (from the status look-up page) but no draft.
    token = csrf_from(client.get("/status/").get_data(as_text=True))
    response = client.post("/report/keep-my-answers", data={"csrf_token": token}, headers=JSON)
    assert response.status_code == 409
    assert response.get_json() == {"gone_to": "/report/"}
    assert db.session.scalar(select(Draft)) is None
    response = client.post("/report/keep-my-answers", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/report/"


def test_an_expired_draft_is_not_brought_back(client: FlaskClient) -> None:
    token = _open(client, "/report", "in-danger")
    draft = _draft()
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post("/report/keep-my-answers", data={"csrf_token": token}, headers=JSON)
    assert response.status_code == 409
    assert response.get_json() == {"gone_to": "/report/session-expired"}
    assert _draft().expires_at < utcnow()
    # The session has forgotten it: the next page starts again.
    assert client.get("/report/who").headers["Location"] == "/report/"


def test_the_next_continue_works_after_extending(client: FlaskClient) -> None:
    token = _open(client, "/report", "in-danger")
    _about_to_expire()
    client.post("/report/keep-my-answers", data={"csrf_token": token}, headers=JSON)
    draft = _draft()
    # Time passes beyond the old expiry: the draft still has most of its new lifetime.
    assert draft.expires_at > utcnow() + timedelta(minutes=30)
    response = answer(client, "/report/in-danger", {"in_danger": "no"})
    assert response.status_code == 302 and response.headers["Location"] == "/report/who"

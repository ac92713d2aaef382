"""Hostile bytes through the web form and the API (portal.edge, docs/security.md): the stored
text is normalised the same way on both, and no input ever gets a 5xx."""

import json
import unicodedata

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.apikeys import create_api_key
from portal.edge import clean_text, is_readable_form
from portal.extensions import db
from portal.models import Draft, OutboxMessage, Submission
from tests.api.test_reports import _as_api
from tests.journey import answer, partner_report_answers
from tests.pages import check_page
from tests.partners.conftest import make_organisation

# (what is typed, what is stored)
CASES = [
    pytest.param("Shouted\x00 at me", "Shouted at me", id="nul"),
    pytest.param("bell\x07 escape\x1b[31m red", "bell escape[31m red", id="c0"),
    pytest.param("next\x85line and csi\x9b", "nextline and csi", id="c1"),
    pytest.param("del\x7f", "del", id="del"),
    pytest.param("tab\tand\nnewline kept", "tab\tand\nnewline kept", id="tab-newline"),
    pytest.param("windows\r\nline", "windows\nline", id="crlf"),
    pytest.param("invoice_\u202egnp.exe", "invoice_gnp.exe", id="rlo"),
    pytest.param("a\u2066isolated\u2069 b\u202a\u202c", "aisolated b", id="isolates-embeddings"),
    pytest.param("مرحبا\u200f hello", "مرحبا\u200f hello", id="rtl-mark-kept"),
    pytest.param("Cafe\u0301 in Zu\u0308rich", "Café in Zürich", id="non-nfc"),
]


def test_clean_text_result_is_nfc_and_free_of_controls() -> None:
    for param in CASES:
        typed, stored = param.values
        assert clean_text(typed) == stored
        assert unicodedata.is_normalized("NFC", clean_text(typed))


def _draft_description() -> str:
    db.session.rollback()
    draft = db.session.scalar(select(Draft).where(Draft.journey == "report"))
    assert draft is not None
    return str(draft.data["pages"]["what-happened"]["description"])


@pytest.mark.parametrize(("typed", "stored"), [param.values for param in CASES], ids=[p.id for p in CASES])
def test_web_form_text_is_stored_normalised(client: FlaskClient, typed: str, stored: str) -> None:
    check_page(client.get("/report/in-danger"))
    response = answer(client, "/report/what-happened", {"description": typed})
    assert response.status_code == 302, check_page(response).errors
    assert _draft_description() == stored


@pytest.fixture
def api_key(app: Flask) -> str:
    organisation = make_organisation("Gamma Refugee Support")
    _key, plain = create_api_key(organisation.id, None, 5)
    db.session.commit()
    return plain


@pytest.mark.parametrize(("typed", "stored"), [param.values for param in CASES], ids=[p.id for p in CASES])
def test_api_text_is_stored_normalised(client: FlaskClient, api_key: str, typed: str, stored: str) -> None:
    answers = _as_api(partner_report_answers(typed))
    response = client.post("/api/v1/reports", json={"answers": answers}, headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 201, response.get_json()
    submission = db.session.scalar(select(Submission).where(Submission.reference == response.get_json()["reference"]))
    assert submission is not None and submission.answers is not None
    assert submission.answers["what-happened"]["description"] == stored


def _stored() -> tuple[int, int]:
    db.session.rollback()
    return (
        int(db.session.scalar(select(func.count()).select_from(Submission)) or 0),
        int(db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0),
    )


@pytest.mark.parametrize(
    "body",
    [
        b"description=\xff\xfe",
        b"\xff\xfe\x00garbage",
        b"description=%ff%fe",
        b"description=caf%C3",
        b"csrf_token=%E2%82",
    ],
)
def test_a_form_body_that_is_not_utf8_gets_its_own_message(client: FlaskClient, body: bytes) -> None:
    assert not is_readable_form(body)
    check_page(client.get("/report/in-danger"))
    response = client.post("/report/what-happened", data=body, content_type="application/x-www-form-urlencoded")
    page = check_page(response, status=400)
    assert page.h1 == "We could not read what you sent"
    assert "timed out" not in page.html
    assert _stored() == (0, 0)


@pytest.mark.parametrize(
    "body",
    [b'{"answers": {"what-happened": {"description": "\xff\xfe"}}}', b"\xff\xfe\x00", b'{"answers": "\xc3"}'],
)
def test_an_api_body_that_is_not_utf8_is_a_4xx_problem(client: FlaskClient, api_key: str, body: bytes) -> None:
    response = client.post(
        "/api/v1/reports",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert json.loads(response.get_data())["status"] == 400
    assert _stored() == (0, 0)


def test_json_escaped_controls_are_cleaned_like_raw_ones(client: FlaskClient, api_key: str) -> None:
    answers = _as_api(partner_report_answers("placeholder"))
    answers["what-happened"]["description"] = "x\u0000y\u202ez\u0085"
    body = json.dumps({"answers": answers})
    assert "\\u0000" in body
    response = client.post(
        "/api/v1/reports",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 201, response.get_json()
    submission = db.session.scalar(select(Submission))
    assert submission is not None and submission.answers is not None
    assert submission.answers["what-happened"]["description"] == "xyz"

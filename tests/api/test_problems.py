"""Every API error is an RFC 9457 problem document (application/problem+json), listed with its
headers in the OpenAPI document; the HTML pages say what the error is."""

from typing import Any

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.apikeys import create_api_key
from portal.extensions import db, limiter
from portal.models import Submission
from tests.pages import check_page
from tests.partners.conftest import make_organisation

REPORTS = "/api/v1/reports"
UPDATES = "/api/v1/updates"


@pytest.fixture
def api_key(app: Flask) -> str:
    _key, plain = create_api_key(make_organisation("Gamma Refugee Support").id, None, 5)
    db.session.commit()
    return plain


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its component references inlined, for jsonschema."""
    return {**schema, "components": document["components"]}


def published(client: FlaskClient) -> dict[str, Any]:
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    return answer.get_json()


def assert_documented_problem(document: dict[str, Any], response: Any, path: str, method: str) -> dict[str, Any]:
    status = str(response.status_code)
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["status"] == response.status_code and body["title"] and body["type"] == "about:blank"
    described = document["paths"][path][method]["responses"].get(status)
    assert described is not None, f"{method.upper()} {path} does not list {status}"
    schema = described["content"]["application/problem+json"]["schema"]
    ref = schema["$ref"].rsplit("/", 1)[-1]
    jsonschema.validate(body, _resolve(document, document["components"]["schemas"][ref]))
    for header in described.get("headers", {}):
        assert header in response.headers, f"{status} without {header}"
    return body


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    """The document as published at /api/v1/openapi.json."""
    return published(client)


def _count() -> int:
    db.session.rollback()
    return int(db.session.scalar(select(func.count()).select_from(Submission)) or 0)


@pytest.mark.parametrize(
    ("path", "method"), [(REPORTS, "get"), (UPDATES, "get"), (REPORTS, "put"), (UPDATES, "delete")]
)
def test_405_is_a_problem_with_allow(document: dict[str, Any], client: FlaskClient, path: str, method: str) -> None:
    response = client.open(path, method=method.upper())
    assert response.status_code == 405
    assert_documented_problem(document, response, path, "post")
    assert "POST" in {part.strip() for part in response.headers["Allow"].split(",")}


def test_405_on_the_document_itself_lists_get(document: dict[str, Any], client: FlaskClient) -> None:
    response = client.post("/api/v1/openapi.json")
    assert response.status_code == 405
    assert_documented_problem(document, response, "/api/v1/openapi.json", "get")
    assert "GET" in response.headers["Allow"]


def test_413_is_a_problem(document: dict[str, Any], app: Flask, client: FlaskClient, api_key: str) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 2000
    response = client.post(
        REPORTS,
        data=b'{"answers": "' + b"x" * 5000 + b'"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 413
    assert_documented_problem(document, response, REPORTS, "post")
    signed = client.post(UPDATES, data=b"{" + b" " * 5000 + b"}", content_type="application/json")
    assert signed.status_code == 413
    assert_documented_problem(document, signed, UPDATES, "post")
    assert _count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_415_is_a_problem(document: dict[str, Any], client: FlaskClient, api_key: str, content_type: str) -> None:
    response = client.post(
        REPORTS, data=b"answers=1", content_type=content_type, headers={"Authorization": f"Bearer {api_key}"}
    )
    assert response.status_code in (400, 415)
    assert_documented_problem(document, response, REPORTS, "post")
    assert _count() == 0


def test_429_is_a_problem_with_retry_after(document: dict[str, Any], client: FlaskClient) -> None:
    try:
        statuses = [client.post(REPORTS, json={}).status_code for _ in range(61)]
        assert statuses[:60] == [401] * 60
        response = client.post(REPORTS, json={})
        assert response.status_code == 429
        assert_documented_problem(document, response, REPORTS, "post")
        assert 1 <= int(response.headers["Retry-After"]) <= 61  # a one-minute window, rounded up
    finally:
        limiter.reset()


def test_404_and_bad_json_are_problems(document: dict[str, Any], client: FlaskClient, api_key: str) -> None:
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert missing.get_json()["status"] == 404
    broken = client.post(
        REPORTS, data=b"{not json", content_type="application/json", headers={"Authorization": f"Bearer {api_key}"}
    )
    assert broken.status_code == 400
    assert_documented_problem(document, broken, REPORTS, "post")


def test_every_api_error_listed_in_the_document_is_a_problem(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            errors = {code: answer for code, answer in operation["responses"].items() if int(code) >= 400}
            assert {"405", "429", "500"} <= set(errors), f"{method} {path}"
            for code, answer in errors.items():
                assert list(answer["content"]) == ["application/problem+json"], f"{method} {path} {code}"
            assert "Allow" in errors["405"]["headers"] and "Retry-After" in errors["429"]["headers"]


def test_the_html_405_page_says_what_the_error_is(client: FlaskClient) -> None:
    response = client.delete("/report/")
    page = check_page(response, status=405)
    assert page.h1 == "This page cannot be used in that way"
    assert "Page not found" not in page.html
    assert "GET" in response.headers["Allow"]

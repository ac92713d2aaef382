"""Checks of the OWASP ASVS 5.0 Level 2 list in docs/security.md that no other test covers:
forged and foreign CSRF tokens, GET never changing state, the security headers on every HTML
response, the production session cookie, fuzzing of the public forms and the API, and the
tracking-code look-up taking one path for unknown and wrong codes."""

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from werkzeug.exceptions import MethodNotAllowed

from portal import create_app
from portal.apikeys import create_api_key
from portal.config import ProductionConfig
from portal.core import tracking
from portal.extensions import db, limiter
from portal.models import Draft, OutboxMessage, StatusUpdate, Submission
from tests.journey import answer, minimal_report_answers
from tests.pages import check_page
from tests.partners.conftest import make_organisation
from tests.status.helpers import make_submission

STATEFUL = (Submission, OutboxMessage, StatusUpdate)


def _counts() -> tuple[int, ...]:
    db.session.rollback()
    return tuple(int(db.session.scalar(select(func.count()).select_from(model)) or 0) for model in STATEFUL)


def _plain_get_paths(app: Flask) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or set()) and not rule.arguments and not rule.rule.startswith("/static"):
            paths.append(rule.rule)
    return sorted(set(paths))


def _post_only_paths(app: Flask) -> list[tuple[str, set[str]]]:
    found = []
    for rule in app.url_map.iter_rules():
        methods = set(rule.methods or set()) - {"HEAD", "OPTIONS"}
        if "POST" in methods and "GET" not in methods and not rule.arguments:
            found.append((rule.rule, methods))
    return found


def _ready_to_send(client: FlaskClient) -> str:
    for name, data in minimal_report_answers("Someone shouted at me.", named=False):
        assert answer(client, f"/report/{name}", data).status_code == 302
    return check_page(client.get("/report/check-answers")).csrf()


@pytest.mark.parametrize("token", ["", "forged", "foreign"])
def test_a_final_post_without_its_own_csrf_token_is_a_400_and_stores_nothing(
    app: Flask, client: FlaskClient, token: str
) -> None:
    _ready_to_send(client)
    if token == "foreign":
        other = app.test_client()
        token = check_page(other.get("/status/")).csrf()
    data = {"csrf_token": token} if token else {}
    before = _counts()
    response = client.post("/report/check-answers", data=data)
    # The journey shows the page again with "timed out"; nothing is sent either way.
    assert response.status_code in (200, 400)
    page = check_page(response, status=response.status_code)
    assert "timed out" in page.html
    assert _counts() == before == (0, 0, 0)
    other_forms = app.test_client()
    refused = other_forms.post("/status/", data={"csrf_token": token or "x", "tracking_code": "x"})
    assert check_page(refused, status=400).h1 == "This page has timed out"


def test_get_never_changes_state(app: Flask, client: FlaskClient) -> None:
    adapter = app.url_map.bind("localhost")
    checked = 0
    for path, methods in _post_only_paths(app):
        response = client.get(path)
        try:
            adapter.match(path, method="GET")
        except MethodNotAllowed:
            assert response.status_code == 405, path
            assert set(response.headers["Allow"].replace(" ", "").split(",")) >= methods, path
            checked += 1
        else:
            # A question page's /<page_name> takes the GET: "no such question" (or the partner
            # area's sign-in first); nothing is done either way (checked below).
            assert response.status_code in (302, 404), path
    assert checked >= 5
    _ready_to_send(client)
    before = _counts()
    for path in _plain_get_paths(app):
        assert client.get(path).status_code < 500, path
    assert _counts() == before == (0, 0, 0)
    assert db.session.scalars(select(Draft.submission_id)).all() in ([], [None])


def _assert_html_security_headers(response: Any, secure: bool) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    directives = {part.strip().split(" ")[0]: part.strip() for part in csp.split(";")}
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name in ("object-src", "base-uri", "frame-ancestors"):
        assert directives[name] == f"{name} 'none'"
    assert re.search(r"script-src 'self' 'nonce-[\w-]+'", csp)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    if secure:
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_every_html_response_carries_the_security_headers(app: Flask, client: FlaskClient) -> None:
    _ready_to_send(client)
    seen = 0
    for path in [*_plain_get_paths(app), "/no-such-page", "/report/no-such-question"]:
        for secure in (False, True):
            response = client.get(path, base_url="https://localhost" if secure else "http://localhost")
            if response.mimetype == "text/html":
                _assert_html_security_headers(response, secure)
                seen += 1
    error = client.delete("/report/")
    _assert_html_security_headers(error, secure=False)
    assert seen > 40


def test_forms_confirmations_status_and_staff_pages_are_no_store(client: FlaskClient) -> None:
    _submission, code = make_submission()
    lookup = check_page(client.get("/status/"))
    client.post("/status/", data={"csrf_token": lookup.csrf(), "tracking_code": code})
    for path in (
        "/report/in-danger",
        "/status/your-report",
        "/status/reply",
        "/duty-desk/sign-in",
        "/partners/sign-in",
    ):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_production_session_cookie_is_host_only_secure_http_only_and_same_site() -> None:
    app = create_app(
        ProductionConfig,
        SECRET_KEY="k" * 40,
        TRACKING_CODE_PEPPER="p" * 40,
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://u@127.0.0.1/x",
    )
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    with app.test_request_context("/", base_url="https://portal.example"):
        from flask import session

        session["probe"] = "1"
        response = app.make_response("ok")
        app.session_interface.save_session(app, session, response)  # type: ignore[arg-type]
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-sitc_session="))
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "path", "samesite"} <= set(attributes)
    assert attributes["path"] == "Path=/" and attributes["samesite"] == "SameSite=Lax"
    assert "domain" not in attributes


# Fuzzing: text with controls, markup, bidi characters and surrogates, in known and unknown fields.
hostile_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300) | st.sampled_from(
    ["<script>alert(1)</script>", '=HYPERLINK("x")', "\u202e", "\x00", "' OR 1=1 --", "%00", "../../etc/passwd"]
)
PUBLIC_FORMS = [
    "/report/in-danger",
    "/report/what-kind",
    "/report/what-happened",
    "/report/when",
    "/report/where",
    "/report/contact",
    "/community-trigger/who-is-applying",
    "/status/",
]


def test_hypothesis_fuzzing_of_the_public_forms_never_5xx_and_stores_nothing(app: Flask) -> None:
    limiter.enabled = False

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(
        path=st.sampled_from(PUBLIC_FORMS),
        fields=st.dictionaries(
            st.sampled_from(
                [
                    "description",
                    "incident_type",
                    "online",
                    "when_kind",
                    "incident_date-day",
                    "address",
                    "identity",
                    "email",
                    "tracking_code",
                    "applicant_type",
                    "x",
                ]
            )
            | st.text(max_size=10),
            hostile_text,
            max_size=6,
        ),
    )
    @example(path="/report/what-happened", fields={"description": "\ud800", "\udfff": "x"})
    def check(path: str, fields: dict[str, str]) -> None:
        client = app.test_client()
        token = check_page(client.get("/report/in-danger")).csrf()
        check_page(client.get("/community-trigger/"))
        # A lone surrogate cannot leave a browser as UTF-8: a hostile client sends its bytes
        # (ED A0 80), so the body is encoded with surrogatepass and posted as it is.
        body = urlencode({**fields, "csrf_token": token}, encoding="utf-8", errors="surrogatepass")
        response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (path, fields)
        assert response.status_code in (200, 302, 400), (path, response.status_code)
        if response.status_code == 200:
            check_page(response)

    try:
        check()
    finally:
        limiter.enabled = True
    assert _counts() == (0, 0, 0)


def test_hypothesis_fuzzing_of_the_api_never_5xx_and_invalid_is_4xx_storing_nothing(app: Flask) -> None:
    _key, plain = create_api_key(make_organisation("Fuzz Partner").id, None, 5)
    db.session.commit()
    limiter.enabled = False
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
        lambda children: st.lists(children, max_size=3) | st.dictionaries(hostile_text, children, max_size=3),
        max_leaves=10,
    )

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(body=st.dictionaries(st.sampled_from(["answers", "language", "x"]), json_values, max_size=3) | json_values)
    def check(body: Any) -> None:
        client = app.test_client()
        response = client.post("/api/v1/reports", json=body, headers={"Authorization": f"Bearer {plain}"})
        assert response.status_code < 500, body
        assert 400 <= response.status_code < 500, body
        assert response.mimetype == "application/problem+json"

    try:
        check()
    finally:
        limiter.enabled = True
    assert _counts() == (0, 0, 0)


def test_unknown_and_wrong_tracking_codes_take_the_same_path(app: Flask, client: FlaskClient) -> None:
    """No timing assertion (docs/security.md): the look-up is one keyed hash and one indexed
    query whatever the code, so an unknown code and a wrong one run the same statements."""
    submission, code = make_submission()
    canonical = tracking.parse_tracking_code(code)
    # The code is the whole secret (there is no separate identifier to get right): a wrong code
    # is any well-formed code that is not this one, exactly like an unknown one.
    wrong = tracking.format_tracking_code(tracking.parse_tracking_code(tracking.new_tracking_code()))
    unknown = tracking.new_tracking_code()
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(re.sub(r"\s+", " ", statement))

    runs = {}
    for label, typed in (("unknown", unknown), ("wrong", wrong)):
        statements.clear()
        lookup = check_page(client.get("/status/"))
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.post("/status/", data={"csrf_token": lookup.csrf(), "tracking_code": typed})
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        body = re.sub(r'value="[^"]+"', "", response.get_data(as_text=True))
        body = re.sub(r"nonce-[\w-]+|nonce=\"[^\"]+\"", "", body)
        runs[label] = (response.status_code, [s for s in statements if "submissions" in s], body.replace(typed, ""))
    assert runs["unknown"] == runs["wrong"]
    # Only the keyed hash is stored, never the code itself.
    assert submission.tracking_hash == tracking.hash_tracking_code(canonical, app.config["TRACKING_CODE_PEPPER"])
    assert canonical not in submission.tracking_hash

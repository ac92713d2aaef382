"""Walk every registered route: /duty-desk/ and /api/ routes refuse anonymous users and the
wrong role. Routes added later are covered automatically."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.constants import Role
from portal.extensions import login_manager
from tests.conftest import STAFF_PASSWORD, csrf_from, make_user, sign_in

PUBLIC = {"/duty-desk/sign-in", "/api/v1/openapi.json"}


def guarded_routes(app: Flask) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/duty-desk/", "/api/")) or rule.rule in PUBLIC:
            continue
        values = {}
        for name, converter in rule._converters.items():
            items = getattr(converter, "items", None)
            values[name] = sorted(items)[0] if items else 1
        url = app.url_map.bind("localhost").build(rule.endpoint, values, method=sorted(rule.methods or {"GET"})[0])
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((method, url))
    return routes


def open_with_token(client: FlaskClient, method: str, url: str, token: str):  # type: ignore[no-untyped-def]
    """POSTs carry a valid CSRF token, so what refuses them is the role check, not CSRF."""
    data = {"csrf_token": token} if method != "GET" and url.startswith("/duty-desk/") else None
    return client.open(url, method=method, data=data)


def session_token(client: FlaskClient) -> str:
    return csrf_from(client.get("/duty-desk/sign-in").get_data(as_text=True))


def test_there_are_guarded_routes_to_walk(app: Flask) -> None:
    routes = guarded_routes(app)
    assert ("GET", "/duty-desk/") in routes and ("POST", "/api/v1/updates") in routes
    assert ("POST", "/api/v1/reports") in routes


def test_every_guarded_route_refuses_anonymous_users(app: Flask, client: FlaskClient) -> None:
    token = session_token(client)
    for method, url in guarded_routes(app):
        response = open_with_token(client, method, url, token)
        if url.startswith("/api/"):
            assert response.status_code in (400, 401, 403, 404, 405, 422), (method, url, response.status_code)
            assert response.is_json, (method, url)
            if url == "/api/v1/reports":
                assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
        else:
            assert response.status_code in (302, 401, 403), (method, url, response.status_code)
            if response.status_code == 302:
                assert "/sign-in" in response.headers["Location"], (method, url)


@pytest.mark.parametrize("role", [Role.PARTNER_ADMIN, Role.PARTNER_REPORTER])
def test_partner_roles_are_refused_everywhere_on_the_duty_desk(
    app: Flask, client: FlaskClient, role: Role, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner = make_user(email=f"{role}@partner.example.org", role=role)
    # Partners cannot sign in at the duty desk at all...
    page = client.get("/duty-desk/sign-in")
    refused = client.post(
        "/duty-desk/sign-in",
        data={"email": partner.email, "password": STAFF_PASSWORD, "csrf_token": csrf_from(page.get_data(as_text=True))},
    )
    assert refused.status_code == 200
    # ...and a partner session (from the partners' sign-in) is refused on every route.
    token = session_token(client)
    # A partner's session as the partners' sign-in (with its security code) would leave it;
    # session protection would otherwise discard a session made outside a real sign-in.
    monkeypatch.setattr(login_manager, "session_protection", None)
    with client.session_transaction() as session:
        session["_user_id"] = partner.get_id()
        session["_fresh"] = True
    for method, url in guarded_routes(app):
        if url.startswith("/duty-desk/"):
            response = open_with_token(client, method, url, token)
            assert response.status_code == 403, (method, url, response.status_code)


def test_staff_session_reaches_the_duty_desk(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_user())
    assert client.get("/duty-desk/").status_code == 200

"""Every partner and partner-management route refuses anonymous users and wrong roles, and one
organisation never sees another's submissions."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.constants import Role
from portal.extensions import db
from portal.models import StatusUpdate, Submission, User
from tests.conftest import csrf_from, make_user, sign_in
from tests.pages import check_page
from tests.partners.conftest import make_partner, partner_sign_in, partner_submission

# Pages for people who are not signed in yet: sign-in steps and the invitation link.
PUBLIC = {"partners.sign_in", "partners.sign_in_code", "partners.sign_in_set_up_code", "partners.invitation"}
ADMIN_ONLY = {"partners.api_keys", "partners.rotate_api_key", "partners.revoke_api_key"}


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, url, method) for every registered partner route, parameters filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/partners/", "/duty-desk/partners")) or rule.endpoint in PUBLIC:
            continue
        url = rule.rule
        for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
            value = "1" if converter == "int" else "disable" if converter == "any" else "X"
            url = re.sub(r"<[^>]*" + name + ">", value, url, count=1)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((rule.endpoint, url, method))
    return found


def _request(client: FlaskClient, url: str, method: str, token: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def _token(client: FlaskClient, page: str) -> str:
    return csrf_from(client.get(page).get_data(as_text=True))


def test_route_walk_covers_every_partner_area(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _url, _method in _routes(app)}
    assert {
        "partners.dashboard",
        "partners.export",
        "partners.incident_log",
        "partners_admin.organisations",
    } <= endpoints
    assert endpoints >= ADMIN_ONLY
    registered = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("partners")}
    assert registered == endpoints | PUBLIC


def test_every_route_refuses_anonymous_users(app: Flask, client: FlaskClient) -> None:
    token = _token(client, "/partners/sign-in")
    for endpoint, url, method in _routes(app):
        response = _request(client, url, method, token)
        assert response.status_code == 302, (endpoint, method, response.status_code)
        target = "/duty-desk/sign-in" if endpoint.startswith("partners_admin") else "/partners/sign-in"
        assert response.headers["Location"] == target, (endpoint, method)


def test_every_partner_route_refuses_staff_and_every_staff_route_refuses_partners(
    app: Flask, reporter_a: User, admin_a: User
) -> None:
    staff = app.test_client()
    sign_in(staff, make_user())
    staff_token = _token(staff, "/duty-desk/")
    partner = app.test_client()
    partner_sign_in(partner, admin_a)
    partner_token = _token(partner, "/partners/")
    for endpoint, url, method in _routes(app):
        if endpoint.startswith("partners_admin"):
            response = _request(partner, url, method, partner_token)
        else:
            response = _request(staff, url, method, staff_token)
        assert response.status_code == 403, (endpoint, method, response.status_code)


def test_admin_routes_refuse_reporters(app: Flask, partner_client: FlaskClient) -> None:
    token = _token(partner_client, "/partners/")
    checked = 0
    for endpoint, url, method in _routes(app):
        if endpoint in ADMIN_ONLY:
            assert _request(partner_client, url, method, token).status_code == 403, (endpoint, method)
            checked += 1
    assert checked == 4


def test_staff_cannot_sign_in_as_a_partner(app: Flask, client: FlaskClient) -> None:
    staff = make_user()
    page = check_page(client.get("/partners/sign-in"))
    response = client.post(
        "/partners/sign-in",
        data={"csrf_token": page.csrf(), "email": staff.email, "password": "correct horse battery staple"},
    )
    refused = check_page(response)
    assert refused.errors == ["This account cannot use the partner service"]


@pytest.fixture
def b_submission(org_b) -> Submission:  # type: ignore[no-untyped-def]
    return partner_submission(org_b)


def test_organisation_a_cannot_read_or_update_organisation_b_submission(
    partner_client: FlaskClient, b_submission: Submission, org_a
) -> None:  # type: ignore[no-untyped-def]
    own = partner_submission(org_a)
    check_page(partner_client.get(f"/partners/submissions/{own.reference}"))
    other = f"/partners/submissions/{b_submission.reference}"
    assert check_page(partner_client.get(other), status=404).h1 == "Page not found"
    token = _token(partner_client, "/partners/")
    response = partner_client.post(other, data={"csrf_token": token, "message": "Let me in"})
    assert response.status_code == 404
    assert db.session.query(StatusUpdate).filter_by(submission_id=b_submission.id).count() == 0


def test_organisation_a_cannot_see_or_export_organisation_b_submissions(
    partner_client: FlaskClient, b_submission: Submission, org_a
) -> None:  # type: ignore[no-untyped-def]
    own = partner_submission(org_a)
    dashboard = check_page(partner_client.get("/partners/"))
    references = [cell.get_text(strip=True) for cell in dashboard.all("#submissions tbody tr td:first-child")]
    assert references == [own.reference]
    searched = check_page(partner_client.get("/partners/", query_string={"q": b_submission.reference}))
    assert searched.all("#submissions") == [] and searched.one("#no-submissions")
    export = partner_client.get("/partners/submissions.csv", query_string={"q": b_submission.reference})
    assert export.status_code == 200
    lines = export.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert len(lines) == 1  # the header only
    full = partner_client.get("/partners/submissions.csv").get_data(as_text=True)
    assert b_submission.reference not in full and own.reference in full


def test_staff_cannot_disable_a_user_through_another_organisation(app: Flask, org_a, org_b) -> None:  # type: ignore[no-untyped-def]
    victim = make_partner(org_b, "person@beta.example")
    staff = app.test_client()
    sign_in(staff, make_user())
    token = _token(staff, "/duty-desk/partners/")
    response = staff.post(f"/duty-desk/partners/{org_a.id}/users/{victim.id}/disable", data={"csrf_token": token})
    assert response.status_code == 404
    db.session.refresh(victim)
    assert victim.active


def test_admin_of_organisation_a_cannot_revoke_organisation_b_key(admin_client: FlaskClient, org_b) -> None:  # type: ignore[no-untyped-def]
    from portal.apikeys import create_api_key

    key, _plain = create_api_key(org_b.id, None, 5)
    db.session.commit()
    token = _token(admin_client, "/partners/api-keys")
    assert admin_client.post(f"/partners/api-keys/{key.id}/revoke", data={"csrf_token": token}).status_code == 404
    assert admin_client.post(f"/partners/api-keys/{key.id}/rotate", data={"csrf_token": token}).status_code == 404
    db.session.refresh(key)
    assert key.revoked_at is None


def test_partner_pages_refuse_an_account_whose_role_changed(app: Flask, org_a) -> None:  # type: ignore[no-untyped-def]
    reporter = make_partner(org_a, "someone@alpha.example", Role.PARTNER_REPORTER)
    client = app.test_client()
    partner_sign_in(client, reporter)
    reporter.role = Role.CASEWORKER
    db.session.commit()
    assert client.get("/partners/").status_code == 403

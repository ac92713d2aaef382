"""Invitations, passwords, sessions and the security code for partner accounts."""

import re
from datetime import timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.constants import Role
from portal.extensions import db
from portal.models import Invitation, User, utcnow
from portal.partners import services
from tests.conftest import make_user, sign_in
from tests.pages import check_page
from tests.partners.conftest import make_partner, partner_sign_in


@pytest.fixture
def staff(app: Flask) -> FlaskClient:
    client = app.test_client()
    sign_in(client, make_user())
    return client


def _invite(
    staff: FlaskClient, organisation_id: int, email: str = "new@alpha.example", role: str = "partner_reporter"
) -> str:
    page = check_page(staff.get(f"/duty-desk/partners/{organisation_id}"))
    created = check_page(
        staff.post(
            f"/duty-desk/partners/{organisation_id}",
            data={"csrf_token": page.csrf(), "name": "New Person", "email": email, "role": role},
        )
    )
    assert created.h1 == "Invitation link created"
    return created.text("#invitation-link")


def _accept(client: FlaskClient, link: str, password: str):  # type: ignore[no-untyped-def]
    path = link.split("localhost", 1)[1]
    page = check_page(client.get(path))
    return client.post(path, data={"csrf_token": page.csrf(), "password": password, "confirm": password})


def test_staff_add_an_organisation_and_invite_a_user_who_sets_a_password(app: Flask, staff: FlaskClient) -> None:
    listing = check_page(staff.get("/duty-desk/partners/"))
    added = staff.post("/duty-desk/partners/", data={"csrf_token": listing.csrf(), "name": "Gamma Trust"})
    organisation_page = check_page(staff.get(added.headers["Location"]))
    assert organisation_page.h1 == "Gamma Trust"
    organisation_id = int(added.headers["Location"].rsplit("/", 1)[1])

    link = _invite(staff, organisation_id)
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(select(Invitation))
    assert stored.token_hash == services.token_digest(token) and token not in str(stored.__dict__)

    client = app.test_client()
    response = _accept(client, link, "a long enough passphrase here")
    assert response.headers["Location"] == "/partners/sign-in?account=created"
    user = db.session.scalar(select(User).where(User.email == "new@alpha.example"))
    assert user.organisation_id == organisation_id and user.role == Role.PARTNER_REPORTER
    assert user.password_hash.startswith("scrypt:")
    sign_in_page = check_page(client.get(response.headers["Location"]))
    assert sign_in_page.one("#account-created")
    sign_in(client, user, "a long enough passphrase here", path="/partners/sign-in")
    assert check_page(client.get("/partners/")).h1 == "Your organisation's submissions"


def test_duplicate_organisation_name_and_bad_invitation_answers_are_explained(staff: FlaskClient, org_a) -> None:  # type: ignore[no-untyped-def]
    listing = check_page(staff.get("/duty-desk/partners/"))
    again = check_page(
        staff.post("/duty-desk/partners/", data={"csrf_token": listing.csrf(), "name": "alpha community centre"})
    )
    assert again.field_error("name") == "Error: There is already an organisation with this name"
    page = check_page(staff.get(f"/duty-desk/partners/{org_a.id}"))
    invalid = check_page(
        staff.post(
            f"/duty-desk/partners/{org_a.id}",
            data={"csrf_token": page.csrf(), "name": "", "email": "not-an-email", "role": "manager"},
        )
    )
    assert invalid.errors == [
        "Enter the person's name",
        "Enter an email address in the correct format, like name@example.com",
        "Select a role",
    ]
    assert invalid.one("#email")["value"] == "not-an-email"
    assert db.session.scalar(select(Invitation)) is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "Password must be 12 characters or more"),
        ("password1234", "This password is too common. Choose a different password"),
        ("x" * 129, "Password must be 128 characters or fewer"),
    ],
)
def test_weak_passwords_are_refused_and_the_link_still_works(
    app: Flask,
    staff: FlaskClient,
    org_a,
    password: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    link = _invite(staff, org_a.id)
    client = app.test_client()
    refused = check_page(_accept(client, link, password))
    assert refused.field_error("password") == f"Error: {message}"
    assert db.session.scalar(select(User).where(User.email == "new@alpha.example")) is None
    assert _accept(client, link, "y" * 64).status_code == 302


def test_common_password_list_contains_the_tested_password() -> None:
    from portal.passwords import _common

    assert "password1234" in _common()


def test_invitation_works_once(app: Flask, staff: FlaskClient, org_a) -> None:  # type: ignore[no-untyped-def]
    link = _invite(staff, org_a.id)
    client = app.test_client()
    assert _accept(client, link, "z" * 64).status_code == 302
    used = check_page(client.get(link.split("localhost", 1)[1]), status=410)
    assert used.h1 == "This invitation has already been used"
    assert db.session.query(User).filter_by(email="new@alpha.example").count() == 1


def test_expired_and_unknown_invitations_give_a_clear_page(app: Flask, staff: FlaskClient, org_a) -> None:  # type: ignore[no-untyped-def]
    link = _invite(staff, org_a.id)
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = app.test_client()
    expired = check_page(client.get(link.split("localhost", 1)[1]), status=410)
    assert expired.h1 == "This invitation has expired"
    unknown = check_page(client.get("/partners/invitations/not-a-real-token"), status=410)
    assert unknown.h1 == "This invitation link does not work"


def test_invitation_expiry_time_is_configured(app: Flask, org_a) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    invitation, token = services.invite_user(org_a.id, "x@alpha.example", "X", Role.PARTNER_ADMIN, 72, now)
    db.session.commit()
    assert invitation.expires_at == now + timedelta(hours=72)
    with pytest.raises(services.InvitationUnusable) as refused:
        services.usable_invitation(token, now + timedelta(hours=72, seconds=1))
    assert refused.value.reason == "expired"


def test_a_new_invitation_replaces_the_earlier_one(app: Flask, org_a) -> None:  # type: ignore[no-untyped-def]
    _first, first_token = services.invite_user(org_a.id, "x@alpha.example", "X", Role.PARTNER_REPORTER, 72)
    _second, second_token = services.invite_user(org_a.id, "x@alpha.example", "X", Role.PARTNER_REPORTER, 72)
    db.session.commit()
    with pytest.raises(services.InvitationUnusable):
        services.usable_invitation(first_token)
    assert services.usable_invitation(second_token).email == "x@alpha.example"


def test_old_session_cookie_is_refused_after_sign_out(app: Flask, reporter_a: User) -> None:
    client = app.test_client()
    partner_sign_in(client, reporter_a)
    dashboard = check_page(client.get("/partners/"))
    cookie = client.get_cookie("sitc_session")
    assert cookie is not None
    client.post("/partners/sign-out", data={"csrf_token": dashboard.csrf()})
    thief = app.test_client()
    thief.set_cookie("sitc_session", cookie.value)
    response = thief.get("/partners/")
    assert response.status_code == 302 and response.headers["Location"] == "/partners/sign-in"


def test_disabling_an_account_ends_its_live_session_at_once(
    app: Flask, staff: FlaskClient, org_a, reporter_a: User
) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    partner_sign_in(client, reporter_a)
    check_page(client.get("/partners/"))
    page = check_page(staff.get(f"/duty-desk/partners/{org_a.id}"))
    response = staff.post(
        f"/duty-desk/partners/{org_a.id}/users/{reporter_a.id}/disable", data={"csrf_token": page.csrf()}
    )
    after = check_page(staff.get(response.headers["Location"]))
    assert after.text("#users tbody tr td:nth-child(4)") == "Disabled"
    refused = client.get("/partners/")
    assert refused.status_code == 302 and refused.headers["Location"] == "/partners/sign-in"
    sign_in_page = check_page(client.get("/partners/sign-in"))
    again = check_page(
        client.post(
            "/partners/sign-in",
            data={
                "csrf_token": sign_in_page.csrf(),
                "email": reporter_a.email,
                "password": "correct horse battery staple",
            },
        )
    )
    assert again.errors == ["Enter a correct email address and password"]


def test_sign_in_locks_after_repeated_failures(app: Flask, client: FlaskClient, reporter_a: User) -> None:
    page = check_page(client.get("/partners/sign-in"))
    for _attempt in range(5):
        check_page(
            client.post(
                "/partners/sign-in",
                data={"csrf_token": page.csrf(), "email": reporter_a.email, "password": "wrong password!"},
            )
        )
    locked = check_page(
        client.post(
            "/partners/sign-in",
            data={"csrf_token": page.csrf(), "email": reporter_a.email, "password": "correct horse battery staple"},
        )
    )
    assert locked.errors == ["This account is locked after too many attempts. Try again in 15 minutes"]


def _password_step(client: FlaskClient, user: User):  # type: ignore[no-untyped-def]
    page = check_page(client.get("/partners/sign-in"))
    return client.post(
        "/partners/sign-in",
        data={"csrf_token": page.csrf(), "email": user.email, "password": "correct horse battery staple"},
    )


def test_admins_must_set_up_a_security_code_when_the_council_requires_it(app: Flask, admin_a: User) -> None:
    app.config["PARTNER_ADMIN_TOTP_REQUIRED"] = True
    client = app.test_client()
    response = _password_step(client, admin_a)
    assert response.headers["Location"] == "/partners/sign-in/set-up-security-code"
    assert client.get("/partners/").status_code == 302  # not signed in yet
    set_up = check_page(client.get("/partners/sign-in/set-up-security-code"))
    secret = set_up.text("#totp-secret").replace(" ", "")
    wrong = check_page(client.post(set_up.response.request.path, data={"csrf_token": set_up.csrf(), "code": "000000"}))
    assert wrong.field_error("code") == "Error: Enter a correct security code"
    done = client.post(
        "/partners/sign-in/set-up-security-code", data={"csrf_token": set_up.csrf(), "code": pyotp.TOTP(secret).now()}
    )
    assert done.headers["Location"] == "/partners/"
    db.session.refresh(admin_a)
    assert admin_a.totp_secret == secret
    check_page(client.get("/partners/"))

    # From now on the code is asked for at each sign-in.
    other = app.test_client()
    assert _password_step(other, admin_a).headers["Location"] == "/partners/sign-in/security-code"
    code_page = check_page(other.get("/partners/sign-in/security-code"))
    assert code_page.h1 == "Enter your security code"
    assert other.get("/partners/").status_code == 302
    signed_in = other.post(
        "/partners/sign-in/security-code", data={"csrf_token": code_page.csrf(), "code": pyotp.TOTP(secret).now()}
    )
    assert signed_in.headers["Location"] == "/partners/"
    assert check_page(other.get("/partners/")).h1 == "Your organisation's submissions"


def test_reporters_are_not_forced_to_set_up_a_code(app: Flask, reporter_a: User) -> None:
    app.config["PARTNER_ADMIN_TOTP_REQUIRED"] = True
    client = app.test_client()
    assert _password_step(client, reporter_a).headers["Location"] == "/partners/"


def test_admins_sign_in_without_a_code_when_not_required(app: Flask, admin_a: User) -> None:
    app.config["PARTNER_ADMIN_TOTP_REQUIRED"] = False
    assert _password_step(app.test_client(), admin_a).headers["Location"] == "/partners/"


def test_optional_security_code_from_the_account(app: Flask, partner_client: FlaskClient, reporter_a: User) -> None:
    page = check_page(partner_client.get("/partners/security-code"))
    secret = page.text("#totp-secret").replace(" ", "")
    again = check_page(partner_client.get("/partners/security-code"))
    assert again.text("#totp-secret").replace(" ", "") == secret
    done = partner_client.post(
        "/partners/security-code", data={"csrf_token": page.csrf(), "code": pyotp.TOTP(secret).now()}
    )
    banner = check_page(partner_client.get(done.headers["Location"]))
    assert "Your security code is set up" in banner.text(".govuk-notification-banner__content")
    db.session.refresh(reporter_a)
    assert reporter_a.totp_secret == secret


def test_wrong_codes_lock_the_account(app: Flask, reporter_a: User) -> None:
    reporter_a.totp_secret = pyotp.random_base32()
    db.session.commit()
    client = app.test_client()
    _password_step(client, reporter_a)
    page = check_page(client.get("/partners/sign-in/security-code"))
    for _attempt in range(4):
        check_page(client.post("/partners/sign-in/security-code", data={"csrf_token": page.csrf(), "code": "12345x"}))
    last = client.post("/partners/sign-in/security-code", data={"csrf_token": page.csrf(), "code": "000000"})
    assert last.headers["Location"] == "/partners/sign-in"
    db.session.refresh(reporter_a)
    assert reporter_a.locked_until is not None and reporter_a.locked_until > utcnow()


def test_disabled_user_cannot_be_found_through_another_role(app: Flask, org_a) -> None:  # type: ignore[no-untyped-def]
    staff_user = make_user(email="staffer@example.org")
    assert services.set_user_active(org_a.id, staff_user.id, False) is None
    partner = make_partner(org_a, "p@alpha.example")
    version = partner.session_version
    assert services.set_user_active(org_a.id, partner.id, False) is not None
    assert partner.session_version == version + 1 and not partner.active
    assert re.fullmatch(r"\d+:\d+", partner.get_id())

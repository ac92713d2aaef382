"""Partner fixtures: two organisations, each with an admin and a reporter, and helpers to sign
them in and to create their submissions."""

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.constants import Channel, Role, SubmissionKind
from portal.core.submissions import NewSubmission, store_submission
from portal.extensions import db
from portal.models import Organisation, Submission, User
from tests.conftest import make_user, sign_in

PARTNER_SIGN_IN = "/partners/sign-in"


def make_organisation(name: str) -> Organisation:
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_partner(organisation: Organisation, email: str, role: str = Role.PARTNER_REPORTER) -> User:
    return make_user(email=email, role=role, name=email.split("@")[0].title(), organisation_id=organisation.id)


def partner_submission(organisation: Organisation) -> Submission:
    submission, _code = store_submission(
        NewSubmission(
            kind=SubmissionKind.PARTNER_REPORT,
            language="en",
            channel=Channel.NONE,
            anonymous=True,
            answers={"what_happened": "Shouting in the street"},
            is_hate=True,
            strands=("race",),
            organisation_id=organisation.id,
        ),
        None,
    )
    db.session.commit()
    return submission


def partner_sign_in(client: FlaskClient, user: User) -> None:
    sign_in(client, user, path=PARTNER_SIGN_IN)


@pytest.fixture
def org_a(app: Flask) -> Organisation:
    return make_organisation("Alpha Community Centre")


@pytest.fixture
def org_b(app: Flask) -> Organisation:
    return make_organisation("Beta Advice Project")


@pytest.fixture
def reporter_a(org_a: Organisation) -> User:
    return make_partner(org_a, "reporter@alpha.example")


@pytest.fixture
def admin_a(org_a: Organisation) -> User:
    return make_partner(org_a, "admin@alpha.example", Role.PARTNER_ADMIN)


@pytest.fixture
def partner_client(app: Flask, reporter_a: User) -> FlaskClient:
    client = app.test_client()
    partner_sign_in(client, reporter_a)
    return client


@pytest.fixture
def admin_client(app: Flask, admin_a: User) -> FlaskClient:
    client = app.test_client()
    partner_sign_in(client, admin_a)
    return client


@pytest.fixture
def new_client(app: Flask) -> Callable[[], FlaskClient]:
    return app.test_client

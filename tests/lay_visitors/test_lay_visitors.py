"""Sample checks and lay visitors: a reproducible sample, a second factor, redacted cases,
refusal outside the sample, and every view in the audit log."""

from datetime import timedelta

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import totp
from portal.constants import MessageDirection, Role, Stage
from portal.extensions import db
from portal.models import StatusUpdate, Submission, User, utcnow
from portal.quality import sampling
from portal.quality.models import AuditEntry, CaseSample, LayVisitorCheck
from tests.conftest import STAFF_PASSWORD, csrf_from, make_user
from tests.pages import check_page
from tests.status.helpers import MARKERS, NAME_MARKER, make_submission

SPOC_MARKER = "ZQXSPOCMARKER5521"
OUTCOME_MARKER = "ZQXOUTCOMEMARKER8830"


def closed_case() -> Submission:
    submission, _code = make_submission(email="reporter@example.org", stage=Stage.CLOSED)
    submission.single_point_of_contact = f"Sam {SPOC_MARKER}"
    submission.outcome = f"Warning given {OUTCOME_MARKER}"
    submission.outcome_category = "resolved"
    submission.acknowledged_at = submission.created_at + timedelta(hours=2)
    db.session.add(
        StatusUpdate(
            submission=submission,
            kind="update",
            direction=MessageDirection.TO_REPORTER,
            message=f"Dear Ada {NAME_MARKER}, we spoke to your neighbour.",
        )
    )
    db.session.commit()
    return submission


def lay_visitor() -> User:
    return make_user(
        email="visitor@example.org", role=Role.LAY_VISITOR, name="Lee Visitor", totp_secret=totp.new_secret()
    )


def draw(staff_client: FlaskClient, size: int, seed: str) -> CaseSample:
    today = utcnow().date()
    page = check_page(staff_client.get("/duty-desk/samples"))
    data = {
        "csrf_token": page.csrf(),
        "start-day": (today - timedelta(days=7)).day,
        "start-month": (today - timedelta(days=7)).month,
        "start-year": (today - timedelta(days=7)).year,
        "end-day": today.day,
        "end-month": today.month,
        "end-year": today.year,
        "size": size,
        "seed": seed,
    }
    response = staff_client.post("/duty-desk/samples", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    sample = db.session.scalars(select(CaseSample).order_by(CaseSample.id.desc())).first()
    assert sample is not None
    return sample


def sign_in_visitor(client: FlaskClient, user: User) -> None:
    page = client.get("/lay-visitors/sign-in")
    response = client.post(
        "/lay-visitors/sign-in",
        data={"email": user.email, "password": STAFF_PASSWORD, "csrf_token": csrf_from(page.get_data(as_text=True))},
    )
    assert response.headers["Location"].endswith("/lay-visitors/sign-in/security-code")
    code_page = check_page(client.get("/lay-visitors/sign-in/security-code"))
    wrong = check_page(
        client.post("/lay-visitors/sign-in/security-code", data={"csrf_token": code_page.csrf(), "code": "000000"})
    )
    assert wrong.errors == ["Enter a correct security code"]
    response = client.post(
        "/lay-visitors/sign-in/security-code",
        data={"csrf_token": wrong.csrf(), "code": pyotp.TOTP(user.totp_secret or "").now()},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/lay-visitors/")


def test_a_sample_is_reproducible_from_its_seed(app: Flask, staff_client: FlaskClient) -> None:
    cases = [closed_case() for _ in range(6)]
    first = draw(staff_client, 3, "council-q1-seed")
    again = draw(staff_client, 3, "council-q1-seed")
    other = draw(staff_client, 3, "another-seed")
    chosen = [member.submission_id for member in first.members]
    assert len(chosen) == 3 and set(chosen) <= {case.id for case in cases}
    assert [member.submission_id for member in again.members] == chosen
    assert sampling.choose(sorted(case.id for case in cases), 3, "council-q1-seed") == chosen
    assert first.seed == "council-q1-seed"
    page = check_page(staff_client.get("/duty-desk/samples"))
    assert page.text(f"[data-sample='{first.id}'] [data-seed]") == "council-q1-seed"
    assert other.seed == "another-seed"
    random_seed = draw(staff_client, 2, "")
    assert len(random_seed.seed) == 32


def test_a_lay_visitor_sees_only_sampled_cases_redacted_and_every_view_is_logged(
    app: Flask, staff_client: FlaskClient
) -> None:
    client = app.test_client()
    sampled, unsampled = closed_case(), closed_case()
    db.session.add(StatusUpdate(submission=unsampled, kind="update", direction="internal", message="x"))
    db.session.commit()
    sample = draw(staff_client, 1, "fixed")
    chosen = db.session.get(Submission, sample.members[0].submission_id)
    assert chosen is not None
    refused_case = unsampled if chosen.id == sampled.id else sampled

    visitor = lay_visitor()
    assert client.get("/lay-visitors/").headers["Location"].endswith("/lay-visitors/sign-in")
    sign_in_visitor(client, visitor)

    listing = check_page(client.get("/lay-visitors/"))
    assert [a.get_text(strip=True) for a in listing.all("#sampled a")] == [chosen.reference]

    page = check_page(client.get(f"/lay-visitors/cases/{chosen.reference}"))
    html = page.html
    for marker in (*MARKERS, SPOC_MARKER, OUTCOME_MARKER, "reporter@example.org", "BN1 1AA"):
        assert marker not in html, marker
    values = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in page.all("#case .govuk-summary-list__row")
    }
    assert values["Single point of contact named"] == "Yes"
    assert values["Kind of outcome"] == "Resolved"
    assert page.all("#events li")

    refused = client.get(f"/lay-visitors/cases/{refused_case.reference}")
    assert refused.status_code == 403
    assert client.get("/lay-visitors/cases/NOSUCH").status_code == 403

    check = client.post(
        f"/lay-visitors/cases/{chosen.reference}/check",
        data={"csrf_token": page.csrf(), "met_standards": "yes", "note": "Contact made within a day."},
    )
    assert check.status_code == 302
    stored = db.session.scalar(select(LayVisitorCheck))
    assert stored is not None and (stored.submission_id, stored.met_standards) == (chosen.id, True)

    # Nothing else: not the duty desk, not the partners' pages.
    assert client.get("/duty-desk/").status_code == 403
    assert client.get(f"/duty-desk/submissions/{chosen.reference}").status_code == 403
    assert client.get("/partners/").status_code == 403

    actions = [
        (entry.user_id, entry.action, entry.submission_id)
        for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]
    assert actions == [
        (visitor.id, sampling.VIEW_SAMPLE, None),
        (visitor.id, sampling.VIEW_CASE, chosen.id),
        (visitor.id, sampling.REFUSED, refused_case.id),
        (visitor.id, sampling.REFUSED, None),
        (visitor.id, sampling.RECORD_CHECK, chosen.id),
    ]


def test_other_accounts_cannot_sign_in_as_lay_visitors(client: FlaskClient, caseworker: User) -> None:
    page = client.get("/lay-visitors/sign-in")
    response = client.post(
        "/lay-visitors/sign-in",
        data={
            "email": caseworker.email,
            "password": STAFF_PASSWORD,
            "csrf_token": csrf_from(page.get_data(as_text=True)),
        },
    )
    assert check_page(response).errors == ["This account cannot be used for lay visits"]
    visitor = make_user(email="nocode@example.org", role=Role.LAY_VISITOR, name="No Code")
    response = client.post(
        "/lay-visitors/sign-in",
        data={"email": visitor.email, "password": STAFF_PASSWORD, "csrf_token": csrf_from(page.get_data(as_text=True))},
    )
    assert check_page(response).errors == ["Your security code is not set up yet. Ask the Casework Team"]

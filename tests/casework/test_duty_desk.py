"""The duty desk: sign-in security, inbox order and overdue marks, acting on a submission,
deliveries page with resend, and retention purge."""

from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from portal.constants import OutboxStatus, Stage
from portal.delivery import PermanentError, register_adapter
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import Evidence, OutboxMessage, StatusUpdate, Submission, User, utcnow
from tests.conftest import STAFF_PASSWORD, make_user, sign_in
from tests.intake.factories import stored_submission
from tests.pages import check_page


def delivered(description: str = "Stones thrown at my window.", **extra: object) -> Submission:
    submission = stored_submission(description, **extra)
    run_once()
    db.session.refresh(submission)
    assert submission.delivered_at is not None
    return submission


def try_sign_in(client: FlaskClient, email: str, password: str):  # type: ignore[no-untyped-def]
    page = check_page(client.get("/duty-desk/sign-in"))
    return client.post("/duty-desk/sign-in", data={"email": email, "password": password, "csrf_token": page.csrf()})


def test_password_is_hashed_with_scrypt(app: Flask) -> None:
    user = make_user()
    assert user.password_hash.startswith("scrypt:") and STAFF_PASSWORD not in user.password_hash


def test_lockout_after_repeated_failures_even_with_the_right_password(app: Flask, client: FlaskClient) -> None:
    user = make_user()
    for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
        page = check_page(try_sign_in(client, user.email, "wrong password"))
        assert page.errors == ["Enter a correct email address and password"]
    page = check_page(try_sign_in(client, user.email, STAFF_PASSWORD))
    assert page.errors == ["This account is locked after too many attempts. Try again in 15 minutes"]
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert try_sign_in(client, user.email, STAFF_PASSWORD).status_code == 302


def test_unknown_email_gets_the_same_answer(client: FlaskClient) -> None:
    page = check_page(try_sign_in(client, "nobody@example.org", "whatever"))
    assert page.errors == ["Enter a correct email address and password"]


def test_sign_in_starts_a_new_session_and_sign_out_really_ends_it(app: Flask, client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["planted"] = "fixation"
    sign_in(client, make_user())
    with client.session_transaction() as session:
        assert "planted" not in session
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    stolen = cookie.value
    page = check_page(client.get("/duty-desk/"))
    response = client.post("/duty-desk/sign-out", data={"csrf_token": page.csrf()})
    assert response.headers["Location"].endswith("/duty-desk/sign-in")
    # Replaying the old cookie after sign-out does not get back in.
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    refused = replay.get("/duty-desk/")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/duty-desk/sign-in")


def test_inbox_orders_by_risk_then_due_time_and_marks_overdue(staff_client: FlaskClient) -> None:
    standard = delivered("standard")
    high = delivered("high")
    high.risk_level = "high"
    late = delivered("late")
    late.assessment_due = utcnow() - timedelta(hours=2)
    late.contact_failed_at = utcnow()
    db.session.commit()
    page = check_page(staff_client.get("/duty-desk/"))
    rows = page.all("tbody tr")
    assert [row.select_one("td").get_text(strip=True) for row in rows] == [
        high.reference,
        late.reference,
        standard.reference,
    ]
    overdue = [row.select_one("td").get_text(strip=True) for row in rows if row.select(".app-overdue")]
    assert overdue == [late.reference]
    assert [row.select_one("td").get_text(strip=True) for row in rows if row.select(".app-contact-failed")] == [
        late.reference
    ]


def test_open_acknowledge_triage_assign_update_and_close(
    app: Flask, staff_client: FlaskClient, caseworker: User
) -> None:
    other = make_user(email="other@example.org", name="Olu Other")
    submission = delivered("They wrote slurs on my door.")
    evidence = Evidence(
        stored_name="abc.jpg",
        content_type="image/jpeg",
        size=100,
        sha256="0" * 64,
        width=10,
        height=20,
        submission_id=submission.id,
    )
    db.session.add(evidence)
    db.session.commit()
    url = f"/duty-desk/submissions/{submission.reference}"
    page = check_page(staff_client.get(url))
    assert page.text("#answers") == "description They wrote slurs on my door."
    assert [li.get_text(strip=True) for li in page.all("#triage-reasons li")] == ["Not reported to the police"]
    assert page.text("#evidence li") == "Image 1: image/jpeg, 10 × 20 pixels, 100 bytes Download Image 1"

    staff_client.post(f"{url}/acknowledge", data={"csrf_token": page.csrf()})
    staff_client.post(
        f"{url}/triage",
        data={"csrf_token": page.csrf(), "lead_agency": "police", "single_point_of_contact": "Sam, Casework Team"},
    )
    same = check_page(
        staff_client.post(
            f"{url}/caseworkers",
            data={
                "csrf_token": page.csrf(),
                "victim_caseworker": str(caseworker.id),
                "perpetrator_caseworker": str(caseworker.id),
            },
        )
    )
    assert same.errors == [
        "Choose a different caseworker: the same person cannot work with both the victim and the perpetrator"
    ]
    assert same.soup.title.get_text(strip=True).startswith("Error:")
    staff_client.post(
        f"{url}/caseworkers",
        data={
            "csrf_token": page.csrf(),
            "victim_caseworker": str(caseworker.id),
            "perpetrator_caseworker": str(other.id),
        },
    )
    staff_client.post(
        url,
        data={"csrf_token": page.csrf(), "kind": "question", "stage": "", "message": "When is a good time to call?"},
    )
    empty_close = check_page(staff_client.post(f"{url}/close", data={"csrf_token": page.csrf(), "outcome": "  "}))
    assert empty_close.errors == ["Enter the outcome"]
    staff_client.post(f"{url}/close", data={"csrf_token": page.csrf(), "outcome": "Graffiti removed; warning given."})

    db.session.expire_all()
    record = db.session.get(Submission, submission.id)
    assert record is not None
    assert record.acknowledged_at is not None and record.stage == Stage.CLOSED and record.closed_at is not None
    assert (record.lead_agency, record.single_point_of_contact) == ("police", "Sam, Casework Team")
    assert (record.victim_caseworker_id, record.perpetrator_caseworker_id) == (caseworker.id, other.id)
    assert record.outcome == "Graffiti removed; warning given."
    kinds = [
        (u.kind, u.stage, u.message)
        for u in db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.submission_id == record.id).order_by(StatusUpdate.id)
        )
    ]
    assert kinds == [
        ("stage", "received", None),
        ("stage", "acknowledged", None),
        ("question", None, "When is a good time to call?"),
        ("stage", "closed", None),
    ]
    closed = check_page(staff_client.get(url))
    assert not closed.all("#close-form") and "Graffiti removed; warning given." in closed.text("#summary")


def test_deliveries_page_shows_health_banner_and_resends(app: Flask, staff_client: FlaskClient) -> None:
    class Refusing:
        def deliver(self, delivery):  # type: ignore[no-untyped-def]
            raise PermanentError("HTTP 400 from case system")

    register_adapter("refusing", lambda settings: Refusing())
    app.config["INTAKE_DESTINATIONS"] = ["builtin", "refusing"]
    submission = stored_submission()
    run_once()
    inbox = check_page(staff_client.get("/duty-desk/"))
    assert [li["data-destination"] for li in inbox.all("#delivery-alerts li")] == ["refusing"]
    page = check_page(staff_client.get("/duty-desk/deliveries"))
    row = page.one('#health tr[data-destination="refusing"]')
    assert row.select_one(".app-dead").get_text(strip=True) == "1"
    [dead] = page.all("#dead tbody tr")
    assert dead.select_one("td").get_text(strip=True) == submission.reference
    response = staff_client.post(
        "/duty-desk/deliveries/resend", data={"csrf_token": page.csrf(), "destination": "refusing"}
    )
    after = check_page(staff_client.get(response.headers["Location"]))
    assert (
        after.text(".govuk-notification-banner--success .govuk-notification-banner__content")
        == "1 message queued again."
    )
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.destination == "refusing"))
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING


def test_purge_removes_content_after_retention_and_keeps_the_record(app: Flask, runner: FlaskCliRunner) -> None:
    old = delivered("Old report text")
    recent = delivered("Recent report text")
    folder = Path(app.config["EVIDENCE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "old.jpg").write_bytes(b"jpeg")
    db.session.add(
        Evidence(
            stored_name="old.jpg",
            content_type="image/jpeg",
            size=4,
            sha256="0" * 64,
            width=1,
            height=1,
            submission_id=old.id,
        )
    )
    old.delivered_at = utcnow() - timedelta(days=app.config["RETENTION_DAYS"] + 1)
    old.contact = {"name": "Ada"}
    old.is_hate = True
    db.session.commit()
    result = runner.invoke(args=["intake", "purge"])
    assert result.output.strip() == "Content of 1 submission purged."
    db.session.expire_all()
    purged = db.session.get(Submission, old.id)
    kept = db.session.get(Submission, recent.id)
    assert purged is not None and kept is not None
    assert purged.answers == {"_purged": True} and purged.contact is None and purged.content_purged_at is not None
    assert (
        purged.reference == old.reference
        and purged.is_hate is True
        and [u.stage for u in purged.updates] == ["received"]
    )
    assert not (folder / "old.jpg").exists()
    assert db.session.scalar(select(Evidence)).purged_at is not None
    assert "Old report text" not in str(
        db.session.scalar(select(OutboxMessage).where(OutboxMessage.submission_id == old.id)).payload
    )
    assert kept.answers["description"] == "Recent report text"
    assert runner.invoke(args=["intake", "purge"]).output.strip() == "Content of 0 submissions purged."

"""The walking skeleton end to end: report, intake, duty desk, status page."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.constants import OutboxStatus, Stage
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, StatusUpdate, Submission
from tests.conftest import make_user, sign_in
from tests.journey import answer, minimal_report_answers, submit_minimal_report
from tests.pages import check_page


def test_start_page_offers_every_journey_and_emergency_help(client: FlaskClient) -> None:
    page = check_page(client.get("/"))
    links = {a["href"] for a in page.all("main a")}
    assert {"/report/", "/community-trigger/", "/status/", "/other-ways-to-report"} <= links
    assert "999" in page.text(".govuk-warning-text")
    assert page.one(".govuk-exit-this-page a")["href"] == "https://www.bbc.co.uk/weather"


def test_report_reaches_duty_desk_and_reporter_sees_update(app: Flask, client: FlaskClient) -> None:
    confirmation = submit_minimal_report(client)
    assert confirmation.h1.startswith("Report sent")
    reference = confirmation.text(".govuk-panel__body strong")
    code = confirmation.text("#tracking-code")
    submission = db.session.scalar(select(Submission))
    assert submission.reference == reference
    assert code not in str(submission.__dict__)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert submission.stage == Stage.SUBMITTED

    outcomes = run_once()
    assert [o.status for o in outcomes] == [OutboxStatus.DELIVERED]
    db.session.refresh(submission)
    assert submission.stage == Stage.RECEIVED and submission.delivered_at is not None

    staff = app.test_client()
    sign_in(staff, make_user())
    inbox = check_page(staff.get("/duty-desk/"))
    assert [row.get_text(strip=True) for row in inbox.all("tbody tr td:first-child")] == [reference]
    detail = check_page(staff.get(f"/duty-desk/submissions/{reference}"))
    assert "Someone shouted abuse at me in the street." in detail.html
    posted = staff.post(
        f"/duty-desk/submissions/{reference}",
        data={
            "csrf_token": detail.csrf(),
            "kind": "update",
            "stage": "acknowledged",
            "message": "We have read your report.",
        },
    )
    assert posted.status_code == 302

    lookup = check_page(client.get("/status/"))
    response = client.post(
        "/status/", data={"csrf_token": lookup.csrf(), "tracking_code": code.lower().replace("-", " ")}
    )
    assert response.headers["Location"].endswith("/status/your-report")
    status = check_page(client.get("/status/your-report"))
    assert status.text(".govuk-caption-l").endswith(reference)
    assert "We have read your report." in [p.get_text(strip=True) for p in status.all(".app-timeline__entry p")]
    assert "Someone shouted abuse" not in status.html
    assert status.response.headers["Cache-Control"] == "no-store"


def _answer_all(client: FlaskClient, description: str, until: str | None = None) -> None:
    for name, data in minimal_report_answers(description, named=False):
        if name == until:
            return
        assert answer(client, f"/report/{name}", data).status_code == 302, name


def test_double_submit_stores_one_submission(client: FlaskClient) -> None:
    _answer_all(client, "Bins set on fire again.")
    token = check_page(client.get("/report/check-answers")).csrf()
    first = client.post("/report/check-answers", data={"csrf_token": token})
    second = client.post("/report/check-answers", data={"csrf_token": token})
    assert first.headers["Location"].endswith("/report/confirmation")
    assert second.headers["Location"].endswith("/report/confirmation")
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    page = check_page(client.get("/report/confirmation"))
    assert page.text(".govuk-panel__body strong") == db.session.scalar(select(Submission.reference))


def test_stopped_worker_loses_nothing(client: FlaskClient) -> None:
    for n in range(3):
        submit_minimal_report(client, description=f"Incident number {n}")
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    assert db.session.scalar(select(func.count()).select_from(Submission).where(Submission.delivered_at.is_(None))) == 3
    first = run_once()
    assert sorted(o.status for o in first) == [OutboxStatus.DELIVERED] * 3
    assert run_once() == []
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 3


def test_anonymous_submission_stores_no_ip_or_user_agent(app: Flask) -> None:
    agent = "Mozilla/5.0 (UniqueAgentMarker-7731)"
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": agent})
    submit_minimal_report(client)
    run_once()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()).all():
            dumped = repr(tuple(row))
            assert "203.0.113.77" not in dumped, table.name
            assert "UniqueAgentMarker" not in dumped, table.name


def test_stale_form_keeps_what_was_typed(app: Flask, client: FlaskClient) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    _answer_all(client, "unused", until="what-happened")
    check_page(client.get("/report/what-happened"))
    response = client.post(
        "/report/what-happened", data={"description": "Typed before the token expired", "csrf_token": "stale"}
    )
    page = check_page(response)
    assert page.errors == ["This page timed out. Check your answers on this page and continue."]
    assert page.text("textarea#description") == "Typed before the token expired"
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_expired_draft_says_so_and_offers_to_start_again(app: Flask, client: FlaskClient) -> None:
    from portal.models import Draft, utcnow

    _answer_all(client, "Graffiti on my door.", until="when")
    for draft in db.session.scalars(select(Draft)):
        draft.expires_at = utcnow()
    db.session.commit()
    response = client.get("/report/check-answers")
    assert response.headers["Location"].endswith("/report/session-expired")
    page = check_page(client.get("/report/session-expired"))
    assert page.h1 == "Your answers have been deleted"
    assert page.one("main a.govuk-button")["href"] == "/report/"


def test_over_long_answer_is_refused_and_kept(client: FlaskClient) -> None:
    text = "x" * 10001
    _answer_all(client, "unused", until="what-happened")
    page = check_page(answer(client, "/report/what-happened", {"description": text}))
    assert page.errors == ["What happened must be 10,000 characters or fewer"]
    assert len(page.text("textarea#description")) == 10001

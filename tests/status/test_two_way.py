"""Replying, adding a further incident or evidence, and a closed case."""

import io
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select

from portal.constants import IntakeEvent, MessageDirection, Stage, UpdateKind
from portal.extensions import db
from portal.intake.schema import validate_payload
from portal.models import Evidence, OutboxMessage, StatusUpdate, Submission
from tests.conftest import make_user
from tests.pages import check_page
from tests.status.helpers import make_submission, open_status, post_form

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def _followups() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.event == IntakeEvent.SUBMISSION_FOLLOWUP)))


def test_reply_to_a_question_is_stored_as_plain_text_forwarded_and_escaped(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    question = StatusUpdate(
        submission=submission,
        kind=UpdateKind.QUESTION,
        direction=MessageDirection.TO_REPORTER,
        message="When did it start?",
    )
    db.session.add(question)
    db.session.commit()
    view = open_status(client, code)
    assert view.one(".app-open-question a")["href"] == "/status/reply"
    form = check_page(client.get("/status/reply"))
    assert form.text(".govuk-inset-text .app-preserve-lines") == "When did it start?"
    response = post_form(client, "/status/reply", {"message": HOSTILE}, follow=True)
    page = check_page(response)
    assert page.text(".govuk-notification-banner__content") == "Your message has been sent to the Casework Team"
    assert not page.all("main script:not([src])") and not page.all("main img")
    assert HOSTILE in [p.get_text() for p in page.all(".app-timeline__entry .app-preserve-lines")]
    stored = db.session.scalar(select(StatusUpdate).where(StatusUpdate.direction == MessageDirection.FROM_REPORTER))
    assert (stored.kind, stored.message) == (UpdateKind.REPLY, HOSTILE)
    [message] = _followups()
    validate_payload(message.payload)
    followup = message.payload["followup"]
    assert followup["kind"] == "reply" and followup["in_reply_to"] == str(question.id)
    assert "<script>" not in followup["text"]
    assert not page.all(".app-open-question")


def test_empty_and_too_long_replies_are_refused_keeping_what_was_typed(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    open_status(client, code)
    empty = check_page(post_form(client, "/status/reply", {"message": "   "}))
    assert empty.errors == ["Enter your message"]
    long_text = "a" * 5001
    too_long = check_page(post_form(client, "/status/reply", {"message": long_text}))
    assert too_long.errors == ["Your message must be 5,000 characters or fewer"]
    assert too_long.one("#message").get_text() == long_text
    assert _followups() == []


def test_new_incident_keeps_its_date_for_the_community_trigger(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    open_status(client, code)
    response = post_form(
        client,
        "/status/something-else-happened",
        {
            "incident_date-day": "3",
            "incident_date-month": "2",
            "incident_date-year": "2026",
            "description": "They came back and kicked the door.",
        },
        follow=True,
    )
    page = check_page(response)
    heading = page.text(".app-timeline__entry h3")
    assert heading.startswith("You told us about something that happened on ")
    assert heading.endswith(("3 February 2026", "February 3, 2026"))
    assert "kicked the door" not in page.html
    db.session.refresh(submission)
    [entry] = submission.answers["_followups"]
    assert (entry["kind"], entry["incident_date"]) == ("new_incident", "2026-02-03")
    assert date.fromisoformat(entry["incident_date"]) == date(2026, 2, 3)
    update = db.session.get(StatusUpdate, entry["update_id"])
    assert (update.kind, update.direction) == (UpdateKind.NEW_INCIDENT, MessageDirection.FROM_REPORTER)
    [message] = _followups()
    validate_payload(message.payload)
    assert message.payload["followup"]["incident_date"] == "2026-02-03"


def test_new_incident_date_errors(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    open_status(client, code)
    future = check_page(
        post_form(
            client,
            "/status/something-else-happened",
            {"incident_date-day": "1", "incident_date-month": "1", "incident_date-year": "2999", "description": "x"},
        )
    )
    assert future.errors == ["The date it happened must be today or in the past"]
    bad = check_page(
        post_form(
            client,
            "/status/something-else-happened",
            {"incident_date-day": "31", "incident_date-month": "2", "incident_date-year": "2026", "description": ""},
        )
    )
    assert bad.errors == ["The date it happened must be a real date, for example 27 3 2026", "Enter what happened"]
    assert bad.one("#incident_date-day")["value"] == "31"
    assert _followups() == []


def test_evidence_from_the_status_page_is_cleaned_stored_and_forwarded(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    open_status(client, code)
    image = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(image, "PNG")
    form = check_page(client.get("/status/add-evidence"))
    response = client.post(
        "/status/add-evidence",
        data={"csrf_token": form.csrf(), "photo": (io.BytesIO(image.getvalue()), "photo.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = check_page(response)
    assert page.text(".app-timeline__entry h3") == "You added a photo or screenshot"
    [evidence] = db.session.scalars(select(Evidence)).all()
    assert evidence.submission_id == submission.id and (evidence.width, evidence.height) == (20, 10)
    [message] = _followups()
    validate_payload(message.payload)
    assert message.payload["followup"]["evidence"][0]["sha256"] == evidence.sha256
    not_image = check_page(
        client.post(
            "/status/add-evidence",
            data={"csrf_token": form.csrf(), "photo": (io.BytesIO(b"not an image"), "x.png")},
            content_type="multipart/form-data",
        )
    )
    assert not_image.errors == ["The selected file must be a JPEG or PNG photo or screenshot"]
    nothing = check_page(client.post("/status/add-evidence", data={"csrf_token": form.csrf()}))
    assert nothing.errors == ["Select a photo or screenshot"]
    assert len(db.session.scalars(select(Evidence)).all()) == 1


def test_a_closed_case_explains_what_to_do_and_stores_nothing(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission(stage=Stage.CLOSED)
    view = open_status(client, code)
    assert not view.all(".app-status-actions")
    token = view.csrf()
    for path, data in (
        ("/status/reply", {"message": "Please reopen"}),
        (
            "/status/something-else-happened",
            {
                "incident_date-day": "1",
                "incident_date-month": "1",
                "incident_date-year": "2026",
                "description": "again",
            },
        ),
    ):
        page = check_page(client.post(path, data={**data, "csrf_token": token}))
        assert page.h1 == "This case is closed"
        assert page.one("main a[href='/report/']")
        assert "duty desk" in page.text("main")
    assert (
        db.session.scalars(select(StatusUpdate).where(StatusUpdate.direction == MessageDirection.FROM_REPORTER)).all()
        == []
    )
    assert _followups() == []
    db.session.refresh(submission)
    assert "_followups" not in submission.answers


def test_the_duty_desk_sees_the_reply(app: Flask, client: FlaskClient) -> None:
    submission, code = make_submission()
    open_status(client, code)
    post_form(client, "/status/reply", {"message": "It happened again last night."})
    from portal.intake.worker import run_once

    run_once()
    staff = app.test_client()
    from tests.conftest import sign_in

    sign_in(staff, make_user())
    detail = check_page(staff.get(f"/duty-desk/submissions/{submission.reference}"))
    assert "It happened again last night." in [
        p.get_text(strip=True) for p in detail.all(".app-timeline__entry .app-preserve-lines")
    ]
    assert db.session.get(Submission, submission.id).stage == Stage.RECEIVED

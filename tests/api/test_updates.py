"""POST /api/v1/updates: Standard Webhooks signatures, replay, ordering, rotation, Community
Trigger decisions; and the OpenAPI document."""

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.constants import Stage, SubmissionKind
from portal.extensions import db
from portal.intake.signing import signature_headers
from portal.models import ProcessedWebhook, StatusUpdate, Submission, TriggerCase
from tests.intake.factories import stored_submission

OLD_SECRET = "whsec_" + "b2xkLXNlY3JldC1mb3ItdGhlLWNhc2Utc3lzdGVtISE="
NEW_SECRET = "whsec_" + "bmV3LXNlY3JldC1mb3ItdGhlLWNhc2Utc3lzdGVtISE="


@pytest.fixture(autouse=True)
def secrets(app: Flask) -> None:
    app.config["CASE_SYSTEM_WEBHOOK_SECRETS"] = [NEW_SECRET, OLD_SECRET]


def body_for(reference: str, occurred_at: datetime | None = None, **fields: object) -> bytes:
    occurred_at = occurred_at or datetime.now(UTC)
    return json.dumps({"reference": reference, "occurred_at": occurred_at.isoformat(), **fields}).encode()


def post(
    client: FlaskClient,
    body: bytes,
    secret: str = NEW_SECRET,
    msg_id: str | None = None,
    now: float | None = None,
    tamper=None,
):  # type: ignore[no-untyped-def]
    headers = signature_headers(secret, msg_id or f"msg_{uuid.uuid4().hex}", body, now=now)
    sent = tamper(body) if tamper else body
    return client.post("/api/v1/updates", data=sent, headers={**headers, "Content-Type": "application/json"})


def snapshot(submission: Submission) -> tuple:
    db.session.expire_all()
    fresh = db.session.get(Submission, submission.id)
    assert fresh is not None
    updates = db.session.scalar(
        select(func.count()).select_from(StatusUpdate).where(StatusUpdate.submission_id == fresh.id)
    )
    processed = db.session.scalar(select(func.count()).select_from(ProcessedWebhook))
    return fresh.stage, fresh.lead_agency, fresh.case_system_updated_at, updates, processed


def flip_one_byte(body: bytes) -> bytes:
    index = body.index(b"in_progress")
    return body[:index] + bytes([body[index] ^ 0x01]) + body[index + 1 :]


@pytest.mark.parametrize(
    ("name", "kwargs", "status"),
    [
        ("wrong secret", {"secret": "whsec_" + "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZyE="}, 401),
        ("six minutes old", {"now": time.time() - 360}, 401),
        ("one flipped body byte", {"tamper": flip_one_byte}, 401),
    ],
)
def test_bad_signatures_are_refused_and_change_nothing(
    client: FlaskClient, name: str, kwargs: dict, status: int
) -> None:
    submission = stored_submission()
    before = snapshot(submission)
    response = post(client, body_for(submission.reference, stage="in_progress", lead_agency="police"), **kwargs)
    assert response.status_code == status, name
    assert response.get_json()["error"]
    assert snapshot(submission) == before


def test_a_valid_update_changes_the_status_and_a_replay_is_refused(client: FlaskClient) -> None:
    submission = stored_submission()
    body = body_for(submission.reference, stage="in_progress", message="We are looking into it.", case_id="ECINS-42")
    response = post(client, body, msg_id="msg_once")
    assert response.status_code == 200 and response.get_json() == {"applied": True, "reference": submission.reference}
    after = snapshot(submission)
    assert after[0] == Stage.IN_PROGRESS
    assert db.session.get(Submission, submission.id).case_id == "ECINS-42"  # type: ignore[union-attr]
    replay = post(client, body, msg_id="msg_once")
    assert replay.status_code == 409
    assert snapshot(submission) == after


def test_missing_headers_and_no_configured_secret_are_refused(app: Flask, client: FlaskClient) -> None:
    submission = stored_submission()
    body = body_for(submission.reference, stage="closed")
    assert client.post("/api/v1/updates", data=body, headers={"Content-Type": "application/json"}).status_code == 401
    app.config["CASE_SYSTEM_WEBHOOK_SECRETS"] = []
    assert post(client, body).status_code == 401
    assert snapshot(submission)[0] == Stage.SUBMITTED


def test_an_older_update_never_overwrites_a_newer_one(client: FlaskClient) -> None:
    submission = stored_submission()
    now = datetime.now(UTC)
    assert post(client, body_for(submission.reference, now, stage="referred")).get_json()["applied"] is True
    older = post(client, body_for(submission.reference, now - timedelta(minutes=1), stage="in_progress"))
    assert older.status_code == 200 and older.get_json()["applied"] is False
    assert snapshot(submission)[0] == Stage.REFERRED


def test_both_secrets_are_accepted_during_rotation(client: FlaskClient) -> None:
    submission = stored_submission()
    now = datetime.now(UTC)
    assert (
        post(
            client, body_for(submission.reference, now - timedelta(seconds=2), stage="assessing"), secret=OLD_SECRET
        ).status_code
        == 200
    )
    assert snapshot(submission)[0] == Stage.ASSESSING
    assert post(client, body_for(submission.reference, now, stage="in_progress"), secret=NEW_SECRET).status_code == 200
    assert snapshot(submission)[0] == Stage.IN_PROGRESS


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"stage": "exploded"}, 422),
        ({"lead_agency": "ghostbusters"}, 422),
        ({"surprise": 1}, 422),
        ({"message": "x" * 5001}, 422),
        ({"next_update_due": "31/12/2026"}, 422),
        ({"reference": "NOPE-NOPE"}, 404),
    ],
)
def test_invalid_fields_are_refused_and_change_nothing(client: FlaskClient, fields: dict, status: int) -> None:
    submission = stored_submission()
    before = snapshot(submission)
    body = json.dumps(
        {"reference": submission.reference, "occurred_at": datetime.now(UTC).isoformat(), **fields}
    ).encode()
    assert post(client, body).status_code == status
    assert snapshot(submission) == before


def test_not_json_is_400(client: FlaskClient) -> None:
    assert post(client, b"\xff\xfe not json").status_code == 400


def test_community_trigger_decision_via_the_api(client: FlaskClient) -> None:
    application = stored_submission(kind=SubmissionKind.TRIGGER_APPLICATION)
    report = stored_submission()
    refused = post(client, body_for(report.reference, stage="threshold_met", message="Three complaints"))
    assert refused.status_code == 422
    response = post(
        client, body_for(application.reference, stage="threshold_not_met", message="Only one complaint in six months")
    )
    assert response.status_code == 200
    case = db.session.get(TriggerCase, application.id)
    assert case is not None
    assert (case.threshold_decision, case.decision_reason) == ("not_met", "Only one complaint in six months")
    assert snapshot(application)[0] == Stage.THRESHOLD_NOT_MET


def test_api_is_the_only_csrf_exempt_blueprint(app: Flask, client: FlaskClient) -> None:
    from portal.extensions import csrf

    assert {getattr(bp, "name", bp) for bp in csrf._exempt_blueprints} == {"api"}
    assert not csrf._exempt_views


def test_openapi_document_covers_every_api_route(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert routes <= set(document["paths"]), routes - set(document["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
            assert methods <= set(document["paths"][rule.rule]), rule.rule

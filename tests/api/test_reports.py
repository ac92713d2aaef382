"""POST /api/v1/reports: a partner's report by API key, checked by the web journey's own forms."""

import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.apikeys import create_api_key, revoke_api_key
from portal.constants import Channel, SubmissionKind
from portal.core.tracking import hash_tracking_code, parse_tracking_code
from portal.extensions import db
from portal.models import Organisation, OutboxMessage, Submission
from tests.journey import partner_report_answers
from tests.partners.conftest import make_organisation

URL = "/api/v1/reports"


def _as_api(pages: list[tuple[str, dict]]) -> dict[str, dict[str, Any]]:
    """The web journey's answers in the API's shape: dates as YYYY-MM-DD, no upload page."""
    out: dict[str, dict[str, Any]] = {}
    for name, data in pages:
        if name == "evidence":
            continue
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key.endswith(("-day", "-month", "-year")):
                field, part = key.rsplit("-", 1)
                values.setdefault(field, {})[part] = int(value)
            else:
                values[key] = value
        for key, value in list(values.items()):
            if isinstance(value, dict):
                values[key] = f"{value['year']:04d}-{value['month']:02d}-{value['day']:02d}"
        out[name] = values
    return out


@pytest.fixture
def organisation(app: Flask) -> Organisation:
    return make_organisation("Gamma Refugee Support")


@pytest.fixture
def api_key(organisation: Organisation) -> str:
    _key, plain = create_api_key(organisation.id, None, 5)
    db.session.commit()
    return plain


def _post(client: FlaskClient, key: str | None, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return client.post(URL, json=body, headers=headers)


def _count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Submission)) or 0)


def test_a_valid_report_is_stored_for_the_keys_organisation(
    app: Flask, client: FlaskClient, organisation: Organisation, api_key: str
) -> None:
    answers = _as_api(partner_report_answers("Our client's car was daubed with racist slogans."))
    response = _post(client, api_key, {"answers": answers})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    submission = db.session.scalar(select(Submission).where(Submission.reference == body["reference"]))
    assert submission is not None
    assert submission.tracking_hash == hash_tracking_code(
        parse_tracking_code(body["tracking_code"]), app.config["TRACKING_CODE_PEPPER"]
    )
    assert submission.kind == SubmissionKind.PARTNER_REPORT and submission.organisation_id == organisation.id
    assert submission.partner_user_id is None and submission.updates_to == "partner"
    assert submission.anonymous and submission.is_hate and [s.strand for s in submission.strands] == ["race"]
    assert submission.answers is not None
    assert submission.answers["what-happened"]["description"] == "Our client's car was daubed with racist slogans."
    assert submission.answers["when"]["incident_date"] == {"day": "3", "month": "2", "year": "2025"}
    assert body["assessment_due"] == submission.assessment_due.isoformat()
    # Forwarded to the casework intake like every other report.
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) >= 1


def test_a_named_client_with_updates_to_both(client: FlaskClient, api_key: str) -> None:
    client_details = {"name": "Bo Client", "channel": "sms", "phone": "07700 900982", "language": "pl"}
    client_details["interpreter"] = "no"
    answers = _as_api(partner_report_answers("Threats at the door", client=client_details, updates_to="both"))
    response = _post(client, api_key, {"answers": answers})
    assert response.status_code == 201, response.get_json()
    submission = db.session.scalar(select(Submission))
    assert submission is not None and not submission.anonymous
    assert submission.channel == Channel.SMS and submission.contact is not None
    assert submission.contact["phone"] == "07700900982" and submission.language == "pl"


def test_the_same_checks_as_the_web_pages_with_every_problem_listed(client: FlaskClient, api_key: str) -> None:
    answers = _as_api(partner_report_answers("x"))
    answers["what-kind"] = {"incident_type": "hate"}  # "online" missing
    answers["what-happened"] = {"description": ""}
    answers["where"]["postcode"] = "not a postcode"
    answers["when"]["incident_date"] = "2025-02-30"
    answers["housing"] = {"social_tenant": 7}
    answers["bogus"] = {}
    response = _post(client, api_key, {"answers": answers})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["what-kind"] == {"online": ["Select yes if it happened online"]}
    assert errors["what-happened"] == {"description": ["Enter what happened"]}
    assert errors["where"] == {"postcode": ["Enter a real postcode, like BN1 1AA"]}
    assert errors["when"] == {"incident_date": ["The date it happened must be a real date, for example 27 3 2026"]}
    assert errors["housing"] == {"social_tenant": ["must be a string"]}
    assert errors["bogus"] == ["unknown page"]
    assert _count() == 0


def test_pages_that_do_not_apply_are_refused_and_missing_pages_are_required(client: FlaskClient, api_key: str) -> None:
    answers = _as_api(partner_report_answers("Noise every night"))
    answers["client-contact"] = {"name": "Someone"}  # the client stays anonymous
    del answers["outcome"]
    response = _post(client, api_key, {"answers": answers})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["client-contact"] == ["does not apply to these answers: leave it out"]
    assert "outcomes" in errors["outcome"]
    assert _count() == 0


def test_messages_come_in_the_requested_language(client: FlaskClient, api_key: str) -> None:
    answers = _as_api(partner_report_answers("x"))
    answers["what-happened"] = {"description": ""}
    response = client.post(
        URL, json={"answers": answers}, headers={"Authorization": f"Bearer {api_key}", "Accept-Language": "cy"}
    )
    message = response.get_json()["errors"]["what-happened"]["description"][0]
    assert message and message != "Describe what happened"


def test_a_retry_with_the_same_idempotency_key_stores_one_report(client: FlaskClient, api_key: str) -> None:
    answers = _as_api(partner_report_answers("Graffiti on the mosque wall"))
    first = _post(client, api_key, {"answers": answers}, **{"Idempotency-Key": "case-41"})
    again = _post(client, api_key, {"answers": answers}, **{"Idempotency-Key": "case-41"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json() == again.get_json()
    assert _count() == 1
    other = _post(client, api_key, {"answers": answers}, **{"Idempotency-Key": "case-42"})
    assert other.status_code == 201 and other.get_json()["reference"] != first.get_json()["reference"]
    assert _count() == 2


@pytest.mark.parametrize(
    "key",
    [None, "", "sitc_nope_nope", "Bearer something-else"],
)
def test_no_report_without_a_valid_key(client: FlaskClient, api_key: str, key: str | None) -> None:
    answers = _as_api(partner_report_answers("x"))
    headers = {"Authorization": key} if key is not None else {}
    response = client.post(URL, json={"answers": answers}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_json() == {"error": "the API key is missing, wrong or revoked"}
    assert _count() == 0


def test_a_revoked_key_is_refused(client: FlaskClient, organisation: Organisation) -> None:
    key, plain = create_api_key(organisation.id, None, 5)
    revoke_api_key(organisation.id, key.id)
    db.session.commit()
    response = _post(client, plain, {"answers": _as_api(partner_report_answers("x"))})
    assert response.status_code == 401 and _count() == 0


def test_a_key_reports_only_for_its_own_organisation(client: FlaskClient, api_key: str, organisation) -> None:  # type: ignore[no-untyped-def]
    other = make_organisation("Delta Project")
    _key, other_plain = create_api_key(other.id, None, 5)
    db.session.commit()
    answers = _as_api(partner_report_answers("x"))
    reference = _post(client, other_plain, {"answers": answers}).get_json()["reference"]
    submission = db.session.scalar(select(Submission).where(Submission.reference == reference))
    assert submission is not None and submission.organisation_id == other.id


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (b"{not json", "application/json", 400, "body is not JSON"),
        (b"[]", "application/json", 422, "body must be a JSON object"),
        (b'{"answers": {}, "extra": 1}', "application/json", 422, "unknown fields: extra"),
        (b'{"answers": "x"}', "application/json", 422, "answers must be an object of pages"),
        (
            b'{"answers": {}, "language": "xx"}',
            "application/json",
            422,
            "language is not one of the portal's languages",
        ),
        (b"answers=1", "application/x-www-form-urlencoded", 415, None),
    ],
)
def test_bad_bodies_get_a_json_error_and_store_nothing(
    client: FlaskClient, api_key: str, body: bytes, content_type: str, status: int, error: str | None
) -> None:
    response = client.post(URL, data=body, headers={"Authorization": f"Bearer {api_key}", "Content-Type": content_type})
    assert response.status_code == status
    assert "error" in response.get_json()
    if error:
        assert response.get_json()["error"] == error
    assert _count() == 0


def test_the_openapi_document_describes_every_page_from_the_forms(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/reports"]["post"]
    assert operation["security"] == [{"apiKey": []}]
    assert {"201", "200", "401", "422"} <= set(operation["responses"])
    pages = document["components"]["schemas"]["PartnerReport"]["properties"]["answers"]["properties"]
    assert "evidence" not in pages and "emergency" not in pages
    assert pages["client-consent"]["properties"]["consent"]["enum"] == ["share", "anonymous"]
    assert pages["updates"]["properties"]["updates_to"]["enum"] == ["partner", "client", "both"]
    assert pages["when"]["properties"]["incident_date"] == {
        "type": "string",
        "format": "date",
        "description": pages["when"]["properties"]["incident_date"]["description"],
    }
    assert pages["what-happened"]["properties"]["description"]["maxLength"] == 10000
    assert pages["hate-motivation"]["properties"]["strands"]["type"] == "array"
    required = document["components"]["schemas"]["PartnerReport"]["properties"]["answers"]["required"]
    assert "client-consent" in required and "hate-motivation" not in required and "updates" not in required


def test_the_intake_payload_names_the_partner_and_matches_the_schema(client: FlaskClient, api_key: str) -> None:
    from portal.intake.payload import build_payload
    from portal.intake.schema import validate_payload

    response = _post(client, api_key, {"answers": _as_api(partner_report_answers("Spat at on the bus"))})
    submission = db.session.scalar(select(Submission).where(Submission.reference == response.get_json()["reference"]))
    assert submission is not None
    message_id = str(uuid.uuid4())
    payload = build_payload(submission, "submission.created", message_id, f"webhook:{message_id}")
    validate_payload(payload)
    assert payload["submission"]["partner"] == {
        "organisation": "Gamma Refugee Support",
        "client_consent": "anonymous",
        "updates_to": "partner",
    }
    assert payload["submission"]["report"]["who"]["reporter_role"] == "organisation"

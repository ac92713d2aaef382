from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from portal.intake.schema import (
    SCHEMA_NAME,
    ValidationError,
    load_schema,
    validate_payload,
)
from tests.intake.samples import sample_payload

Breakage = Callable[[dict[str, Any]], None]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = load_schema()

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"] == {"const": SCHEMA_NAME}


def test_full_sample_payload_is_valid() -> None:
    validate_payload(sample_payload())


def test_anonymous_report_without_reporter_is_valid() -> None:
    payload = sample_payload()
    payload["submission"].update(anonymous=True, reporter=None, channel="none")

    validate_payload(payload)


def test_trigger_application_is_valid() -> None:
    payload = sample_payload()
    submission = payload["submission"]
    del submission["report"]
    submission.update(
        kind="trigger_application",
        priority="normal",
        categories={
            "incident_types": ["asb"],
            "hate_strands": [],
            "asb_type": "noise",
            "asb_category": "nuisance",
        },
        application={
            "applicant_type": "on_behalf_of_victim",
            "victim_consent": True,
            "incidents": [{"reported_on": "2025-01-10", "reported_to": "council"}],
            "threshold": {"met": True, "reasons": ["three_reports_in_six_months"]},
            "local_panel_note": "open objects accept fields added within v1",
        },
    )

    validate_payload(payload)


def test_followup_event_is_valid() -> None:
    payload = sample_payload() | {
        "event": "submission.followup",
        "followup": {
            "kind": "new_incident",
            "created_at": "2025-03-10T18:30:00+00:00",
            "text": "It happened again.",
            "report": {"occurred_on": "2025-03-10"},
        },
    }

    validate_payload(payload)


def _delete_reference(payload: dict[str, Any]) -> None:
    del payload["submission"]["reference"]


def _set(path: str, value: Any) -> Breakage:
    def breakage(payload: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = payload
        for part in parents:
            target = target[part]
        target[last] = value

    return breakage


BROKEN: dict[str, Breakage] = {
    "missing reference": _delete_reference,
    "malformed reference": _set("submission.reference", "HX7K2M9Q"),
    "reference with a U": _set("submission.reference", "HX7K-2M9U"),
    "bad kind": _set("submission.kind", "complaint"),
    "bad event": _set("event", "submission.deleted"),
    "bad schema name": _set("schema", "portal.intake.v2"),
    "bad lead agency": _set("submission.triage.lead_agency", "fire_service"),
    "bad risk level": _set("submission.risk.level", "critical"),
    "bad channel": _set("submission.channel", "carrier_pigeon"),
    "bad incident type": _set("submission.categories.incident_types", ["burglary"]),
    "negative risk score": _set("submission.risk.score", -1),
    "bad date-time": _set("submission.assessment_due", "tomorrow at nine"),
    "date-time without offset": _set("submission.created_at", "2025-03-04T09:14:58"),
    "impossible date-time": _set("sent_at", "2025-02-30T09:00:00Z"),
    "bad date": _set("submission.received_on", "04/03/2025"),
    "bad message id": _set("message_id", "not-a-uuid"),
    "bad language": _set("submission.language", "Arabic"),
    "bad sha256": _set(
        "submission.evidence",
        [
            {
                "filename": "a.jpg",
                "content_type": "image/jpeg",
                "sha256": "abc",
                "size": 1,
            }
        ],
    ),
    "unknown core field": _set("submission.colour", "blue"),
    "anonymous with a reporter": _set("submission.anonymous", True),
    "report kind without report": lambda payload: payload["submission"].pop("report"),
    "followup event without followup": _set("event", "submission.followup"),
    "followup on a created event": _set(
        "followup", {"kind": "reply", "created_at": "2025-03-06T10:00:00Z", "text": "x"}
    ),
}


@pytest.mark.parametrize("breakage", BROKEN.values(), ids=BROKEN.keys())
def test_broken_payload_is_invalid(breakage: Breakage) -> None:
    payload = sample_payload()
    breakage(payload)

    with pytest.raises(ValidationError):
        validate_payload(payload)


def test_load_schema_returns_an_independent_copy() -> None:
    load_schema()["properties"].clear()

    validate_payload(sample_payload())
    assert load_schema()["properties"]


def test_a_report_made_through_the_journey_matches_the_schema(client) -> None:  # type: ignore[no-untyped-def]
    """The published schema describes what the journey really sends, page by page."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import OutboxMessage
    from tests.journey import submit_minimal_report

    submit_minimal_report(client, "Abuse shouted at me in the park", named=True)
    message = db.session.scalars(select(OutboxMessage)).one()
    validate_payload(message.payload)
    report = message.payload["submission"]["report"]
    assert report["impact"]["aimed_at_you"] == "no"
    assert set(report) <= set(load_schema()["$defs"]["report"]["properties"])


def test_a_community_trigger_application_made_through_the_journey_matches_the_schema(client) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import OutboxMessage
    from tests.trigger.helpers import add_complaint, complaint_data, finish_to_result, submit_from_result, today, who

    who(client)
    day = today() - timedelta(days=20)
    add_complaint(client, complaint_data(day, day + timedelta(days=1), "police", reference="CAD 4471"))
    finish_to_result(client)
    submit_from_result(client)
    message = db.session.scalars(select(OutboxMessage)).one()
    validate_payload(message.payload)
    assert message.payload["submission"]["application"]["applicant_type"] == "victim"

"""Sample intake payloads and deliveries for the adapter and schema tests."""

from __future__ import annotations

import copy
from typing import Any

from portal.delivery import Attachment, Delivery

REFERENCE = "HX7K-2M9N"
MESSAGE_ID = "6f1c2b0e-8a4d-4c53-9e3a-2b7d9f0c1a55"

# Words that appear only in the report's own content: no subject, summary or error may show them.
SENSITIVE_WORDS = (
    "Jordan Example",
    "shouted slurs",
    "12 Acacia Avenue",
    "07700 900123",
)

_PAYLOAD: dict[str, Any] = {
    "schema": "portal.intake.v1",
    "event": "submission.created",
    "message_id": MESSAGE_ID,
    "idempotency_key": f"submission-{REFERENCE}-casework",
    "sent_at": "2025-03-04T09:15:02Z",
    "submission": {
        "reference": REFERENCE,
        "kind": "report",
        "created_at": "2025-03-04T09:14:58.123456+00:00",
        "received_on": "2025-03-04",
        "language": "ar",
        "interpreter_needed": True,
        "channel": "phone",
        "anonymous": False,
        "assessment_due": "2025-03-05T09:14:58+00:00",
        "priority": "immediate",
        "triage": {
            "lead_agency": "police",
            "reasons": ["violence_or_threat", "repeat_victim"],
        },
        "risk": {
            "level": "high",
            "score": 14,
            "in_danger_now": False,
            "answers": {
                "repeat_incident": "yes",
                "injured": "no",
                "afraid_to_go_out": "yes",
            },
        },
        "consent": {"share_with_partners": True, "subject_aware": None},
        "reporter": {
            "name": "Jordan Example",
            "email": None,
            "phone": "07700 900123",
            "safe_times": "Weekdays after 6pm",
            "leave_message": False,
            "access_needs": None,
        },
        "categories": {
            "incident_types": ["hate", "asb"],
            "hate_strands": ["race", "religion"],
            "asb_type": "intimidation",
            "asb_category": "personal",
        },
        "report": {
            "who": {"reporter_role": "victim"},
            "what-kind": {"incident_type": "both", "online": "no"},
            "what-happened": {"description": "A neighbour shouted slurs at me outside my home."},
            "when": {"when_kind": "ongoing", "since": {"day": "3", "month": "3", "year": "2025"}},
            "where": {"place_type": "home", "address": "12 Acacia Avenue", "postcode": "ZZ1 1ZZ"},
            "people": {"responsible": "known", "name": "A neighbour"},
            "already-reported": {"reported_to": ["nobody"]},
            "outcome": {"outcomes": ["victim_support"]},
        },
        "evidence": [
            {
                "filename": "photo.jpg",
                "content_type": "image/jpeg",
                "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "size": 4,
            }
        ],
    },
    "followup": None,
}


def sample_payload() -> dict[str, Any]:
    """A complete, valid `portal.intake.v1` payload (a fresh copy each call)."""
    return copy.deepcopy(_PAYLOAD)


def sample_delivery(
    payload: dict[str, Any] | None = None,
    attachments: tuple[Attachment, ...] = (),
    destination: str = "casework",
) -> Delivery:
    payload = payload if payload is not None else sample_payload()
    return Delivery(
        message_id=payload["message_id"],
        idempotency_key=payload["idempotency_key"],
        destination=destination,
        event=payload["event"],
        payload=payload,
        attachments=attachments,
    )

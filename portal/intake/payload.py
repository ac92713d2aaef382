"""The versioned intake payload (portal.intake.v1), the same for every adapter.
Documented in docs/intake.md; its JSON Schema is portal/intake/schema/intake-v1.json."""

from typing import Any

import bleach

from portal.models import Submission, utcnow

SCHEMA = "portal.intake.v1"


def without_markup(value: Any) -> Any:
    """Free text reaches the case system as plain text: any markup is stripped."""
    if isinstance(value, str):
        return bleach.clean(value, tags=set(), attributes={}, strip=True, strip_comments=True)
    if isinstance(value, dict):
        return {key: without_markup(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_markup(item) for item in value]
    return value


def _reporter(submission: Submission) -> dict[str, Any] | None:
    if submission.anonymous or not submission.contact:
        return None
    contact = submission.contact
    return without_markup(
        {
            "name": contact.get("name") or "",
            "email": contact.get("email") or None,
            "phone": contact.get("phone") or None,
            "safe_times": contact.get("safe_times") or None,
            "leave_message": contact.get("leave_message"),
            "access_needs": contact.get("access_needs") or None,
        }
    )


def build_payload(
    submission: Submission,
    event: str,
    message_id: str,
    idempotency_key: str,
    followup: dict[str, Any] | None = None,
    concern: dict[str, Any] | None = None,
) -> dict[str, Any]:
    answers = submission.answers or {}
    extras = answers.get("_intake", {})
    body: dict[str, Any] = {
        "reference": submission.reference,
        "kind": submission.kind,
        "created_at": submission.created_at.isoformat(),
        "received_on": submission.received_on.isoformat(),
        "language": submission.language,
        "interpreter_needed": submission.interpreter_needed,
        "channel": submission.channel,
        "anonymous": submission.anonymous,
        "spam_check_skipped": submission.spam_check_skipped,
        "assessment_due": submission.assessment_due.isoformat(),
        "priority": "immediate" if submission.immediate_attention else "normal",
        "triage": {
            "lead_agency": submission.lead_agency or "casework_team",
            "reasons": list(extras.get("triage_reasons", [])),
            "rules_hash": submission.rules_hash,
        },
        "risk": {
            "level": submission.risk_level,
            "score": submission.risk_score,
            "in_danger_now": bool(extras.get("in_danger_now", False)),
            "answers": dict(extras.get("risk_answers", {})),
        },
        "consent": {
            "share_with_partners": bool(extras.get("share_with_partners", False)),
            "subject_aware": extras.get("subject_aware"),
        },
        "reporter": _reporter(submission),
        "categories": {
            "incident_types": [
                kind for kind, flag in (("hate", submission.is_hate), ("asb", submission.is_asb)) if flag
            ],
            "hate_strands": sorted(strand.strand for strand in submission.strands),
            "asb_type": submission.asb_type,
            "asb_category": submission.asb_category,
        },
        "evidence": list(extras.get("evidence", [])),
    }
    if extras.get("community_trigger"):
        # A second ASB report within six months: the 2025 guidance asks the team to consider a review.
        body["community_trigger"] = dict(extras["community_trigger"])
    if extras.get("earlier_reference"):
        # The reporter typed the tracking code of an earlier report about the same thing.
        body["earlier_reference"] = extras["earlier_reference"]
    if extras.get("staff_entry"):
        body["staff_entry"] = without_markup(dict(extras["staff_entry"]))
    if extras.get("partner"):
        body["partner"] = without_markup(dict(extras["partner"]))
    content = {key: value for key, value in answers.items() if not key.startswith("_")}
    body["application" if submission.kind == "trigger_application" else "report"] = without_markup(content)
    payload = {
        "schema": SCHEMA,
        "event": event,
        "message_id": message_id,
        "idempotency_key": idempotency_key,
        "sent_at": utcnow().isoformat(),
        "submission": body,
        "followup": without_markup(followup) if followup else None,
    }
    if concern is not None:
        # submission.lead_agency_concern: the reporter is unhappy with the lead agency's service.
        payload["concern"] = without_markup(concern)
    return payload

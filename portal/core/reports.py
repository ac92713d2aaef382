"""Turning a finished reporting draft into a submission, and keeping evidence for a draft.
No Flask request objects here: callers pass plain values and the app config."""

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from portal.constants import Channel, SubmissionKind
from portal.core.answers import Answers
from portal.core.reporting_options import NOT_SURE, asb_category, risk_rules
from portal.core.risk import RiskResult, assess_risk
from portal.core.submissions import NewSubmission, keyed_hash
from portal.core.triage import TriageFacts, lead_agency_for
from portal.evidence import evidence_manifest
from portal.models import Evidence

# Pages whose answers are the report itself (contact, consent, evidence and monitoring are kept
# in their own places).
REPORT_PAGES = (
    "who",
    "what-kind",
    "hate-motivation",
    "asb-type",
    "what-happened",
    "when",
    "where",
    "people",
    "impact",
    "already-reported",
    "housing",
    "outcome",
)
CHANNELS = {"email": Channel.EMAIL, "sms": Channel.SMS, "phone": Channel.PHONE, "letter": Channel.LETTER}


def _day(parts: Any) -> date | None:
    if not isinstance(parts, dict):
        return None
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except (KeyError, TypeError, ValueError):
        return None


def incident_types(answers: Answers) -> tuple[bool, bool]:
    kind = answers.get("what-kind", "incident_type")
    return kind in ("hate", "both"), kind in ("asb", "both")


def risk_factors(answers: Answers, today: date) -> list[str]:
    """The yes/no facts behind the risk level, from the impact page and the rest of the report."""
    factors = []
    is_hate, _ = incident_types(answers)
    impact = answers.pages.get("impact", {})
    if impact.get("aimed_at_you") == "yes":
        factors.append("aimed_at_you")
    if is_hate:
        factors.append("hostility")
    if answers.get("when", "when_kind") == "ongoing":
        factors.append("keeps_happening")
        if answers.get("when", "how_often") == "daily":
            factors.append("daily")
        since = _day(answers.get("when", "since"))
        if since is not None and since <= today - timedelta(days=91):
            factors.append("longer_than_3_months")
    reported = answers.get("already-reported", "reported_to") or []
    if any(item != "nobody" for item in reported):
        factors.append("reported_before")
    for effect in impact.get("effects") or []:
        if effect != "none":
            factors.append(f"effect_on_{effect}")
    if impact.get("unsafe_at_home") == "yes":
        factors.append("unsafe_at_home")
    if impact.get("condition_affected") == "yes":
        factors.append("condition_affected")
    if impact.get("support") == "no":
        factors.append("no_support")
    return factors


def report_risk(answers: Answers, config: Mapping[str, Any], today: date) -> RiskResult:
    in_danger = answers.get("in-danger", "in_danger") == "yes"
    return assess_risk(risk_factors(answers, today), risk_rules(config), in_danger_now=in_danger)


def triage_facts(answers: Answers) -> TriageFacts:
    is_hate, is_asb = incident_types(answers)
    return TriageFacts(
        is_hate=is_hate,
        is_asb=is_asb,
        social_tenant=answers.get("housing", "social_tenant") in ("council", "housing_association"),
        reported_to_police="police" in (answers.get("already-reported", "reported_to") or []),
    )


def _normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def location_key(answers: Answers) -> str | None:
    """A keyed hash of the place, for statistics and hotspots, never the address itself."""
    postcode = answers.get("where", "postcode")
    if postcode:
        return keyed_hash("postcode:" + postcode.replace(" ", ""))
    address = answers.get("where", "address")
    return keyed_hash("address:" + _normalised(address)) if address else None


def _subject_aware(answers: Answers) -> bool | None:
    if answers.get("who", "reporter_role") != "someone_else":
        return None
    return {"yes": True, "no": False}.get(answers.get("who", "subject_aware"))


def build_submission(
    answers: Answers, language: str, config: Mapping[str, Any], today: date, evidence: list[Evidence]
) -> NewSubmission:
    is_hate, is_asb = incident_types(answers)
    risk = report_risk(answers, config, today)
    lead, reasons = lead_agency_for(triage_facts(answers))
    named = answers.get("contact", "identity") == "named"
    contact_page = answers.pages.get("contact", {}) if named else {}
    preferences = answers.pages.get("contact-preferences", {}) if named else {}
    email = contact_page.get("email") or None
    phone = contact_page.get("phone") or None
    contact = (
        {
            "name": contact_page.get("name"),
            "email": email,
            "phone": phone,
            "postal_address": contact_page.get("postal_address"),
            "safe_times": preferences.get("safe_times"),
            "leave_message": preferences.get("leave_message") == "yes",
            "access_needs": preferences.get("access_needs"),
        }
        if named
        else None
    )
    strands = (
        [strand for strand in answers.get("hate-motivation", "strands") or [] if strand != NOT_SURE] if is_hate else []
    )
    asb_type = answers.get("asb-type", "asb_type") if is_asb else None
    when = answers.pages.get("when", {})
    incident_date = _day(when.get("incident_date")) or _day(when.get("since"))
    place = location_key(answers)
    household = None
    if answers.get("where", "place_type") == "home":
        household = place
    elif contact and contact.get("postal_address"):
        household = keyed_hash("address:" + _normalised(str(contact["postal_address"])))
    content = {page: dict(answers.pages[page]) for page in REPORT_PAGES if answers.has(page)}
    content["_intake"] = {
        "triage_reasons": reasons,
        "in_danger_now": answers.get("in-danger", "in_danger") == "yes",
        "risk_answers": {**answers.pages.get("impact", {}), "factors": list(risk.factors)},
        "share_with_partners": answers.get("sharing", "share_with_partners") == "yes",
        "subject_aware": _subject_aware(answers),
        "evidence": evidence_manifest(evidence),
    }
    return NewSubmission(
        kind=SubmissionKind.REPORT,
        language=(preferences.get("language") if named else None) or language,
        channel=CHANNELS.get(contact_page.get("channel") or "", Channel.NONE) if named else Channel.NONE,
        anonymous=not named,
        answers=content,
        contact=contact,
        interpreter_needed=named and preferences.get("interpreter") == "yes",
        risk_level=risk.level,
        risk_score=risk.score,
        immediate_attention=risk.immediate_attention,
        lead_agency=lead,
        is_hate=is_hate,
        is_asb=is_asb,
        asb_type=asb_type,
        asb_category=asb_category(asb_type),
        strands=tuple(strands),
        incident_date=incident_date,
        location_key=place,
        household_key=household,
        contact_key=keyed_hash(email) if email else (keyed_hash(phone) if phone else None),
    )

"""The Community Trigger application: earlier complaints in the draft, the eligibility decision,
and storing the application. No Flask request objects here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import rules as council_rules
from portal.constants import Channel, SubmissionKind
from portal.core.answers import Answers
from portal.core.complaint_history import Complaint, complaint_from_report, complaint_from_row
from portal.core.eligibility import Decision, assess_eligibility
from portal.core.months import window_start
from portal.core.submissions import NewSubmission, keyed_hash, store_submission
from portal.core.trigger_links import Rows, link_reports, rows_of, save_rows
from portal.core.trigger_rules import TriggerRules
from portal.extensions import db
from portal.languages import language_for
from portal.models import Draft, Submission, TriggerCase, TriggerComplaint, utcnow

#: Every complaint the applicant names (typed or linked) belongs to this household.
APPLICANT = "applicant"

APPLICANT_TYPE_FOR_INTAKE = {
    "victim": "victim",
    "behalf": "on_behalf_of_victim",
    "business": "business",
    "group": "community_group",
}
CHANNELS = {"email": Channel.EMAIL, "sms": Channel.SMS, "phone": Channel.PHONE}
STAGES = ("acknowledge", "decision", "review", "outcome")


class TooManyComplaints(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.message = _l("You can add up to %(limit)s earlier complaints", limit=limit)


class AlreadyLinked(Exception):
    message = _l("You have already added this report")


def rules() -> TriggerRules:
    return TriggerRules.from_rules(council_rules.current().community_trigger)


def rules_hash() -> str:
    return council_rules.current().hash


def max_complaints() -> int:
    return int(current_app.config["TRIGGER_MAX_COMPLAINTS"])


# ---- the "add another" rows, kept in the server-side draft ----------------------------------


def save_complaint(draft: Draft, index: int | None, complaint: dict[str, Any]) -> None:
    """Add a typed complaint (``index`` None) or replace row ``index``; refuses past the maximum."""
    rows = rows_of(Answers(draft.data))
    typed = list(rows.typed)
    if index is None:
        if rows.count >= max_complaints():
            raise TooManyComplaints(max_complaints())
        typed.append(complaint)
    else:
        typed[index] = complaint
    save_rows(draft, Rows(typed, rows.linked))


def remove_complaint(draft: Draft, index: int) -> None:
    rows = rows_of(Answers(draft.data))
    save_rows(draft, Rows([row for i, row in enumerate(rows.typed) if i != index], rows.linked))


def link_report(draft: Draft, report: Submission) -> None:
    rows = rows_of(Answers(draft.data))
    if report.id in rows.linked:
        raise AlreadyLinked()
    if rows.count >= max_complaints():
        raise TooManyComplaints(max_complaints())
    save_rows(draft, Rows(rows.typed, [*rows.linked, report.id]))


def unlink_report(draft: Draft, submission_id: int) -> None:
    rows = rows_of(Answers(draft.data))
    save_rows(draft, Rows(rows.typed, [i for i in rows.linked if i != submission_id]))


def can_be_linked(report: Submission) -> bool:
    """Only reports count as earlier complaints; another application's code is 'not found'."""
    return report.kind != SubmissionKind.TRIGGER_APPLICATION


def offered_reports(ids: list[int]) -> list[Submission]:
    """The reporter's own reports handed over by the reporting journey, that can be linked."""
    if not ids:
        return []
    found = {s.id: s for s in db.session.scalars(select(Submission).where(Submission.id.in_(ids)))}
    return [found[i] for i in ids if i in found and can_be_linked(found[i])]


def link_offered(draft: Draft, reports: list[Submission]) -> None:
    link_reports(draft, reports, max_complaints())


def language_name(answers: Answers) -> str:
    """The language the applicant chose for correspondence, named in itself."""
    return language_for(answers.get("contact", "language")).native_name


def linked_reports(answers: Answers) -> list[Submission]:
    ids = rows_of(answers).linked
    if not ids:
        return []
    found = {s.id: s for s in db.session.scalars(select(Submission).where(Submission.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


# ---- eligibility ----------------------------------------------------------------------------


def today() -> date:
    """Today in the council's time zone: no complaint can be dated after it."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def application_date(now: datetime) -> date:
    """The application counts as made on the working day it is received, like a report."""
    return council_rules.current().calendar.received_on(now)


def history(answers: Answers, applied_on: date) -> tuple[list[Complaint], str | None]:
    """The applicant's complaints (typed, and portal reports with their recorded dates) and, for
    the several-households rule, other households' portal reports about the same places.

    Returns the complaints and the place the application is about (None when unknown)."""
    linked = linked_reports(answers)
    places = sorted({report.location_key for report in linked if report.location_key})
    place = places[0] if places else None
    own = [complaint_from_report(report, APPLICANT) for report in linked]
    own += [complaint_from_row(row, APPLICANT, place) for row in rows_of(answers).typed]
    if not places:
        return own, place
    mine = {key for report in linked for key in (report.household_key, report.contact_key) if key}
    since = window_start(applied_on, rules().households.window_months)
    others = db.session.scalars(
        select(Submission).where(
            Submission.location_key.in_(places),
            Submission.kind != SubmissionKind.TRIGGER_APPLICATION,
            Submission.id.not_in([report.id for report in linked]),
            Submission.received_on >= since,
            Submission.received_on <= applied_on,
        )
    )
    for report in others:
        household = report.household_key or report.contact_key or f"portal:{report.id}"
        if household not in mine:
            own.append(complaint_from_report(report, household))
    return own, place


def assess(answers: Answers, now: datetime | None = None) -> Decision:
    applied_on = application_date(now or utcnow())
    complaints, _place = history(answers, applied_on)
    return assess_eligibility(applied_on, complaints, rules(), applicant_household=APPLICANT)


# ---- storing the application ----------------------------------------------------------------


def due_dates(received_on: date) -> dict[str, date]:
    """Each stage's due date in working days: acknowledge and decide after receipt, the review
    after the decision is due, the outcome after the review is due."""
    in_force = council_rules.current()
    calendar, days = in_force.calendar, in_force.timescales
    acknowledge = calendar.add_working_days(received_on, days.acknowledge)
    decision = calendar.add_working_days(received_on, days.decision)
    review = calendar.add_working_days(decision, days.review)
    outcome = calendar.add_working_days(review, days.outcome)
    return {"acknowledge": acknowledge, "decision": decision, "review": review, "outcome": outcome}


def _incidents(answers: Answers, linked: list[Submission]) -> list[dict[str, Any]]:
    incidents: list[dict[str, Any]] = [
        {
            "source": "portal",
            "incident_date": (report.incident_date or report.created_at.date()).isoformat(),
            "reported_on": report.received_on.isoformat(),
            "reported_to": "council",
            "reference": report.reference,
            "summary": None,
        }
        for report in linked
    ]
    for row in rows_of(answers).typed:
        incidents.append(
            {
                "source": "typed",
                "incident_date": row["incident_date"],
                "reported_on": row["reported_date"],
                "reported_to": row["agency"],
                "officer": row.get("officer") or None,
                "reference": row.get("reference") or None,
                "summary": row.get("what_happened") or None,
                "action": row.get("action"),
                "what_was_done": row.get("what_was_done") or None,
                "hate_incident": row.get("is_hate") == ["yes"],
            }
        )
    return incidents


def submit_application(
    draft: Draft,
    seed: bytes,
    language: str,
    now: datetime | None = None,
    token: str | None = None,
    unchecked: bool = False,
) -> tuple[Submission, str]:
    """Store the application, its earlier complaints and its Community Trigger case in one
    transaction (the request commits it once). ``unchecked``: sent without the spam check."""
    now = now or utcnow()
    answers = Answers(draft.data)
    applied_on = application_date(now)
    complaints, place = history(answers, applied_on)
    decision = assess_eligibility(applied_on, complaints, rules(), applicant_household=APPLICANT)
    due = due_dates(applied_on)
    linked = linked_reports(answers)
    method = answers.get("contact", "method")
    email = answers.get("contact", "email") or None
    phone = answers.get("contact", "phone") or None
    new = NewSubmission(
        kind=SubmissionKind.TRIGGER_APPLICATION,
        # The language the applicant chose for correspondence; the page's before they were asked.
        language=answers.get("contact", "language") or language,
        channel=CHANNELS[method],
        anonymous=False,
        answers=_application_content(answers, decision, due, linked),
        contact={"name": answers.get("contact", "name"), "email": email, "phone": phone, "preferred": method},
        contact_key=keyed_hash(email or phone or ""),
        is_asb=True,
        is_hate=any(c.is_hate for c in complaints if c.household_key == APPLICANT),
        location_key=place,
        spam_check_skipped=unchecked,
    )

    def attach(submission: Submission) -> None:
        db.session.add_all(_complaint_rows(submission.id, linked, rows_of(answers).typed))
        db.session.add(_trigger_case(submission.id, decision, due))

    return store_submission(new, draft, seed, now=now, attach=attach, token=token)


def _application_content(
    answers: Answers, decision: Decision, due: dict[str, date], linked: list[Submission]
) -> dict[str, Any]:
    """The application as the case system receives it (the intake payload's answers)."""
    decided = decision.to_json_dict()
    applicant_type = answers.get("who-is-applying", "applicant_type")
    met_reasons = [rule["reason"] for rule in decided["rules"] if rule["enabled"] and rule["met"]]
    reasons = met_reasons or [decided["below_threshold_note"]]
    victim = {
        "name": answers.get("who-is-applying", "victim_name"),
        "contact": answers.get("who-is-applying", "victim_contact"),
        "relationship": answers.get("who-is-applying", "relationship"),
    }
    return {
        "applicant_type": APPLICANT_TYPE_FOR_INTAKE[applicant_type],
        "victim_consent": True if applicant_type == "behalf" else None,
        "victim": victim if applicant_type == "behalf" else None,
        "organisation_name": answers.get("who-is-applying", "organisation_name"),
        "description": answers.get("now", "happening_now"),
        "impact": answers.get("now", "impact"),
        "outcome_wanted": answers.get("now", "outcome_wanted"),
        "tenure": answers.get("home", "tenure"),
        "landlord": answers.get("home", "landlord"),
        "incidents": _incidents(answers, linked),
        "threshold": {
            "met": decision.met,
            "reasons": reasons,
            "rules": decided["rules"],
            "application_date": decided["application_date"],
            "rules_hash": rules_hash(),
        },
        "due_dates": {stage: day.isoformat() for stage, day in due.items()},
        "_intake": {"triage_reasons": reasons, "share_with_partners": True},
    }


def _complaint_rows(
    application_id: int, linked: list[Submission], typed: list[dict[str, Any]]
) -> list[TriggerComplaint]:
    """The earlier complaints as the duty desk lists them: linked portal reports, then typed rows."""
    rows = [
        TriggerComplaint(
            application_id=application_id,
            linked_submission_id=report.id,
            incident_date=report.incident_date or report.created_at.date(),
            reported_date=report.received_on,
            agency="council",
            agency_reference=report.reference,
            source="portal",
        )
        for report in linked
    ]
    rows += [
        TriggerComplaint(
            application_id=application_id,
            incident_date=date.fromisoformat(row["incident_date"]),
            reported_date=date.fromisoformat(row["reported_date"]),
            agency=row["agency"],
            officer=row.get("officer") or None,
            agency_reference=row.get("reference") or None,
            what_happened=row.get("what_happened") or None,
            action_taken=row.get("what_was_done") or None,
            source="typed",
        )
        for row in typed
    ]
    return rows


def _trigger_case(submission_id: int, decision: Decision, due: dict[str, date]) -> TriggerCase:
    return TriggerCase(
        submission_id=submission_id,
        engine_met=decision.met,
        engine_result=decision.to_json_dict(),
        rules_hash=rules_hash(),
        acknowledge_due=due["acknowledge"],
        decision_due=due["decision"],
        review_due=due["review"],
        outcome_due=due["outcome"],
    )

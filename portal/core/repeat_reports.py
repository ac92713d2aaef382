"""A second ASB report about the same problem within six months (2025 ASB Case Review guidance):
the reporter is told they may ask for a case review, the duty desk is told that a Community
Trigger may apply, and the case system gets the flag in the intake payload.

"The same problem" is the same named reporter (the keyed hash of their email or phone): the
portal keeps no other identity of a person. No Flask request objects here."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from portal.constants import SubmissionKind
from portal.core.reporting_options import repeat_asb_days
from portal.extensions import db
from portal.models import Submission

#: Where the flag is kept in a submission's `_intake` answers, read by the intake payload.
INTAKE_KEY = "community_trigger"


def earlier_asb_reports(submission: Submission, config: Mapping[str, Any]) -> list[Submission]:
    """The same reporter's ASB reports in the window before this one, oldest first. Empty for
    anonymous reports, reports without contact details and anything that is not ASB."""
    if submission.kind == SubmissionKind.TRIGGER_APPLICATION:
        return []
    if submission.anonymous or not submission.is_asb or not submission.contact_key:
        return []
    since = submission.created_at - timedelta(days=repeat_asb_days())
    return list(
        db.session.scalars(
            select(Submission)
            .where(
                Submission.contact_key == submission.contact_key,
                Submission.kind != SubmissionKind.TRIGGER_APPLICATION,
                Submission.is_asb.is_(True),
                Submission.id != submission.id,
                Submission.created_at >= since,
                Submission.created_at <= submission.created_at,
            )
            .order_by(Submission.created_at, Submission.id)
        )
    )


def note_for_intake(submission: Submission, config: Mapping[str, Any]) -> None:
    """Record the flag beside the answers so the payload forwards it (the submission is new
    and in the session; the request commits it)."""
    earlier = earlier_asb_reports(submission, config)
    if not earlier:
        return
    answers = dict(submission.answers or {})
    extras = dict(answers.get("_intake") or {})
    extras[INTAKE_KEY] = {"may_apply": True, "earlier_references": [report.reference for report in earlier]}
    answers["_intake"] = extras
    submission.answers = answers


def flagged_ids(submissions: list[Submission], config: Mapping[str, Any]) -> set[int]:
    """Which of these submissions (the duty desk's inbox) a Community Trigger may apply to."""
    return {submission.id for submission in submissions if earlier_asb_reports(submission, config)}

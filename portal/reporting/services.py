"""The reporting journey's own steps: storing the public report with its equality answers,
the repeat-ASB hint and the helplines on the confirmation page. No Flask request objects here."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core.answers import Answers
from portal.core.draft_evidence import draft_evidence, evidence_attacher
from portal.core.reporting_options import repeat_asb_days
from portal.core.reports import build_submission
from portal.core.submissions import store_submission
from portal.extensions import db
from portal.models import Draft, Submission


def submit_report(
    draft: Draft, seed: bytes, language: str, config: Mapping[str, Any], today: date | None = None
) -> tuple[Submission, str]:
    """Store the report, its monitoring answers and its evidence links in one transaction."""
    evidence = draft_evidence(draft.id)
    answers = Answers(draft.data)
    new = build_submission(answers, language, config, today or date.today(), evidence)
    monitoring = None
    if answers.get("monitoring", "answer") == "yes":
        monitoring = {key: value for key, value in answers.pages.get("monitoring-questions", {}).items() if value}
    link_evidence = evidence_attacher(draft, evidence)

    def attach(submission: Submission) -> None:
        submission.monitoring = monitoring
        link_evidence(submission)

    return store_submission(new, draft, seed, attach=attach)


def is_repeat_asb_report(submission: Submission, config: Mapping[str, Any]) -> bool:
    """A named reporter's second (or later) ASB report within the window: the 2025 guidance says
    to tell them about the Community Trigger."""
    if submission.anonymous or not submission.is_asb or not submission.contact_key:
        return False
    since = submission.created_at - timedelta(days=repeat_asb_days(config))
    earlier = db.session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(
            Submission.contact_key == submission.contact_key,
            Submission.is_asb.is_(True),
            Submission.id != submission.id,
            Submission.created_at >= since,
            Submission.created_at <= submission.created_at,
        )
    )
    return bool(earlier)


# What a helpline in OTHER_HELP is for, named by a key so that it is shown in the reader's
# language (the organisation's name and number are data and stay as configured).
HELP_TOPICS: dict[str, Any] = {
    "victims": _l("free, confidential support for anyone affected by crime"),
    "lgbt": _l("support for LGBT+ people facing abuse"),
}


def other_help(config: Mapping[str, Any]) -> list[tuple[str, str, str | None]]:
    """The configured "name|phone or web address|topic" entries; the topic, a key of HELP_TOPICS,
    is optional (an unknown key shows no description)."""
    entries = []
    for item in config.get("OTHER_HELP") or []:
        name, contact, topic = [*str(item).split("|"), "", ""][:3]
        if name.strip():
            describe = HELP_TOPICS.get(topic.strip())
            entries.append((name.strip(), contact.strip(), str(describe) if describe else None))
    return entries

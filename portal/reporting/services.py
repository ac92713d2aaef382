"""The reporting journey's own steps: storing the public report with its equality answers,
the repeat-ASB hint and the helplines on the confirmation page. No Flask request objects here."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.core import repeat_reports
from portal.core.answers import Answers
from portal.core.draft_evidence import draft_evidence, evidence_attacher
from portal.core.reported_before import link_to_earlier
from portal.core.reports import build_submission
from portal.core.submissions import store_submission
from portal.models import Draft, Submission


def submit_report(
    draft: Draft,
    seed: bytes,
    language: str,
    config: Mapping[str, Any],
    today: date | None = None,
    token: str | None = None,
    unchecked: bool = False,
) -> tuple[Submission, str]:
    """Store the report, its monitoring answers and its evidence links in one transaction.
    ``unchecked``: sent without the spam check (no JavaScript)."""
    evidence = draft_evidence(draft.id)
    answers = Answers(draft.data)
    new = replace(
        build_submission(answers, language, config, today or date.today(), evidence), spam_check_skipped=unchecked
    )
    monitoring = None
    if answers.get("monitoring", "answer") == "yes":
        monitoring = {key: value for key, value in answers.pages.get("monitoring-questions", {}).items() if value}
    link_evidence = evidence_attacher(draft, evidence)

    earlier_id = answers.get("already-reported", "linked_id")

    def attach(submission: Submission) -> None:
        submission.monitoring = monitoring
        link_evidence(submission)
        if isinstance(earlier_id, int):
            link_to_earlier(submission, earlier_id)

    return store_submission(new, draft, seed, attach=attach, token=token)


def earlier_asb_reports(submission: Submission, config: Mapping[str, Any]) -> list[Submission]:
    """A named reporter's earlier ASB reports within the window: at a second one, the 2025
    guidance says to tell them about the Community Trigger."""
    return repeat_reports.earlier_asb_reports(submission, config)


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

"""Reports a partner organisation makes for a client, from the web journey or the API.

The partner's answers are mapped onto the reporting journey's shape (the "who" and "contact"
pages), so triage, risk, the intake payload and the statistics are the same code as for a
report from the public. What differs is recorded here: the organisation, the client's consent,
and who gets the updates."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from portal.constants import Channel, SubmissionKind
from portal.core.answers import Answers
from portal.core.draft_evidence import draft_evidence, evidence_attacher
from portal.core.reports import build_submission
from portal.core.submissions import NewSubmission, store_submission
from portal.models import Draft, Evidence, Organisation, Submission, User

CONSENT_SHARE = "share"
CONSENT_ANONYMOUS = "anonymous"
UPDATES_TO_PARTNER = "partner"


def consent(answers: Answers) -> str:
    return str(answers.get("client-consent", "consent") or CONSENT_ANONYMOUS)


def shares_details(answers: Answers) -> bool:
    return consent(answers) == CONSENT_SHARE


def updates_to(answers: Answers) -> str:
    """Who gets updates: only a client who shared their details can get them."""
    if not shares_details(answers):
        return UPDATES_TO_PARTNER
    return str(answers.get("updates", "updates_to") or UPDATES_TO_PARTNER)


def as_report_answers(answers: Answers, organisation: Organisation) -> Answers:
    """The partner's answers in the public journey's shape."""
    pages: dict[str, dict[str, Any]] = {name: dict(values) for name, values in answers.pages.items()}
    pages["who"] = {"reporter_role": "organisation", "organisation_name": organisation.name}
    if shares_details(answers):
        client = pages.get("client-contact", {})
        pages["contact"] = {
            "identity": "named",
            **{key: client.get(key) for key in ("name", "channel", "email", "phone", "postal_address")},
        }
        pages["contact-preferences"] = {
            "language": client.get("language"),
            "interpreter": client.get("interpreter"),
            "leave_message": "no",
        }
    else:
        pages["contact"] = {"identity": "anonymous"}
        pages.pop("contact-preferences", None)
    return Answers({"pages": pages})


def build_partner_submission(
    answers: Answers,
    organisation: Organisation,
    language: str,
    config: Mapping[str, Any],
    today: date,
    evidence: list[Evidence],
    user: User | None,
) -> tuple[NewSubmission, str]:
    new = build_submission(as_report_answers(answers, organisation), language, config, today, evidence)
    recipients = updates_to(answers)
    new.kind = SubmissionKind.PARTNER_REPORT
    new.organisation_id = organisation.id
    new.partner_user_id = user.id if user is not None else None
    new.updates_to = recipients
    if recipients == UPDATES_TO_PARTNER:
        # The client's details go to the council (if they agreed) but messages do not go to them.
        new.channel = Channel.NONE
    new.answers["_intake"]["partner"] = {
        "organisation": organisation.name,
        "client_consent": consent(answers),
        "updates_to": recipients,
    }
    return new, recipients


def submit_partner_report(
    draft: Draft | None,
    seed: bytes | None,
    answers: Answers,
    organisation: Organisation,
    user: User | None,
    language: str,
    config: Mapping[str, Any],
    today: date | None = None,
) -> tuple[Submission, str]:
    """Store the report and link the draft's evidence, in one transaction."""
    evidence = draft_evidence(draft.id) if draft is not None else []
    new, _recipients = build_partner_submission(
        answers, organisation, language, config, today or date.today(), evidence, user
    )
    return store_submission(new, draft, seed, attach=evidence_attacher(draft, evidence))

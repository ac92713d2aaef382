"""Turning a finished reporting draft into a submission. No Flask request objects here."""

from portal.constants import Channel, SubmissionKind
from portal.journeys import Answers
from portal.models import Draft, Submission
from portal.submissions import NewSubmission, keyed_hash, store_submission


def submit_report(draft: Draft, seed: bytes, language: str) -> tuple[Submission, str]:
    answers = Answers(draft.data)
    named = answers.get("contact", "identity") == "named"
    email = answers.get("contact", "email") if named else None
    new = NewSubmission(
        kind=SubmissionKind.REPORT,
        language=language,
        channel=Channel.EMAIL if named and email else Channel.NONE,
        anonymous=not named,
        answers={"description": answers.get("what-happened", "description")},
        contact={"name": answers.get("contact", "name"), "email": email} if named else None,
        contact_key=keyed_hash(email) if email else None,
    )
    return store_submission(new, draft, seed)

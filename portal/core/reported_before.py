"""'Have you reported this to us before?': an earlier tracking code, typed into a new report,
links it to the earlier case. A wrong or unknown code gets the status page's answer, and failed
tries count against the same per-client limit as the status page's look-ups."""

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse
from sqlalchemy import select

from portal.constants import SubmissionKind
from portal.core.lookup import NOT_FOUND, LookupFailed, find_by_tracking_code
from portal.extensions import db, limiter
from portal.models import Submission

TOO_MANY = NOT_FOUND  # after too many tries the answer does not change, so it reveals nothing
LIMIT_SCOPE = "reported-before"


def earlier_report_for(code: str) -> Submission:
    """The report an earlier tracking code opens; raises LookupFailed with the status page's message."""
    item = parse(str(current_app.config["STATUS_LOOKUP_LIMIT"]))
    client = get_remote_address()
    if not limiter.limiter.test(item, LIMIT_SCOPE, client):
        raise LookupFailed(TOO_MANY)
    try:
        report = find_by_tracking_code(code)
        if report.kind == SubmissionKind.TRIGGER_APPLICATION:
            raise LookupFailed(NOT_FOUND)
    except LookupFailed:
        limiter.limiter.hit(item, LIMIT_SCOPE, client)
        raise
    return report


def link_to_earlier(submission: Submission, earlier_id: int) -> None:
    """Link a new report to the earlier one, for the duty desk and the case system."""
    earlier = db.session.get(Submission, earlier_id)
    if earlier is None or earlier.id == submission.id:
        return
    submission.earlier_submission_id = earlier.id
    answers = dict(submission.answers or {})
    answers["_intake"] = {**dict(answers.get("_intake") or {}), "earlier_reference": earlier.reference}
    submission.answers = answers


def later_reports(submission: Submission) -> list[Submission]:
    """Reports that were linked to this one by its tracking code."""
    return list(
        db.session.scalars(
            select(Submission).where(Submission.earlier_submission_id == submission.id).order_by(Submission.id)
        )
    )


def linked_with(submission: Submission) -> list[Submission]:
    """The reports linked with this one either way, oldest first, for the duty desk."""
    earlier = [submission.earlier_submission] if submission.earlier_submission is not None else []
    return [*earlier, *later_reports(submission)]

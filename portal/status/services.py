"""Finding a submission by its tracking code, and what its status page may show."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import tracking
from portal.constants import MessageDirection
from portal.extensions import db
from portal.models import StatusUpdate, Submission

PROBLEM_MESSAGES = {
    tracking.CodeProblem.EMPTY: _l("Enter your tracking code"),
    tracking.CodeProblem.TOO_SHORT: _l("The tracking code is too short. It has 18 letters and numbers"),
    tracking.CodeProblem.TOO_LONG: _l("The tracking code is too long. It has 18 letters and numbers"),
    tracking.CodeProblem.BAD_CHARACTER: _l("The tracking code can only contain letters and numbers"),
    tracking.CodeProblem.CHECK_FAILED: _l(
        "Check the tracking code. One of the letters or numbers may be wrong. Check you have not mixed up 0 and O"
    ),
}
NOT_FOUND = _l("We could not find a report with that tracking code. Check it and try again")


class LookupFailed(Exception):
    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


def find_by_tracking_code(text: str) -> Submission:
    """The submission for a typed code. A well-formed but unknown code and a wrong code give
    the same answer, so the page reveals nothing about which codes exist."""
    try:
        canonical = tracking.parse_tracking_code(text)
    except tracking.TrackingCodeError as error:
        raise LookupFailed(PROBLEM_MESSAGES[error.reason]) from None
    digest = tracking.hash_tracking_code(canonical, current_app.config["TRACKING_CODE_PEPPER"])
    submission = db.session.scalar(select(Submission).where(Submission.tracking_hash == digest))
    if submission is None:
        raise LookupFailed(NOT_FOUND)
    return submission


@dataclass(frozen=True)
class TimelineEntry:
    update: StatusUpdate
    from_reporter: bool


def public_timeline(submission: Submission) -> list[TimelineEntry]:
    """Only what is meant for the reporter: stage changes, messages to and from them."""
    visible = (MessageDirection.TO_REPORTER, MessageDirection.FROM_REPORTER)
    return [
        TimelineEntry(update, update.direction == MessageDirection.FROM_REPORTER)
        for update in sorted(submission.updates, key=lambda u: (u.created_at, u.id), reverse=True)
        if update.direction in visible
    ]

"""Finding a reporter's submission: by the tracking code they type, and, after that, the one
this browser opened (kept in the session for a short idle time). Shared by the status pages and
the Community Trigger, which asks for a tracking code too."""

from datetime import datetime, timedelta

from flask import current_app, g, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import tracking
from portal.extensions import db
from portal.models import Submission, utcnow

SESSION_KEY = "status"

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


def _idle() -> timedelta:
    return timedelta(minutes=current_app.config["STATUS_IDLE_MINUTES"])


def current_submission() -> Submission | None:
    """The submission this browser opened, unless it has been idle too long. Each use
    restarts the idle time."""
    opened = session.get(SESSION_KEY)
    if not isinstance(opened, dict) or "id" not in opened:
        return None
    now = utcnow()
    if datetime.fromisoformat(opened["seen"]) + _idle() < now:
        session.pop(SESSION_KEY, None)
        g.status_timed_out = True
        return None
    opened = {**opened, "seen": now.isoformat()}
    session[SESSION_KEY] = opened
    g.status_signed_out_at = now + _idle()
    return db.session.get(Submission, opened["id"])

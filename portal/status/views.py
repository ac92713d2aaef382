"""The reporter's status pages. The code is only ever POSTed; after a look-up the session
remembers which submission it opened, for a short idle time."""

from datetime import datetime, timedelta
from typing import Any

from flask import current_app, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from portal.extensions import db, limiter
from portal.labels import lead_agency_label, stage_label
from portal.models import Submission, utcnow
from portal.status import bp
from portal.status.forms import LookupForm
from portal.status.services import LookupFailed, find_by_tracking_code, public_timeline

SESSION_KEY = "status"


def _failed_lookup(response: Response) -> bool:
    # Only failed look-ups count towards the limit: they answer 200 with an error.
    return response.status_code == 200


def _lookup_limit() -> str:
    return str(current_app.config["STATUS_LOOKUP_LIMIT"])


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(_lookup_limit, methods=["POST"], deduct_when=_failed_lookup)
def start() -> Any:
    form = LookupForm()
    if form.validate_on_submit():
        try:
            submission = find_by_tracking_code(form.tracking_code.data or "")
        except LookupFailed as failure:
            form.tracking_code.errors = [str(failure.message)]
        else:
            session[SESSION_KEY] = {"id": submission.id, "seen": utcnow().isoformat()}
            return redirect(url_for("status.view"))
    # Never echo the code back into the page.
    form.tracking_code.data = ""
    return render_template("status/start.html", form=form)


def current_submission() -> Submission | None:
    opened = session.get(SESSION_KEY)
    if not opened:
        return None
    idle = timedelta(minutes=current_app.config["STATUS_IDLE_MINUTES"])
    if datetime.fromisoformat(opened["seen"]) + idle < utcnow():
        session.pop(SESSION_KEY, None)
        return None
    session[SESSION_KEY] = {"id": opened["id"], "seen": utcnow().isoformat()}
    return db.session.get(Submission, opened["id"])


@bp.route("/your-report")
def view() -> Any:
    submission = current_submission()
    if submission is None:
        return redirect(url_for("status.start"))
    return render_template(
        "status/view.html",
        submission=submission,
        stage=stage_label(submission.stage),
        lead_agency=lead_agency_label(submission.lead_agency),
        timeline=public_timeline(submission),
        stage_label=stage_label,
    )


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    session.pop(SESSION_KEY, None)
    return redirect(url_for("status.signed_out"))


@bp.route("/signed-out")
def signed_out() -> str:
    return render_template("status/signed-out.html")

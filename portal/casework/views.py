"""The duty desk: staff sign in, see the inbox, open a submission and post updates."""

from typing import Any

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth import SignInRefused, authenticate, end_session, role_required, start_session
from portal.casework import bp
from portal.casework.forms import SignInForm, UpdateForm
from portal.casework.services import inbox, post_update
from portal.constants import STAFF_ROLES
from portal.extensions import db, limiter
from portal.intake.alerts import destination_health
from portal.labels import lead_agency_label, stage_label
from portal.models import Submission, utcnow

staff_only = role_required(*STAFF_ROLES)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in() -> Any:
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.email.data or "",
                form.password.data or "",
                current_app.config["SIGN_IN_LOCKOUT_FAILURES"],
                current_app.config["SIGN_IN_LOCKOUT_MINUTES"],
            )
        except SignInRefused as refused:
            form.form_errors.append(str(refused.message))  # type: ignore[attr-defined]
        else:
            if user.role not in STAFF_ROLES:
                form.form_errors.append(str(_l("This account cannot use the duty desk")))  # type: ignore[attr-defined]
            else:
                start_session(user)
                return redirect(url_for("casework.inbox_page"))
    form.password.data = ""
    return render_template("casework/sign-in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@staff_only
def sign_out() -> Response:
    end_session(current_user)
    return redirect(url_for("casework.sign_in"))


@bp.route("/")
@staff_only
def inbox_page() -> str:
    return render_template(
        "casework/inbox.html",
        submissions=inbox(),
        now=utcnow(),
        health=destination_health(),
        stage_label=stage_label,
    )


@bp.route("/submissions/<reference>", methods=["GET", "POST"])
@staff_only
def submission(reference: str) -> Any:
    record = db.session.scalar(db.select(Submission).where(Submission.reference == reference))
    if record is None:
        abort(404)
    form = UpdateForm()
    if form.validate_on_submit():
        post_update(record, current_user, form.stage.data or None, form.kind.data or "update", form.message.data or None)
        return redirect(url_for("casework.submission", reference=reference))
    return render_template(
        "casework/submission.html",
        submission=record,
        form=form,
        stage_label=stage_label,
        lead_agency=lead_agency_label(record.lead_agency),
        now=utcnow(),
    )

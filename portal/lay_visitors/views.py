"""Thin views: sign-in with a second factor, the sampled cases, one redacted case, a check."""

from typing import Any

from flask import abort, redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import totp
from portal.auth import (
    password_step,
    pending_user,
    refuse_code,
    remember_pending,
    role_required,
    sign_out_to,
    start_session,
)
from portal.constants import Role
from portal.extensions import db, limiter
from portal.forms import CodeForm, SignInForm
from portal.labels import stage_label
from portal.lay_visitors import bp
from portal.lay_visitors.forms import CheckForm
from portal.models import Submission, User
from portal.quality import sampling
from portal.unit_of_work import commit

visitor_only = role_required(Role.LAY_VISITOR)
PENDING = "lay_visitor_pending"


def _may_visit(user: User) -> bool:
    return user.role == Role.LAY_VISITOR and bool(user.totp_secret)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in() -> Any:
    form = SignInForm()
    user = password_step(form)
    if user is not None:
        if user.role != Role.LAY_VISITOR:
            form.form_errors.append(str(_l("This account cannot be used for lay visits")))
        elif not user.totp_secret:
            form.form_errors.append(str(_l("Your security code is not set up yet. Ask the Casework Team")))
        else:
            remember_pending(PENDING, user)
            return redirect(url_for("lay_visitors.sign_in_code"))
    return render_template("lay-visitors/sign-in.html", form=form)


@bp.route("/sign-in/security-code", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in_code() -> Any:
    user = pending_user(PENDING, _may_visit)
    if user is None:
        session.pop(PENDING, None)
        return redirect(url_for("lay_visitors.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if totp.code_is_valid(user.totp_secret or "", form.code.data or ""):
            start_session(user)
            return redirect(url_for("lay_visitors.cases"))
        if refuse_code(form, user):
            return redirect(url_for("lay_visitors.sign_in"))
    form.code.data = ""
    return render_template("lay-visitors/code.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@visitor_only
def sign_out() -> Response:
    return sign_out_to("lay_visitors.sign_in")


@bp.route("/")
@visitor_only
def cases() -> str:
    listed = sampling.sampled_cases()
    sampling.log(current_user, sampling.VIEW_SAMPLE)
    commit()
    return render_template("lay-visitors/cases.html", cases=listed)


def _sampled_or_refused(reference: str) -> Submission:
    submission = db.session.scalar(db.select(Submission).where(Submission.reference == reference.strip().upper()))
    if submission is None or not sampling.is_sampled(submission):
        # Refused and logged alike, whether the case exists or not.
        sampling.log(current_user, sampling.REFUSED, submission)
        commit()
        abort(403)
    return submission


def _render_case(submission: Submission, form: CheckForm, status: int = 200) -> tuple[str, int]:
    sampling.log(current_user, sampling.VIEW_CASE, submission)
    commit()
    return (
        render_template(
            "lay-visitors/case.html",
            case=sampling.redacted_case(submission),
            checks=[check for check in sampling.checks_of(submission) if check.visitor_id == current_user.id],
            form=form,
            stage_label=stage_label,
        ),
        status,
    )


@bp.route("/cases/<reference>")
@visitor_only
def case(reference: str) -> Any:
    return _render_case(_sampled_or_refused(reference), CheckForm(formdata=None))


@bp.route("/cases/<reference>/check", methods=["POST"])
@visitor_only
def record_check(reference: str) -> Any:
    submission = _sampled_or_refused(reference)
    form = CheckForm()
    if form.validate_on_submit():
        sampling.record_check(submission, current_user, form.met_standards.data == "yes", form.note.data)
        commit()
        return redirect(url_for("lay_visitors.case", reference=submission.reference, checked="yes"))
    return _render_case(submission, form, 400)

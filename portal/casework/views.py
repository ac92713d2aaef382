"""The duty desk: staff sign in, see the inbox, open a submission and act on it."""

from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth import password_step, role_required, sign_out_to, start_session
from portal.casework import bp
from portal.casework.forms import ActionForm, CaseworkersForm, CloseForm, ResendForm, TriageForm, UpdateForm
from portal.casework.services import (
    ActionRefused,
    acknowledge,
    assign_caseworkers,
    close,
    evidence_file,
    evidence_of,
    find_submission,
    inbox,
    is_overdue,
    post_update,
    set_lead_and_contact,
    staff_members,
    triage_reasons,
)
from portal.constants import STAFF_ROLES
from portal.core import repeat_reports, reported_before
from portal.extensions import limiter
from portal.forms import SignInForm
from portal.intake.alerts import destination_health, destinations_needing_attention
from portal.intake.resend import dead_messages, resend_dead
from portal.labels import lead_agency_label, stage_label
from portal.models import Submission, utcnow
from portal.unit_of_work import commit

staff_only = role_required(*STAFF_ROLES)
SAME_CASEWORKER = _l(
    "Choose a different caseworker: the same person cannot work with both the victim and the perpetrator"
)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in() -> Any:
    form = SignInForm()
    user = password_step(form)
    if user is not None:
        if user.role not in STAFF_ROLES:
            form.form_errors.append(str(_l("This account cannot use the duty desk")))
        else:
            start_session(user)
            return redirect(url_for("casework.inbox_page"))
    return render_template("casework/sign-in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@staff_only
def sign_out() -> Response:
    return sign_out_to("casework.sign_in")


@bp.route("/")
@staff_only
def inbox_page() -> str:
    now = utcnow()
    submissions = inbox()
    return render_template(
        "casework/inbox.html",
        submissions=submissions,
        trigger_may_apply=repeat_reports.flagged_ids(submissions, current_app.config),
        now=now,
        is_overdue=is_overdue,
        attention=destinations_needing_attention(now),
        stage_label=stage_label,
    )


@bp.route("/deliveries")
@staff_only
def deliveries() -> str:
    now = utcnow()
    return render_template(
        "casework/deliveries.html",
        health=destination_health(),
        attention=destinations_needing_attention(now),
        dead=dead_messages(),
        now=now,
        form=ResendForm(),
    )


@bp.route("/deliveries/resend", methods=["POST"])
@staff_only
def resend() -> Response:
    form = ResendForm()
    if not form.validate_on_submit() or not (form.destination.data or form.message_id.data):
        abort(400)
    count = resend_dead(message_id=form.message_id.data or None, destination=form.destination.data or None)
    commit()
    flash(ngettext("%(num)d message queued again.", "%(num)d messages queued again.", count))
    return redirect(url_for("casework.deliveries"))


def _submission_or_404(reference: str) -> Submission:
    record = find_submission(reference)
    if record is None:
        abort(404)
    return record


def _caseworkers_form(record: Submission, from_request: bool = False) -> CaseworkersForm:
    data = {
        "victim_caseworker": str(record.victim_caseworker_id or ""),
        "perpetrator_caseworker": str(record.perpetrator_caseworker_id or ""),
    }
    form = CaseworkersForm() if from_request else CaseworkersForm(formdata=None, data=data)
    form.set_staff([(str(user.id), user.name) for user in staff_members()])
    return form


def _render(record: Submission, status: int = 200, **forms: Any) -> tuple[str, int]:
    forms.setdefault("form", UpdateForm(formdata=None))
    forms.setdefault("action_form", ActionForm(formdata=None))
    forms.setdefault(
        "triage_form",
        TriageForm(
            formdata=None,
            data={"lead_agency": record.lead_agency, "single_point_of_contact": record.single_point_of_contact},
        ),
    )
    forms.setdefault("caseworkers_form", _caseworkers_form(record))
    forms.setdefault("close_form", CloseForm(formdata=None))
    html = render_template(
        "casework/submission.html",
        submission=record,
        stage_label=stage_label,
        lead_agency=lead_agency_label(record.lead_agency),
        reasons=triage_reasons(record),
        earlier_asb_reports=repeat_reports.earlier_asb_reports(record, current_app.config),
        linked_reports=reported_before.linked_with(record),
        evidence=evidence_of(record),
        overdue=is_overdue(record, utcnow()),
        now=utcnow(),
        **forms,
    )
    return html, status


@bp.route("/submissions/<reference>", methods=["GET", "POST"])
@staff_only
def submission(reference: str) -> Any:
    record = _submission_or_404(reference)
    form = UpdateForm()
    if form.validate_on_submit():
        post_update(
            record, current_user, form.stage.data or None, form.kind.data or "update", form.message.data or None
        )
        commit()
        return redirect(url_for("casework.submission", reference=reference))
    return _render(record, form=form)


@bp.route("/submissions/<reference>/evidence/<int:evidence_id>")
@staff_only
def evidence_download(reference: str, evidence_id: int) -> Response:
    """A file of the case, always as an attachment (never shown in the portal's own origin)."""
    found = evidence_file(_submission_or_404(reference), evidence_id)
    if found is None:
        abort(404)
    number, item = found
    path = Path(current_app.config["EVIDENCE_DIR"]) / item.stored_name
    if not path.is_file():
        abort(404)
    extension = path.suffix or ".bin"
    response = send_file(
        path,
        mimetype=item.content_type,
        as_attachment=True,
        download_name=f"{reference}-evidence-{number}{extension}",
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/submissions/<reference>/acknowledge", methods=["POST"])
@staff_only
def acknowledge_submission(reference: str) -> Any:
    record = _submission_or_404(reference)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    acknowledge(record, current_user)
    commit()
    return redirect(url_for("casework.submission", reference=reference))


@bp.route("/submissions/<reference>/triage", methods=["POST"])
@staff_only
def triage(reference: str) -> Any:
    record = _submission_or_404(reference)
    form = TriageForm()
    if form.validate_on_submit():
        set_lead_and_contact(record, form.lead_agency.data or "", form.single_point_of_contact.data)
        commit()
        return redirect(url_for("casework.submission", reference=reference))
    return _render(record, triage_form=form)


@bp.route("/submissions/<reference>/caseworkers", methods=["POST"])
@staff_only
def caseworkers(reference: str) -> Any:
    record = _submission_or_404(reference)
    form = _caseworkers_form(record, from_request=True)
    if form.validate_on_submit():
        try:
            assign_caseworkers(
                record,
                int(form.victim_caseworker.data) if form.victim_caseworker.data else None,
                int(form.perpetrator_caseworker.data) if form.perpetrator_caseworker.data else None,
            )
        except ActionRefused as refused:
            field = getattr(form, refused.field)
            field.errors = [
                str(
                    _l(
                        "Choose a different caseworker: the same person cannot work with both the victim and the perpetrator"  # noqa: E501
                    )
                )
                if refused.message == "same"
                else str(field.message)
            ]
        else:
            commit()
            return redirect(url_for("casework.submission", reference=reference))
    return _render(record, caseworkers_form=form)


@bp.route("/submissions/<reference>/close", methods=["POST"])
@staff_only
def close_submission(reference: str) -> Any:
    record = _submission_or_404(reference)
    form = CloseForm()
    if form.validate_on_submit():
        close(record, current_user, form.outcome.data or "", form.outcome_category.data)
        commit()
        return redirect(url_for("casework.submission", reference=reference))
    return _render(record, close_form=form)

"""Partner pages: sign-in (with an optional security code), the organisation's submissions,
incident logs and, for organisation admins, API keys."""

from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import apikeys, rules, totp
from portal.auth import (
    password_step,
    pending_user,
    refuse_code,
    remember_pending,
    role_required,
    sign_out_to,
    start_session,
)
from portal.constants import PARTNER_ROLES, Role, Stage
from portal.extensions import limiter
from portal.forms import CodeForm, SignInForm
from portal.idempotency import posted_token
from portal.labels import STAGE_LABELS, stage_label
from portal.models import User
from portal.partners import bp, incident_logs, services
from portal.partners.forms import (
    ActionForm,
    IncidentLogForm,
    MessageForm,
    SetPasswordForm,
)
from portal.passwords import PasswordRejected
from portal.unit_of_work import commit

partner_only = role_required(*PARTNER_ROLES)
admin_only = role_required(Role.PARTNER_ADMIN)
PENDING = "partner_pending"
ACCOUNT_SETUP = "partner_totp_setup"


def _organisation_id() -> int:
    user = current_user
    if user.organisation_id is None or not user.organisation.active:
        abort(403)
    return int(user.organisation_id)


def _csv_response(text: str, filename: str) -> Response:
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Sign-in


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in() -> Any:
    form = SignInForm()
    user = password_step(form)
    if user is not None:
        if services.partner_can_sign_in(user):
            return _second_step(user)
        form.form_errors.append(_("This account cannot use the partner service"))
    return render_template("partners/sign-in.html", form=form)


def _second_step(user: User) -> Response:
    set_up = services.needs_code_set_up(user, current_app.config["PARTNER_ADMIN_TOTP_REQUIRED"])
    if user.totp_secret is None and not set_up:
        start_session(user)
        return redirect(url_for("partners.dashboard"))
    remember_pending(PENDING, user, **({"secret": totp.new_secret()} if set_up else {}))
    return redirect(url_for("partners.sign_in_set_up_code" if set_up else "partners.sign_in_code"))


@bp.route("/sign-in/security-code", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in_code() -> Any:
    user = pending_user(PENDING, services.partner_can_sign_in)
    if user is None or user.totp_secret is None:
        session.pop(PENDING, None)
        return redirect(url_for("partners.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if totp.code_is_valid(user.totp_secret, form.code.data or ""):
            start_session(user)
            return redirect(url_for("partners.dashboard"))
        if refuse_code(form, user):
            return redirect(url_for("partners.sign_in"))
    form.code.data = ""
    return render_template("partners/code.html", form=form)


@bp.route("/sign-in/set-up-security-code", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def sign_in_set_up_code() -> Any:
    user = pending_user(PENDING, services.partner_can_sign_in)
    secret = (session.get(PENDING) or {}).get("secret")
    if user is None or not secret:
        session.pop(PENDING, None)
        return redirect(url_for("partners.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if totp.code_is_valid(secret, form.code.data or ""):
            services.save_totp_secret(user, secret)
            commit()
            start_session(user)
            return redirect(url_for("partners.dashboard"))
        if refuse_code(form, user):
            return redirect(url_for("partners.sign_in"))
    form.code.data = ""
    return render_template(
        "partners/set-up-code.html",
        form=form,
        secret=totp.grouped(secret),
        action=url_for("partners.sign_in_set_up_code"),
        required=True,
    )


@bp.route("/security-code", methods=["GET", "POST"])
@partner_only
def account_security_code() -> Any:
    _organisation_id()
    secret = session.get(ACCOUNT_SETUP)
    if not isinstance(secret, str):
        secret = session[ACCOUNT_SETUP] = totp.new_secret()
    form = CodeForm()
    if form.validate_on_submit():
        if totp.code_is_valid(secret, form.code.data or ""):
            services.save_totp_secret(current_user, secret)
            commit()
            session.pop(ACCOUNT_SETUP, None)
            return redirect(url_for("partners.dashboard", security_code="on"))
        form.code.errors = [_("Enter a correct security code")]
    form.code.data = ""
    return render_template(
        "partners/set-up-code.html",
        form=form,
        secret=totp.grouped(secret),
        action=url_for("partners.account_security_code"),
        required=False,
    )


@bp.route("/sign-out", methods=["POST"])
@partner_only
def sign_out() -> Response:
    return sign_out_to("partners.sign_in")


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("30 per 15 minutes", methods=["POST"])
def invitation(token: str) -> Any:
    try:
        invited = services.usable_invitation(token)
    except services.InvitationUnusable as unusable:
        return render_template("partners/invitation-unusable.html", reason=unusable.reason), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(token, form.password.data or "")
        except PasswordRejected as rejected:
            form.password.errors = [str(rejected.message)]
        except services.InvitationUnusable as unusable:
            return render_template("partners/invitation-unusable.html", reason=unusable.reason), 410
        else:
            commit()
            session.clear()
            return redirect(url_for("partners.sign_in", account="created"))
    form.password.data = form.confirm.data = ""
    return render_template("partners/invitation.html", form=form, invitation=invited)


# The organisation's submissions


def _filters() -> tuple[str, str]:
    search = request.args.get("q", "").strip()[:50]
    stage = request.args.get("stage", "")
    return search, stage if stage in Stage.__members__.values() else ""


@bp.route("/")
@partner_only
def dashboard() -> str:
    organisation_id = _organisation_id()
    search, stage = _filters()
    rows = services.export_rows(services.organisation_submissions(organisation_id, search, stage))
    return render_template(
        "partners/dashboard.html",
        entries=rows,
        search=search,
        stage=stage,
        stages=STAGE_LABELS,
        stage_label=stage_label,
        totp_required=services.needs_code_set_up(current_user, current_app.config["PARTNER_ADMIN_TOTP_REQUIRED"]),
        code_just_set_up=request.args.get("security_code") == "on",
    )


@bp.route("/submissions.csv")
@partner_only
def export() -> Response:
    organisation_id = _organisation_id()
    search, stage = _filters()
    rows = services.export_rows(services.organisation_submissions(organisation_id, search, stage))
    header = [
        _("Reference"),
        _("Sent on"),
        _("Stage"),
        _("Assessment due"),
        _("Next update due"),
        _("Closed on"),
        _("Messages"),
        _("Latest message"),
    ]
    text = services.csv_text(header, (row.cells(str(stage_label(row.submission.stage))) for row in rows))
    return _csv_response(text, "submissions.csv")


@bp.route("/submissions/<reference>", methods=["GET", "POST"])
@partner_only
def submission(reference: str) -> Any:
    record = services.organisation_submission(_organisation_id(), reference)
    if record is None:
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        services.send_partner_message(record, current_user, form.message.data or "", posted_token())
        commit()
        return redirect(url_for("partners.submission", reference=record.reference, sent="1"))
    return render_template(
        "partners/submission.html",
        submission=record,
        messages=services.public_messages(record),
        form=form,
        stage_label=stage_label,
        sent=request.args.get("sent") == "1",
    )


# Incident logs


def _log_rules() -> incident_logs.Rules:
    config = current_app.config
    return incident_logs.Rules(
        vocabulary=rules.current().vocabulary,
        channels=tuple(config["INCIDENT_LOG_CHANNELS"]),
        max_bytes=config["INCIDENT_LOG_MAX_BYTES"],
        max_rows=config["INCIDENT_LOG_MAX_ROWS"],
    )


@bp.route("/incident-logs", methods=["GET", "POST"])
@partner_only
def incident_log() -> Any:
    organisation_id = _organisation_id()
    form = IncidentLogForm()
    result = None
    if form.validate_on_submit():
        upload = form.log.data
        if upload is None or not getattr(upload, "filename", ""):
            form.log.errors = [_("Select a CSV file")]
        else:
            limit = current_app.config["INCIDENT_LOG_MAX_BYTES"]
            content = upload.stream.read(limit + 1)
            result = incident_logs.import_log(organisation_id, current_user.id, content, _log_rules())
            commit()
            if result.errors:
                form.log.errors = [
                    _("The file has problems, so nothing was imported. Correct the rows listed and upload it again")
                ]
            elif result.imported is not None:
                return redirect(
                    url_for(
                        "partners.incident_log",
                        imported=result.new_rows,
                        known=result.already_recorded,
                    )
                )
    return render_template(
        "partners/incident-logs.html",
        form=form,
        result=result,
        imports=incident_logs.imports(organisation_id),
        rules=_log_rules(),
        imported=request.args.get("imported", type=int),
        known=request.args.get("known", type=int),
    )


@bp.route("/incident-logs/template.csv")
@partner_only
def incident_log_template() -> Response:
    _organisation_id()
    header, *rows = incident_logs.template_rows()
    return _csv_response(services.csv_text(header, rows), "incident-log-template.csv")


# API keys (organisation admins)


@bp.route("/api-keys", methods=["GET", "POST"])
@admin_only
def api_keys() -> Any:
    organisation_id = _organisation_id()
    form = ActionForm()
    if form.validate_on_submit():
        try:
            key, plain = apikeys.create_api_key(
                organisation_id, current_user.id, current_app.config["PARTNER_MAX_API_KEYS"]
            )
        except apikeys.TooManyKeys:
            form.form_errors.append(
                _(
                    "You can have up to %(limit)s keys. Revoke one you no longer use first",
                    limit=current_app.config["PARTNER_MAX_API_KEYS"],
                )
            )
        else:
            commit()
            # Shown in this response only; never stored in clear or in the session.
            return render_template("partners/api-key-created.html", key=key, plain=plain)
    return render_template("partners/api-keys.html", form=form, keys=apikeys.active_keys(organisation_id))


@bp.route("/api-keys/<int:key_id>/rotate", methods=["POST"])
@admin_only
def rotate_api_key(key_id: int) -> Any:
    organisation_id = _organisation_id()
    if not ActionForm().validate_on_submit():
        abort(400)
    issued = apikeys.rotate_api_key(organisation_id, key_id, current_user.id)
    commit()
    if issued is None:
        abort(404)
    key, plain = issued
    return render_template("partners/api-key-created.html", key=key, plain=plain, rotated=True)


@bp.route("/api-keys/<int:key_id>/revoke", methods=["POST"])
@admin_only
def revoke_api_key(key_id: int) -> Response:
    organisation_id = _organisation_id()
    if not ActionForm().validate_on_submit():
        abort(400)
    if not apikeys.revoke_api_key(organisation_id, key_id):
        abort(404)
    commit()
    return redirect(url_for("partners.api_keys", revoked="1"))

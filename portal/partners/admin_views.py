"""Duty desk: partner organisations, invitations for their users, disabling accounts."""

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.auth import role_required
from portal.constants import STAFF_ROLES
from portal.extensions import db
from portal.models import Organisation
from portal.partners import admin_bp, services
from portal.partners.forms import ActionForm, InviteForm, OrganisationForm
from portal.unit_of_work import commit

staff_only = role_required(*STAFF_ROLES)


def _organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@admin_bp.route("/", methods=["GET", "POST"])
@staff_only
def organisations() -> Any:
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(form.name.data or "")
        except services.NameInUse:
            form.name.errors = [_("There is already an organisation with this name")]
        else:
            commit()
            return redirect(url_for("partners_admin.organisation", organisation_id=organisation.id))
    return render_template("partners/admin/organisations.html", form=form, organisations=services.organisations())


def _organisation_page(organisation: Organisation, form: InviteForm) -> str:
    return render_template(
        "partners/admin/organisation.html",
        organisation=organisation,
        form=form,
        action=ActionForm(),
        users=services.organisation_users(organisation.id),
        invitations=services.pending_invitations(organisation.id),
        changed=request.args.get("changed"),
    )


@admin_bp.route("/<int:organisation_id>", methods=["GET", "POST"])
@staff_only
def organisation(organisation_id: int) -> Any:
    record = _organisation(organisation_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, token = services.invite_user(
                record.id,
                form.email.data or "",
                form.name.data or "",
                form.role.data or "",
                current_app.config["PARTNER_INVITATION_HOURS"],
            )
        except services.EmailInUse:
            form.email.errors = [_("There is already an account with this email address")]
        else:
            commit()
            # The link exists only in this response: the database keeps its hash.
            link = url_for("partners.invitation", token=token, _external=True)
            return render_template(
                "partners/admin/invitation-created.html", organisation=record, invitation=invitation, link=link
            )
    return _organisation_page(record, form)


@admin_bp.route("/<int:organisation_id>/users/<int:user_id>/<any(disable, enable):change>", methods=["POST"])
@staff_only
def change_user(organisation_id: int, user_id: int, change: str) -> Response:
    record = _organisation(organisation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    user = services.set_user_active(record.id, user_id, active=change == "enable")
    if user is None:
        abort(404)
    commit()
    return redirect(url_for("partners_admin.organisation", organisation_id=record.id, changed=change))

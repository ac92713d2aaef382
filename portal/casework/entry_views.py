"""Entering a report or a Community Trigger application for someone who gave it by phone, in
person or by letter. The staff member then answers the journey's own question pages; the
submission is recorded as staff-entered, with the channel and who entered it."""

from typing import Any

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.utils import redirect

from portal import drafts
from portal.auth import role_required
from portal.casework import bp
from portal.constants import STAFF_ROLES, EntryChannel
from portal.core import staff_entry
from portal.forms import BaseForm, Choice
from portal.unit_of_work import commit

# Where each journey starts: its public start page, which has the "Start now" button.
START_ENDPOINTS = {"report": "reporting.start", "trigger": "trigger.start"}
BLUEPRINT_JOURNEYS = {"reporting": "report", "trigger": "trigger"}

ENTRY_CHANNELS = [
    (EntryChannel.PHONE.value, _l("By phone")),
    (EntryChannel.IN_PERSON.value, _l("In person")),
    (EntryChannel.LETTER.value, _l("By letter")),
]


class StaffEntryForm(BaseForm):
    journey = Choice(
        _l("What are you entering?"),
        choices=[
            ("report", _l("A report of a hate incident or anti-social behaviour")),
            ("trigger", _l("A Community Trigger (ASB Case Review) application")),
        ],
        message=_l("Select what you are entering"),
    )
    channel = Choice(
        _l("How did the person give it to you?"),
        choices=ENTRY_CHANNELS,
        message=_l("Select how the person gave it to you"),
    )


def channel_label(value: str | None) -> Any:
    return dict(ENTRY_CHANNELS).get(value or "", value)


@bp.route("/enter", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def enter() -> Any:
    form = StaffEntryForm()
    if form.validate_on_submit():
        journey = form.journey.data or ""
        drafts.start_draft(journey, data=staff_entry.draft_data(journey, EntryChannel(form.channel.data), current_user))
        commit()
        return redirect(url_for(START_ENDPOINTS[journey]))
    return render_template("casework/enter.html", form=form)


@bp.app_context_processor
def _staff_entry_banner() -> dict[str, Any]:
    """On a journey's pages, a duty-desk user entering for someone sees it said at the top."""

    def staff_entry_banner() -> staff_entry.StaffEntry | None:
        journey = BLUEPRINT_JOURNEYS.get(request.blueprint or "")
        if journey is None or not current_user.is_authenticated or current_user.role not in STAFF_ROLES:
            return None
        try:
            return staff_entry.entry_of(drafts.current_draft(journey))
        except drafts.DraftExpired:
            return None

    return {"staff_entry_banner": staff_entry_banner, "entry_channel_label": channel_label}

"""The duty desk's Community Trigger pages: open applications and each case's lifecycle."""

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Optional

from portal.auth import role_required
from portal.constants import STAFF_ROLES
from portal.forms import BaseForm, Choice, DateParts, max_length
from portal.labels import stage_label
from portal.models import utcnow
from portal.trigger.lifecycle import Action, complaints_of, escalation_for, find_case, record_action, trigger_cases
from portal.trigger.services import application_date
from portal.unit_of_work import commit

bp = Blueprint("trigger_staff", __name__)

ACTIONS = [
    (Action.ACKNOWLEDGE.value, _l("Acknowledge the application")),
    (Action.THRESHOLD_MET.value, _l("The threshold is met")),
    (Action.THRESHOLD_NOT_MET.value, _l("The threshold is not met")),
    (Action.REVIEW_ARRANGED.value, _l("A review meeting is arranged")),
    (Action.OUTCOME_SENT.value, _l("Outcome and recommendations sent")),
    (Action.CLOSE.value, _l("Close the case")),
]


@bp.before_request
@role_required(*STAFF_ROLES)
def _staff_only() -> None:
    """Every page here is for duty-desk staff."""


class ActionForm(BaseForm):
    action = Choice(_l("What has happened?"), choices=ACTIONS, message=_l("Select what has happened"))
    message = TextAreaField(
        _l("Message to the applicant"),
        description=_l("Needed for a threshold decision (the reason) and for the outcome. Leave out personal details."),
        validators=[Optional(), max_length(5000, _l("The message must be 5,000 characters or fewer"))],
    )
    meeting_on = DateParts(
        _l("Date of the review meeting"),
        required=False,
        invalid=_l("The date of the review meeting must be a real date, for example 12 5 2026"),
    )
    recommendations = Choice(
        _l("Did the review make recommendations?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        message=_l("Select whether the review made recommendations"),
    )

    def validate(self, extra_validators: object = None) -> bool:
        # Whether recommendations were made matters only for an outcome.
        if self.action.data != Action.OUTCOME_SENT:
            self.recommendations.validators = []
            self.recommendations.pre_validate = lambda form: None  # type: ignore[method-assign]
        valid = super().validate(extra_validators)
        action = self.action.data
        if (
            action in (Action.THRESHOLD_MET, Action.THRESHOLD_NOT_MET)
            and not self.message.data
            and not self.message.errors
        ):
            self.message.errors = [str(_l("Enter the reason for the threshold decision"))]
            valid = False
        if action == Action.OUTCOME_SENT and not self.message.data and not self.message.errors:
            self.message.errors = [str(_l("Enter the outcome of the case review"))]
            valid = False
        if action == Action.REVIEW_ARRANGED and not self.meeting_on.errors:
            meeting = self.meeting_on.as_date()
            if meeting is None:
                self.meeting_on.errors = [str(_l("Enter the date of the review meeting"))]
                valid = False
            elif meeting < application_date(utcnow()):
                self.meeting_on.errors = [str(_l("The date of the review meeting must be today or in the future"))]
                valid = False
        return valid


@bp.route("/")
def cases() -> str:
    return render_template("trigger/staff/cases.html", cases=trigger_cases(), stage_label=stage_label)


@bp.route("/<reference>", methods=["GET", "POST"])
def case(reference: str) -> Any:
    found = find_case(reference)
    if found is None:
        abort(404)
    submission, trigger_case = found
    form = ActionForm()
    if form.validate_on_submit():
        record_action(
            submission,
            trigger_case,
            current_user,
            Action(form.action.data),
            form.message.data or None,
            meeting_on=form.meeting_on.as_date(),
            recommendations=form.recommendations.data == "yes" if form.action.data == Action.OUTCOME_SENT else None,
        )
        commit()
        return redirect(url_for("trigger_staff.case", reference=reference))
    return render_template(
        "trigger/staff/case.html",
        submission=submission,
        case=trigger_case,
        complaints=complaints_of(submission),
        escalation=escalation_for(trigger_case),
        form=form,
        stage_label=stage_label,
        anchors={"meeting_on": "meeting_on-day"},
    )

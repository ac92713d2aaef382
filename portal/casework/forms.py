from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from portal.constants import LeadAgency, OutcomeCategory, Stage
from portal.forms import BaseForm, Choice, max_length, require
from portal.labels import LEAD_AGENCY_LABELS, STAGE_LABELS
from portal.publication.vocabulary import OUTCOME_LABELS


class UpdateForm(BaseForm):
    stage = Choice(
        _l("Stage"),
        choices=[("", _l("No change"))]
        + [(stage.value, label) for stage, label in STAGE_LABELS.items() if stage != Stage.CLOSED],
        default="",
        message=_l("Select a stage"),
    )
    kind = Choice(
        _l("What is this?"),
        choices=[
            ("update", _l("An update for the reporter")),
            ("question", _l("A question for the reporter")),
            ("internal", _l("An internal note (the reporter does not see it)")),
        ],
        default="update",
        message=_l("Select what this is"),
    )
    message = TextAreaField(
        _l("Message"),
        description=_l(
            "Do not include names, addresses or details of the report: the reporter may share a phone or home with the person responsible."  # noqa: E501
        ),
        validators=[Optional(), max_length(5000, _l("The message must be 5,000 characters or fewer"))],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.stage.data and not self.message.data:
            self.message.errors = [str(_l("Enter a message or choose a new stage"))]
            valid = False
        if valid and self.kind.data == "question" and not self.message.data:
            self.message.errors = [str(_l("Enter the question for the reporter"))]
            valid = False
        return valid


class ActionForm(BaseForm):
    """A button with only a CSRF token: acknowledge."""


class TriageForm(BaseForm):
    lead_agency = Choice(
        _l("Lead agency"),
        choices=[(agency.value, label) for agency, label in LEAD_AGENCY_LABELS.items()],
        message=_l("Select the lead agency"),
    )
    single_point_of_contact = StringField(
        _l("Single point of contact"),
        description=_l("The name the reporter will see, for example a first name and team"),
        validators=[Optional(), max_length(200, _l("The single point of contact must be 200 characters or fewer"))],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.lead_agency.data not in LeadAgency.__members__.values():
            valid = False
        return valid


class CaseworkersForm(BaseForm):
    victim_caseworker = Choice(_l("Caseworker for the victim"), message=_l("Select the caseworker for the victim"))
    perpetrator_caseworker = Choice(
        _l("Caseworker for the perpetrator"), message=_l("Select the caseworker for the perpetrator")
    )

    def set_staff(self, staff: list[tuple[str, str]]) -> None:
        choices = [("", str(_l("Nobody yet"))), *staff]
        self.victim_caseworker.choices = choices
        self.perpetrator_caseworker.choices = choices


class CloseForm(BaseForm):
    # For the published statistics; the outcome text itself stays private.
    outcome_category = Choice(
        _l("Kind of outcome"),
        choices=[(category.value, label) for category, label in OUTCOME_LABELS.items()],
        default=OutcomeCategory.RESOLVED.value,
        message=_l("Select the kind of outcome"),
    )
    outcome = TextAreaField(
        _l("Outcome"),
        description=_l("What was done and how it ended. The reporter is told the case is closed, not this text."),
        validators=[
            require(_l("Enter the outcome")),
            max_length(5000, _l("The outcome must be 5,000 characters or fewer")),
        ],
    )


class ResendForm(BaseForm):
    destination = HiddenField()
    message_id = HiddenField()

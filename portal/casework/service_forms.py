"""Duty-desk forms for the service-improvement loop: service standards, the answer to a
concern about the lead agency, and drawing a sample of closed cases."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from portal.forms import BaseForm, Choice, DateParts, MultiChoice, max_length, require
from portal.labels import CHANNEL_LABELS
from portal.quality.standards import UPDATE_FREQUENCIES

STANDARD_CHOICES = [
    ("assessed", _l("Initial assessment done")),
    ("risk_assessment_offered", _l("Risk and vulnerability assessment offered")),
    ("lead_agency_agreed", _l("Lead agency agreed with the reporter")),
]


class StandardsForm(BaseForm):
    done = MultiChoice(
        _l("Which of these have been done?"),
        choices=STANDARD_CHOICES,
        required=False,
        message=_l("Select the standards that have been met"),
    )
    update_frequency = Choice(
        _l("How often the reporter will get updates"),
        choices=[("", _l("Not agreed yet")), *UPDATE_FREQUENCIES.items()],
        default="",
        message=_l("Select how often the reporter will get updates"),
    )
    update_method = Choice(
        _l("How the reporter will get updates"),
        choices=[("", _l("Not agreed yet"))] + [(channel.value, label) for channel, label in CHANNEL_LABELS.items()],
        default="",
        message=_l("Select how the reporter will get updates"),
    )


class ConcernResponseForm(BaseForm):
    client_told = TextAreaField(
        _l("What you told the reporter"),
        description=_l(
            "Record this once you have asked the lead agency for an update and briefed them. "
            "The reporter sees it on the status page."
        ),
        validators=[
            require(_l("Enter what you told the reporter")),
            max_length(5000, _l("What you told the reporter must be 5,000 characters or fewer")),
        ],
    )


class SampleForm(BaseForm):
    start = DateParts(
        _l("Cases closed from"),
        missing=_l("Enter the first day of the period"),
        invalid=_l("The first day must be a real date, for example 1 4 2026"),
    )
    end = DateParts(
        _l("Cases closed up to"),
        missing=_l("Enter the last day of the period"),
        invalid=_l("The last day must be a real date, for example 30 6 2026"),
    )
    size = IntegerField(
        _l("How many cases to sample"),
        validators=[
            require(_l("Enter how many cases to sample")),
            NumberRange(1, 200, _l("Sample between 1 and 200 cases")),
        ],
    )
    seed = StringField(
        _l("Seed (optional)"),
        description=_l("Leave empty for a new random seed. To draw the same sample again, enter its seed."),
        validators=[Optional(), max_length(64, _l("The seed must be 64 characters or fewer"))],
    )

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import Optional

from portal.constants import Stage
from portal.forms import BaseForm, Choice, max_length, require
from portal.labels import STAGE_LABELS


class SignInForm(BaseForm):
    email = StringField(_l("Email address"), validators=[require(_l("Enter your email address"))])
    password = PasswordField(_l("Password"), validators=[require(_l("Enter your password"))])


class UpdateForm(BaseForm):
    stage = Choice(
        _l("Stage"),
        choices=[("", _l("No change"))] + [(stage.value, label) for stage, label in STAGE_LABELS.items()],
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
        description=_l("Do not include names, addresses or details of the report: the reporter may share a phone or home with the person responsible."),
        validators=[Optional(), max_length(5000, _l("The message must be 5,000 characters or fewer"))],
    )

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        if valid and not self.stage.data and not self.message.data:
            self.message.errors = [str(_l("Enter a message or choose a new stage"))]
            valid = False
        return valid

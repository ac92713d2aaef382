"""The questions of the reporting journey, one form per page."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Email, Optional

from portal.forms import BaseForm, Choice, max_length, require

DESCRIPTION_LIMIT = 10000


class WhatHappenedForm(BaseForm):
    description = TextAreaField(
        _l("What happened?"),
        description=_l(
            "Tell us in your own words. Include what was said or done, and anything that makes you think it "
            "was because of who you are or who they thought you were."
        ),
        validators=[
            require(_l("Enter what happened")),
            max_length(DESCRIPTION_LIMIT, _l("What happened must be 10,000 characters or fewer")),
        ],
    )


class ContactForm(BaseForm):
    identity = Choice(
        _l("Do you want to give your name and contact details?"),
        choices=[
            ("named", _l("Yes, I want to give my details")),
            ("anonymous", _l("No, I want to report anonymously")),
        ],
        message=_l("Select yes if you want to give your name and contact details"),
    )
    name = StringField(_l("Your name"), validators=[Optional(), max_length(200, _l("Name must be 200 characters or fewer"))])
    email = StringField(
        _l("Email address"),
        description=_l("We will only use this to tell you there is an update."),
        validators=[
            Optional(),
            max_length(320, _l("Email address must be 320 characters or fewer")),
            Email(message=_l("Enter an email address in the correct format, like name@example.com")),
        ],
    )

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        if self.identity.data == "named":
            if not self.name.data:
                self.name.errors = [str(_l("Enter your name"))]
                valid = False
            if not self.email.data and not self.email.errors:
                self.email.errors = [str(_l("Enter your email address"))]
                valid = False
        return valid

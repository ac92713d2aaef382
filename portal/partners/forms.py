import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import Field, PasswordField, StringField, TextAreaField, ValidationError

from portal.constants import Role
from portal.forms import BaseForm, Choice, max_length, require

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_address(form: Any, field: Field) -> None:
    if field.data and not EMAIL.fullmatch(field.data):
        raise ValidationError(str(_l("Enter an email address in the correct format, like name@example.com")))


class SetPasswordForm(BaseForm):
    password = PasswordField(
        _l("Create a password"),
        description=_l(
            "Use 12 characters or more. A few unrelated words make a strong password that is easy to remember."
        ),
        validators=[require(_l("Enter a password"))],
    )
    confirm = PasswordField(_l("Confirm your password"), validators=[require(_l("Enter your password again"))])

    def validate_confirm(self, field: Field) -> None:
        if self.password.data and field.data != self.password.data:
            raise ValidationError(str(_l("The passwords do not match. Enter the same password twice")))


class MessageForm(BaseForm):
    message = TextAreaField(
        _l("Message to the Casework Team"),
        validators=[
            require(_l("Enter your message")),
            max_length(5000, _l("The message must be 5,000 characters or fewer")),
        ],
    )


class IncidentLogForm(BaseForm):
    log = FileField(_l("Upload a CSV file"))


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class OrganisationForm(BaseForm):
    name = StringField(
        _l("Organisation name"),
        validators=[
            require(_l("Enter the organisation's name")),
            max_length(200, _l("The name must be 200 characters or fewer")),
        ],
    )


class InviteForm(BaseForm):
    name = StringField(
        _l("Full name"),
        validators=[
            require(_l("Enter the person's name")),
            max_length(200, _l("The name must be 200 characters or fewer")),
        ],
    )
    email = StringField(
        _l("Email address"),
        validators=[
            require(_l("Enter the person's email address")),
            max_length(320, _l("The email address must be 320 characters or fewer")),
            email_address,
        ],
    )
    role = Choice(
        _l("Role"),
        choices=[
            (
                Role.PARTNER_REPORTER.value,
                _l("Reporter: reports for clients and follows the organisation's submissions"),
            ),
            (Role.PARTNER_ADMIN.value, _l("Organisation admin: also manages the organisation's API keys")),
        ],
        message=_l("Select a role"),
    )

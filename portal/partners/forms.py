import re
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import Field, Label, PasswordField, StringField, TextAreaField, ValidationError

from portal.constants import Role
from portal.forms import BaseForm, Choice, max_length, require
from portal.languages import LANGUAGES
from portal.reporting.forms import YES_NO, ContactForm, ReportForm

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_address(form: Any, field: Field) -> None:
    if field.data and not EMAIL.fullmatch(field.data):
        raise ValidationError(str(_l("Enter an email address in the correct format, like name@example.com")))


class CodeForm(BaseForm):
    code = StringField(
        _l("Security code"),
        description=_l("The 6-digit code from your authenticator app"),
        validators=[require(_l("Enter the security code")), max_length(20, _l("Enter the 6-digit security code"))],
    )


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


# Reporting for a client: the questions only partner mode asks. The rest of the journey uses
# the reporting journey's own forms.

CLIENT_CHANNELS = [
    ("email", _l("Email")),
    ("sms", _l("Text message")),
    ("phone", _l("Phone call")),
    ("letter", _l("Letter")),
    ("none", _l("Do not contact them: they will check online with the tracking code")),
]


class ClientConsentForm(BaseForm):
    consent = Choice(
        _l("What has your client agreed to?"),
        choices=[
            ("share", _l("To share their name and contact details with the Casework Team")),
            ("anonymous", _l("To stay anonymous to the council: only your organisation knows who they are")),
        ],
        message=_l("Select what your client has agreed to"),
    )


class ClientContactForm(ContactForm):
    """The client's details, when they agreed to share them; the same checks as a named reporter's."""

    identity = None  # type: ignore[assignment]
    name_missing = _l("Enter your client's name")
    language = Choice(_l("Which language should the Casework Team use?"), message=_l("Select a language"))
    interpreter = Choice(
        _l("Does your client need an interpreter?"),
        choices=YES_NO,
        message=_l("Select yes if your client needs an interpreter"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The inherited fields keep their order on the page and in the error summary.
        self.name.label = Label(self.name.id, _l("Your client's name"))
        self.channel.label = Label(self.channel.id, _l("How should the Casework Team contact your client?"))
        self.channel.choices = CLIENT_CHANNELS
        self.channel.message = _l("Select how the Casework Team should contact your client")
        self.language.choices = [(item.code, item.native_name) for item in LANGUAGES]
        if not self.language.data:
            self.language.data = str(get_locale())

    def validate(self, extra_validators: Any = None) -> bool:
        valid = ReportForm.validate(self, extra_validators)
        return self.check_contact_details(valid)


UPDATES_TO = [
    ("partner", _l("Your organisation")),
    ("client", _l("Your client")),
    ("both", _l("Both")),
]


class UpdatesForm(BaseForm):
    updates_to = Choice(
        _l("Who should the Casework Team send updates to?"),
        description=_l("Your organisation can always read the updates on your dashboard."),
        choices=UPDATES_TO,
        message=_l("Select who should get updates"),
    )

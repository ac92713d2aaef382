from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

from portal.constants import Channel
from portal.forms import BaseForm, Choice, DateParts, MultiChoice, email_field, max_length, require, uk_mobile

MESSAGE_LIMIT = 5000
INCIDENT_LIMIT = 10000


class LookupForm(BaseForm):
    tracking_code = StringField(
        _l("Tracking code"),
        description=_l("This is the code we gave you when you sent your report, for example ABCD-EFGH-JKMN-PQRS-TV."),
        validators=[require(_l("Enter your tracking code"))],
    )


class ReplyForm(BaseForm):
    message = TextAreaField(
        _l("Your message"),
        description=_l("Do not include anything you would not want someone else who uses this device to read."),
        validators=[
            require(_l("Enter your message")),
            max_length(MESSAGE_LIMIT, _l("Your message must be 5,000 characters or fewer")),
        ],
    )


class NewIncidentForm(BaseForm):
    incident_date = DateParts(
        _l("When did it happen?"),
        description=_l("For example, 27 3 2026. If you are not sure, give your best guess."),
        missing=_l("Enter the date it happened"),
        invalid=_l("The date it happened must be a real date, for example 27 3 2026"),
    )
    description = TextAreaField(
        _l("What happened?"),
        description=_l("Tell us what was said or done, and who was affected."),
        validators=[
            require(_l("Enter what happened")),
            max_length(INCIDENT_LIMIT, _l("What happened must be 10,000 characters or fewer")),
        ],
    )

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        happened = self.incident_date.as_date()
        if happened is not None and happened > date.today():
            self.incident_date.errors = [str(_l("The date it happened must be today or in the past"))]
            valid = False
        return valid


class EvidenceForm(BaseForm):
    photo = FileField(_l("Upload a photo or screenshot"), description=_l("JPEG or PNG, smaller than 10 MB."))


class ContactForm(BaseForm):
    channel = Choice(
        _l("How should we tell you there is an update?"),
        choices=[],
        message=_l("Select how we should tell you there is an update"),
    )
    email = email_field(description=_l("Leave this empty to keep the address you gave us before."))
    phone = StringField(
        _l("UK mobile phone number"),
        description=_l("Leave this empty to keep the number you gave us before."),
        validators=[Optional(), max_length(30, _l("Enter a UK mobile phone number, like 07700 900 982"))],
    )
    include_message_text = MultiChoice(
        _l("What the message says"),
        choices=[("yes", _l("Include the Casework Team's message in the email or text"))],
        required=False,
        message=_l("Select if you want the message included"),
    )

    def __init__(self, *args: Any, has_email: bool = False, has_phone: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.has_email = has_email
        self.has_phone = has_phone
        self.mobile: str | None = None

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        if self.phone.data and not self.phone.errors:
            self.mobile = uk_mobile(self.phone.data)
            if self.mobile is None:
                self.phone.errors = [str(_l("Enter a UK mobile phone number, like 07700 900 982"))]
                valid = False
        if self.channel.data == Channel.EMAIL and not self.email.data and not self.email.errors and not self.has_email:
            self.email.errors = [str(_l("Enter your email address"))]
            valid = False
        if self.channel.data == Channel.SMS and not self.phone.data and not self.has_phone:
            self.phone.errors = [str(_l("Enter your UK mobile phone number"))]
            valid = False
        return valid


class ConfirmForm(BaseForm):
    """A button that needs nothing but the CSRF token."""

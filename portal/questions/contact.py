"""The reporter's contact details and preferences, sharing and evidence."""

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, StringField
from wtforms.validators import Optional

from portal.forms import Choice, email_field, max_length, normalise_uk_phone
from portal.languages import LANGUAGES
from portal.questions.fields import YES_NO, OptionalChoice, ReportForm, long_text, short_text

CHANNELS = [
    ("email", _l("Email")),
    ("sms", _l("Text message")),
    ("phone", _l("Phone call")),
    ("letter", _l("Letter")),
    ("none", _l("Online only, with my tracking code")),
]


class ContactForm(ReportForm):
    name_missing = _l("Enter your name")
    identity = Choice(
        _l("Do you want to give your name and contact details?"),
        choices=[
            ("named", _l("Yes, I want to give my details")),
            ("anonymous", _l("No, I want to report anonymously")),
        ],
        message=_l("Select yes if you want to give your name and contact details"),
    )
    name = short_text(_l("Your name"), _l("Name must be 200 characters or fewer"))
    channel = OptionalChoice(
        _l("How should we contact you?"), choices=CHANNELS, message=_l("Select how we should contact you")
    )
    email = email_field()
    phone = StringField(
        _l("Phone number"),
        description=_l("For text messages, a mobile number"),
        validators=[Optional(), max_length(30, _l("Enter a UK phone number, like 01632 960 001 or 07700 900 982"))],
    )
    postal_address = long_text(_l("Postal address"), _l("Postal address must be 1,000 characters or fewer"), limit=1000)

    def validate(self, extra_validators: Any = None) -> bool:
        if self.identity.data != "named":
            # Anonymous: nothing else is read, so nothing else is kept.
            for field in (self.name, self.channel, self.email, self.phone, self.postal_address):
                field.data = None
        valid = super().validate(extra_validators)
        if self.identity.data != "named":
            self.clear(self.name, self.channel, self.email, self.phone, self.postal_address)
            return not self.identity.errors
        return self.check_contact_details(valid)

    def check_contact_details(self, valid: bool) -> bool:
        """The name, the channel and the details that channel needs."""
        valid = self.need(self.name, self.name_missing) and valid
        valid = self.need(self.channel, self.channel.message) and valid
        channel = self.channel.data
        if channel == "email":
            valid = self.need(self.email, _l("Enter your email address")) and valid
        if channel in ("sms", "phone"):
            valid = self.need(self.phone, _l("Enter your phone number")) and valid
        if self.phone.data and not self.phone.errors:
            phone = normalise_uk_phone(self.phone.data)
            if phone is None:
                self.phone.errors = [str(_l("Enter a UK phone number, like 01632 960 001 or 07700 900 982"))]
                valid = False
            elif channel == "sms" and not phone.startswith("07"):
                self.phone.errors = [str(_l("Enter a UK mobile number for text messages, like 07700 900 982"))]
                valid = False
            else:
                self.phone.data = phone
        if channel == "letter":
            valid = self.need(self.postal_address, _l("Enter your postal address")) and valid
        else:
            self.clear(self.postal_address)
        return valid


class ContactPreferencesForm(ReportForm):
    safe_times = short_text(
        _l("When is it safe to contact you? (optional)"),
        _l("Safe times must be 200 characters or fewer"),
        _l("For example, weekdays after 6pm"),
    )
    leave_message = Choice(
        _l("Is it safe to leave a message?"), choices=YES_NO, message=_l("Select yes if it is safe to leave a message")
    )
    language = Choice(_l("Which language should we use?"), message=_l("Select a language"))
    interpreter = Choice(
        _l("Do you need an interpreter?"), choices=YES_NO, message=_l("Select yes if you need an interpreter")
    )
    access_needs = long_text(
        _l("Do you have any access needs? (optional)"),
        _l("Access needs must be 1,000 characters or fewer"),
        _l("For example, large print, British Sign Language or easy read"),
        limit=1000,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.language.choices = [(item.code, item.native_name) for item in LANGUAGES]
        if not self.language.data:
            self.language.data = str(get_locale())


class SharingForm(ReportForm):
    share_with_partners = Choice(
        _l("Can we share your report with partner agencies, such as the police or your housing provider?"),
        description=_l(
            "Sharing can help them act on it. If you say no, the Casework Team will only share it when the law "
            "requires, for example to protect someone from serious harm."
        ),
        choices=[("yes", _l("Yes, you can share it")), ("no", _l("No, do not share it"))],
        default="no",
        message=_l("Select yes if we can share your report with partner agencies"),
    )


class EvidenceForm(ReportForm):
    """One file per upload ("Add another file"); the page shows one file input, and takes more
    than one file only from a client that sends them together."""

    files = MultipleFileField(_l("Add a file (optional)"), description=_l("A JPEG, PNG or PDF file."))
    # The pressed button: "add" keeps the page open for another file; anything else continues.
    action = HiddenField()
    # A "Remove" button's value: the draft's file to remove.
    remove = HiddenField()
    nothing_chosen = _l("Select a file to add")
    # Set by the view once the files are kept: the draft's files, as `described` them.
    stored_files: list[dict[str, Any]] = []

    @property
    def stays(self) -> bool:
        """A file was added or removed with the page's own buttons: show the page again."""
        return self.action.data == "add" or bool(self.remove.data)

    def answers(self) -> dict[str, Any]:
        return {"count": len(self.stored_files), "files": list(self.stored_files)}

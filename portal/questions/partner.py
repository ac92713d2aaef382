"""Reporting for a client: the questions only partner mode asks (the web journey and the API).
The rest of the report uses the public journey's own forms."""

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Label

from portal.forms import BaseForm, Choice
from portal.languages import LANGUAGES
from portal.questions.contact import ContactForm
from portal.questions.fields import YES_NO, ReportForm

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

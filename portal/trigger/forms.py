"""The questions of the Community Trigger application, one form per page."""

from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

from portal.forms import BaseForm, Choice, DateParts, MultiChoice, email_field, max_length, normalise_uk_phone, require
from portal.languages import DEFAULT, LANGUAGES

TEXT_LIMIT = 5000

APPLICANT_TYPES = [
    ("victim", _l("I am the victim")),
    ("behalf", _l("I am applying on behalf of the victim")),
    ("business", _l("A business")),
    ("group", _l("A community group")),
]

AGENCIES = [
    ("council", _l("The council")),
    ("police", _l("The police")),
    ("housing_provider", _l("A housing provider")),
    ("other", _l("Another organisation")),
]

ACTION_TAKEN = [
    ("yes", _l("Yes")),
    ("no", _l("No")),
    ("not_sure", _l("I do not know")),
]

TENURES = [
    ("owner", _l("I own my home")),
    ("private", _l("I rent from a private landlord")),
    ("council", _l("I rent from the council")),
    ("housing_association", _l("I rent from a housing association")),
    ("other", _l("Something else, or this is not about a home")),
]

CONTACT_METHODS = [
    ("email", _l("Email")),
    ("sms", _l("Text message")),
    ("phone", _l("Phone call")),
]


def _text(label: Any, limit: int, too_long: Any, hint: Any = None, required: Any = None) -> StringField:
    checks = [require(required)] if required else [Optional()]
    return StringField(label, description=hint, validators=[*checks, max_length(limit, too_long)])


class WhoIsApplyingForm(BaseForm):
    applicant_type = Choice(
        _l("Who is applying for the case review?"),
        choices=APPLICANT_TYPES,
        message=_l("Select who is applying for the case review"),
    )
    victim_name = _text(_l("The victim’s full name"), 200, _l("The victim’s name must be 200 characters or fewer"))
    victim_contact = _text(
        _l("How can we contact the victim? (optional)"),
        300,
        _l("How to contact the victim must be 300 characters or fewer"),
        hint=_l("A phone number, email address or postal address"),
    )
    relationship = _text(
        _l("How do you know the victim?"),
        200,
        _l("How you know the victim must be 200 characters or fewer"),
        hint=_l("For example, family member, support worker, councillor"),
    )
    consent = MultiChoice(
        _l("The victim’s consent"),
        choices=[("given", _l("The victim has agreed that I can apply for a case review for them"))],
        required=False,
        message=_l("Confirm that the victim has agreed that you can apply for them"),
    )
    organisation_name = _text(
        _l("Name of the business or community group"),
        200,
        _l("The name must be 200 characters or fewer"),
    )

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        kind = self.applicant_type.data
        if kind == "behalf":
            if not self.victim_name.data and not self.victim_name.errors:
                self.victim_name.errors = [str(_l("Enter the victim’s full name"))]
                valid = False
            if not self.relationship.data and not self.relationship.errors:
                self.relationship.errors = [str(_l("Enter how you know the victim"))]
                valid = False
            if self.consent.data != ["given"]:
                self.consent.errors = [str(_l("Confirm that the victim has agreed that you can apply for them"))]
                valid = False
        if kind in ("business", "group") and not self.organisation_name.data and not self.organisation_name.errors:
            self.organisation_name.errors = [str(_l("Enter the name of the business or community group"))]
            valid = False
        return valid

    def answers(self) -> dict[str, Any]:
        data = super().answers()
        # Only the details that go with the chosen answer are kept.
        if data["applicant_type"] != "behalf":
            data.update(victim_name=None, victim_contact=None, relationship=None, consent=[])
        if data["applicant_type"] not in ("business", "group"):
            data["organisation_name"] = None
        return data


class ComplaintListForm(BaseForm):
    """The "add another" list page: the rows are added on their own pages."""


class ComplaintForm(BaseForm):
    incident_date = DateParts(
        _l("When did the behaviour happen?"),
        description=_l("For example, 27 3 2026"),
        missing=_l("Enter the date the behaviour happened"),
        invalid=_l("The date the behaviour happened must be a real date, for example 27 3 2026"),
    )
    reported_date = DateParts(
        _l("When did you report it?"),
        description=_l("For example, 28 3 2026"),
        missing=_l("Enter the date you reported it"),
        invalid=_l("The date you reported it must be a real date, for example 28 3 2026"),
    )
    agency = Choice(
        _l("Who did you report it to?"),
        choices=AGENCIES,
        message=_l("Select who you reported it to"),
    )
    officer = _text(
        _l("Name of the officer you spoke to (optional)"),
        200,
        _l("The officer’s name must be 200 characters or fewer"),
    )
    reference = _text(
        _l("Their reference number (optional)"),
        100,
        _l("The reference must be 100 characters or fewer"),
    )
    what_happened = TextAreaField(
        _l("What happened?"),
        validators=[
            require(_l("Enter what happened")),
            max_length(TEXT_LIMIT, _l("What happened must be 5,000 characters or fewer")),
        ],
    )
    action = Choice(
        _l("Was anything done about it?"),
        choices=ACTION_TAKEN,
        message=_l("Select whether anything was done about it"),
    )
    what_was_done = TextAreaField(
        _l("What was done? (optional)"),
        validators=[Optional(), max_length(TEXT_LIMIT, _l("What was done must be 5,000 characters or fewer"))],
    )
    is_hate = MultiChoice(
        _l("Hate incident"),
        choices=[
            ("yes", _l("I think it was because of someone’s race, religion, sexuality, disability or gender identity"))
        ],
        required=False,
        message=_l("Select the box only if you think it was a hate incident"),
    )

    def answers(self) -> dict[str, Any]:
        data = super().answers()
        for name in ("incident_date", "reported_date"):
            data[name] = self[name].as_date().isoformat()
        return data

    @staticmethod
    def data_from(row: dict[str, Any]) -> dict[str, Any]:
        """A stored row (ISO dates) as the form's data (day, month and year boxes)."""
        data = dict(row)
        for name in ("incident_date", "reported_date"):
            day = date.fromisoformat(row[name])
            data[name] = {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
        return data

    def check_dates(self, today: date) -> bool:
        """Dates in the future, and reports made before the behaviour, are refused."""
        valid = True
        happened = self.incident_date.as_date()
        reported = self.reported_date.as_date()
        if happened and not self.incident_date.errors and happened > today:
            self.incident_date.errors = [str(_l("The date the behaviour happened must be today or in the past"))]
            valid = False
        if reported and not self.reported_date.errors:
            if reported > today:
                self.reported_date.errors = [str(_l("The date you reported it must be today or in the past"))]
                valid = False
            elif happened and reported < happened:
                self.reported_date.errors = [
                    str(_l("The date you reported it must be the same as or after the date the behaviour happened"))
                ]
                valid = False
        return valid


class LinkReportForm(BaseForm):
    tracking_code = StringField(
        _l("Tracking code of your report"),
        description=_l("This is the code we gave you when you sent your report, for example ABCD-EFGH-JKMN-PQRS-TV."),
        validators=[require(_l("Enter your tracking code"))],
    )


class NowForm(BaseForm):
    happening_now = TextAreaField(
        _l("What is happening now?"),
        validators=[
            require(_l("Enter what is happening now")),
            max_length(TEXT_LIMIT, _l("What is happening now must be 5,000 characters or fewer")),
        ],
    )
    impact = TextAreaField(
        _l("How is it affecting you or others?"),
        description=_l("For example, on your health, sleep, work, children or feeling safe at home"),
        validators=[
            require(_l("Enter how it is affecting you or others")),
            max_length(TEXT_LIMIT, _l("How it is affecting you must be 5,000 characters or fewer")),
        ],
    )
    outcome_wanted = TextAreaField(
        _l("What would you like to happen?"),
        validators=[
            require(_l("Enter what you would like to happen")),
            max_length(TEXT_LIMIT, _l("What you would like to happen must be 5,000 characters or fewer")),
        ],
    )


class HomeForm(BaseForm):
    tenure = Choice(
        _l("Do you own or rent your home?"),
        choices=TENURES,
        message=_l("Select whether you own or rent your home"),
    )
    landlord = _text(
        _l("Landlord or housing provider’s name (optional)"),
        200,
        _l("The landlord’s name must be 200 characters or fewer"),
    )

    def answers(self) -> dict[str, Any]:
        data = super().answers()
        if data["tenure"] not in ("private", "council", "housing_association"):
            data["landlord"] = None
        return data


class ContactForm(BaseForm):
    name = StringField(
        _l("Your full name"),
        validators=[
            require(_l("Enter your full name")),
            max_length(200, _l("Your name must be 200 characters or fewer")),
        ],
    )
    method = Choice(
        _l("How would you like us to contact you?"),
        choices=CONTACT_METHODS,
        message=_l("Select how you would like us to contact you"),
    )
    email = email_field()
    phone = StringField(
        _l("Phone number"),
        description=_l("For example, 07700 900 982"),
        validators=[Optional(), max_length(20, _l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))],
    )

    language = Choice(
        _l("Which language should we write to you in?"),
        description=_l("Letters, emails and text messages about your application will be in this language."),
        message=_l("Select a language"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Asked apart from the page's language, which it starts as (Welsh Language Standards).
        self.language.choices = [(item.code, item.native_name) for item in LANGUAGES]
        if not self.language.data:
            page_language = str(get_locale())
            offered = {code for code, _name in self.language.choices}
            self.language.data = page_language if page_language in offered else DEFAULT.code

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        if self.phone.data and not self.phone.errors and normalise_uk_phone(self.phone.data) is None:
            self.phone.errors = [str(_l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))]
            valid = False
        if self.method.data == "email" and not self.email.data and not self.email.errors:
            self.email.errors = [str(_l("Enter your email address"))]
            valid = False
        if self.method.data in ("sms", "phone") and not self.phone.data and not self.phone.errors:
            self.phone.errors = [str(_l("Enter your phone number"))]
            valid = False
        return valid


class ResultForm(BaseForm):
    """The result page only asks to go on; the engine's decision is worked out again on submit."""


class RemoveForm(BaseForm):
    confirm = Choice(
        _l("Are you sure you want to remove this complaint?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        message=_l("Select yes if you want to remove this complaint"),
    )


class EscalationForm(BaseForm):
    reason = TextAreaField(
        _l("Why are you unhappy with the case review?"),
        validators=[
            require(_l("Enter why you are unhappy with the case review")),
            max_length(TEXT_LIMIT, _l("Why you are unhappy must be 5,000 characters or fewer")),
        ],
    )


class FiguresForm(BaseForm):
    start = DateParts(
        _l("From"),
        description=_l("For example, 1 4 2025"),
        missing=_l("Enter the first day of the period"),
        invalid=_l("The first day of the period must be a real date, for example 1 4 2025"),
    )
    end = DateParts(
        _l("To"),
        description=_l("For example, 31 3 2026"),
        missing=_l("Enter the last day of the period"),
        invalid=_l("The last day of the period must be a real date, for example 31 3 2026"),
    )

    def validate(self, extra_validators: object = None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.start.as_date(), self.end.as_date()
        if valid and start and end and end < start:
            self.end.errors = [str(_l("The last day of the period must be the same as or after the first day"))]
            valid = False
        return valid

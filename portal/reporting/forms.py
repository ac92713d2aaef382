"""The questions of the reporting journey, one form per page.

Follow-up questions revealed by an answer (GOV.UK conditional reveals) are checked in the
form's `validate`, and cleared when the answer that reveals them is not chosen, so the draft
only keeps what applies."""

import re
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Optional

from portal.forms import BaseForm, Choice, DateParts, MultiChoice, email_field, max_length, normalise_uk_phone, require
from portal.languages import LANGUAGES
from portal.reporting_options import ASB_TYPES, NOT_SURE, hate_strands

DESCRIPTION_LIMIT = 10000
SHORT = 200
MEDIUM = 2000

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def normalise_postcode(value: str | None) -> str | None:
    """ "bn1 1aa" -> "BN1 1AA"; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def short_text(label: Any, message: Any, hint: Any = None, limit: int = SHORT) -> StringField:
    return StringField(label, description=hint, validators=[Optional(), max_length(limit, message)])


def long_text(label: Any, message: Any, hint: Any = None, limit: int = MEDIUM) -> TextAreaField:
    return TextAreaField(label, description=hint, validators=[Optional(), max_length(limit, message)])


class OptionalChoice(Choice):
    """Radios that may be left unanswered; an unknown value is still refused."""

    def pre_validate(self, form: Any) -> None:
        if not self.data:  # type: ignore[has-type]
            self.data = None
            return
        super().pre_validate(form)


class ReportForm(BaseForm):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        """`clear` drops a follow-up question that does not apply together with its messages, so
        a page is valid exactly when no field is left with a message. Each form's own `validate`
        is wrapped to answer that, rather than a result worked out before the clearing (which
        refused, with no message, a too-long relationship typed before choosing "Myself")."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("validate")
        if own is None:
            return

        def validate(self: "ReportForm", extra_validators: Any = None) -> bool:
            own(self, extra_validators)
            return not self.form_errors and not any(field.errors for field in self)

        cls.validate = validate

    def need(self, field: Field, message: Any) -> bool:
        if field.errors:
            return False
        if field.data in (None, "", []):
            field.errors = [str(message)]
            return False
        return True

    def clear(self, *fields: Field) -> None:
        for field in fields:
            if isinstance(field, DateParts):
                for name in ("day", "month", "year"):
                    field.form[name].data = ""
                field.errors = []
                continue
            if isinstance(field.data, list):
                field.data = []
            else:
                field.data = None
            field.errors = []


class InDangerForm(ReportForm):
    in_danger = Choice(
        _l("Are you or someone else in danger now?"),
        choices=YES_NO,
        message=_l("Select yes if you or someone else is in danger now"),
    )


class EmergencyForm(ReportForm):
    """The 999 guidance page: nothing to answer, Continue carries on with the report."""


class WhoForm(ReportForm):
    reporter_role = Choice(
        _l("Who are you reporting for?"),
        choices=[
            ("victim", _l("Myself: it happened to me")),
            ("witness", _l("I saw or heard it happen to someone else")),
            ("someone_else", _l("Someone else: I am reporting for them")),
            ("organisation", _l("A community group or organisation")),
        ],
        message=_l("Select who you are reporting for"),
    )
    relationship = short_text(
        _l("What is your relationship to them?"),
        _l("Relationship must be 200 characters or fewer"),
        _l("For example, parent, friend, support worker or carer"),
    )
    subject_aware = OptionalChoice(
        _l("Do they know about this report and agree to it?"),
        choices=[("yes", _l("Yes")), ("no", _l("No")), ("not_asked", _l("I have not been able to ask them"))],
        message=_l("Select whether they know about this report and agree to it"),
    )
    organisation_name = short_text(
        _l("Name of the group or organisation"), _l("Organisation name must be 200 characters or fewer")
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        role = self.reporter_role.data
        if role == "someone_else":
            valid = self.need(self.relationship, _l("Enter your relationship to the person")) and valid
            valid = (
                self.need(self.subject_aware, _l("Select whether they know about this report and agree to it"))
                and valid
            )
        else:
            self.clear(self.relationship, self.subject_aware)
        if role == "organisation":
            valid = self.need(self.organisation_name, _l("Enter the name of the group or organisation")) and valid
        else:
            self.clear(self.organisation_name)
        return valid


class WhatKindForm(ReportForm):
    incident_type = Choice(
        _l("What do you want to report?"),
        choices=[
            ("hate", _l("A hate incident")),
            ("asb", _l("Anti-social behaviour")),
            ("both", _l("Both")),
        ],
        message=_l("Select what you want to report"),
    )
    online = Choice(
        _l("Did it happen online?"),
        description=_l("For example, on social media, in a game or by messages"),
        choices=YES_NO,
        message=_l("Select yes if it happened online"),
    )
    platform = short_text(
        _l("Which website, app or game?"),
        _l("Website, app or game must be 200 characters or fewer"),
        _l("For example, Facebook, WhatsApp or a game's name"),
    )
    link = short_text(
        _l("Link to the post or profile (optional)"), _l("Link must be 1,000 characters or fewer"), limit=1000
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.online.data == "yes":
            valid = self.need(self.platform, _l("Enter the website, app or game where it happened")) and valid
            if self.link.data and not re.match(r"^https?://\S+$", self.link.data) and not self.link.errors:
                self.link.errors = [str(_l("Enter a link that starts with http:// or https://"))]
                valid = False
        else:
            self.clear(self.platform, self.link)
        return valid


class HateMotivationForm(ReportForm):
    strands = MultiChoice(
        _l("Why do you think it happened?"),
        description=_l(
            "A hate incident is anything that you, or anyone else, think was done because of hostility or prejudice "
            "towards who you are, or who they thought you were. Select all that apply."
        ),
        message=_l("Select why you think it happened, or select ‘I’m not sure’"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        options = hate_strands(current_app.config)
        self.strands.choices = [(code, label) for code, label, _ in options]
        self.hints = {code: hint for code, _, hint in options if hint}

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and NOT_SURE in self.strands.data and len(self.strands.data) > 1:
            self.strands.errors = [str(_l("Select why you think it happened, or select ‘I’m not sure’, not both"))]
            valid = False
        return valid


class AsbTypeForm(ReportForm):
    asb_type = Choice(
        _l("What kind of anti-social behaviour is it?"),
        choices=[(code, label) for code, label, _ in ASB_TYPES],
        message=_l("Select the kind of anti-social behaviour"),
    )


class WhatHappenedForm(ReportForm):
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


class WhenForm(ReportForm):
    when_kind = Choice(
        _l("When did it happen?"),
        choices=[("once", _l("On a particular day")), ("ongoing", _l("It keeps happening"))],
        message=_l("Select whether it happened on a particular day or keeps happening"),
    )
    incident_date = DateParts(
        _l("Date it happened"),
        description=_l("For example, 27 3 2026. If you do not know the exact date, give your best guess."),
        required=False,
        invalid=_l("The date it happened must be a real date, for example 27 3 2026"),
    )
    time_of_day = OptionalChoice(
        _l("Roughly what time? (optional)"),
        choices=[
            ("morning", _l("Morning (6am to midday)")),
            ("afternoon", _l("Afternoon (midday to 6pm)")),
            ("evening", _l("Evening (6pm to midnight)")),
            ("night", _l("Night (midnight to 6am)")),
            ("not_sure", _l("I’m not sure")),
        ],
        message=_l("Select roughly what time it happened"),
    )
    how_often = OptionalChoice(
        _l("How often does it happen?"),
        choices=[
            ("daily", _l("Every day or most days")),
            ("weekly", _l("Every week")),
            ("monthly", _l("Every month")),
            ("less", _l("Less often")),
        ],
        message=_l("Select how often it happens"),
    )
    since = DateParts(
        _l("When did it start?"),
        description=_l("For example, 1 2026. If you do not know the day, enter 1."),
        required=False,
        invalid=_l("The date it started must be a real date, for example 1 3 2026"),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        today = date.today()
        if self.when_kind.data == "once":
            if not self.incident_date.errors and self.incident_date.as_date() is None:
                self.incident_date.errors = [str(_l("Enter the date it happened"))]
                valid = False
            elif (self.incident_date.as_date() or today) > today:
                self.incident_date.errors = [str(_l("The date it happened must be today or in the past"))]
                valid = False
            self.clear(self.how_often, self.since)
        elif self.when_kind.data == "ongoing":
            valid = self.need(self.how_often, _l("Select how often it happens")) and valid
            if not self.since.errors and self.since.as_date() is None:
                self.since.errors = [str(_l("Enter the date it started"))]
                valid = False
            elif (self.since.as_date() or today) > today:
                self.since.errors = [str(_l("The date it started must be today or in the past"))]
                valid = False
            self.clear(self.incident_date, self.time_of_day)
        return valid

    def incident_day(self) -> date | None:
        return self.incident_date.as_date() if self.when_kind.data == "once" else self.since.as_date()


class WhereForm(ReportForm):
    place_type = Choice(
        _l("Where did it happen?"),
        choices=[
            ("home", _l("At or near my home, or the victim’s home")),
            ("street", _l("In the street or a public place")),
            ("transport", _l("On public transport or at a station")),
            ("business", _l("In a shop, pub, club or other business")),
            ("education_work", _l("At school, college, university or work")),
            ("online", _l("Online")),
            ("other", _l("Somewhere else")),
        ],
        message=_l("Select where it happened"),
    )
    address = long_text(
        _l("Address or description of the place"),
        _l("Address or description must be 1,000 characters or fewer"),
        _l("For example, outside 12 Queens Road, or the bus stop by the park entrance"),
        limit=1000,
    )
    postcode = StringField(
        _l("Postcode (optional)"),
        validators=[Optional(), max_length(10, _l("Enter a real postcode, like BN1 1AA"))],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.place_type.data != "online":
            valid = self.need(self.address, _l("Enter the address or describe the place")) and valid
        if self.postcode.data and not self.postcode.errors:
            postcode = normalise_postcode(self.postcode.data)
            if postcode is None:
                self.postcode.errors = [str(_l("Enter a real postcode, like BN1 1AA"))]
                valid = False
            else:
                self.postcode.data = postcode
        return valid


class PeopleForm(ReportForm):
    responsible = Choice(
        _l("Do you know who did it?"),
        choices=[
            ("known", _l("Yes, I know who they are")),
            ("description", _l("No, but I can describe them")),
            ("unknown", _l("No, and I cannot describe them")),
        ],
        message=_l("Select whether you know who did it"),
    )
    name = short_text(_l("Their name, if you know it"), _l("Name must be 200 characters or fewer"))
    address = long_text(
        _l("Their address or where they live, if you know it"),
        _l("Their address must be 1,000 characters or fewer"),
        limit=1000,
    )
    age_range = OptionalChoice(
        _l("Roughly how old? (optional)"),
        choices=[
            ("under_18", _l("Under 18")),
            ("18_30", _l("18 to 30")),
            ("31_50", _l("31 to 50")),
            ("over_50", _l("Over 50")),
            ("not_sure", _l("I’m not sure")),
        ],
        message=_l("Select roughly how old they are"),
    )
    appearance = short_text(
        _l("What do they look like? (optional)"),
        _l("What they look like must be 500 characters or fewer"),
        _l("For example, height, build, hair"),
        limit=500,
    )
    clothing = short_text(
        _l("What were they wearing? (optional)"), _l("Clothing must be 500 characters or fewer"), limit=500
    )
    accent = short_text(_l("Accent or language (optional)"), _l("Accent or language must be 200 characters or fewer"))
    vehicle = short_text(
        _l("Vehicle registration or description (optional)"), _l("Vehicle must be 200 characters or fewer")
    )
    more_than_one = Choice(
        _l("Was more than one person involved?"),
        choices=[*YES_NO, ("not_sure", _l("I’m not sure"))],
        message=_l("Select whether more than one person was involved"),
    )
    witnesses = Choice(
        _l("Did anyone else see or hear it?"),
        choices=[*YES_NO, ("not_sure", _l("I’m not sure"))],
        message=_l("Select whether anyone else saw or heard it"),
    )
    witness_details = long_text(
        _l("Tell us about them, if you can (optional)"),
        _l("Details of witnesses must be 2,000 characters or fewer"),
        _l("For example, a name, or a shop that has a camera"),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.responsible.data == "known":
            valid = self.need(self.name, _l("Enter their name, or select that you can describe them")) and valid
        else:
            self.clear(self.name, self.address)
        if self.responsible.data != "description":
            self.clear(self.age_range, self.appearance, self.clothing, self.accent, self.vehicle)
        if self.witnesses.data != "yes":
            self.clear(self.witness_details)
        return valid


class ImpactForm(ReportForm):
    aimed_at_you = Choice(
        _l("Is it aimed at you or your household personally?"),
        choices=YES_NO,
        message=_l("Select yes if it is aimed at you or your household personally"),
    )
    effects = MultiChoice(
        _l("How has it affected you?"),
        description=_l("Select all that apply."),
        choices=[
            ("health", _l("My health, including mental health")),
            ("sleep", _l("My sleep")),
            ("work", _l("My work, school or studies")),
            ("children", _l("My children or other children")),
            ("none", _l("None of these")),
        ],
        message=_l("Select how it has affected you, or select ‘None of these’"),
    )
    unsafe_at_home = Choice(
        _l("Do you feel unsafe in your home?"),
        choices=YES_NO,
        message=_l("Select yes if you feel unsafe in your home"),
    )
    condition_affected = Choice(
        _l("Do you have a disability or health condition that it makes worse?"),
        choices=[*YES_NO, ("prefer_not", _l("Prefer not to say"))],
        message=_l("Select yes if you have a disability or health condition that it makes worse"),
    )
    support = Choice(
        _l("Do you have family, friends or anyone else supporting you?"),
        choices=YES_NO,
        message=_l("Select yes if you have someone supporting you"),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and "none" in self.effects.data and len(self.effects.data) > 1:
            self.effects.errors = [str(_l("Select how it has affected you, or select ‘None of these’, not both"))]
            valid = False
        return valid


class AlreadyReportedForm(ReportForm):
    reported_to = MultiChoice(
        _l("Have you already reported this to anyone?"),
        description=_l("Select all that apply."),
        choices=[
            ("police", _l("The police")),
            ("landlord", _l("A landlord")),
            ("elsewhere", _l("Somewhere else")),
            ("nobody", _l("No, I have not reported it")),
        ],
        message=_l("Select who you have reported it to, or select that you have not reported it"),
    )
    crime_reference = short_text(
        _l("Police crime reference number (optional)"), _l("Crime reference must be 50 characters or fewer"), limit=50
    )
    landlord = OptionalChoice(
        _l("Which landlord?"),
        choices=[
            ("council", _l("The council’s housing service")),
            ("housing_association", _l("A housing association")),
            ("private", _l("A private landlord or letting agent")),
        ],
        message=_l("Select which landlord you reported it to"),
    )
    housing_association = short_text(
        _l("Name of the housing association"), _l("Housing association must be 200 characters or fewer")
    )
    elsewhere = short_text(
        _l("Who did you report it to?"), _l("Who you reported it to must be 200 characters or fewer")
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        chosen = self.reported_to.data or []
        if "nobody" in chosen and len(chosen) > 1:
            self.reported_to.errors = [
                str(_l("Select who you have reported it to, or select that you have not reported it, not both"))
            ]
            valid = False
        if "police" not in chosen:
            self.clear(self.crime_reference)
        if "landlord" in chosen:
            valid = self.need(self.landlord, _l("Select which landlord you reported it to")) and valid
            if self.landlord.data == "housing_association":
                valid = self.need(self.housing_association, _l("Enter the name of the housing association")) and valid
            else:
                self.clear(self.housing_association)
        else:
            self.clear(self.landlord, self.housing_association)
        if "elsewhere" in chosen:
            valid = self.need(self.elsewhere, _l("Enter who you reported it to")) and valid
        else:
            self.clear(self.elsewhere)
        return valid


class HousingForm(ReportForm):
    social_tenant = Choice(
        _l("Does the person it is happening to rent their home from the council or a housing association?"),
        choices=[
            ("council", _l("Yes, from the council")),
            ("housing_association", _l("Yes, from a housing association")),
            ("no", _l("No")),
            ("not_sure", _l("I’m not sure")),
        ],
        message=_l("Select whether they rent their home from the council or a housing association"),
    )
    housing_association = short_text(
        _l("Name of the housing association"), _l("Housing association must be 200 characters or fewer")
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.social_tenant.data != "housing_association":
            self.clear(self.housing_association)
        return valid


class OutcomeForm(ReportForm):
    outcomes = MultiChoice(
        _l("What would you like to happen?"),
        description=_l("Select all that apply."),
        choices=[
            ("stop", _l("I want it to stop")),
            ("feel_safe", _l("I want to feel safe")),
            ("action", _l("I want action taken against the people responsible")),
            ("advice", _l("I want advice or support")),
            ("record", _l("I want it recorded, so you know it happened")),
            ("other", _l("Something else")),
        ],
        message=_l("Select what you would like to happen"),
    )
    details = long_text(
        _l("Tell us more about what you would like to happen (optional)"),
        _l("What you would like to happen must be 2,000 characters or fewer"),
    )


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
    files = MultipleFileField(
        _l("Upload photos or screenshots (optional)"),
        description=_l("JPEG or PNG files only. You can choose more than one file."),
    )
    # Set by the view once the files are kept: how many the draft has.
    stored_count = 0

    def answers(self) -> dict[str, Any]:
        return {"count": self.stored_count}


MONITORING_NOT_SAY = ("prefer_not", _l("Prefer not to say"))


class MonitoringForm(ReportForm):
    answer = Choice(
        _l("Do you want to answer some equality questions?"),
        description=_l(
            "These questions are optional and separate from your report. The answers help us find out who is not "
            "reporting to us. They do not change how we deal with your report."
        ),
        choices=[("yes", _l("Yes")), ("no", _l("No, skip these questions"))],
        message=_l("Select yes if you want to answer the equality questions"),
    )


class MonitoringQuestionsForm(ReportForm):
    age_band = OptionalChoice(
        _l("Your age"),
        choices=[
            ("under_18", _l("Under 18")),
            ("18_24", _l("18 to 24")),
            ("25_34", _l("25 to 34")),
            ("35_44", _l("35 to 44")),
            ("45_54", _l("45 to 54")),
            ("55_64", _l("55 to 64")),
            ("65_plus", _l("65 or over")),
            MONITORING_NOT_SAY,
        ],
        message=_l("Select your age"),
    )
    sex = OptionalChoice(
        _l("Your sex"),
        choices=[("female", _l("Female")), ("male", _l("Male")), MONITORING_NOT_SAY],
        message=_l("Select your sex"),
    )
    gender_identity = OptionalChoice(
        _l("Is the gender you identify with the same as your sex registered at birth?"),
        choices=[*YES_NO, MONITORING_NOT_SAY],
        message=_l("Select whether your gender identity is the same as your sex registered at birth"),
    )
    ethnicity = OptionalChoice(
        _l("Your ethnic group"),
        choices=[
            ("asian", _l("Asian or Asian British")),
            ("black", _l("Black, Black British, Caribbean or African")),
            ("mixed", _l("Mixed or multiple ethnic groups")),
            ("white", _l("White")),
            ("gypsy_roma_traveller", _l("Gypsy, Roma or Irish Traveller")),
            ("arab", _l("Arab")),
            ("other", _l("Another ethnic group")),
            MONITORING_NOT_SAY,
        ],
        message=_l("Select your ethnic group"),
    )
    religion = OptionalChoice(
        _l("Your religion or belief"),
        choices=[
            ("none", _l("No religion")),
            ("buddhist", _l("Buddhist")),
            ("christian", _l("Christian")),
            ("hindu", _l("Hindu")),
            ("jewish", _l("Jewish")),
            ("muslim", _l("Muslim")),
            ("sikh", _l("Sikh")),
            ("other", _l("Another religion or belief")),
            MONITORING_NOT_SAY,
        ],
        message=_l("Select your religion or belief"),
    )
    sexual_orientation = OptionalChoice(
        _l("Your sexual orientation"),
        choices=[
            ("straight", _l("Straight or heterosexual")),
            ("gay_lesbian", _l("Gay or lesbian")),
            ("bisexual", _l("Bisexual")),
            ("other", _l("Another sexual orientation")),
            MONITORING_NOT_SAY,
        ],
        message=_l("Select your sexual orientation"),
    )
    disability = OptionalChoice(
        _l("Do you consider yourself to have a disability?"),
        choices=[*YES_NO, MONITORING_NOT_SAY],
        message=_l("Select whether you consider yourself to have a disability"),
    )

"""The report's first questions: danger now, who is reporting, what kind of incident, what
happened and when."""

import re
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from portal.core.reporting_options import ASB_TYPES, NOT_SURE, hate_strands
from portal.forms import Choice, DateParts, MultiChoice, max_length, require
from portal.questions.fields import (
    DESCRIPTION_LIMIT,
    YES_NO,
    OptionalChoice,
    ReportForm,
    short_text,
)


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

"""The report's questions about the circumstances: where, the people involved, the impact,
who else knows, housing and the outcome wanted."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Optional

from portal.forms import Choice, MultiChoice, max_length
from portal.questions.fields import YES_NO, OptionalChoice, ReportForm, long_text, normalise_postcode, short_text


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

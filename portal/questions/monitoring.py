"""The optional equality (monitoring) questions, kept apart from the report."""

from flask_babel import lazy_gettext as _l

from portal.forms import Choice
from portal.questions.fields import YES_NO, OptionalChoice, ReportForm

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

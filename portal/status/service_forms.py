"""Forms for the satisfaction survey and a concern about the lead agency."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from portal.forms import BaseForm, Choice, max_length, require
from portal.quality.concerns import CONCERN_LIMIT
from portal.quality.survey import COMMENTS_LIMIT

YES_PARTLY_NO = [("yes", _l("Yes")), ("partly", _l("Partly")), ("no", _l("No"))]


class SurveyForm(BaseForm):
    satisfaction = Choice(
        _l("Overall, how satisfied are you with how the Casework Team dealt with your report?"),
        choices=[
            ("very_satisfied", _l("Very satisfied")),
            ("satisfied", _l("Satisfied")),
            ("neither", _l("Neither satisfied nor dissatisfied")),
            ("dissatisfied", _l("Dissatisfied")),
            ("very_dissatisfied", _l("Very dissatisfied")),
        ],
        message=_l("Select how satisfied you are"),
    )
    outcome_as_wanted = Choice(
        _l("Was the outcome what you wanted?"),
        choices=YES_PARTLY_NO,
        message=_l("Select if the outcome was what you wanted"),
    )
    updates_as_agreed = Choice(
        _l("Did you hear from us as often, and in the way, we agreed?"),
        choices=YES_PARTLY_NO,
        message=_l("Select if you heard from us as agreed"),
    )
    comments = TextAreaField(
        _l("Is there anything else you want to tell us? (optional)"),
        description=_l("Your answers are kept apart from your report. Do not include names or addresses."),
        validators=[max_length(COMMENTS_LIMIT, _l("Your comments must be 2,000 characters or fewer"))],
    )


class ConcernForm(BaseForm):
    concern = TextAreaField(
        _l("What are you unhappy about?"),
        description=_l(
            "For example, you have not heard from them, or something they said they would do has not happened."
        ),
        validators=[
            require(_l("Enter what you are unhappy about")),
            max_length(CONCERN_LIMIT, _l("What you are unhappy about must be 5,000 characters or fewer")),
        ],
    )

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from portal.forms import BaseForm, Choice, max_length


class CheckForm(BaseForm):
    met_standards = Choice(
        _l("Did this case meet the service standards?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        message=_l("Select if the case met the service standards"),
    )
    note = TextAreaField(
        _l("Note (optional)"),
        description=_l("What you found. Do not write down anything that could identify someone."),
        validators=[max_length(2000, _l("The note must be 2,000 characters or fewer"))],
    )

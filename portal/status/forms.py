from flask_babel import lazy_gettext as _l
from wtforms import StringField

from portal.forms import BaseForm, require


class LookupForm(BaseForm):
    tracking_code = StringField(
        _l("Tracking code"),
        description=_l("This is the code we gave you when you sent your report, for example ABCD-EFGH-JKMN-PQRS-TV."),
        validators=[require(_l("Enter your tracking code"))],
    )

"""The questions of the report (public journey, partner journey and API), one form per page.

Follow-up questions revealed by an answer (GOV.UK conditional reveals) are checked in the
form's `validate`, and cleared when the answer that reveals them is not chosen, so the draft
only keeps what applies. This module: the building blocks every page form uses."""

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Optional

from portal.forms import BaseForm, Choice, DateParts, max_length

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

"""Form building blocks shared by every journey: whitespace stripped, messages translated."""

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, FormField, PasswordField, RadioField, SelectMultipleField, StringField, ValidationError
from wtforms.validators import Email, Optional, StopValidation

from portal.edge import clean_text


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every field's text is normalised (portal.edge: controls and bidi overrides removed, NFC)
    and stripped, and no form ever shows a WTForms built-in message."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            filters = unbound_field.kwargs.get("filters", [])
            if strip_whitespace not in filters and not issubclass(unbound_field.field_class, FormField):
                unbound_field.kwargs["filters"] = [clean_text, strip_whitespace, *filters]
            return unbound_field.bind(form=form, **options)

    def answers(self) -> dict[str, Any]:
        """The form's answers as JSON-ready values for a draft."""
        data = {}
        for field in self:
            if field.type in ("CSRFTokenField", "SubmitField", "FileField", "MultipleFileField"):
                continue
            data[field.name] = _serialisable(field.data)
        return data


def _serialisable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _serialisable(item) for key, item in value.items() if key != "csrf_token"}
    return value


class Choice(RadioField):
    """A radio question; an unknown value (a tampered form) gets the field's own message."""

    def __init__(self, label: Any = None, validators: Any = None, message: Any = None, **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Select an option")
        self.validate_choice = False

    def pre_validate(self, form: Any) -> None:
        values = {value for value, *_ in self.iter_choices()}
        if self.data not in values:
            self.errors[:] = []
            raise StopValidation(str(self.message))


class MultiChoice(SelectMultipleField):
    """Checkboxes; with required=True at least one must be ticked."""

    def __init__(
        self, label: Any = None, validators: Any = None, message: Any = None, required: bool = True, **kwargs: Any
    ):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Select at least one option")
        self.required = required
        self.validate_choice = False

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = [value for value in valuelist if isinstance(value, str)]

    def pre_validate(self, form: Any) -> None:
        values = {value for value, *_ in self.iter_choices()}
        if (self.required and not self.data) or any(value not in values for value in self.data or []):
            raise StopValidation(str(self.message))


class DatePartsForm(Form):
    day = StringField()
    month = StringField()
    year = StringField()


class DateParts(FormField):
    """A GOV.UK date input: day, month and year boxes, checked together.

    WTForms validates a FormField only through the enclosed day/month/year form (which has no
    checks) and gives it a read-only errors dict, so this field runs its own checks and keeps
    its messages as a list like any other field."""

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        required: bool = True,
        missing: Any = None,
        invalid: Any = None,
        **kwargs: Any,
    ):
        super().__init__(DatePartsForm, label, validators, separator="-", **kwargs)
        self.required = required
        self.missing = missing or _l("Enter the date")
        self.invalid = invalid or _l("Enter a real date, for example 27 3 2026")
        self._messages: list[str] = []

    @property
    def errors(self) -> list[str]:
        return self._messages

    @errors.setter
    def errors(self, messages: list[str]) -> None:
        self._messages = list(messages)

    def validate(self, form: Any, extra_validators: Any = ()) -> bool:
        self._messages = []
        try:
            self.pre_validate(form)
        except StopValidation as problem:
            self._messages = [str(problem.args[0])]
        return not self._messages

    def as_date(self) -> date | None:
        parts = [(self.form[name].data or "").strip() for name in ("day", "month", "year")]
        if not any(parts):
            return None
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            return None

    def pre_validate(self, form: Any) -> None:
        parts = [(self.form[name].data or "").strip() for name in ("day", "month", "year")]
        if not any(parts):
            if self.required:
                raise StopValidation(str(self.missing))
            return
        if self.as_date() is None:
            raise StopValidation(str(self.invalid))


def require(message: Any) -> Any:
    """An InputRequired-style check with a message that says what to do."""

    def check(form: Any, field: Field) -> None:
        if field.data is None or (isinstance(field.data, str) and not field.data):
            raise StopValidation(str(message))

    return check


def max_length(limit: int, message: Any) -> Any:
    def check(form: Any, field: Field) -> None:
        if isinstance(field.data, str) and len(field.data) > limit:
            raise ValidationError(str(message))

    check.field_flags = {"maxlength": limit}  # type: ignore[attr-defined]
    return check


def email_field(label: Any = None, description: Any = None) -> StringField:
    """An optional email address, checked for form and length; journeys decide when it is needed."""
    return StringField(
        label or _l("Email address"),
        description=description,
        validators=[
            Optional(),
            max_length(320, _l("Email address must be 320 characters or fewer")),
            Email(message=_l("Enter an email address in the correct format, like name@example.com")),
        ],
    )


def normalise_uk_phone(value: str | None) -> str | None:
    """A UK phone number as 11 digits starting 0 (+44 and 0044 accepted); None when it is not one."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    for prefix in ("+44", "0044"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :].lstrip("0")
    return digits if re.fullmatch(r"0\d{9,10}", digits) else None


def uk_mobile(value: str | None) -> str | None:
    """A UK mobile number (07…), normalised; None when it is not one."""
    phone = normalise_uk_phone(value)
    return phone if phone and re.fullmatch(r"07\d{9}", phone) else None


class SignInForm(BaseForm):
    """Staff and partner sign-in: the same questions and messages on both doors."""

    email = StringField(_l("Email address"), validators=[require(_l("Enter your email address"))])
    password = PasswordField(_l("Password"), validators=[require(_l("Enter your password"))])


class CodeForm(BaseForm):
    """The second factor: a code from an authenticator app (portal/totp.py)."""

    code = StringField(
        _l("Security code"),
        description=_l("The 6-digit code from your authenticator app"),
        validators=[require(_l("Enter the security code")), max_length(20, _l("Enter the 6-digit security code"))],
    )

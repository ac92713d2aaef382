"""The JSON Schema of the report's answers, generated from the question definitions themselves
(portal/questions: the forms and pages the web journeys use), so the document and the
validator cannot drift apart.

What a field declares is read directly: radios are required enumerations, optional radios
optional ones, checkboxes required non-empty lists, `require()` text is required and not blank,
`max_length` is maxLength. What a form or a page decides in code (a follow-up question revealed
by an answer, a page that applies only after some answers, an option that excludes the others)
is found by asking the code: each rule is probed with the real form or `Page.applies` and
written down as JSON Schema `if`/`then`. Formats the forms check in code (phone, postcode,
link) are stated as patterns here and proved against the forms by tests/api/test_answer_schema.py.
"""

import copy
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import get_locale
from werkzeug.datastructures import MultiDict
from wtforms import Field

from portal.core.answers import Answers
from portal.forms import BaseForm, Choice, DateParts, MultiChoice
from portal.journeys import Page

SKIPPED_FIELDS = ("CSRFTokenField", "SubmitField", "FileField", "MultipleFileField")

# Values that satisfy each kind of field while probing a form.
SAMPLE_TEXT = "Sample answer"
SAMPLE_DATE = "2024-05-01"


SOME_TEXT = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
NOT_NULL = {"not": {"type": "null"}}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """null is taken as no answer, the same as leaving the field out."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def past_date_pattern(today: date | None = None) -> str:
    """Real dates up to the end of last year (days 1-28, so every match is a real date): a
    subset of what the forms accept (any real date up to today) that a pattern can state."""
    years = "|".join(["19[0-9]{2}", *(str(year) for year in range(2000, (today or date.today()).year))])
    return rf"^({years})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"


# Formats checked in code by the forms; tests prove the patterns accept only what they accept.
PATTERNS = {
    "phone": r"^0[1-9][0-9]{9}$",
    "postcode": r"^ ?[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2} ?$",
    "link": r"^https?://[!-~]+$",
}
FORMATS = {"email": r"^[a-z]{1,20}@[a-z]{1,20}\.example\.org$"}
SAMPLES = {"phone": "01273290000", "postcode": "BN1 1AA", "link": "https://x.example/a", "email": "a@b.example.org"}
# Narrower formats some answers call for (a text message needs a mobile number): tried in turn
# when the form refuses the sample above, and stated in the `then` of that answer's rule.
NARROWER = {"phone": [(r"^07[0-9]{9}$", "07700900982")]}


def fields(form_class: type[BaseForm]) -> list[Field]:
    return [field for field in form_class(formdata=None, meta={"csrf": False}) if field.type not in SKIPPED_FIELDS]


def choices(field: Field) -> list[str]:
    return [value for value, *_ in (field.choices or [])]


def _is_optional_choice(field: Field) -> bool:
    # OptionalChoice accepts "nothing chosen"; a plain Choice does not.
    return isinstance(field, Choice) and type(field).__name__ == "OptionalChoice"


def _text_required(field: Field) -> bool:
    return any(getattr(check, "__qualname__", "").startswith("require.") for check in field.validators)


def _sample(field: Field) -> Any:
    if isinstance(field, DateParts):
        return SAMPLE_DATE
    if isinstance(field, MultiChoice):
        return choices(field)[-1:]
    if isinstance(field, Choice):
        return choices(field)[0]
    return SAMPLES.get(field.name, SAMPLE_TEXT)


def formdata(form_class: type[BaseForm], values: dict[str, Any]) -> MultiDict:
    """Answers in the shape the browser posts them (dates in three parts)."""
    by_name = {field.name: field for field in fields(form_class)}
    data: MultiDict = MultiDict([("_api", "1")])
    for name, value in values.items():
        field = by_name[name]
        if isinstance(field, DateParts):
            year, month, day = str(value).split("-")
            data.add(f"{name}-year", year)
            data.add(f"{name}-month", month.lstrip("0"))
            data.add(f"{name}-day", day.lstrip("0"))
        elif isinstance(value, list):
            for item in value:
                data.add(name, item)
        else:
            data.add(name, value)
    return data


def errors_for(form_class: type[BaseForm], values: dict[str, Any]) -> dict[str, list[str]]:
    form = form_class(formdata=formdata(form_class, values), meta={"csrf": False})
    form.validate()
    return {field.name: list(field.errors) for field in form if field.errors}


def _static_required(field: Field) -> bool:
    if isinstance(field, MultiChoice):
        return bool(field.required)
    if isinstance(field, Choice):
        return not _is_optional_choice(field)
    return _text_required(field)


Settled = tuple[dict[str, Any], set[str], dict[str, str]]


def _settle(form_class: type[BaseForm], values: dict[str, Any]) -> Settled | None:
    """Fill in what the form asks for, from samples, until it is valid: the answers, the fields
    that had to be filled, and the narrower patterns it needed. None if the form still refuses."""
    by_name = {field.name: field for field in fields(form_class)}
    values = dict(values)
    filled: set[str] = set()
    narrowed: dict[str, str] = {}
    for _ in range(2 * len(by_name) + 1):
        problems = errors_for(form_class, values)
        if not problems:
            return values, filled, narrowed
        missing = [name for name in problems if name not in values]
        if not missing:
            refused = [name for name in problems if NARROWER.get(name) and name not in narrowed]
            if not refused:
                return None
            for name in refused:
                pattern, sample = NARROWER[name][0]
                values[name], narrowed[name] = sample, pattern
            continue
        for name in missing:
            values[name] = _sample(by_name[name])
            filled.add(name)
    return None


def conditional_requirements(
    form_class: type[BaseForm],
) -> list[tuple[str, str, tuple[str, ...], dict[str, str]]]:
    """(choice field, value, fields that answer then requires, narrower patterns it needs),
    found by asking the form."""
    page_fields = fields(form_class)
    base = {field.name: _sample(field) for field in page_fields if _static_required(field)}
    # A question revealed by a ticked box has its own follow-ups: probe with each box ticked too.
    bases = [base] + [
        {**base, field.name: [option]}
        for field in page_fields
        if isinstance(field, MultiChoice) and field.name in base
        for option in choices(field)
    ]
    rules = []
    always = set(always_required(form_class))
    for field in page_fields:
        if not isinstance(field, (Choice, MultiChoice)):
            continue
        ticked = isinstance(field, MultiChoice)
        needs: dict[str, set[str]] = {value: set() for value in choices(field)}
        narrower: dict[str, dict[str, str]] = {value: {} for value in choices(field)}
        for start in bases:
            found: dict[str, set[str]] = {}
            for value in choices(field):
                settled = _settle(form_class, {**start, field.name: [value] if ticked else value})
                found[value] = settled[1] if settled else set()
                if settled:
                    narrower[value].update(settled[2])
            common = set.intersection(*found.values()) if found else set()
            for value, names in found.items():
                needs[value] |= names - common - set(start)
        for value, names in needs.items():
            own = tuple(sorted(names - always))
            if own or narrower[value]:
                rules.append((field.name, value, own, narrower[value]))
    return rules


def always_required(form_class: type[BaseForm]) -> list[str]:
    """Fields the form asks for whatever else is answered: present in every valid set of answers
    the probes found, and missed by the form whenever one of them is taken away."""
    page_fields = fields(form_class)
    base = {field.name: _sample(field) for field in page_fields if _static_required(field)}
    variants = [settled[0] for settled in [_settle(form_class, base)] if settled]
    for field in page_fields:
        if isinstance(field, Choice) and not isinstance(field, MultiChoice):
            for value in choices(field):
                settled = _settle(form_class, {**base, field.name: value})
                if settled:
                    variants.append(settled[0])
    required = []
    for field in page_fields:
        if variants and all(
            field.name in variant
            and field.name in errors_for(form_class, {k: v for k, v in variant.items() if k != field.name})
            for variant in variants
        ):
            required.append(field.name)
    return required


def exclusive_options(form_class: type[BaseForm]) -> list[tuple[str, str]]:
    """(checkbox field, option) pairs where the option may not be ticked with any other."""
    page_fields = fields(form_class)
    base = {field.name: _sample(field) for field in page_fields if _static_required(field)}
    found = []
    for field in page_fields:
        if not isinstance(field, MultiChoice):
            continue
        options = choices(field)
        for option in options:
            others = [other for other in options if other != option]
            if others and errors_for(form_class, {**base, field.name: [option]}).get(field.name) is None:
                together = errors_for(form_class, {**base, field.name: [option, others[0]]})
                if (
                    field.name in together
                    and errors_for(form_class, {**base, field.name: others[:1]}).get(field.name) is None
                ):
                    found.append((field.name, option))
    return found


def field_schema(field: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if isinstance(field, DateParts):
        # Any real date up to today is accepted; the pattern states a subset that is always valid.
        schema = {
            "type": "string",
            "pattern": past_date_pattern(),
            "minLength": 10,
            "maxLength": 10,
        }
    elif isinstance(field, MultiChoice):
        schema = {"type": "array", "uniqueItems": True, "items": {"enum": choices(field)}}
        if field.required:
            schema["minItems"] = 1
    elif isinstance(field, Choice):
        schema = {"enum": choices(field)}
    else:
        schema = {"type": "string"}
        limit = field.flags.maxlength
        if limit:
            schema["maxLength"] = limit
        if field.name in PATTERNS:
            schema["pattern"] = PATTERNS[field.name]
        elif field.name in FORMATS:
            schema["format"] = "email"
            schema["pattern"] = FORMATS[field.name]
        else:
            # Normalised and stripped before it is checked (portal.edge): text of nothing but
            # spaces and control characters is no answer.
            schema["pattern"] = SOME_TEXT
    schema["description"] = str(field.label.text)
    return schema


def page_schema(page: Page) -> dict[str, Any]:
    page_fields = fields(page.form)
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "description": str(page.title),
        "required": always_required(page.form),
    }
    schema["properties"] = {
        field.name: field_schema(field) if field.name in schema["required"] else nullable(field_schema(field))
        for field in page_fields
    }
    by_name = {field.name: field for field in page_fields}
    rules: list[dict[str, Any]] = [
        {
            "if": {
                "properties": {
                    name: {"contains": {"const": value}} if isinstance(by_name[name], MultiChoice) else {"const": value}
                },
                "required": [name],
            },
            "then": {
                "required": list(needed),
                "properties": {
                    **dict.fromkeys(needed, NOT_NULL),
                    **{key: {"pattern": p} for key, p in narrow.items()},
                },
            },
        }
        for name, value, needed, narrow in conditional_requirements(page.form)
    ]
    rules += [
        {"not": {"properties": {name: {"contains": {"const": option}, "minItems": 2}}, "required": [name]}}
        for name, option in exclusive_options(page.form)
    ]
    if schema["required"]:
        rules.insert(0, {"properties": dict.fromkeys(schema["required"], NOT_NULL)})
    if rules:
        schema["allOf"] = rules
    return schema


def page_conditions(page: Page, earlier: Iterable[Page]) -> list[tuple[str, str, list[str]]]:
    """(page, field, values) whose answer makes `page` apply, found by asking `page.applies`."""
    conditions = []
    for other in earlier:
        for field in fields(other.form):
            if isinstance(field, Choice) and not isinstance(field, MultiChoice):
                values = [v for v in choices(field) if page.applies(Answers({"pages": {other.name: {field.name: v}}}))]
                if values and len(values) < len(choices(field)):
                    conditions.append((other.name, field.name, values))
    return conditions


def answers_schema(pages: list[Page]) -> dict[str, Any]:
    """Every page that always applies is required; a page that applies after some answers is
    required exactly then and must be left out otherwise. Probing takes a second or so, so the
    result is kept per app and language (the questions only change with a new release)."""
    kept = current_app.extensions.setdefault("answer_schema", {})
    key = (tuple(page.name for page in pages), str(get_locale()))
    if key not in kept:
        kept[key] = _answers_schema(pages)
    return copy.deepcopy(kept[key])


def _answers_schema(pages: list[Page]) -> dict[str, Any]:
    # A page left out is checked as a page with no answers: it is required only if it asks for one.
    asks = {page.name for page in pages if always_required(page.form)}
    always = [page.name for page in pages if page.applies(Answers({})) and page.name in asks]
    rules = []
    for index, page in enumerate(pages):
        if page.applies(Answers({})):
            continue
        conditions = page_conditions(page, pages[:index])
        if len(conditions) != 1:
            raise ValueError(f"cannot state when page {page.name} applies")  # a new kind of rule: extend this
        other, name, values = conditions[0]
        when = {"properties": {other: {"properties": {name: {"enum": values}}, "required": [name]}}}
        rule: dict[str, Any] = {"if": when, "else": {"not": {"required": [page.name]}}}
        if page.name in asks:
            rule["then"] = {"required": [page.name]}
        rules.append(rule)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": always,
        "properties": {page.name: page_schema(page) for page in pages},
        "allOf": rules,
    }

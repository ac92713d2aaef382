"""The shape of a council's rules (JSON Schema), and the checks a schema cannot express.

jsonschema rather than pydantic: the schema is data that ``flask rules check``, the docs and a
council's editor can all read, jsonschema is already used by the tests (intake payload), and
its errors carry the path of the key at fault, which is what every message has to name.
Each limit that comes from the law carries its reason (``x-why``) so the message can say it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

#: s.104 of the Anti-social Behaviour, Crime and Policing Act 2014.
STATUTORY_THRESHOLD_CEILING = 3
COMPLAINT_WITHIN_MONTHS_LAW = 1
APPLICATION_WITHIN_MONTHS_LAW = 6
#: Local rules may look back further than the law's six months, but not without limit.
LOCAL_WINDOW_MONTHS_MAX = 24
#: A stage timescale beyond a working year is a typo, not a service standard.
WORKING_DAYS_MAX = 260
REGIONS = ("england-wales", "wales", "scotland", "northern-ireland")
LEAD_AGENCIES = ("casework_team", "police", "housing_provider", "refer_on")
CONDITIONS = ("hate", "asb", "social_tenant", "reported_to_police")
LOCAL_RULE_KINDS = ("repeat_complaints",)

_BOOL = {"type": "boolean"}
_TEXT = {"type": "string", "minLength": 1}
_CODE = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TIME = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "x-format": 'a 24-hour time like "17:00"'}


def _whole(minimum: int, maximum: int | None = None, why: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    if why:
        schema["x-why"] = why
    return schema


def _table(properties: Mapping[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": dict(properties), "additionalProperties": False, "required": list(required)}


_MONTHS = _whole(1, LOCAL_WINDOW_MONTHS_MAX)
_DAYS = _whole(0, WORKING_DAYS_MAX)
#: A reason shown to applicants: one text, or one per language code.
_REASON = {
    "anyOf": [_TEXT, {"type": "object", "additionalProperties": _TEXT, "propertyNames": _CODE, "minProperties": 1}],
    "x-format": "text, or a table of texts by language code",
}

_CONDITION = _table({**dict.fromkeys(CONDITIONS, _BOOL), "strands": {"type": "array", "items": _CODE}})

SCHEMA: dict[str, Any] = _table(
    {
        "community_trigger": _table(
            {
                "statutory": _table(
                    {
                        "enabled": _BOOL,
                        "threshold": _whole(
                            1,
                            STATUTORY_THRESHOLD_CEILING,
                            "the law makes 3 qualifying complaints the highest threshold allowed",
                        ),
                        "complaint_within_months": _whole(
                            1,
                            COMPLAINT_WITHIN_MONTHS_LAW,
                            "the law counts a complaint made within one month of the behaviour",
                        ),
                        "application_within_months": _whole(
                            1,
                            APPLICATION_WITHIN_MONTHS_LAW,
                            "the law counts an application made within six months of the complaint",
                        ),
                    }
                ),
                "households": _table({"enabled": _BOOL, "min_households": _whole(1), "window_months": _MONTHS}),
                "hate": _table({"enabled": _BOOL, "window_months": _MONTHS}),
                "no_action": _table({"enabled": _BOOL, "days": _whole(1, 365), "window_months": _MONTHS}),
                "local": {
                    "type": "object",
                    "propertyNames": _CODE,
                    "additionalProperties": _table(
                        {
                            "enabled": _BOOL,
                            "kind": {"enum": list(LOCAL_RULE_KINDS)},
                            "min_complaints": _whole(1),
                            "window_months": _MONTHS,
                            "hate_only": _BOOL,
                            "vulnerable_victim_only": _BOOL,
                            "title": _REASON,
                            "reason_met": _REASON,
                            "reason_not_met": _REASON,
                        },
                        required=("kind", "min_complaints", "window_months", "title", "reason_met", "reason_not_met"),
                    ),
                },
                "timescales": _table(dict.fromkeys(("acknowledge", "decision", "review", "outcome"), _DAYS)),
                "escalation": _table({"body": _TEXT, "working_days": _whole(1, WORKING_DAYS_MAX)}),
                "hint": _table({"earlier_report_within_days": _whole(1, 3660)}),
            }
        ),
        "triage": _table(
            {
                "lead": {
                    "type": "array",
                    "minItems": 1,
                    "items": _table(
                        {"when": _CONDITION, "lead": {"enum": list(LEAD_AGENCIES)}, "reason": _TEXT},
                        required=("when", "lead", "reason"),
                    ),
                },
                "notes": {
                    "type": "array",
                    "items": _table({"when": _CONDITION, "reason": _TEXT}, required=("when", "reason")),
                },
            }
        ),
        "risk": _table(
            {
                "medium_from": _whole(1),
                "high_from": _whole(1),
                "long_running_days": _whole(1, 3660),
                "weights": {"type": "object", "propertyNames": _CODE, "additionalProperties": _whole(0, 100)},
            }
        ),
        "vocabulary": _table(
            {
                "strands": {"type": "array", "items": _CODE, "minItems": 1, "uniqueItems": True},
                "strand_aliases": {"type": "object", "propertyNames": _CODE, "additionalProperties": _CODE},
                "strand_labels": {"type": "object", "propertyNames": _CODE, "additionalProperties": _REASON},
                "asb_categories": {"type": "array", "items": _CODE, "minItems": 1, "uniqueItems": True},
                "asb_types": {
                    "type": "object",
                    "propertyNames": _CODE,
                    "additionalProperties": _CODE,
                    "minProperties": 1,
                },
                "asb_type_labels": {"type": "object", "propertyNames": _CODE, "additionalProperties": _REASON},
            }
        ),
        "working_days": _table(
            {
                "region": {"enum": list(REGIONS)},
                "office_opens": _TIME,
                "office_closes": _TIME,
                "assessment_working_days": _whole(0, WORKING_DAYS_MAX),
            }
        ),
        "retention": _table({"report_content_days": _whole(1, 3660)}),
        "languages": _table(
            {
                "offered": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
                "awaiting_review": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            }
        ),
        "statistics": _table({"suppress_below": _whole(1, 100), "round_to": _whole(1, 100)}),
    }
)

_VALIDATOR = Draft202012Validator(SCHEMA)
_JSON_TYPES = {
    "integer": "a whole number",
    "boolean": "true or false",
    "string": "text",
    "object": "a table",
    "array": "a list",
}


def dotted(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _unknown_keys(error: ValidationError, key: str, schema: Mapping[str, Any]) -> str:
    value = error.instance
    known = sorted(schema.get("properties", {}))
    extra = sorted(set(value) - set(known)) if isinstance(value, dict) else []
    where = f"{key}." if error.absolute_path else ""
    return (
        "; ".join(
            f"{where}{name}: unknown key" + (f" (the keys here are {', '.join(known)})" if known else "")
            for name in extra
        )
        or f"{key}: unknown key"
    )


def _bounds(error: ValidationError, key: str, why: str | None) -> str:
    value = error.instance
    if error.validator == "minimum":
        return f"{key}: is {value}; it must be {error.validator_value} or more"
    if key.endswith(".threshold"):
        return f"{key}: the threshold is {value}, but {why}"
    return f"{key}: is {value}; it must be at most {error.validator_value}" + (f", because {why}" if why else "")


def _message(error: ValidationError) -> str:
    key = dotted(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if error.validator == "additionalProperties":
        return _unknown_keys(error, key, schema)
    if error.validator in ("minimum", "maximum"):
        return _bounds(error, key, schema.get("x-why"))
    if error.validator == "propertyNames":
        return f"{key}.{value}: not a valid name (use lower-case letters, digits and _)"
    if error.validator == "type":
        expected = schema.get("type")
        return f"{key}: must be {_JSON_TYPES.get(str(expected), expected)}, not {_type_name(value)} ({value!r})"
    if error.validator == "enum":
        return f"{key}: is {value!r}; it must be one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else "a key"
        return f"{key}.{missing}: missing" if error.absolute_path else f"{missing}: missing"
    if error.validator == "pattern":
        what = schema.get("x-format") or "lower-case letters, digits and _"
        return f"{key}: is {value!r}; write it as {what}"
    if error.validator == "anyOf":
        return f"{key}: must be {schema.get('x-format', 'something else')}, not {_type_name(value)}"
    if error.validator == "uniqueItems":
        return f"{key}: lists the same value twice"
    if error.validator in ("minItems", "minProperties", "minLength"):
        return f"{key}: must not be empty"
    return f"{key}: {error.message}"


def schema_problems(data: Mapping[str, Any]) -> list[str]:
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: (dotted(e.absolute_path), str(e.validator)))
    return [_message(error) for error in errors]


def _conditions(rules: list[Any], where: str) -> list[tuple[str, Any]]:
    return [(f"{where}[{index}].when", rule.get("when", {})) for index, rule in enumerate(rules)]


def _vocabulary_problems(
    vocabulary: Mapping[str, Any], labelled_strands: set[str], labelled_asb_types: set[str]
) -> list[str]:
    problems = []
    strands = set(vocabulary["strands"])
    for code in vocabulary["strands"]:
        if code not in labelled_strands and code not in vocabulary["strand_labels"]:
            problems.append(f"vocabulary.strands: {code!r} has no label; give one in vocabulary.strand_labels")
    for alias, target in vocabulary["strand_aliases"].items():
        if target not in strands:
            problems.append(f"vocabulary.strand_aliases.{alias}: {target!r} is not a strand in vocabulary.strands")
        if alias in strands:
            problems.append(f"vocabulary.strand_aliases.{alias}: is itself a strand")
    categories = set(vocabulary["asb_categories"])
    for code, category in vocabulary["asb_types"].items():
        if category not in categories:
            problems.append(f"vocabulary.asb_types.{code}: {category!r} is not a category in vocabulary.asb_categories")
        if code not in labelled_asb_types and code not in vocabulary["asb_type_labels"]:
            problems.append(f"vocabulary.asb_types.{code}: has no label; give one in vocabulary.asb_type_labels")
    return problems


def _triage_problems(triage: Mapping[str, Any], strands: set[str]) -> list[str]:
    problems = []
    for where, when in _conditions(triage["lead"], "triage.lead") + _conditions(
        triage.get("notes", []), "triage.notes"
    ):
        for strand in when.get("strands", []):
            if strand not in strands:
                problems.append(f"{where}.strands: {strand!r} is not a strand in vocabulary.strands")
    if triage["lead"][-1]["when"]:
        problems.append("triage.lead: the last rule must have no conditions (when = {}), so every report gets a lead")
    return problems


def _language_problems(languages: Mapping[str, Any], known_languages: set[str]) -> list[str]:
    problems = []
    for index, code in enumerate(languages["offered"]):
        if code not in known_languages:
            problems.append(
                f"languages.offered[{index}]: {code!r} is not a language the portal has "
                f"(one of {', '.join(sorted(known_languages))})"
            )
    if "en" not in languages["offered"]:
        problems.append("languages.offered: must include en (the language every page falls back to)")
    for index, code in enumerate(languages["awaiting_review"]):
        if code not in languages["offered"]:
            problems.append(f"languages.awaiting_review[{index}]: {code!r} is not in languages.offered")
    return problems


def meaning_problems(
    data: Mapping[str, Any], known_languages: set[str], labelled_strands: set[str], labelled_asb_types: set[str]
) -> list[str]:
    """Checks across keys; runs only on data that passed the schema."""
    vocabulary = data["vocabulary"]
    problems = _vocabulary_problems(vocabulary, labelled_strands, labelled_asb_types)
    problems += _triage_problems(data["triage"], set(vocabulary["strands"]))
    risk = data["risk"]
    if risk["medium_from"] > risk["high_from"]:
        problems.append(f"risk.medium_from: is {risk['medium_from']}, above risk.high_from ({risk['high_from']})")
    hours = data["working_days"]
    if hours["office_opens"] >= hours["office_closes"]:
        problems.append(
            f"working_days.office_opens: {hours['office_opens']} must be before "
            f"office_closes ({hours['office_closes']})"
        )
    return problems + _language_problems(data["languages"], known_languages)


def warnings(data: Mapping[str, Any]) -> list[str]:
    """Allowed, but worth saying: a shorter statutory window narrows the test the law sets."""
    statutory = data["community_trigger"]["statutory"]
    out = []
    if statutory["application_within_months"] < APPLICATION_WITHIN_MONTHS_LAW:
        out.append(
            "community_trigger.statutory.application_within_months: shorter than the law's six months; the "
            "2025 guidance says local criteria may widen the statutory test but never narrow it"
        )
    if not statutory["enabled"]:
        out.append(
            "community_trigger.statutory.enabled: off; the statutory threshold must still be applied by a person"
        )
    return out

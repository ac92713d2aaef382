"""The JSON Schema of the intake payload (`portal.intake.v1`), and a validator for it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

SCHEMA_NAME = "portal.intake.v1"
SCHEMA_FILE = "intake-v1.json"

__all__ = ["SCHEMA_NAME", "ValidationError", "load_schema", "validate_payload"]

# RFC 3339: a time zone offset is required, unlike datetime.fromisoformat.
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)

# jsonschema checks date-time only when an optional package is installed; due times matter,
# so check them here without that dependency. The other formats keep jsonschema's checks.
_formats = FormatChecker()


@_formats.checks("date-time", raises=ValueError)
def _is_date_time(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    if not _DATE_TIME.fullmatch(instance):
        return False
    datetime.fromisoformat(instance.upper())
    return True


def load_schema() -> dict[str, Any]:
    """A fresh copy of the schema document."""
    text = resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_formats)


def validate_payload(payload: Any) -> None:
    """Raise jsonschema's ValidationError (the most relevant one) if `payload` breaks the schema."""
    error = best_match(_validator().iter_errors(payload))
    if error is not None:
        raise error

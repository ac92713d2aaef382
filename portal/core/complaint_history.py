"""The complaint history a Community Trigger application rests on: the earlier complaints, to
which agency, by which household. It is built from the applicant's draft (typed-in complaints and
portal reports found by tracking code) or read from a JSON file (`flask trigger assess FILE`).

The file's format is `trigger-history.schema.json` beside this module (JSON Schema 2020-12),
described for people in docs/community-trigger.md ("History format"). `load_history` checks a
file against the schema, then the rules a schema cannot state: a complaint is not reported
before it happened nor after the application, and every complaint has a household."""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from portal.models import Submission

Source = Literal["portal", "typed"]
SOURCES: tuple[Source, ...] = ("portal", "typed")


class HistoryError(ValueError):
    """A complaint history given to ``load_history`` is not valid."""


@dataclass(frozen=True, kw_only=True)
class Complaint:
    """One earlier complaint about the behaviour, to one agency, by one household."""

    incident_date: date
    reported_date: date
    agency: str
    reference: str | None = None
    household_key: str
    location_key: str | None = None
    is_hate: bool = False
    incident_key: str | None = None
    action_taken: bool | None = None
    source: Source = "typed"

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise HistoryError(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")

    @property
    def incident_identity(self) -> Hashable:
        """Reports of one incident to several agencies share this, so they count once."""
        if self.incident_key is not None:
            return ("key", self.incident_key)
        return ("day", self.incident_date, self.household_key)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "incident_date": self.incident_date.isoformat(),
            "reported_date": self.reported_date.isoformat(),
            "agency": self.agency,
            "reference": self.reference,
            "household_key": self.household_key,
            "location_key": self.location_key,
            "is_hate": self.is_hate,
            "incident_key": self.incident_key,
            "action_taken": self.action_taken,
            "source": self.source,
        }


# Built from the applicant's draft.


def complaint_from_report(report: Submission, household: str) -> Complaint:
    """A report made through this portal, as a complaint to the council on the day it was received."""
    return Complaint(
        incident_date=report.incident_date or report.created_at.date(),
        reported_date=report.received_on,
        agency="council",
        reference=report.reference,
        household_key=household,
        location_key=report.location_key,
        is_hate=report.is_hate,
        incident_key=f"portal:{report.id}",
        source="portal",
    )


def complaint_from_row(row: dict[str, Any], household: str, place: str | None) -> Complaint:
    """A complaint the applicant typed in (a row of the "add another" list in their draft)."""
    return Complaint(
        incident_date=date.fromisoformat(row["incident_date"]),
        reported_date=date.fromisoformat(row["reported_date"]),
        agency=row["agency"],
        reference=row.get("reference") or None,
        household_key=household,
        location_key=place,
        is_hate=row.get("is_hate") == ["yes"],
        action_taken={"yes": True, "no": False}.get(row.get("action") or ""),
        source="typed",
    )


# Read from a file (flask trigger assess).

SCHEMA_FILE = "trigger-history.schema.json"


@cache
def history_schema() -> dict[str, Any]:
    """The JSON Schema of a history file."""
    text = resources.files("portal.core").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _where(path: Sequence[Any]) -> str:
    """A JSON path as the messages write it: complaints[2].reported_date."""
    where = ""
    for step in path:
        where += f"[{step}]" if isinstance(step, int) else (f".{step}" if where else str(step))
    return where


def _schema_problem(error: ValidationError) -> str:
    """The first problem the schema finds, said the way a person fixing the file needs it."""
    where = _where(list(error.absolute_path))
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        if missing == "complaints":
            return "complaints must be a list (it may be empty)"
        return f"{where}.{missing} is missing" if where else f"{missing} is missing"
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown key(s) in {where or 'the history'}: {', '.join(map(str, unknown))}"
    message = error.schema.get("x-message", error.message)
    return f"{where or 'the history'} {message}, not {error.instance!r}"


def _checked_dates(item: Mapping[str, Any], where: str) -> tuple[date, date]:
    """The schema has checked the form of the dates; these are the checks it cannot make."""
    incident_date = _parse_date(item["incident_date"], f"{where}.incident_date")
    reported_date = _parse_date(item["reported_date"], f"{where}.reported_date")
    if reported_date < incident_date:
        raise HistoryError(f"{where}.reported_date is before its incident_date")
    return incident_date, reported_date


def _parse_date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HistoryError(f"{where} must be a date written as YYYY-MM-DD, not {value!r}") from None


def _complaint(item: Mapping[str, Any], where: str, application_date: date, applicant: str | None) -> Complaint:
    incident_date, reported_date = _checked_dates(item, where)
    if reported_date > application_date:
        raise HistoryError(f"{where}.reported_date is after the application_date")
    household = item.get("household_key") or applicant
    if household is None:
        raise HistoryError(
            f"{where}.household_key is missing (it may be left out only when applicant_household is given)"
        )
    return Complaint(
        incident_date=incident_date,
        reported_date=reported_date,
        agency=item["agency"],
        household_key=household,
        reference=item.get("reference"),
        location_key=item.get("location_key"),
        is_hate=item.get("is_hate", False),
        incident_key=item.get("incident_key"),
        action_taken=item.get("action_taken"),
        source=item.get("source", "typed"),
    )


def load_history(data: Any) -> tuple[date, list[Complaint], str | None]:
    """Read a history in the format of ``trigger-history.schema.json``.

    Returns the application date, the complaints and the applicant's household key.
    Raises ``HistoryError`` (a ``ValueError``) naming the first problem found, e.g. ``complaints[2].reported_date``.
    """
    problem = best_match(Draft202012Validator(history_schema()).iter_errors(data))
    if problem is not None:
        raise HistoryError(_schema_problem(problem))
    application_date = _parse_date(data["application_date"], "application_date")
    applicant = data.get("applicant_household")
    complaints = [
        _complaint(item, f"complaints[{index}]", application_date, applicant)
        for index, item in enumerate(data["complaints"])
    ]
    return application_date, complaints, applicant

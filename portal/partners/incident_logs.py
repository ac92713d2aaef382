"""Anonymised incident logs from partners, for the statistics: a CSV of incidents the victim
did not want to report formally. Every row is checked before anything is stored; one bad row
and nothing is imported. A file uploaded again, or a row already recorded, counts once."""

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import IncidentLogEntry, IncidentLogImport, utcnow

COLUMNS = ("date", "type", "strands", "area", "channel")
TYPES = ("hate", "asb")
AREA_MAX = 100
# Letters of any script, digits, spaces and a little punctuation: enough for a ward or
# neighbourhood name, not enough for a sentence about a person.
AREA_PATTERN = re.compile(r"^[\w .,'&()/-]+$")
EXAMPLE_ROWS = (
    ("2026-03-02", "hate", "race;religion", "Central", "in_person"),
    ("2026-03-05", "asb", "", "North", "phone"),
)


@dataclass(frozen=True)
class Rules:
    strands: Sequence[str]
    channels: Sequence[str]
    max_bytes: int
    max_rows: int


@dataclass
class ImportResult:
    imported: IncidentLogImport | None = None
    new_rows: int = 0
    already_recorded: int = 0
    errors: list[str] = field(default_factory=list)
    duplicate_of: IncidentLogImport | None = None


@dataclass(frozen=True)
class Row:
    incident_date: date
    incident_type: str
    strands: tuple[str, ...]
    area: str
    channel: str

    def content_key(self) -> str:
        return "|".join(
            (
                self.incident_date.isoformat(),
                self.incident_type,
                ";".join(self.strands),
                self.area.lower(),
                self.channel,
            )
        )


def template_rows() -> tuple[tuple[str, ...], ...]:
    return (COLUMNS, *EXAMPLE_ROWS)


def _check_row(number: int, cells: dict[str, str], rules: Rules, today: date) -> tuple[Row | None, list[str]]:
    errors = []

    def problem(message: str) -> None:
        errors.append(_("Row %(number)s: %(problem)s", number=number, problem=message))

    incident_date = None
    raw_date = cells.get("date", "")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date):
            raise ValueError
        incident_date = date.fromisoformat(raw_date)
    except ValueError:
        problem(_("enter the date as YYYY-MM-DD, for example 2026-03-27"))
    else:
        if incident_date > today:
            problem(_("the date must be today or in the past"))
        elif incident_date.year < 2000:
            problem(_("the date must be in 2000 or later"))

    kind = cells.get("type", "").lower()
    if kind not in TYPES:
        problem(_("enter the type as hate or asb"))

    strands = tuple(sorted({item.strip().lower() for item in cells.get("strands", "").split(";") if item.strip()}))
    unknown = [item for item in strands if item not in rules.strands]
    if unknown:
        problem(_("use only these strands, separated by semicolons: %(strands)s", strands=", ".join(rules.strands)))
    elif kind == "hate" and not strands:
        problem(_("enter at least one strand for a hate incident"))
    elif kind == "asb" and strands:
        problem(_("leave strands empty for anti-social behaviour"))

    area = cells.get("area", "")
    if not area:
        problem(_("enter the area"))
    elif len(area) > AREA_MAX:
        problem(_("the area must be %(limit)s characters or fewer", limit=AREA_MAX))
    elif not AREA_PATTERN.fullmatch(area):
        problem(_("the area can only contain letters, numbers, spaces and . , ' & ( ) / -"))

    channel = cells.get("channel", "").lower()
    if channel not in rules.channels:
        problem(_("enter the channel as one of: %(channels)s", channels=", ".join(rules.channels)))

    if errors or incident_date is None:
        return None, errors
    return Row(incident_date, kind, strands, area, channel), []


def parse_log(content: bytes, rules: Rules, today: date) -> tuple[list[Row], list[str]]:
    """The file's rows, or the reasons it cannot be imported (per row where possible)."""
    if not content:
        return [], [_("The selected file is empty")]
    if len(content) > rules.max_bytes:
        return [], [_("The file must be smaller than %(size)s KB", size=rules.max_bytes // 1024)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("Save the file as CSV UTF-8 and upload it again")]
    if "\x00" in text:
        return [], [_("The selected file must be a CSV file")]
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return [], [_("The selected file must be a CSV file")]
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        return [], [_("The selected file is empty")]
    header = [cell.strip().lower() for cell in lines[0]]
    if tuple(header) != COLUMNS:
        return [], [_("The first row must be the column names: %(columns)s", columns=",".join(COLUMNS))]
    if len(lines) == 1:
        return [], [_("The file has no incidents in it")]
    if len(lines) - 1 > rules.max_rows:
        return [], [_("The file can have up to %(limit)s incidents. Split it into smaller files", limit=rules.max_rows)]
    rows, errors = [], []
    # Row numbers as a spreadsheet shows them: the column names are row 1.
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != len(COLUMNS):
            errors.append(
                _(
                    "Row %(number)s: %(problem)s",
                    number=number,
                    problem=_("enter exactly %(count)s values", count=len(COLUMNS)),
                )
            )
            continue
        row, problems = _check_row(
            number, dict(zip(COLUMNS, (cell.strip() for cell in line), strict=True)), rules, today
        )
        errors.extend(problems)
        if row is not None:
            rows.append(row)
    return rows, errors


def row_keys(organisation_id: int, rows: Sequence[Row]) -> list[str]:
    """A key per row: the same incident in a later file is recognised; two identical incidents
    in one file stay two (the second is numbered)."""
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        content = row.content_key()
        seen[content] += 1
        keys.append(hashlib.sha256(f"{organisation_id}|{content}|{seen[content]}".encode()).hexdigest())
    return keys


def previous_import(organisation_id: int, digest: str) -> IncidentLogImport | None:
    return db.session.scalar(
        select(IncidentLogImport).where(
            IncidentLogImport.organisation_id == organisation_id, IncidentLogImport.file_sha256 == digest
        )
    )


def import_log(
    organisation_id: int, uploaded_by_id: int | None, content: bytes, rules: Rules, now: datetime | None = None
) -> ImportResult:
    now = now or utcnow()
    digest = hashlib.sha256(content).hexdigest()
    earlier = previous_import(organisation_id, digest)
    if earlier is not None:
        return ImportResult(duplicate_of=earlier)
    rows, errors = parse_log(content, rules, now.date())
    if errors:
        return ImportResult(errors=errors)
    keys = row_keys(organisation_id, rows)
    known = set(
        db.session.scalars(
            select(IncidentLogEntry.row_key).where(
                IncidentLogEntry.organisation_id == organisation_id, IncidentLogEntry.row_key.in_(keys)
            )
        )
    )
    fresh = [(row, key) for row, key in zip(rows, keys, strict=True) if key not in known]
    record = IncidentLogImport(
        organisation_id=organisation_id,
        file_sha256=digest,
        row_count=len(fresh),
        uploaded_by_id=uploaded_by_id,
        created_at=now,
    )
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        # The same file, uploaded twice at the same moment: the other request stored it.
        db.session.rollback()
        return ImportResult(duplicate_of=previous_import(organisation_id, digest))
    db.session.add_all(
        IncidentLogEntry(
            import_id=record.id,
            organisation_id=organisation_id,
            row_key=key,
            incident_date=row.incident_date,
            incident_type=row.incident_type,
            strands=";".join(row.strands) or None,
            area=row.area,
            channel=row.channel,
        )
        for row, key in fresh
    )
    return ImportResult(imported=record, new_rows=len(fresh), already_recorded=len(rows) - len(fresh))


def imports(organisation_id: int) -> list[IncidentLogImport]:
    return list(
        db.session.scalars(
            select(IncidentLogImport)
            .where(IncidentLogImport.organisation_id == organisation_id)
            .order_by(IncidentLogImport.created_at.desc())
            .limit(100)
        )
    )

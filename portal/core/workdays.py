"""Working-day arithmetic for response deadlines.

Councils promise replies in *working days*: Monday to Friday, excluding the
bank holidays of the council's part of the UK (DOMAIN.md, "Working days").
The day of receipt is day 0. A report arriving at or after the office
closing time (local time), or on a weekend or bank holiday, counts as
received on the next working day. A deadline falls at closing time on the
working day ``n`` working days after receipt, returned in UTC so it can be
stored and compared without time-zone surprises around the clock change.

Bank holidays come from the ``holidays`` package, so future years,
substitute days and one-off holidays need no code change. The per-year
look-up is cached because it sits on the hot path of every list view.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = ["REGIONS", "WorkingCalendar", "calendar_from_config"]

#: Configuration names for the UK nations -> ``holidays`` GB subdivision.
#: England and Wales share a bank-holiday list in law but ``holidays`` keeps
#: them apart (they have diverged on one-off days), so Wales has its own name.
REGIONS: Mapping[str, str] = {
    "england-wales": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

_ONE_DAY = timedelta(days=1)
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})")


@lru_cache(maxsize=256)
def _holiday_dates(subdiv: str, year: int) -> frozenset[date]:
    """Bank holidays for one region and year; cached as building them is slow."""
    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=year))


@dataclass(frozen=True)
class WorkingCalendar:
    """A council's working week, bank holidays and office hours.

    Frozen (and so hashable) so one instance can be shared by the whole app.
    """

    region: str = "england-wales"
    office_opens: time = time(9, 0)
    office_closes: time = time(17, 0)
    timezone: str = "Europe/London"
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.region not in REGIONS:
            raise ValueError(f"unknown working-day region {self.region!r}; expected one of {', '.join(REGIONS)}")
        if self.office_opens >= self.office_closes:
            raise ValueError(
                f"office opens ({self.office_opens:%H:%M}) must be before it closes ({self.office_closes:%H:%M})"
            )
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        object.__setattr__(self, "_zone", zone)

    @property
    def subdiv(self) -> str:
        """The ``holidays`` subdivision code for this region (e.g. ``ENG``)."""
        return REGIONS[self.region]

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday and not a bank holiday in this region."""
        return d.weekday() < 5 and d not in _holiday_dates(self.subdiv, d.year)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def received_on(self, moment: datetime) -> date:
        """Working day on which a report made at ``moment`` counts as received.

        A naive ``moment`` is taken as UTC, which is what the database stores.
        """
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(self._zone)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.office_closes:
            return day
        return self.next_working_day(day)

    def add_working_days(self, d: date, n: int) -> date:
        """The date ``n`` working days after ``d`` (before it if ``n`` < 0).

        ``n == 0`` returns ``d`` unchanged, even when it is not a working day.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    def due_at(self, received: datetime, working_days: int) -> datetime:
        """Deadline (aware, UTC): closing time ``working_days`` after receipt."""
        if working_days < 0:
            raise ValueError("working_days must not be negative")
        day = self.add_working_days(self.received_on(received), working_days)
        local_close = datetime.combine(day, self.office_closes, tzinfo=self._zone)
        return local_close.astimezone(UTC)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``.

        The inverse of :meth:`add_working_days` for working days, so
        "day 3 of 10" reads naturally; negative when ``end`` is earlier.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start
        while d < end:
            d += _ONE_DAY
            if self.is_working_day(d):
                count += 1
        return count


def _parse_time(key: str, value: object, default: time) -> time:
    """``HH:MM`` (24-hour) from config, or a ``time`` passed through."""
    if value is None:
        return default
    if isinstance(value, time):
        return value
    match = _TIME_RE.fullmatch(str(value).strip())
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"{key} must be a 24-hour time like '17:00', got {value!r}")


def calendar_from_config(mapping: Mapping[str, object]) -> WorkingCalendar:
    """Build the calendar from app config (WORKDAY_REGION, OFFICE_OPENS/CLOSES).

    Fails loudly at start-up rather than silently using the wrong holidays.
    """
    raw_region = mapping.get("WORKDAY_REGION")
    region = "england-wales" if raw_region is None else str(raw_region).strip().lower()
    region = region.replace("_", "-").replace(" ", "-")
    if region not in REGIONS:
        raise ValueError(f"WORKDAY_REGION must be one of {', '.join(REGIONS)}, got {raw_region!r}")
    opens = _parse_time("OFFICE_OPENS", mapping.get("OFFICE_OPENS"), time(9, 0))
    closes = _parse_time("OFFICE_CLOSES", mapping.get("OFFICE_CLOSES"), time(17, 0))
    if opens >= closes:
        raise ValueError(f"OFFICE_OPENS ({opens:%H:%M}) must be earlier than OFFICE_CLOSES ({closes:%H:%M})")
    return WorkingCalendar(region=region, office_opens=opens, office_closes=closes)

"""Publishing periods: the financial year (April to March), its quarters and its months, each
with a stable name for its address (``2026-27``, ``2026-27-q1``, ``2026-05``)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from portal.disclosure import Dimension


class UnknownPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: Dimension  # YEAR (a financial year), QUARTER or MONTH
    start: date
    end: date  # inclusive
    slug: str
    financial_year: int  # the calendar year in which it starts

    def months(self) -> list[date]:
        """The first day of each month in the period."""
        months, day = [], self.start
        while day <= self.end:
            months.append(day)
            day = _add_months(day, 1)
        return months


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_year(start_year: int) -> Period:
    return Period(Dimension.YEAR, date(start_year, 4, 1), date(start_year + 1, 3, 31), fy_slug(start_year), start_year)


def fy_slug(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def quarter(start_year: int, number: int) -> Period:
    start = _add_months(date(start_year, 4, 1), 3 * (number - 1))
    end = _add_months(start, 3) - timedelta(days=1)
    return Period(Dimension.QUARTER, start, end, f"{fy_slug(start_year)}-q{number}", start_year)


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period(
        Dimension.MONTH,
        start,
        _add_months(start, 1) - timedelta(days=1),
        f"{year}-{number:02d}",
        financial_year_of(start),
    )


_FY = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-(\d{2})-q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
EARLIEST_YEAR = 2000


def year_before(period: Period) -> Period | None:
    """The financial year before the period's, or None before the first year the pages know."""
    if period.financial_year - 1 < EARLIEST_YEAR:
        return None
    return financial_year(period.financial_year - 1)


def parse_financial_year(slug: str) -> Period:
    match = _FY.match(slug)
    if not match or int(match[1]) < EARLIEST_YEAR or (int(match[1]) + 1) % 100 != int(match[2]):
        raise UnknownPeriod(slug)
    return financial_year(int(match[1]))


def parse_quarter(slug: str) -> Period:
    match = _QUARTER.match(slug)
    if not match or int(match[1]) < EARLIEST_YEAR or (int(match[1]) + 1) % 100 != int(match[2]):
        raise UnknownPeriod(slug)
    return quarter(int(match[1]), int(match[3]))


def parse_month(slug: str) -> Period:
    match = _MONTH.match(slug)
    if not match or int(match[1]) < EARLIEST_YEAR or not 1 <= int(match[2]) <= 12:
        raise UnknownPeriod(slug)
    return month(int(match[1]), int(match[2]))


def quarters_of(start_year: int) -> list[Period]:
    return [quarter(start_year, number) for number in range(1, 5)]


def period_name(period: Period) -> str:
    """The period in words, in the reader's language."""
    if period.kind is Dimension.YEAR:
        return _("April %(start)s to March %(end)s", start=period.start.year, end=period.end.year)
    if period.kind is Dimension.QUARTER:
        return _(
            "Quarter %(number)s: %(start)s to %(end)s",
            number=(period.start.month - 4) % 12 // 3 + 1,
            start=format_date(period.start, "LLLL y"),
            end=format_date(period.end, "LLLL y"),
        )
    return format_date(period.start, "LLLL y")

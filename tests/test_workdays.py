"""Working-day arithmetic.

Every expected value below was worked out by hand from the published UK
bank-holiday lists (gov.uk) and a calendar, not computed by the code under
test. Clocks: BST began 29 March 2026 and 28 March 2027 (01:00 UTC) and
ends 25 October 2026, so 17:00 local is 16:00 UTC in summer, 17:00 UTC in
winter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from portal.core.workdays import WorkingCalendar, calendar_from_config

LONDON = ZoneInfo("Europe/London")
ENGLAND = WorkingCalendar()
WALES = WorkingCalendar(region="wales")
SCOTLAND = WorkingCalendar(region="scotland")
NORTHERN_IRELAND = WorkingCalendar(region="northern-ireland")


def london(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    us: int = 0,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=LONDON)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- is_working_day --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-06-05", True),  # Friday
        ("2026-06-06", False),  # Saturday
        ("2026-06-07", False),  # Sunday
        ("2026-06-08", True),  # Monday
        ("2026-01-01", False),  # New Year's Day (Thursday)
        ("2026-01-02", True),  # Friday: a working day in England
        ("2026-04-03", False),  # Good Friday
        ("2026-04-06", False),  # Easter Monday
        ("2026-05-04", False),  # early May bank holiday
        ("2026-05-25", False),  # spring bank holiday
        ("2026-08-03", True),  # Scotland's summer holiday, not England's
        ("2026-08-31", False),  # summer bank holiday (England & Wales)
        ("2026-11-30", True),  # St Andrew's Day is Scottish only
        ("2026-12-24", True),  # Christmas Eve is not a bank holiday
        ("2026-12-25", False),  # Christmas Day (Friday)
        ("2026-12-28", False),  # substitute for Boxing Day (Saturday 26th)
        ("2026-12-29", True),
        ("2026-12-31", True),
        ("2027-01-01", False),  # New Year's Day (Friday)
        ("2027-03-26", False),  # Good Friday 2027
        ("2027-03-29", False),  # Easter Monday 2027
        ("2027-03-30", True),
    ],
)
def test_england_working_days(day: str, working: bool) -> None:
    assert ENGLAND.is_working_day(d(day)) is working


@pytest.mark.parametrize(
    ("calendar", "day", "working"),
    [
        (SCOTLAND, "2026-01-02", False),  # 2 January holiday
        (SCOTLAND, "2026-04-06", True),  # no Easter Monday in Scotland
        (SCOTLAND, "2026-08-03", False),  # first Monday in August
        (SCOTLAND, "2026-08-31", True),  # England's late summer holiday
        (SCOTLAND, "2026-11-30", False),  # St Andrew's Day (Monday)
        (SCOTLAND, "2025-12-01", False),  # St Andrew's (Sunday 30th) substitute
        (SCOTLAND, "2027-01-04", False),  # 2 January 2027 is a Saturday -> Monday
        (NORTHERN_IRELAND, "2026-03-17", False),  # St Patrick's Day
        (NORTHERN_IRELAND, "2026-07-13", False),  # Twelfth (Sunday) substitute
        (WALES, "2026-08-31", False),
        (WALES, "2026-01-02", True),
        (ENGLAND, "2027-01-04", True),
        (ENGLAND, "2026-03-17", True),
    ],
)
def test_regions_differ(calendar: WorkingCalendar, day: str, working: bool) -> None:
    assert calendar.is_working_day(d(day)) is working


# --- received_on -----------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "received"),
    [
        (london(2026, 6, 5, 16, 59), "2026-06-05"),  # Friday before close
        (london(2026, 6, 5, 16, 59, 59, 999999), "2026-06-05"),
        (london(2026, 6, 5, 17, 0), "2026-06-08"),  # at close -> Monday
        (london(2026, 6, 5, 17, 1), "2026-06-08"),
        (london(2026, 6, 5, 0, 1), "2026-06-05"),  # early hours count that day
        (london(2026, 6, 6, 11, 0), "2026-06-08"),  # Saturday
        (london(2026, 6, 7, 23, 59), "2026-06-08"),  # Sunday night
        (london(2026, 8, 31, 10, 0), "2026-09-01"),  # bank holiday Monday
        (london(2026, 8, 28, 17, 30), "2026-09-01"),  # Friday evening before it
        (london(2026, 12, 24, 17, 30), "2026-12-29"),  # Christmas Eve evening
        (london(2026, 12, 31, 17, 0), "2027-01-04"),  # New Year's Eve at close
        (london(2027, 3, 25, 18, 0), "2027-03-30"),  # Thursday before Easter
        # UTC input: summer (BST, UTC+1)
        (utc(2026, 6, 5, 15, 59), "2026-06-05"),  # 16:59 BST
        (utc(2026, 6, 5, 16, 0), "2026-06-08"),  # 17:00 BST
        (utc(2026, 6, 4, 23, 30), "2026-06-05"),  # Thu 23:30 UTC is Fri 00:30 BST
        (utc(2026, 6, 5, 23, 30), "2026-06-08"),  # Fri 23:30 UTC is Sat 00:30 BST
        # UTC input: winter (GMT, UTC+0)
        (utc(2026, 3, 27, 16, 59), "2026-03-27"),  # Friday before BST starts
        (utc(2026, 3, 27, 17, 0), "2026-03-30"),
        # Around the spring change: Monday 30 March 2026 is BST
        (utc(2026, 3, 30, 15, 59), "2026-03-30"),  # 16:59 BST
        (utc(2026, 3, 30, 16, 30), "2026-03-31"),  # 17:30 BST, though 16:30 UTC
        # Around the autumn change: Friday 23 October 2026 is still BST
        (utc(2026, 10, 23, 16, 30), "2026-10-26"),  # 17:30 BST
        (utc(2026, 10, 26, 16, 30), "2026-10-26"),  # Monday, 16:30 GMT
        (utc(2026, 10, 26, 17, 0), "2026-10-27"),  # 17:00 GMT
        # Other offsets are converted, not read at face value
        (
            datetime(2026, 6, 5, 12, 0, tzinfo=timezone(timedelta(hours=-5))),
            "2026-06-08",
        ),
    ],
)
def test_received_on(moment: datetime, received: str) -> None:
    assert ENGLAND.received_on(moment) == d(received)


@pytest.mark.parametrize(
    ("naive", "received"),
    [
        (datetime(2026, 6, 5, 15, 59), "2026-06-05"),  # 16:59 BST
        (datetime(2026, 6, 5, 16, 30), "2026-06-08"),  # 17:30 BST
        (datetime(2026, 1, 9, 16, 59), "2026-01-09"),  # GMT: face value
        (datetime(2026, 1, 9, 17, 0), "2026-01-12"),
    ],
)
def test_naive_datetimes_are_utc(naive: datetime, received: str) -> None:
    assert ENGLAND.received_on(naive) == d(received)


# --- due_at ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "working_days", "due"),
    [
        # Friday 16:59 -> received Friday, 1 working day -> Monday 17:00 BST
        (london(2026, 6, 5, 16, 59), 1, utc(2026, 6, 8, 16, 0)),
        # Friday 17:00 / 17:01 -> received Monday -> due Tuesday 17:00 BST
        (london(2026, 6, 5, 17, 0), 1, utc(2026, 6, 9, 16, 0)),
        (london(2026, 6, 5, 17, 1), 1, utc(2026, 6, 9, 16, 0)),
        # Day 0: due at close on the day of receipt
        (london(2026, 6, 5, 9, 0), 0, utc(2026, 6, 5, 16, 0)),
        (london(2026, 6, 6, 9, 0), 0, utc(2026, 6, 8, 16, 0)),  # Saturday
        # Saturday receipt -> Monday is day 0
        (london(2026, 6, 6, 11, 0), 1, utc(2026, 6, 9, 16, 0)),
        (london(2026, 6, 6, 11, 0), 5, utc(2026, 6, 15, 16, 0)),
        # Summer bank holiday Monday 31 August 2026 is skipped
        (london(2026, 8, 28, 10, 0), 1, utc(2026, 9, 1, 16, 0)),
        (london(2026, 8, 31, 10, 0), 1, utc(2026, 9, 2, 16, 0)),
        # Early May (4th) and spring (25th) bank holidays 2026
        (london(2026, 5, 1, 10, 0), 1, utc(2026, 5, 5, 16, 0)),
        (london(2026, 5, 22, 10, 0), 1, utc(2026, 5, 26, 16, 0)),
        # Christmas 2026: Fri 25 holiday, Sat 26, Sun 27, Mon 28 substitute
        (london(2026, 12, 24, 10, 0), 1, utc(2026, 12, 29, 17, 0)),
        (london(2026, 12, 24, 10, 0), 3, utc(2026, 12, 31, 17, 0)),
        # ... then Fri 1 Jan 2027 holiday, weekend, Monday 4 January
        (london(2026, 12, 24, 10, 0), 4, utc(2027, 1, 4, 17, 0)),
        (london(2026, 12, 23, 10, 0), 10, utc(2027, 1, 11, 17, 0)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March; the
        # deadline is also after the clock change (28 March), so 16:00 UTC
        (london(2027, 3, 25, 10, 0), 1, utc(2027, 3, 30, 16, 0)),
        (london(2027, 3, 25, 10, 0), 0, utc(2027, 3, 25, 17, 0)),  # still GMT
        (london(2027, 3, 24, 10, 0), 2, utc(2027, 3, 30, 16, 0)),
        # Across the autumn change: Friday 23 Oct 2026 17:30 BST -> Monday
        # 26th (GMT), 1 day -> Tuesday 27th 17:00 GMT
        (utc(2026, 10, 23, 16, 30), 1, utc(2026, 10, 27, 17, 0)),
        # Friday 27 March 2026 16:59 GMT -> due Monday 30th 17:00 BST
        (utc(2026, 3, 27, 16, 59), 1, utc(2026, 3, 30, 16, 0)),
    ],
)
def test_due_at(received: datetime, working_days: int, due: datetime) -> None:
    result = ENGLAND.due_at(received, working_days)
    assert result == due
    assert result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("calendar", "received", "working_days", "due"),
    [
        # Thursday 31 Dec 2026: England skips Fri 1 Jan only; Scotland also
        # skips Monday 4 Jan (substitute for Saturday 2 January).
        (ENGLAND, london(2026, 12, 31, 10, 0), 1, utc(2027, 1, 4, 17, 0)),
        (SCOTLAND, london(2026, 12, 31, 10, 0), 1, utc(2027, 1, 5, 17, 0)),
        # Wednesday 31 Dec 2025: 2 January 2026 (Friday) is Scottish only
        (ENGLAND, london(2025, 12, 31, 10, 0), 1, utc(2026, 1, 2, 17, 0)),
        (SCOTLAND, london(2025, 12, 31, 10, 0), 1, utc(2026, 1, 5, 17, 0)),
        # Friday 28 Nov 2025: St Andrew's Day (Sunday) substitute Monday 1 Dec
        (ENGLAND, london(2025, 11, 28, 10, 0), 1, utc(2025, 12, 1, 17, 0)),
        (SCOTLAND, london(2025, 11, 28, 10, 0), 1, utc(2025, 12, 2, 17, 0)),
        # Easter Monday 2027 is not a Scottish holiday (Good Friday is)
        (SCOTLAND, london(2027, 3, 25, 10, 0), 1, utc(2027, 3, 29, 16, 0)),
        # Wales follows England
        (WALES, london(2026, 8, 28, 10, 0), 1, utc(2026, 9, 1, 16, 0)),
        # Northern Ireland: St Patrick's Day, Tuesday 17 March 2026
        (NORTHERN_IRELAND, london(2026, 3, 16, 10, 0), 1, utc(2026, 3, 18, 17, 0)),
    ],
)
def test_due_at_by_region(calendar: WorkingCalendar, received: datetime, working_days: int, due: datetime) -> None:
    assert calendar.due_at(received, working_days) == due


def test_due_at_uses_configured_closing_time() -> None:
    early = WorkingCalendar(office_closes=time(16, 0))
    # Friday 16:30 BST is after a 16:00 close -> Monday; 1 day -> Tue 16:00 BST
    assert early.received_on(london(2026, 6, 5, 16, 30)) == d("2026-06-08")
    assert early.due_at(london(2026, 6, 5, 16, 30), 1) == utc(2026, 6, 9, 15, 0)


def test_due_at_rejects_negative_days() -> None:
    with pytest.raises(ValueError):
        ENGLAND.due_at(london(2026, 6, 5, 10, 0), -1)


# --- add_working_days / working_days_between --------------------------------


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        ("2026-06-05", 0, "2026-06-05"),
        ("2026-06-06", 0, "2026-06-06"),  # n=0 leaves even a Saturday alone
        ("2026-06-05", 1, "2026-06-08"),
        ("2026-06-05", 5, "2026-06-12"),
        ("2026-06-05", 10, "2026-06-19"),
        ("2026-06-06", 1, "2026-06-08"),  # from a Saturday
        ("2026-08-28", 1, "2026-09-01"),
        ("2026-12-24", 1, "2026-12-29"),
        ("2026-12-24", 4, "2027-01-04"),
        ("2027-03-25", 1, "2027-03-30"),
        ("2026-06-08", -1, "2026-06-05"),  # backwards over a weekend
        ("2026-09-01", -1, "2026-08-28"),  # backwards over the bank holiday
        ("2027-01-04", -4, "2026-12-24"),
    ],
)
def test_add_working_days(start: str, n: int, end: str) -> None:
    assert ENGLAND.add_working_days(d(start), n) == d(end)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-06-05", "2026-06-05", 0),
        ("2026-06-05", "2026-06-08", 1),  # Fri -> Mon
        ("2026-06-05", "2026-06-07", 0),  # Fri -> Sun
        ("2026-06-01", "2026-06-30", 21),  # June 2026: 22 weekdays, Mon 1st excluded
        ("2026-08-28", "2026-09-01", 1),  # over the bank holiday
        ("2026-12-24", "2027-01-04", 4),  # 29, 30, 31 Dec and 4 Jan
        ("2026-06-08", "2026-06-05", -1),
        ("2027-01-04", "2026-12-24", -4),
    ],
)
def test_working_days_between(start: str, end: str, count: int) -> None:
    assert ENGLAND.working_days_between(d(start), d(end)) == count


# --- configuration ---------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({}, WorkingCalendar()),
        (
            {
                "WORKDAY_REGION": "england-wales",
                "OFFICE_OPENS": "09:00",
                "OFFICE_CLOSES": "17:00",
            },
            WorkingCalendar(),
        ),
        ({"WORKDAY_REGION": "scotland"}, WorkingCalendar(region="scotland")),
        (
            {"WORKDAY_REGION": " Northern_Ireland "},
            WorkingCalendar(region="northern-ireland"),
        ),
        ({"WORKDAY_REGION": "Wales"}, WorkingCalendar(region="wales")),
        (
            {"OFFICE_OPENS": "8:30", "OFFICE_CLOSES": "16:00"},
            WorkingCalendar(office_opens=time(8, 30), office_closes=time(16, 0)),
        ),
        ({"OFFICE_CLOSES": time(16, 30)}, WorkingCalendar(office_closes=time(16, 30))),
        ({"WORKDAY_REGION": None, "OFFICE_CLOSES": None}, WorkingCalendar()),
    ],
)
def test_calendar_from_config(config: dict[str, object], expected: WorkingCalendar) -> None:
    assert calendar_from_config(config) == expected


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"WORKDAY_REGION": "mars"}, "WORKDAY_REGION"),
        ({"WORKDAY_REGION": "ENG"}, "WORKDAY_REGION"),
        ({"WORKDAY_REGION": "england"}, "WORKDAY_REGION"),
        ({"WORKDAY_REGION": ""}, "WORKDAY_REGION"),
        ({"OFFICE_CLOSES": "5pm"}, "OFFICE_CLOSES"),
        ({"OFFICE_CLOSES": "25:00"}, "OFFICE_CLOSES"),
        ({"OFFICE_CLOSES": "17:60"}, "OFFICE_CLOSES"),
        ({"OFFICE_CLOSES": "17"}, "OFFICE_CLOSES"),
        ({"OFFICE_CLOSES": ""}, "OFFICE_CLOSES"),
        ({"OFFICE_OPENS": "nine"}, "OFFICE_OPENS"),
        ({"OFFICE_OPENS": "17:00", "OFFICE_CLOSES": "09:00"}, "OFFICE_OPENS"),
        ({"OFFICE_OPENS": "17:00", "OFFICE_CLOSES": "17:00"}, "OFFICE_OPENS"),
    ],
)
def test_bad_config_raises(config: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        calendar_from_config(config)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"region": "Scotland"},
        {"region": "atlantis"},
        {"office_opens": time(18, 0)},
        {"timezone": "Europe/Nowhere"},
    ],
)
def test_bad_calendar_raises(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(**kwargs)  # type: ignore[arg-type]


def test_calendar_is_hashable_and_frozen() -> None:
    assert hash(WorkingCalendar()) == hash(WorkingCalendar())
    with pytest.raises(AttributeError):
        ENGLAND.region = "scotland"  # type: ignore[misc]

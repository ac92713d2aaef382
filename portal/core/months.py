"""Calendar-month arithmetic for the Community Trigger's windows (pure functions of dates).

"Within N months of a date" means on or after that date and no later than the same day N
calendar months later; when that month is shorter, the last day of the month is used.
The one-month rule for a qualifying complaint therefore allows:

=================  =====================  ===========  ==================================
behaviour on       last qualifying day    days after   complaint made 30 / 31 / 32 days on
=================  =====================  ===========  ==================================
2026-03-01         2026-04-01             31           qualifies / qualifies / does not
2026-04-01         2026-05-01             30           qualifies / does not / does not
2026-01-31         2026-02-28             28           does not / does not / does not
2028-01-31         2028-02-29 (leap)      29           does not / does not / does not
=================  =====================  ===========  ==================================

The six-month windows are counted back from the application: they start on the same day six
calendar months earlier (clamped the same way) and end on the application date, both
included. For an application made on 2026-04-10 a complaint made on 2025-10-10 counts and
one made on 2025-10-09 does not. Counting back is never stricter than counting forward from
each complaint ("the application is made within six months of the complaint"): at month
ends it can only let in a day more, so nobody loses the statutory right at the boundary.
"""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within_months(start: date, end: date, months: int) -> bool:
    """True when ``end`` is on ``start`` or up to ``months`` calendar months after it."""
    return start <= end <= add_months(start, months)


def window_start(application_date: date, months: int) -> date:
    """The first day of the ``months`` calendar months before the application."""
    return add_months(application_date, -months)


def in_window(day: date, application_date: date, months: int) -> bool:
    return window_start(application_date, months) <= day <= application_date

"""Community Trigger (ASB Case Review) eligibility, as a pure function of dates and complaints.

Nothing here reads the request or the database: callers turn what they have (typed-in earlier
complaints, portal reports found by tracking code, a JSON history file) into ``Complaint``
values and call ``assess_eligibility``. The same inputs always give the same ``Decision``.

Month arithmetic
----------------
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

from __future__ import annotations

import calendar
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Literal, TypeVar

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_babel.speaklater import LazyString

#: The law (s.104(4) of the 2014 Act) lets a council set a lower threshold, never a higher one.
STATUTORY_THRESHOLD_CEILING = 3
#: A complaint qualifies only if made within one month of the behaviour (fixed by law).
QUALIFYING_COMPLAINT_MONTHS = 1
#: ...and only if the application is made within six months of the complaint (fixed by law).
APPLICATION_WINDOW_MONTHS = 6

Source = Literal["portal", "typed"]
SOURCES: tuple[Source, ...] = ("portal", "typed")


class RulesError(ValueError):
    """The council's Community Trigger settings are not valid."""


class HistoryError(ValueError):
    """A complaint history given to ``load_history`` is not valid."""


class Rule(StrEnum):
    STATUTORY = "statutory"
    HOUSEHOLDS = "households"
    HATE = "hate"
    NO_ACTION = "no_action"


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


def _complaint_order(complaint: Complaint) -> tuple[Any, ...]:
    # A total order, so the complaint chosen to represent an incident or a household, and the
    # order of ``counted``, do not depend on the order the history was given in.
    return (
        complaint.incident_date,
        complaint.reported_date,
        complaint.agency,
        complaint.reference or "",
        complaint.household_key,
        complaint.location_key or "",
        complaint.incident_key or "",
        complaint.is_hate,
        repr(complaint.action_taken),
        complaint.source,
    )


@dataclass(frozen=True)
class StatutoryRule:
    enabled: bool = True
    threshold: int = STATUTORY_THRESHOLD_CEILING


@dataclass(frozen=True)
class HouseholdsRule:
    enabled: bool = True
    min_households: int = 5
    window_months: int = 6


@dataclass(frozen=True)
class HateRule:
    enabled: bool = True
    window_months: int = 6


@dataclass(frozen=True)
class NoActionRule:
    """Brighton & Hove's 2012 pilot: reported, and nothing done a week later."""

    enabled: bool = False
    days: int = 7
    window_months: int = 6


@dataclass(frozen=True)
class TriggerRules:
    statutory: StatutoryRule = field(default_factory=StatutoryRule)
    households: HouseholdsRule = field(default_factory=HouseholdsRule)
    hate: HateRule = field(default_factory=HateRule)
    no_action: NoActionRule = field(default_factory=NoActionRule)

    def __post_init__(self) -> None:
        threshold = self.statutory.threshold
        if not 1 <= threshold <= STATUTORY_THRESHOLD_CEILING:
            raise RulesError(
                f"statutory.threshold is {threshold}: it must be from 1 to "
                f"{STATUTORY_THRESHOLD_CEILING}, because the law makes "
                f"{STATUTORY_THRESHOLD_CEILING} qualifying complaints the highest threshold allowed"
            )
        for name, value in (
            ("households.min_households", self.households.min_households),
            ("households.window_months", self.households.window_months),
            ("hate.window_months", self.hate.window_months),
            ("no_action.days", self.no_action.days),
            ("no_action.window_months", self.no_action.window_months),
        ):
            if value < 1:
                raise RulesError(f"{name} is {value}: it must be 1 or more")

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> TriggerRules:
        """Build the rules from a mapping such as ``app.config["COMMUNITY_TRIGGER_RULES"]``.

        Each rule is optional and so is each of its keys; anything missing keeps its default.
        Unknown rules or keys, wrong types and out-of-range values raise ``RulesError`` (a ``ValueError``), so a
        mistyped setting stops the app at start-up instead of being silently ignored.
        """
        config = config or {}
        if not isinstance(config, Mapping):
            raise RulesError("COMMUNITY_TRIGGER_RULES must be a mapping of rule name to settings")
        unknown = sorted(set(config) - {rule.value for rule in Rule})
        if unknown:
            raise RulesError(
                f"unknown Community Trigger rule(s): {', '.join(map(str, unknown))}; "
                f"the rules are {', '.join(rule.value for rule in Rule)}"
            )
        return cls(
            statutory=_rule_from_config(StatutoryRule, Rule.STATUTORY, config),
            households=_rule_from_config(HouseholdsRule, Rule.HOUSEHOLDS, config),
            hate=_rule_from_config(HateRule, Rule.HATE, config),
            no_action=_rule_from_config(NoActionRule, Rule.NO_ACTION, config),
        )


R = TypeVar("R", StatutoryRule, HouseholdsRule, HateRule, NoActionRule)
K = TypeVar("K")


def _rule_from_config(rule_class: type[R], name: str, config: Mapping[str, Any]) -> R:
    settings = config.get(name, {})
    if not isinstance(settings, Mapping):
        raise RulesError(f"{name} must be a mapping of settings")
    known = {setting.name for setting in fields(rule_class)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise RulesError(
            f"unknown setting(s) for the {name} rule: {', '.join(map(str, unknown))}; "
            f"the settings are {', '.join(sorted(known))}"
        )
    for key, value in settings.items():
        if key == "enabled":
            if not isinstance(value, bool):
                raise RulesError(f"{name}.enabled must be true or false, not {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int):
            raise RulesError(f"{name}.{key} must be a whole number, not {value!r}")
    return rule_class(**settings)


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    enabled: bool
    met: bool
    reason: LazyString = field(compare=False)
    counted: tuple[Complaint, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.value,
            "enabled": self.enabled,
            "met": self.met,
            "reason": str(self.reason),
            "counted": [complaint.to_json_dict() for complaint in self.counted],
        }


BELOW_THRESHOLD_NOTE = _l(
    "No threshold is met, but the application is still accepted. A person will look at it "
    "and decide whether to hold a case review."
)


@dataclass(frozen=True)
class Decision:
    met: bool
    results: tuple[RuleResult, ...]
    application_date: date
    below_threshold_note: LazyString | None = field(default=None, compare=False)

    def result(self, rule: Rule) -> RuleResult:
        return next(result for result in self.results if result.rule == rule)

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict whose keys and list orders depend only on the inputs."""
        return {
            "application_date": self.application_date.isoformat(),
            "met": self.met,
            "below_threshold_note": (None if self.below_threshold_note is None else str(self.below_threshold_note)),
            "rules": [result.to_json_dict() for result in self.results],
        }


class _LongDate:
    """A date written out in the reader's language when the reason is rendered, not before."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __str__(self) -> str:
        from portal.template_helpers import long_date

        return long_date(self.day)


def _disabled(rule: Rule) -> RuleResult:
    return RuleResult(rule, False, False, _l("This council does not use this rule."))


def _first_of_each(complaints: Sequence[Complaint], key: Callable[[Complaint], K]) -> list[Complaint]:
    firsts: dict[K, Complaint] = {}
    for complaint in sorted(complaints, key=_complaint_order):
        firsts.setdefault(key(complaint), complaint)
    return sorted(firsts.values(), key=_complaint_order)


def _statutory(application_date: date, own: Sequence[Complaint], rule: StatutoryRule) -> RuleResult:
    qualifying = [
        complaint
        for complaint in own
        if within_months(
            complaint.incident_date,
            complaint.reported_date,
            QUALIFYING_COMPLAINT_MONTHS,
        )
        and in_window(complaint.reported_date, application_date, APPLICATION_WINDOW_MONTHS)
    ]
    incidents = _first_of_each(qualifying, lambda complaint: complaint.incident_identity)
    count = len(incidents)
    met = count >= rule.threshold
    if met:
        reason = lazy_ngettext(
            "%(num)d qualifying complaint about this problem; the threshold is %(threshold)d, so it is met.",
            "%(num)d qualifying complaints about this problem; the threshold is %(threshold)d, so it is met.",
            count,
            threshold=rule.threshold,
        )
    else:
        reason = lazy_ngettext(
            "%(num)d qualifying complaint about this problem; the threshold is %(threshold)d. "
            "A complaint qualifies when it was made within one month of the behaviour and "
            "within the six months before the application. An incident reported to several "
            "agencies counts once.",
            "%(num)d qualifying complaints about this problem; the threshold is %(threshold)d. "
            "A complaint qualifies when it was made within one month of the behaviour and "
            "within the six months before the application. An incident reported to several "
            "agencies counts once.",
            count,
            threshold=rule.threshold,
        )
    return RuleResult(Rule.STATUTORY, True, met, reason, tuple(incidents))


def _households(
    application_date: date,
    complaints: Sequence[Complaint],
    own: Sequence[Complaint],
    rule: HouseholdsRule,
) -> RuleResult:
    places = {complaint.location_key for complaint in own if complaint.location_key is not None}
    since = _LongDate(window_start(application_date, rule.window_months))
    if not places:
        return RuleResult(
            Rule.HOUSEHOLDS,
            True,
            False,
            _l(
                "No place is recorded for the complaints, so complaints by other households "
                "about the same place cannot be counted."
            ),
        )
    recent = [
        complaint
        for complaint in complaints
        if complaint.location_key in places and in_window(complaint.reported_date, application_date, rule.window_months)
    ]
    # Households are counted place by place: complaints about two different places do not add up.
    best: list[Complaint] = []
    for place in sorted(places, key=str):
        at_place = [complaint for complaint in recent if complaint.location_key == place]
        households = _first_of_each(at_place, lambda complaint: complaint.household_key)
        if len(households) > len(best):
            best = households
    count = len(best)
    met = count >= rule.min_households
    if met:
        reason = lazy_ngettext(
            "%(num)d household has complained about problems at the same place since "
            "%(since)s; the threshold is %(threshold)d households, so it is met.",
            "%(num)d households have complained about problems at the same place since "
            "%(since)s; the threshold is %(threshold)d households, so it is met.",
            count,
            since=since,
            threshold=rule.min_households,
        )
    else:
        reason = lazy_ngettext(
            "%(num)d household has complained about problems at the same place since "
            "%(since)s; the threshold is %(threshold)d households. A household that "
            "complained more than once counts once.",
            "%(num)d households have complained about problems at the same place since "
            "%(since)s; the threshold is %(threshold)d households. A household that "
            "complained more than once counts once.",
            count,
            since=since,
            threshold=rule.min_households,
        )
    return RuleResult(Rule.HOUSEHOLDS, True, met, reason, tuple(best))


def _hate(application_date: date, own: Sequence[Complaint], rule: HateRule) -> RuleResult:
    hate = sorted(
        (
            complaint
            for complaint in own
            if complaint.is_hate and in_window(complaint.incident_date, application_date, rule.window_months)
        ),
        key=_complaint_order,
    )
    since = _LongDate(window_start(application_date, rule.window_months))
    if hate:
        reason = _l("A hate incident on or after %(since)s has been reported.", since=since)
    else:
        reason = _l("No hate incident on or after %(since)s has been reported.", since=since)
    return RuleResult(Rule.HATE, True, bool(hate), reason, tuple(hate))


def _no_action(application_date: date, own: Sequence[Complaint], rule: NoActionRule) -> RuleResult:
    latest = application_date - timedelta(days=rule.days)
    waiting = sorted(
        (
            complaint
            for complaint in own
            if complaint.action_taken is not True
            and window_start(application_date, rule.window_months) <= complaint.reported_date <= latest
        ),
        key=_complaint_order,
    )
    if waiting:
        reason = lazy_ngettext(
            "A complaint made at least %(num)d day before the application (on or before "
            "%(latest)s) has no action recorded.",
            "A complaint made at least %(num)d days before the application (on or before "
            "%(latest)s) has no action recorded.",
            rule.days,
            latest=_LongDate(latest),
        )
    else:
        reason = lazy_ngettext(
            "No complaint made at least %(num)d day before the application (on or before "
            "%(latest)s) is still without recorded action.",
            "No complaint made at least %(num)d days before the application (on or before "
            "%(latest)s) is still without recorded action.",
            rule.days,
            latest=_LongDate(latest),
        )
    return RuleResult(Rule.NO_ACTION, True, bool(waiting), reason, tuple(waiting))


def assess_eligibility(
    application_date: date,
    complaints: Sequence[Complaint],
    rules: TriggerRules,
    *,
    applicant_household: str | None = None,
) -> Decision:
    """Decide which Community Trigger rules an application meets. It never refuses one.

    ``complaints`` may include other households' complaints: only the several-households rule
    looks at them, and only at the places the applicant complained about. The other rules use
    the applicant's own complaints (all of them when ``applicant_household`` is None).
    Complaints made after the application date, or dated before the behaviour, never count.

    Every rule is reported, including switched-off ones (``enabled=False``, never met), so a
    result page can say what was checked. When no rule is met the decision carries
    ``below_threshold_note``: the application still goes to a person to decide.
    """
    own = [
        complaint
        for complaint in complaints
        if applicant_household is None or complaint.household_key == applicant_household
    ]
    results = (
        _statutory(application_date, own, rules.statutory) if rules.statutory.enabled else _disabled(Rule.STATUTORY),
        _households(application_date, complaints, own, rules.households)
        if rules.households.enabled
        else _disabled(Rule.HOUSEHOLDS),
        _hate(application_date, own, rules.hate) if rules.hate.enabled else _disabled(Rule.HATE),
        _no_action(application_date, own, rules.no_action) if rules.no_action.enabled else _disabled(Rule.NO_ACTION),
    )
    met = any(result.met for result in results if result.enabled)
    return Decision(
        met=met,
        results=results,
        application_date=application_date,
        below_threshold_note=None if met else BELOW_THRESHOLD_NOTE,
    )


_COMPLAINT_KEYS = {
    "incident_date",
    "reported_date",
    "agency",
    "reference",
    "household_key",
    "location_key",
    "is_hate",
    "incident_key",
    "action_taken",
    "source",
}


def _parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise HistoryError(f"{where} must be a date written as YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HistoryError(f"{where} must be a date written as YYYY-MM-DD, not {value!r}") from None


def _optional_text(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise HistoryError(f"{where}.{key} must be text or null, not {value!r}")
    return value


def load_history(data: Mapping[str, Any]) -> tuple[date, list[Complaint], str | None]:
    """Read a history in the format of ``docs/community-trigger.md``.

    Returns the application date, the complaints and the applicant's household key.
    Raises ``HistoryError`` (a ``ValueError``) naming the first problem found, e.g. ``complaints[2].reported_date``.
    """
    if not isinstance(data, Mapping):
        raise HistoryError("the history must be a JSON object")
    unknown = sorted(set(data) - {"application_date", "applicant_household", "complaints"})
    if unknown:
        raise HistoryError(f"unknown key(s) in the history: {', '.join(map(str, unknown))}")
    if "application_date" not in data:
        raise HistoryError("application_date is missing")
    application_date = _parse_date(data["application_date"], "application_date")
    applicant = _optional_text(data, "applicant_household", "history")
    items = data.get("complaints")
    if not isinstance(items, list):
        raise HistoryError("complaints must be a list (it may be empty)")

    complaints = []
    for index, item in enumerate(items):
        where = f"complaints[{index}]"
        if not isinstance(item, Mapping):
            raise HistoryError(f"{where} must be an object")
        unknown = sorted(set(item) - _COMPLAINT_KEYS)
        if unknown:
            raise HistoryError(f"unknown key(s) in {where}: {', '.join(map(str, unknown))}")
        for key in ("incident_date", "reported_date", "agency"):
            if key not in item:
                raise HistoryError(f"{where}.{key} is missing")
        incident_date = _parse_date(item["incident_date"], f"{where}.incident_date")
        reported_date = _parse_date(item["reported_date"], f"{where}.reported_date")
        if reported_date < incident_date:
            raise HistoryError(f"{where}.reported_date is before its incident_date")
        if reported_date > application_date:
            raise HistoryError(f"{where}.reported_date is after the application_date")
        agency = _optional_text(item, "agency", where)
        if agency is None:
            raise HistoryError(f"{where}.agency must be text")
        household = _optional_text(item, "household_key", where) or applicant
        if household is None:
            raise HistoryError(
                f"{where}.household_key is missing (it may be left out only when applicant_household is given)"
            )
        is_hate = item.get("is_hate", False)
        if not isinstance(is_hate, bool):
            raise HistoryError(f"{where}.is_hate must be true or false, not {is_hate!r}")
        action_taken = item.get("action_taken")
        if action_taken is not None and not isinstance(action_taken, bool):
            raise HistoryError(f"{where}.action_taken must be true, false or null")
        source = item.get("source", "typed")
        if source not in SOURCES:
            raise HistoryError(f"{where}.source must be one of {', '.join(SOURCES)}, not {source!r}")
        complaints.append(
            Complaint(
                incident_date=incident_date,
                reported_date=reported_date,
                agency=agency,
                household_key=household,
                reference=_optional_text(item, "reference", where),
                location_key=_optional_text(item, "location_key", where),
                is_hate=is_hate,
                incident_key=_optional_text(item, "incident_key", where),
                action_taken=action_taken,
                source=source,
            )
        )
    return application_date, complaints, applicant

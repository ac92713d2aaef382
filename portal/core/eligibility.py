"""Community Trigger (ASB Case Review) eligibility, as a pure function of dates and complaints.

Nothing here reads the request or the database: callers turn what they have (typed-in earlier
complaints, portal reports found by tracking code, a JSON history file) into ``Complaint``
values and call ``assess_eligibility``. The same inputs always give the same ``Decision``.

The rules come from portal/core/trigger_rules.py, the complaints from
portal/core/complaint_history.py and the month arithmetic from portal/core/months.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_babel.speaklater import LazyString

from portal.core.complaint_history import Complaint
from portal.core.months import in_window, window_start, within_months
from portal.core.trigger_rules import (
    APPLICATION_WINDOW_MONTHS,
    QUALIFYING_COMPLAINT_MONTHS,
    HateRule,
    HouseholdsRule,
    NoActionRule,
    Rule,
    StatutoryRule,
    TriggerRules,
)


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


K = TypeVar("K")


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

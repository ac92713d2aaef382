"""A council's Community Trigger rules: the statutory threshold and the optional local rules,
read from COMMUNITY_TRIGGER_RULES and checked at start-up (a mistyped setting stops the app)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, TypeVar

#: The law (s.104(4) of the 2014 Act) lets a council set a lower threshold, never a higher one.
STATUTORY_THRESHOLD_CEILING = 3
#: A complaint qualifies only if made within one month of the behaviour (fixed by law).
QUALIFYING_COMPLAINT_MONTHS = 1
#: ...and only if the application is made within six months of the complaint (fixed by law).
APPLICATION_WINDOW_MONTHS = 6


class RulesError(ValueError):
    """The council's Community Trigger settings are not valid."""


class Rule(StrEnum):
    STATUTORY = "statutory"
    HOUSEHOLDS = "households"
    HATE = "hate"
    NO_ACTION = "no_action"


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

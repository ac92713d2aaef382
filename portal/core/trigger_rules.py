"""A council's Community Trigger rules: the statutory threshold and the optional local rules,
the ``[community_trigger]`` section of its rules file (portal/rules/), checked at start-up.
The defaults below are the shipped rules (portal/rules/default.toml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, TypeVar

from portal.rules import RulesError as RulesError
from portal.rules import default_rules
from portal.rules.model import Text
from portal.rules.schema import STATUTORY_THRESHOLD_CEILING

_DEFAULT = default_rules().community_trigger


class Rule(StrEnum):
    STATUTORY = "statutory"
    HOUSEHOLDS = "households"
    HATE = "hate"
    NO_ACTION = "no_action"


@dataclass(frozen=True)
class StatutoryRule:
    enabled: bool = _DEFAULT["statutory"]["enabled"]
    threshold: int = _DEFAULT["statutory"]["threshold"]
    complaint_within_months: int = _DEFAULT["statutory"]["complaint_within_months"]
    application_within_months: int = _DEFAULT["statutory"]["application_within_months"]


@dataclass(frozen=True)
class HouseholdsRule:
    enabled: bool = _DEFAULT["households"]["enabled"]
    min_households: int = _DEFAULT["households"]["min_households"]
    window_months: int = _DEFAULT["households"]["window_months"]


@dataclass(frozen=True)
class HateRule:
    enabled: bool = _DEFAULT["hate"]["enabled"]
    window_months: int = _DEFAULT["hate"]["window_months"]


@dataclass(frozen=True)
class NoActionRule:
    """Brighton & Hove's 2012 pilot: reported, and nothing done a week later."""

    enabled: bool = _DEFAULT["no_action"]["enabled"]
    days: int = _DEFAULT["no_action"]["days"]
    window_months: int = _DEFAULT["no_action"]["window_months"]


@dataclass(frozen=True)
class LocalRule:
    """A council's own rule (``[community_trigger.local.<id>]``): at least ``min_complaints``
    of the applicant's incidents reported in the last ``window_months``, optionally only hate
    incidents, optionally only when the victim is vulnerable. The council writes its texts."""

    id: str
    title: Text
    reason_met: Text
    reason_not_met: Text
    min_complaints: int
    window_months: int
    enabled: bool = True
    kind: str = "repeat_complaints"
    hate_only: bool = False
    vulnerable_victim_only: bool = False


@dataclass(frozen=True)
class TriggerRules:
    statutory: StatutoryRule = field(default_factory=StatutoryRule)
    households: HouseholdsRule = field(default_factory=HouseholdsRule)
    hate: HateRule = field(default_factory=HateRule)
    no_action: NoActionRule = field(default_factory=NoActionRule)
    local: tuple[LocalRule, ...] = ()

    def __post_init__(self) -> None:
        threshold = self.statutory.threshold
        if not 1 <= threshold <= STATUTORY_THRESHOLD_CEILING:
            raise RulesError(
                f"statutory.threshold is {threshold}: it must be from 1 to "
                f"{STATUTORY_THRESHOLD_CEILING}, because the law makes "
                f"{STATUTORY_THRESHOLD_CEILING} qualifying complaints the highest threshold allowed"
            )
        for name, value in (
            ("statutory.complaint_within_months", self.statutory.complaint_within_months),
            ("statutory.application_within_months", self.statutory.application_within_months),
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
        unknown = sorted(set(config) - {rule.value for rule in Rule} - {"local"})
        if unknown:
            rules = "rule" if len(unknown) == 1 else "rules"
            raise RulesError(
                f"unknown Community Trigger {rules}: {', '.join(map(str, unknown))}; "
                f"the rules are {', '.join(rule.value for rule in Rule)}"
            )
        return cls(
            statutory=_rule_from_config(StatutoryRule, Rule.STATUTORY, config),
            households=_rule_from_config(HouseholdsRule, Rule.HOUSEHOLDS, config),
            hate=_rule_from_config(HateRule, Rule.HATE, config),
            no_action=_rule_from_config(NoActionRule, Rule.NO_ACTION, config),
            local=tuple(
                LocalRule(id=str(rule_id), **settings) for rule_id, settings in dict(config.get("local") or {}).items()
            ),
        )

    @classmethod
    def from_rules(cls, community_trigger: Mapping[str, Any]) -> TriggerRules:
        """From the ``[community_trigger]`` section of validated rules (portal.rules)."""
        return cls.from_config({key: value for key, value in community_trigger.items() if key in {*Rule, "local"}})


R = TypeVar("R", StatutoryRule, HouseholdsRule, HateRule, NoActionRule)


def _rule_from_config(rule_class: type[R], name: str, config: Mapping[str, Any]) -> R:
    settings = config.get(name, {})
    if not isinstance(settings, Mapping):
        raise RulesError(f"{name} must be a mapping of settings")
    known = {setting.name for setting in fields(rule_class)}
    unknown = sorted(set(settings) - known)
    if unknown:
        settings_word = "setting" if len(unknown) == 1 else "settings"
        raise RulesError(
            f"unknown {settings_word} for the {name} rule: {', '.join(map(str, unknown))}; "
            f"the settings are {', '.join(sorted(known))}"
        )
    for key, value in settings.items():
        if key == "enabled":
            if not isinstance(value, bool):
                raise RulesError(f"{name}.enabled must be true or false, not {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int):
            raise RulesError(f"{name}.{key} must be a whole number, not {value!r}")
    return rule_class(**settings)

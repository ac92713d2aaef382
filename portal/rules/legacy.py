"""Policy settings of earlier releases, still honoured for one release.

Each deprecated variable that differs from the default becomes a layer of the rules, named
after the variable, so ``flask rules show`` says where the value came from. Remove this
module, and the variables in ``portal/config.py``, in the next release.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import time
from typing import Any

from portal.rules import Layer

#: app.config name -> path in the rules. Values are mapped as they are.
SIMPLE: dict[str, tuple[str, ...]] = {
    "TRIGGER_ESCALATION_BODY": ("community_trigger", "escalation", "body"),
    "TRIGGER_ESCALATION_WORKING_DAYS": ("community_trigger", "escalation", "working_days"),
    "REPORT_REPEAT_ASB_DAYS": ("community_trigger", "hint", "earlier_report_within_days"),
    "REPORT_RISK_MEDIUM": ("risk", "medium_from"),
    "REPORT_RISK_HIGH": ("risk", "high_from"),
    "WORKDAY_REGION": ("working_days", "region"),
    "OFFICE_OPENS": ("working_days", "office_opens"),
    "OFFICE_CLOSES": ("working_days", "office_closes"),
    "ASSESSMENT_WORKING_DAYS": ("working_days", "assessment_working_days"),
    "RETENTION_DAYS": ("retention", "report_content_days"),
    "LANGUAGES": ("languages", "offered"),
    "LANGUAGES_AWAITING_REVIEW": ("languages", "awaiting_review"),
}
#: TRIGGER_TIMESCALES keys come from TRIGGER_<STAGE>_DAYS.
STAGES = ("acknowledge", "decision", "review", "outcome")
#: Every app.config name read below: the rules are rebuilt only when one of them changes.
WATCHED = (*SIMPLE, "TRIGGER_TIMESCALES", "COMMUNITY_TRIGGER_RULES", "REPORT_RISK_WEIGHTS", "REPORT_EXTRA_STRANDS")


def fingerprint(config: Mapping[str, Any]) -> str:
    """What the rules in force depend on besides the shipped defaults, cheaply: the council's
    file name, the deprecated settings (by value, so a dict changed in place counts) and
    INCIDENT_LOG_STRANDS."""
    watched = [config.get(name) for name in WATCHED]
    return repr((config.get("PORTAL_RULES_FILE"), watched, os.environ.get("INCIDENT_LOG_STRANDS")))


def _nest(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {path[-1]: value}
    for key in reversed(path[:-1]):
        out = {key: out}
    return out


def _get(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _plain(name: str, value: Any) -> Any:
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, tuple):
        return list(value)
    if name == "WORKDAY_REGION" and isinstance(value, str):
        return value.strip().lower().replace("_", "-").replace(" ", "-")
    if name in ("OFFICE_OPENS", "OFFICE_CLOSES") and isinstance(value, str) and len(value.strip()) == 4:
        return "0" + value.strip()  # "8:30" was accepted before
    return value


def legacy_layers(config: Mapping[str, Any], defaults: Mapping[str, Any]) -> tuple[list[Layer], list[str]]:
    """A layer per deprecated setting that differs from the default, and the names used."""
    layers: list[Layer] = []

    def add(name: str, data: dict[str, Any]) -> None:
        layers.append(Layer(f"environment variable {name} (deprecated)", data))

    for name, path in SIMPLE.items():
        if config.get(name) is None:
            continue
        value = _plain(name, config[name])
        if value != _get(defaults, path):
            add(name, _nest(path, value))
    timescales = config.get("TRIGGER_TIMESCALES") or {}
    for stage in STAGES:
        if stage in timescales and timescales[stage] != defaults["community_trigger"]["timescales"][stage]:
            add(f"TRIGGER_{stage.upper()}_DAYS", _nest(("community_trigger", "timescales", stage), timescales[stage]))
    trigger_rules = config.get("COMMUNITY_TRIGGER_RULES") or {}
    if trigger_rules:
        add("COMMUNITY_TRIGGER_RULES", {"community_trigger": dict(trigger_rules)})
    weights = config.get("REPORT_RISK_WEIGHTS") or {}
    if weights:
        add("REPORT_RISK_WEIGHTS", {"risk": {"weights": dict(weights)}})
    extra = [str(item).partition("|") for item in config.get("REPORT_EXTRA_STRANDS") or []]
    extra_strands = {code.strip(): label.strip() for code, _, label in extra if code.strip() and label.strip()}
    # INCIDENT_LOG_STRANDS was a second strand list for partners' logs; its extra codes join the
    # one vocabulary (and so the report) until the council moves them into the rules file.
    for code in os.environ.get("INCIDENT_LOG_STRANDS", "").split(","):
        code = code.strip()
        known = [*defaults["vocabulary"]["strands"], *defaults["vocabulary"]["strand_aliases"]]
        if code and code not in known and code not in extra_strands:
            extra_strands[code] = code.replace("_", " ").capitalize()
    if extra_strands:
        names = ["REPORT_EXTRA_STRANDS"] if config.get("REPORT_EXTRA_STRANDS") else []
        names += ["INCIDENT_LOG_STRANDS"] if os.environ.get("INCIDENT_LOG_STRANDS") else []
        strands = [*defaults["vocabulary"]["strands"], *extra_strands]
        add(" and ".join(names), {"vocabulary": {"strands": strands, "strand_labels": extra_strands}})
    used = [layer.source.removeprefix("environment variable ").removesuffix(" (deprecated)") for layer in layers]
    return layers, used

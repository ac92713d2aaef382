"""A council's rules: one TOML file, merged over the shipped defaults, validated, hashed.

``default.toml`` holds Brighton & Hove's rules. ``PORTAL_RULES_FILE`` names a council's file,
merged over the defaults key by key (a list or a value replaces the default). Policy
variables of earlier releases (``TRIGGER_*``, ``RETENTION_DAYS``...) still work for one
release: they are mapped in between, with a deprecation line in the log (``legacy.py``).

Code reads the rules in force with ``current()`` (``current().statistics.suppress_below``,
``current().vocabulary.strands``, ``current().hash``...). Every decision records ``hash``: the
SHA-256 of the merged rules as canonical JSON, so the same rules always give the same hash
whatever the file's layout, comments or key order.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context

from portal.core.workdays import WorkingCalendar
from portal.rules import labels, model, schema

DEFAULT_FILE = Path(__file__).with_name("default.toml")
DEFAULT_SOURCE = "default"
EXTENSION = "portal_rules"

log = logging.getLogger(__name__)


class RulesError(ValueError):
    """The rules are not valid; ``problems`` names each key at fault."""

    def __init__(self, problems: str | Sequence[str], where: str | None = None):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.where = where
        if where is None and len(self.problems) == 1:
            super().__init__(self.problems[0])
        else:
            listed = "\n".join(f"  - {problem}" for problem in self.problems)
            super().__init__(f"{where or 'the rules'} are not valid:\n{listed}")


@dataclass(frozen=True)
class Layer:
    source: str  # "default", "council file <path>", "environment variable NAME (deprecated)"
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Rules:
    data: Mapping[str, Any]
    sources: Mapping[str, str]
    hash: str
    warnings: tuple[str, ...] = ()
    _sections: model.Sections = field(repr=False, compare=False, kw_only=True)

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    @property
    def community_trigger(self) -> Mapping[str, Any]:
        return self.data["community_trigger"]

    @property
    def statistics(self) -> model.Statistics:
        """Disclosure control for published figures: ``suppress_below``, ``round_to``."""
        return self._sections.statistics

    @property
    def vocabulary(self) -> model.Vocabulary:
        return self._sections.vocabulary

    @property
    def risk(self) -> model.Risk:
        return self._sections.risk

    @property
    def triage(self) -> model.Triage:
        return self._sections.triage

    @property
    def working_days(self) -> model.WorkingDays:
        return self._sections.working_days

    @property
    def retention(self) -> model.Retention:
        return self._sections.retention

    @property
    def languages(self) -> model.Languages:
        return self._sections.languages

    @property
    def timescales(self) -> model.Timescales:
        return self._sections.timescales

    @property
    def escalation(self) -> model.Escalation:
        return self._sections.escalation

    @property
    def calendar(self) -> WorkingCalendar:
        """Working days, bank holidays and office hours."""
        return self._sections.calendar

    @property
    def second_report_hint_days(self) -> int:
        return self._sections.second_report_hint_days


def read_toml(path: str | Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise RulesError([f"cannot be read: {error.strerror}"], f"the rules file {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise RulesError([f"is not valid TOML: {error}"], f"the rules file {path}") from None


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` merged into a copy of ``base``: tables key by key, anything else replaced."""
    merged = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _leaves(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping) and value:
            out.update(_leaves(value, path))
        else:
            out[path] = value
    return out


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@functools.cache
def _shipped() -> dict[str, Any]:
    return read_toml(DEFAULT_FILE)


def defaults() -> dict[str, Any]:
    """The shipped defaults (a copy: callers may change it)."""
    return copy.deepcopy(_shipped())


def _known_languages() -> set[str]:
    from portal.languages import BY_CODE

    return set(BY_CODE)


def build(layers: Sequence[Layer]) -> Rules:
    """Merge the layers in order (defaults first), validate, and hash."""
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for layer in layers:
        merged = merge(merged, layer.data)
        for path in _leaves(layer.data):
            for known in [known for known in sources if known == path or known.startswith(path + ".")]:
                del sources[known]
            sources[path] = layer.source
    problems = schema.schema_problems(merged)
    if not problems:
        problems = schema.meaning_problems(
            merged, _known_languages(), set(labels.STRAND_LABELS), set(labels.ASB_TYPE_LABELS)
        )
    if problems:
        where = next((layer.source for layer in reversed(layers) if layer.source != DEFAULT_SOURCE), DEFAULT_SOURCE)
        raise RulesError(problems, f"the rules ({where})")
    digest = hashlib.sha256(canonical_json(merged).encode()).hexdigest()
    shown = {path: sources.get(path, DEFAULT_SOURCE) for path in _leaves(merged)}
    return Rules(merged, shown, digest, tuple(schema.warnings(merged)), _sections=model.sections(merged))


@functools.cache
def default_rules() -> Rules:
    """The shipped defaults alone, for code running outside an app (pure functions, tests)."""
    return build([Layer(DEFAULT_SOURCE, defaults())])


def load(council_file: str | Path | None = None, legacy: Sequence[Layer] = ()) -> Rules:
    """The rules in force: defaults, then deprecated variables, then the council's file."""
    layers = [Layer(DEFAULT_SOURCE, defaults()), *legacy]
    if council_file:
        layers.append(Layer(f"council file {council_file}", read_toml(council_file)))
    return build(layers)


def _key(config: Mapping[str, Any], layers: Sequence[Layer]) -> str:
    return canonical_json(
        {"file": str(config.get("PORTAL_RULES_FILE") or ""), "legacy": [layer.data for layer in layers]}
    )


def _for_config(config: Mapping[str, Any]) -> tuple[str, Rules, list[str]]:
    from portal.rules.legacy import legacy_layers

    layers, names = legacy_layers(config, defaults())
    key = _key(config, layers)
    return key, load(config.get("PORTAL_RULES_FILE") or None, layers), names


def init_app(app: Flask) -> None:
    """Load and validate the rules at start-up; an invalid file stops the app here."""
    from portal.rules.legacy import fingerprint

    key, rules, deprecated = _for_config(app.config)
    for name in deprecated:
        log.warning(
            "%s is deprecated: it still works in this release, but set the value in the rules file "
            "(PORTAL_RULES_FILE; docs/rules.md) instead",
            name,
        )
    for warning in rules.warnings:
        log.warning("rules: %s", warning)
    app.extensions[EXTENSION] = (fingerprint(app.config), key, rules)


def current() -> Rules:
    """The rules in force for this app. A deprecated setting changed on ``app.config`` after
    start-up (tests do) is picked up and validated here. Called several times a request, so
    the usual case is one cheap comparison of what the rules depend on."""
    from portal.rules.legacy import fingerprint, legacy_layers

    # Within a request the settings do not change: the first call's answer is kept in g.
    in_request = has_request_context()
    if in_request and "_rules" in g:
        return g._rules
    app = current_app
    if EXTENSION not in app.extensions:  # an app not built by create_app (a bare Flask in tests)
        init_app(app)
    seen, key, rules = app.extensions[EXTENSION]
    now_seen = fingerprint(app.config)
    if now_seen != seen:
        layers, _names = legacy_layers(app.config, _shipped())
        now = _key(app.config, layers)
        if now != key:
            rules = load(app.config.get("PORTAL_RULES_FILE") or None, layers)
        app.extensions[EXTENSION] = (now_seen, now, rules)
    if in_request:
        g._rules = rules
    return rules


def describe(rules: Rules) -> str:
    """The rules in force, one ``key = value  # source`` line each, as ``flask rules show`` prints."""
    lines = [f"# rules hash {rules.hash}"]
    for path, value in _leaves(rules.data).items():
        lines.append(f"{path} = {json.dumps(value, ensure_ascii=False)}  # {rules.sources[path]}")
    return "\n".join(lines)

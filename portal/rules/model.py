"""Typed, read-only views of the merged rules, one per section, for the modules that use them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from portal.core.workdays import WorkingCalendar

#: A council's own text: one string, or one per language code.
Text = str | Mapping[str, str]


def text_in(value: Text, language: str | None) -> str:
    """A council's text in ``language``, else English, else the first one given."""
    if isinstance(value, str):
        return value
    return value.get(language or "en") or value.get("en") or next(iter(value.values()))


@dataclass(frozen=True)
class Statistics:
    suppress_below: int
    round_to: int


@dataclass(frozen=True)
class Vocabulary:
    """The one list of monitored strands and ASB types, for every part of the portal."""

    strands: tuple[str, ...]
    strand_aliases: Mapping[str, str]
    strand_labels: Mapping[str, Text]
    asb_categories: tuple[str, ...]
    asb_types: Mapping[str, str]
    asb_type_labels: Mapping[str, Text]

    def strand(self, value: str) -> str | None:
        """The vocabulary's code for a strand as written (any case, or an alias); None if unknown."""
        code = value.strip().lower()
        code = self.strand_aliases.get(code, code)
        return code if code in self.strands else None

    def accepted_strands(self) -> tuple[str, ...]:
        return (*self.strands, *sorted(self.strand_aliases))

    def asb_category(self, asb_type: str | None) -> str | None:
        return self.asb_types.get(asb_type or "")

    def count_strands(self, records: Iterable[Iterable[str]]) -> Counter[str]:
        """Records per strand: each record (a report, a partner's log row) counts once per strand
        it names, however spelt; one record can count under several strands."""
        counts: Counter[str] = Counter()
        for record in records:
            counts.update({code for code in (self.strand(value) for value in record) if code is not None})
        return counts


@dataclass(frozen=True)
class Risk:
    weights: Mapping[str, int]
    medium_from: int
    high_from: int
    long_running_days: int


@dataclass(frozen=True)
class TriageRule:
    when: Mapping[str, Any]
    reason: str
    lead: str | None = None

    def applies(self, facts: Mapping[str, Any]) -> bool:
        for name, wanted in self.when.items():
            if name == "strands":
                if not set(wanted) & set(facts.get("strands") or ()):
                    return False
            elif bool(facts.get(name)) != wanted:
                return False
        return True


@dataclass(frozen=True)
class Triage:
    lead: tuple[TriageRule, ...]
    notes: tuple[TriageRule, ...]

    def decide(self, facts: Mapping[str, Any]) -> tuple[str, list[str]]:
        """The lead agency (first lead rule that applies) and the reasons, lead's first."""
        chosen = next(rule for rule in self.lead if rule.applies(facts))
        return str(chosen.lead), [chosen.reason, *(rule.reason for rule in self.notes if rule.applies(facts))]


@dataclass(frozen=True)
class WorkingDays:
    region: str
    office_opens: time
    office_closes: time
    assessment_working_days: int

    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(region=self.region, office_opens=self.office_opens, office_closes=self.office_closes)


@dataclass(frozen=True)
class Retention:
    report_content_days: int


@dataclass(frozen=True)
class Languages:
    offered: tuple[str, ...]
    awaiting_review: tuple[str, ...]


@dataclass(frozen=True)
class Timescales:
    acknowledge: int
    decision: int
    review: int
    outcome: int


@dataclass(frozen=True)
class Escalation:
    body: str
    working_days: int


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Sections:
    statistics: Statistics
    vocabulary: Vocabulary
    risk: Risk
    triage: Triage
    working_days: WorkingDays
    retention: Retention
    languages: Languages
    timescales: Timescales
    escalation: Escalation
    second_report_hint_days: int
    calendar: WorkingCalendar


def sections(data: Mapping[str, Any]) -> Sections:
    vocabulary = data["vocabulary"]
    trigger = data["community_trigger"]
    hours = data["working_days"]
    working_days = WorkingDays(
        region=hours["region"],
        office_opens=_time(hours["office_opens"]),
        office_closes=_time(hours["office_closes"]),
        assessment_working_days=hours["assessment_working_days"],
    )
    return Sections(
        statistics=Statistics(**data["statistics"]),
        vocabulary=Vocabulary(
            strands=tuple(vocabulary["strands"]),
            strand_aliases=dict(vocabulary["strand_aliases"]),
            strand_labels=dict(vocabulary["strand_labels"]),
            asb_categories=tuple(vocabulary["asb_categories"]),
            asb_types=dict(vocabulary["asb_types"]),
            asb_type_labels=dict(vocabulary["asb_type_labels"]),
        ),
        risk=Risk(
            weights=dict(data["risk"]["weights"]),
            medium_from=data["risk"]["medium_from"],
            high_from=data["risk"]["high_from"],
            long_running_days=data["risk"]["long_running_days"],
        ),
        triage=Triage(
            lead=tuple(TriageRule(rule["when"], rule["reason"], rule["lead"]) for rule in data["triage"]["lead"]),
            notes=tuple(TriageRule(rule["when"], rule["reason"]) for rule in data["triage"].get("notes", [])),
        ),
        working_days=working_days,
        retention=Retention(**data["retention"]),
        languages=Languages(tuple(data["languages"]["offered"]), tuple(data["languages"]["awaiting_review"])),
        timescales=Timescales(**trigger["timescales"]),
        escalation=Escalation(**trigger["escalation"]),
        second_report_hint_days=trigger["hint"]["earlier_report_within_days"],
        calendar=working_days.calendar(),
    )

"""The reporting journey's lists and weights: rules a council may change, as data in one place.

Overrides (all optional, read from app.config; see portal/config.py):
- REPORT_EXTRA_STRANDS: extra hate strands as "code|Label" strings, added before "not sure".
- REPORT_RISK_WEIGHTS: {"factor": points} replacing the default weight of those factors.
- REPORT_RISK_MEDIUM / REPORT_RISK_HIGH: the scores from which risk is medium / high.
- REPORT_REPEAT_ASB_DAYS: how far back an earlier ASB report by the same person counts
  (the Community Trigger hint at a second report within 6 months).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

NOT_SURE = "not_sure"

# The seed's list of motivations (hostility or prejudice based on actual or presumed ...).
HATE_STRANDS: tuple[tuple[str, Any, Any], ...] = (
    (
        "religion",
        _l("Religion or belief"),
        _l("For example, being Muslim, Jewish, Christian, Sikh or having no religion"),
    ),
    ("race", _l("Race"), _l("Including skin colour and being Gypsy, Roma or a Traveller")),
    (
        "ethnic_national_origin",
        _l("Ethnic or national origin"),
        _l("Where you or your family are from, or your nationality"),
    ),
    ("culture", _l("Culture"), _l("For example, your way of life, language or dress")),
    ("sexual_orientation", _l("Sexual orientation"), _l("For example, being gay, lesbian or bisexual")),
    ("gender_identity", _l("Gender identity"), _l("For example, being trans or non-binary")),
    ("disability", _l("Disability"), _l("Including physical, learning and mental health conditions")),
)

# (code, label, category). The category is derived from the type, never asked.
PERSONAL, NUISANCE, ENVIRONMENTAL = "personal", "nuisance", "environmental"
ASB_TYPES: tuple[tuple[str, Any, str], ...] = (
    ("nuisance_neighbours", _l("Rowdy or nuisance neighbours"), NUISANCE),
    ("rowdy_behaviour", _l("Rowdy behaviour in public"), NUISANCE),
    ("noise", _l("Noise"), NUISANCE),
    ("vehicle_nuisance", _l("Vehicle nuisance or an abandoned vehicle"), ENVIRONMENTAL),
    ("litter_drugs", _l("Littering or drugs paraphernalia"), ENVIRONMENTAL),
    ("street_drinking", _l("Street drinking"), NUISANCE),
    ("begging", _l("Begging"), NUISANCE),
    ("animal_problems", _l("Animal problems"), NUISANCE),
    ("trespass", _l("Trespass"), NUISANCE),
    ("nuisance_communications", _l("Malicious or nuisance calls, messages or posts"), PERSONAL),
    ("prostitution", _l("Prostitution-related activity"), NUISANCE),
    ("fireworks", _l("Misuse of fireworks"), NUISANCE),
    ("vandalism_graffiti", _l("Vandalism or graffiti"), ENVIRONMENTAL),
    ("intimidation", _l("Intimidation or harassment aimed at you or your household"), PERSONAL),
    ("other", _l("Something else"), NUISANCE),
)

# Risk factors and their default points. A factor is a yes/no fact derived from the answers.
RISK_WEIGHTS: dict[str, int] = {
    "aimed_at_you": 2,
    "hostility": 2,
    "keeps_happening": 2,
    "daily": 2,
    "longer_than_3_months": 1,
    "reported_before": 1,
    "effect_on_health": 1,
    "effect_on_sleep": 1,
    "effect_on_work": 1,
    "effect_on_children": 2,
    "unsafe_at_home": 3,
    "condition_affected": 2,
    "no_support": 1,
}
RISK_MEDIUM = 5
RISK_HIGH = 10
REPEAT_ASB_DAYS = 183


@dataclass(frozen=True)
class RiskRules:
    weights: Mapping[str, int]
    medium: int
    high: int


def hate_strands(config: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """The strands offered, with a council's extras, then "not sure" last."""
    extras = []
    for item in config.get("REPORT_EXTRA_STRANDS", []) or []:
        code, _, label = str(item).partition("|")
        if code.strip() and label.strip():
            extras.append((code.strip(), label.strip(), None))
    return [*HATE_STRANDS, *extras, (NOT_SURE, _l("I’m not sure"), None)]


def asb_category(asb_type: str | None) -> str | None:
    return next((category for code, _, category in ASB_TYPES if code == asb_type), None)


def risk_rules(config: Mapping[str, Any]) -> RiskRules:
    weights = {**RISK_WEIGHTS, **dict(config.get("REPORT_RISK_WEIGHTS") or {})}
    return RiskRules(
        weights=weights,
        medium=int(config.get("REPORT_RISK_MEDIUM") or RISK_MEDIUM),
        high=int(config.get("REPORT_RISK_HIGH") or RISK_HIGH),
    )


def repeat_asb_days(config: Mapping[str, Any]) -> int:
    return int(config.get("REPORT_REPEAT_ASB_DAYS") or REPEAT_ASB_DAYS)

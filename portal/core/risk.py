"""The intake risk level of a report: a pure function of yes/no risk factors and weights."""

from collections.abc import Iterable
from dataclasses import dataclass

from portal.constants import RiskLevel
from portal.core.reporting_options import RiskRules


@dataclass(frozen=True)
class RiskResult:
    level: RiskLevel
    score: int
    immediate_attention: bool
    factors: tuple[str, ...]


def assess_risk(factors: Iterable[str], rules: RiskRules, in_danger_now: bool = False) -> RiskResult:
    """Add the weight of every factor present. "In danger now" is always high risk, and high
    risk is flagged for the duty desk at once. Unknown factors count nothing."""
    present = tuple(sorted(set(factors)))
    score = sum(rules.weights.get(factor, 0) for factor in present)
    if in_danger_now or score >= rules.high:
        level = RiskLevel.HIGH
    elif score >= rules.medium:
        level = RiskLevel.MEDIUM
    else:
        level = RiskLevel.STANDARD
    return RiskResult(level=level, score=score, immediate_attention=level == RiskLevel.HIGH, factors=present)

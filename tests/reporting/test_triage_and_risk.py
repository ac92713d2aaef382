"""Triage (every seed rule and its opposite) and risk levels, as tables."""

import pytest

from portal.constants import LeadAgency, RiskLevel
from portal.core.reporting_options import RISK_WEIGHTS, RiskRules, risk_rules
from portal.core.risk import assess_risk
from portal.core.triage import TriageFacts, lead_agency_for


@pytest.mark.parametrize(
    ("is_hate", "is_asb", "social_tenant", "police", "lead", "reason_words"),
    [
        # ASB, victim not a social-landlord tenant -> Casework Team; its opposite -> housing provider.
        (False, True, False, False, LeadAgency.CASEWORK_TEAM, "not a social-landlord tenant"),
        (False, True, True, False, LeadAgency.HOUSING_PROVIDER, "housing provider leads"),
        # Police involvement does not change the lead on ASB alone.
        (False, True, False, True, LeadAgency.CASEWORK_TEAM, "Casework Team leads"),
        (False, True, True, True, LeadAgency.HOUSING_PROVIDER, "housing provider leads"),
        # Hate incident not reported to police -> Casework Team; its opposite -> police.
        (True, False, False, False, LeadAgency.CASEWORK_TEAM, "not reported to the police"),
        (True, False, False, True, LeadAgency.POLICE, "police lead"),
        # Tenure does not change the lead on a hate incident alone.
        (True, False, True, False, LeadAgency.CASEWORK_TEAM, "not reported to the police"),
        (True, False, True, True, LeadAgency.POLICE, "police lead"),
        # Combined cases: the hate incident decides; the housing provider is named when relevant.
        (True, True, False, False, LeadAgency.CASEWORK_TEAM, "one case"),
        (True, True, True, False, LeadAgency.CASEWORK_TEAM, "involve the housing provider"),
        (True, True, True, True, LeadAgency.POLICE, "involve the housing provider"),
        (True, True, False, True, LeadAgency.POLICE, "police lead"),
        # Neither -> refer on.
        (False, False, False, False, LeadAgency.REFER_ON, "refer to the right partner"),
        (False, False, True, True, LeadAgency.REFER_ON, "refer to the right partner"),
    ],
)
def test_lead_agency_for(is_hate, is_asb, social_tenant, police, lead, reason_words) -> None:
    agency, reasons = lead_agency_for(TriageFacts(is_hate, is_asb, social_tenant, police))
    assert agency == lead
    assert any(reason_words in reason for reason in reasons), reasons


RULES = RiskRules(weights=RISK_WEIGHTS, medium=5, high=10)


@pytest.mark.parametrize(
    ("factors", "in_danger", "level", "score"),
    [
        ([], False, RiskLevel.STANDARD, 0),
        (["no_support", "reported_before"], False, RiskLevel.STANDARD, 2),
        (["aimed_at_you", "hostility"], False, RiskLevel.STANDARD, 4),
        (["aimed_at_you", "hostility", "no_support"], False, RiskLevel.MEDIUM, 5),
        (["unsafe_at_home", "aimed_at_you", "hostility", "effect_on_children"], False, RiskLevel.MEDIUM, 9),
        (
            ["unsafe_at_home", "aimed_at_you", "hostility", "effect_on_children", "no_support"],
            False,
            RiskLevel.HIGH,
            10,
        ),
        ([], True, RiskLevel.HIGH, 0),
        (["unknown_factor"], False, RiskLevel.STANDARD, 0),
    ],
)
def test_assess_risk(factors, in_danger, level, score) -> None:
    result = assess_risk(factors, RULES, in_danger_now=in_danger)
    assert (result.level, result.score) == (level, score)
    assert result.immediate_attention == (level == RiskLevel.HIGH)


def test_risk_weights_and_thresholds_come_from_config() -> None:
    rules = risk_rules({"REPORT_RISK_WEIGHTS": {"no_support": 20}, "REPORT_RISK_MEDIUM": 1, "REPORT_RISK_HIGH": 15})
    assert assess_risk(["no_support"], rules).level == RiskLevel.HIGH
    assert assess_risk(["reported_before"], rules).level == RiskLevel.MEDIUM
    assert rules.weights["unsafe_at_home"] == RISK_WEIGHTS["unsafe_at_home"]

"""Which agency should lead on a report: a pure function of the seed's triage rules.

- ASB where the victim is not a social-landlord tenant: the Casework Team leads.
- ASB where the victim is a social-landlord tenant: the housing provider leads.
- A hate incident not reported to police: the Casework Team leads.
- A hate incident reported to police: the police lead.
- A report that is both: the hate incident decides the lead (a possible hate crime the police
  already hold stays with them; otherwise the Casework Team, which handles hate and ASB
  together). When the ASB part alone would go to the housing provider, a reason says so,
  so the case can go to a multi-agency meeting.
- Anything else is referred on to the right partner.
"""

from dataclasses import dataclass

from portal.constants import LeadAgency


@dataclass(frozen=True)
class TriageFacts:
    is_hate: bool
    is_asb: bool
    social_tenant: bool
    reported_to_police: bool


def lead_agency_for(report: TriageFacts) -> tuple[LeadAgency, list[str]]:
    """The suggested lead agency and the reasons, in plain words for the casework intake."""
    reasons: list[str] = []
    if report.is_hate:
        if report.reported_to_police:
            lead = LeadAgency.POLICE
            reasons.append("Hate incident already reported to the police: the police lead.")
        else:
            lead = LeadAgency.CASEWORK_TEAM
            reasons.append("Hate incident not reported to the police: the Casework Team leads.")
        if report.is_asb:
            if report.social_tenant:
                reasons.append(
                    "Also anti-social behaviour against a social-landlord tenant: involve the housing provider "
                    "(combined case, consider a multi-agency meeting)."
                )
            else:
                reasons.append("Also anti-social behaviour: handled with the hate incident as one case.")
        return lead, reasons
    if report.is_asb:
        if report.social_tenant:
            return LeadAgency.HOUSING_PROVIDER, [
                "Anti-social behaviour against a social-landlord tenant: the housing provider leads."
            ]
        return LeadAgency.CASEWORK_TEAM, [
            "Anti-social behaviour where the victim is not a social-landlord tenant: the Casework Team leads."
        ]
    return LeadAgency.REFER_ON, ["Neither a hate incident nor anti-social behaviour: refer to the right partner."]

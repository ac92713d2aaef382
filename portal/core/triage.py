"""Which agency should lead on a report: the council's triage rules (``[triage]`` in its rules
file, portal/rules/default.toml), applied to a few facts about the report.

Brighton & Hove's rules, the defaults, follow the seed:

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

from portal import rules
from portal.constants import LeadAgency
from portal.rules.model import Triage


@dataclass(frozen=True)
class TriageFacts:
    is_hate: bool
    is_asb: bool
    social_tenant: bool
    reported_to_police: bool
    strands: tuple[str, ...] = ()


def lead_agency_for(report: TriageFacts, triage: Triage | None = None) -> tuple[LeadAgency, list[str]]:
    """The suggested lead agency and the reasons, in plain words for the casework intake.
    ``triage`` is the rules in force (``rules.current().triage``); the defaults without it."""
    facts = {
        "hate": report.is_hate,
        "asb": report.is_asb,
        "social_tenant": report.social_tenant,
        "reported_to_police": report.reported_to_police,
        "strands": report.strands,
    }
    lead, reasons = (triage or rules.default_rules().triage).decide(facts)
    return LeadAgency(lead), reasons

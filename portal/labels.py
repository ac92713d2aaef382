"""What each status value is called on screen, in plain language, translatable."""

from flask_babel import lazy_gettext as _l

from portal.constants import LeadAgency, Stage

STAGE_LABELS = {
    Stage.SUBMITTED: _l("Sent, waiting to reach the Casework Team"),
    Stage.RECEIVED: _l("Received by the Casework Team"),
    Stage.ACKNOWLEDGED: _l("Acknowledged"),
    Stage.ASSESSING: _l("Being assessed"),
    Stage.IN_PROGRESS: _l("Being worked on"),
    Stage.REFERRED: _l("Passed to the agency that will lead on it"),
    Stage.THRESHOLD_MET: _l("The case review threshold is met"),
    Stage.THRESHOLD_NOT_MET: _l("The case review threshold is not met"),
    Stage.REVIEW_ARRANGED: _l("A case review meeting is arranged"),
    Stage.OUTCOME_SENT: _l("The outcome has been sent"),
    Stage.CLOSED: _l("Closed"),
}

LEAD_AGENCY_LABELS = {
    LeadAgency.CASEWORK_TEAM: _l("The council's Casework Team"),
    LeadAgency.POLICE: _l("The police"),
    LeadAgency.HOUSING_PROVIDER: _l("Your housing provider"),
    LeadAgency.REFER_ON: _l("Another partner agency"),
}


def stage_label(stage: str | None) -> object:
    return STAGE_LABELS.get(Stage(stage), stage) if stage and stage in Stage.__members__.values() else stage or ""


def lead_agency_label(agency: str | None) -> object:
    return (
        LEAD_AGENCY_LABELS.get(LeadAgency(agency), "") if agency and agency in LeadAgency.__members__.values() else ""
    )

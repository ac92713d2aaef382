"""What each status value is called on screen, in plain language, translatable."""

from flask_babel import lazy_gettext as _l

from portal.constants import Channel, LeadAgency, MessageDirection, RiskLevel, Stage, UpdateKind

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

RISK_LABELS = {RiskLevel.STANDARD: _l("Standard"), RiskLevel.MEDIUM: _l("Medium"), RiskLevel.HIGH: _l("High")}

CHANNEL_LABELS = {
    Channel.EMAIL: _l("Email"),
    Channel.SMS: _l("Text message"),
    Channel.PHONE: _l("Phone call"),
    Channel.LETTER: _l("Letter"),
    Channel.NONE: _l("Online only"),
}

DIRECTION_LABELS = {
    MessageDirection.TO_REPORTER: _l("To the reporter"),
    MessageDirection.FROM_REPORTER: _l("From the reporter"),
    MessageDirection.INTERNAL: _l("Internal note"),
}

UPDATE_KIND_LABELS = {
    UpdateKind.UPDATE: _l("Update"),
    UpdateKind.QUESTION: _l("Question"),
    UpdateKind.REPLY: _l("Reply"),
    UpdateKind.NEW_INCIDENT: _l("Something else happened"),
    UpdateKind.EVIDENCE: _l("Evidence"),
    UpdateKind.STAGE: _l("Stage change"),
    UpdateKind.LEAD_AGENCY_CONCERN: _l("Concern about the lead agency"),
}


def _label(labels: dict, value: str | None) -> object:
    """The words for a stored value; a value this version does not know is shown as stored."""
    return labels.get(value, value or "")


def risk_label(value: str | None) -> object:
    return _label(RISK_LABELS, value)


def channel_label(value: str | None) -> object:
    return _label(CHANNEL_LABELS, value)


def direction_label(value: str | None) -> object:
    return _label(DIRECTION_LABELS, value)


def update_kind_label(value: str | None) -> object:
    return _label(UPDATE_KIND_LABELS, value)


def stage_label(stage: str | None) -> object:
    return STAGE_LABELS.get(Stage(stage), stage) if stage and stage in Stage.__members__.values() else stage or ""


def lead_agency_label(agency: str | None) -> object:
    return (
        LEAD_AGENCY_LABELS.get(LeadAgency(agency), "") if agency and agency in LeadAgency.__members__.values() else ""
    )

"""Status and category values, in one place (STYLE.md rule 4)."""

from enum import StrEnum


class SubmissionKind(StrEnum):
    REPORT = "report"
    TRIGGER_APPLICATION = "trigger_application"
    PARTNER_REPORT = "partner_report"


class Stage(StrEnum):
    """Where a submission is, as the reporter is told it."""

    SUBMITTED = "submitted"  # stored, waiting to reach the casework intake
    RECEIVED = "received"  # the intake has it
    ACKNOWLEDGED = "acknowledged"
    ASSESSING = "assessing"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    THRESHOLD_MET = "threshold_met"
    THRESHOLD_NOT_MET = "threshold_not_met"
    REVIEW_ARRANGED = "review_arranged"
    OUTCOME_SENT = "outcome_sent"
    CLOSED = "closed"


class Channel(StrEnum):
    """How a reporter hears from us."""

    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    LETTER = "letter"
    NONE = "none"  # online only, with the tracking code


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker; the lease says until when
    RETRYING = "retrying"
    DELIVERED = "delivered"
    DEAD = "dead"


class RiskLevel(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class LeadAgency(StrEnum):
    CASEWORK_TEAM = "casework_team"
    POLICE = "police"
    HOUSING_PROVIDER = "housing_provider"
    REFER_ON = "refer_on"


class Role(StrEnum):
    CASEWORKER = "caseworker"
    MANAGER = "manager"
    PARTNER_ADMIN = "partner_admin"
    PARTNER_REPORTER = "partner_reporter"
    # Accredited community members who check sampled, redacted cases (seed section 7).
    LAY_VISITOR = "lay_visitor"


STAFF_ROLES = frozenset({Role.CASEWORKER, Role.MANAGER})
PARTNER_ROLES = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_REPORTER})


class MessageDirection(StrEnum):
    TO_REPORTER = "to_reporter"
    FROM_REPORTER = "from_reporter"
    INTERNAL = "internal"


class UpdateKind(StrEnum):
    UPDATE = "update"
    QUESTION = "question"
    REPLY = "reply"
    NEW_INCIDENT = "new_incident"
    EVIDENCE = "evidence"
    STAGE = "stage"
    LEAD_AGENCY_CONCERN = "lead_agency_concern"


class IntakeEvent(StrEnum):
    SUBMISSION_CREATED = "submission.created"
    SUBMISSION_FOLLOWUP = "submission.followup"
    CONTACT_CHANGED = "submission.contact_changed"
    REPORTER_UPDATE = "reporter.update"
    PARTNER_UPDATE = "partner.update"
    ALERT = "duty_desk.alert"
    LEAD_AGENCY_CONCERN = "submission.lead_agency_concern"
    SURVEY_INVITATION = "reporter.survey_invitation"


class Route(StrEnum):
    """How a report reached the Casework Team, for the statistics."""

    ONLINE = "online"
    PARTNER = "partner"
    API = "api"
    STAFF = "staff"


class OutcomeCategory(StrEnum):
    """The kind of outcome a closed case had, for the statistics (the outcome text stays private)."""

    RESOLVED = "resolved"
    REFERRED = "referred"
    NO_FURTHER_ACTION = "no_further_action"
    WITHDRAWN = "withdrawn"


class EntryChannel(StrEnum):
    """How someone gave a report or application that the duty desk entered for them."""

    PHONE = "phone"
    IN_PERSON = "in_person"
    LETTER = "letter"


# Outbox destinations that are not case-system adapters.
REPORTER_DESTINATION = "reporter"
PARTNER_DESTINATION = "partner"
# Who gets updates on a partner's report.
UPDATES_TO_PARTNER = ("partner", "both")
ALERT_DESTINATION = "duty-desk-alert"

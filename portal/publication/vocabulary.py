"""What each published row is called, in plain words, translatable. Strands and ASB types come
from the reporting vocabulary (portal/core/reporting_options.py)."""

from flask_babel import lazy_gettext as _l

from portal.constants import OutcomeCategory, Route

ROUTE_LABELS = {
    Route.ONLINE: _l("Online, by the public"),
    Route.PARTNER: _l("Through a partner organisation"),
    Route.API: _l("From a partner’s system"),
    Route.STAFF: _l("Taken by staff (phone or in person)"),
}
TYPE_LABELS = {
    "hate": _l("Hate incident only"),
    "asb": _l("Anti-social behaviour only"),
    "both": _l("Both"),
    "other": _l("Neither"),
}
ASB_CATEGORY_LABELS = {
    "personal": _l("Personal"),
    "nuisance": _l("Nuisance"),
    "environmental": _l("Environmental"),
}
OUTCOME_LABELS = {
    OutcomeCategory.RESOLVED: _l("Resolved"),
    OutcomeCategory.REFERRED: _l("Passed to another agency"),
    OutcomeCategory.NO_FURTHER_ACTION: _l("No further action possible"),
    OutcomeCategory.WITHDRAWN: _l("Withdrawn by the reporter"),
}
SATISFACTION_LABELS = {
    "very_satisfied": _l("Very satisfied"),
    "satisfied": _l("Satisfied"),
    "neither": _l("Neither satisfied nor dissatisfied"),
    "dissatisfied": _l("Dissatisfied"),
    "very_dissatisfied": _l("Very dissatisfied"),
}
STANDARD_LABELS = {
    "assessed_in_time": _l("Initial assessment within one working day"),
    "risk_assessment_offered": _l("Risk and vulnerability assessment offered"),
    "contact_named": _l("Single point of contact named"),
    "lead_agency_agreed": _l("Lead agency agreed"),
    "updates_agreed": _l("How often and how updates are given agreed"),
}
NOT_KNOWN = _l("Not known")

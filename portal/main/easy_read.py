"""Easy Read versions of the four pages people most need to understand: the start page, the
report journey's "Before you start", the Community Trigger explanation and what each stage on
the status page means.

They live in the `main` journey, beside the other information pages, rather than one in each
journey: they are pages to read, not steps of a journey, they share one layout
(templates/easy-read/), and a journey never imports another, so keeping them here lets each
page link to the journeys it explains by endpoint only. They are a variant of English rendered
through the same catalogues, so every language offered gets them as it is translated."""

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from portal import rules as council_rules
from portal.constants import Stage
from portal.core.trigger_rules import TriggerRules
from portal.labels import stage_label
from portal.main import bp

#: What each stage on the status page means, in the order a case moves through them: the
#: picture that stands for it, its alt text and the Easy Read lines. Every stage in
#: portal.constants.Stage is here (a test checks).
STAGE_MEANINGS: tuple[tuple[Stage, str, object, tuple[object, ...]], ...] = (
    (
        Stage.SUBMITTED,
        "sent",
        _l("A paper plane flying away"),
        (_l("You have sent your report."), _l("It is on its way to the Casework Team.")),
    ),
    (
        Stage.RECEIVED,
        "received",
        _l("A letter in a tray"),
        (_l("The Casework Team has your report."),),
    ),
    (
        Stage.ACKNOWLEDGED,
        "acknowledged",
        _l("A letter with a tick"),
        (_l("The Casework Team has seen your report."), _l("They have told you that they have it.")),
    ),
    (
        Stage.ASSESSING,
        "assessing",
        _l("Someone looking closely at a report"),
        (
            _l("The team is looking at your report."),
            _l("They check how much help you need."),
            _l("They check how fast you need it."),
        ),
    ),
    (
        Stage.IN_PROGRESS,
        "worker",
        _l("Someone working at a desk"),
        (_l("Someone is working on your case."), _l("They will tell you what is happening.")),
    ),
    (
        Stage.REFERRED,
        "referred",
        _l("An arrow from one office to another"),
        (
            _l("Another team will lead on your case."),
            _l("For example, the police or your landlord."),
            _l("Your report page says who it is."),
        ),
    ),
    (
        Stage.THRESHOLD_MET,
        "yes",
        _l("A green tick"),
        (_l("This is for a case review."), _l("Your case fits the rules for a case review.")),
    ),
    (
        Stage.THRESHOLD_NOT_MET,
        "no",
        _l("A red cross"),
        (
            _l("This is for a case review."),
            _l("Your case does not fit the rules for a case review."),
            _l("We tell you why."),
            _l("You can ask for this to be looked at again."),
        ),
    ),
    (
        Stage.REVIEW_ARRANGED,
        "meeting",
        _l("People sitting at a table"),
        (_l("A meeting about your case has a date."), _l("People from different teams will meet.")),
    ),
    (
        Stage.OUTCOME_SENT,
        "outcome",
        _l("A letter coming out of an envelope"),
        (_l("We have sent you what the case review decided."), _l("It says what will happen next.")),
    ),
    (
        Stage.CLOSED,
        "closed",
        _l("A closed folder"),
        (_l("We have finished work on your case."), _l("If something new happens, make a new report.")),
    ),
)


@bp.route("/easy-read/")
def easy_read_start() -> str:
    return render_template("easy-read/start.html", standard_url_endpoint="main.start")


@bp.route("/easy-read/report")
def easy_read_report() -> str:
    return render_template(
        "easy-read/report.html",
        standard_url_endpoint="reporting.start",
        draft_minutes=current_app.config["DRAFT_LIFETIME_MINUTES"],
        assessment_days=council_rules.current().working_days.assessment_working_days,
    )


@bp.route("/easy-read/community-trigger")
def easy_read_trigger() -> str:
    rules = TriggerRules.from_rules(council_rules.current().community_trigger)
    return render_template(
        "easy-read/community-trigger.html",
        standard_url_endpoint="trigger.start",
        threshold=rules.statutory.threshold,
        window_months=rules.statutory.application_within_months,
        complaint_months=rules.statutory.complaint_within_months,
        hate_rule=rules.hate.enabled,
        households_rule=rules.households.enabled,
    )


@bp.route("/easy-read/status")
def easy_read_status() -> str:
    stages = [(stage_label(stage), picture, alt, lines) for stage, picture, alt, lines in STAGE_MEANINGS]
    return render_template(
        "easy-read/status.html",
        standard_url_endpoint="status.start",
        stages=stages,
        idle_minutes=current_app.config["STATUS_IDLE_MINUTES"],
    )

"""Views of the reporting journey: thin, they parse, call a service and redirect."""

import contextlib
from typing import Any

from flask import current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal import drafts
from portal.core.answers import Answers
from portal.core.submissions import AlreadySubmitted
from portal.core.tracking import tracking_code_from_seed
from portal.journeys import Journey, register_journey
from portal.models import Draft
from portal.questions import contact, incident, monitoring
from portal.questions.pages import answer_is, incident_pages, page, safety_pages, sharing_and_evidence_pages
from portal.reporting import bp, services

JOURNEY = "report"
SKIPPED_FIELDS = ("CSRFTokenField", "SubmitField", "FileField", "MultipleFileField")


def _named(answers: Answers) -> bool:
    return answers.get("contact", "identity") == "named"


report_journey = Journey(
    name=JOURNEY,
    title=_l("Report a hate incident or anti-social behaviour"),
    start_endpoint="reporting.start",
    confirmation_endpoint="reporting.confirmation",
    check_template="reporting/check-answers.html",
    pages=[
        *safety_pages(),
        page("who", incident.WhoForm, _l("Who are you reporting for?")),
        *incident_pages(),
        page("contact", contact.ContactForm, _l("Your contact details")),
        page(
            "contact-preferences",
            contact.ContactPreferencesForm,
            _l("How we contact you"),
            applies=_named,
        ),
        *sharing_and_evidence_pages(),
        page("monitoring", monitoring.MonitoringForm, _l("Equality questions")),
        page(
            "monitoring-questions",
            monitoring.MonitoringQuestionsForm,
            _l("Equality questions"),
            applies=answer_is("monitoring", "answer", "yes"),
        ),
    ],
)


@bp.route("/")
def start() -> str:
    return render_template("reporting/start.html", first=report_journey.pages[0])


def _submit(draft: Draft) -> Response:
    with contextlib.suppress(AlreadySubmitted):
        services.submit_report(draft, drafts.draft_seed(JOURNEY), str(get_locale()), current_app.config)
    return redirect(url_for("reporting.confirmation"))


@bp.route("/confirmation")
def confirmation() -> Any:
    submission = drafts.submitted(JOURNEY)
    if submission is None:
        return redirect(url_for("reporting.start"))
    code = tracking_code_from_seed(drafts.draft_seed(JOURNEY))
    return render_template(
        "reporting/confirmation.html",
        submission=submission,
        tracking_code=code,
        repeat_asb=services.is_repeat_asb_report(submission, current_app.config),
        other_help=services.other_help(current_app.config),
    )


register_journey(bp, report_journey, _submit)

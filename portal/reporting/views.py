"""Views of the reporting journey: thin, they parse, call a service and redirect."""

import contextlib
from dataclasses import replace
from typing import Any

from flask import current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal import bot_check, drafts
from portal.core.answers import Answers
from portal.core.lookup import LookupFailed
from portal.core.reported_before import earlier_report_for
from portal.core.submissions import AlreadySubmitted
from portal.core.tracking import tracking_code_from_seed
from portal.core.trigger_links import offer_reports
from portal.idempotency import posted_token
from portal.journeys import Journey, Page, Row, register_journey
from portal.models import Draft
from portal.questions import circumstances, contact, incident, monitoring
from portal.questions.pages import (
    answer_is,
    incident_pages,
    page,
    safety_pages,
    sharing_and_evidence_pages,
    summary_rows,
)
from portal.reporting import bp, services

JOURNEY = "report"


def _named(answers: Answers) -> bool:
    return answers.get("contact", "identity") == "named"


REPORTED_BEFORE_PAGE = "already-reported"


def _check_earlier_code(answers: Answers, form: Any) -> dict[str, Any]:
    code = form.earlier_tracking_code.data
    if not code:
        return {}
    try:
        form.linked_id = earlier_report_for(code).id
    except LookupFailed as failure:
        form.earlier_tracking_code.data = ""  # never echo a code back into the page
        return {"earlier_tracking_code": str(failure.message)}
    return {}


def _reported_before_rows(answers: Answers, form: Any) -> list[Row]:
    rows = list(summary_rows(REPORTED_BEFORE_PAGE)(answers, form))
    if answers.get(REPORTED_BEFORE_PAGE, "linked_id"):
        # The reporter sees nothing of the earlier report, only that it is linked.
        rows.append(
            Row(
                _l("Your earlier report"),
                _l("Linked by its tracking code"),
                REPORTED_BEFORE_PAGE,
                "earlier_tracking_code",
            )
        )
    return rows


def _with_reported_before(incident: Page) -> Page:
    """The public report's "already reported" page also takes an earlier tracking code."""
    if incident.name != REPORTED_BEFORE_PAGE:
        return incident
    return replace(
        incident, form=circumstances.ReportedBeforeForm, cross_check=_check_earlier_code, summary=_reported_before_rows
    )


report_journey = Journey(
    name=JOURNEY,
    title=_l("Report a hate incident or anti-social behaviour"),
    start_endpoint="reporting.start",
    confirmation_endpoint="reporting.confirmation",
    check_template="reporting/check-answers.html",
    saveable=True,
    spam_check=True,
    pages=[
        *safety_pages(),
        page("who", incident.WhoForm, _l("Who are you reporting for?")),
        *[_with_reported_before(incident) for incident in incident_pages()],
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
        services.submit_report(
            draft,
            drafts.draft_seed(JOURNEY),
            str(get_locale()),
            current_app.config,
            token=posted_token(),
            unchecked=bot_check.sent_unchecked(),
        )
    return redirect(url_for("reporting.confirmation"))


@bp.route("/confirmation")
def confirmation() -> Any:
    submission = drafts.submitted(JOURNEY)
    if submission is None:
        return redirect(url_for("reporting.start"))
    code = tracking_code_from_seed(drafts.draft_seed(JOURNEY))
    earlier = services.earlier_asb_reports(submission, current_app.config)
    if earlier:
        # "Apply with these reports" on the page starts the application with them linked.
        offer_reports([*earlier, submission])
    return render_template(
        "reporting/confirmation.html",
        submission=submission,
        tracking_code=code,
        repeat_asb=bool(earlier),
        earlier_reports=earlier,
        other_help=services.other_help(current_app.config),
    )


register_journey(bp, report_journey, _submit)

"""Views of the reporting journey: thin, they parse, call a service and redirect."""

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal import drafts
from portal.journeys import Answers, Journey, Page, Row, register_journey
from portal.extensions import db
from portal.models import Draft, Submission
from portal.reporting import bp, forms
from portal.reporting.services import submit_report
from portal.submissions import AlreadySubmitted
from portal.tracking import tracking_code_from_seed

JOURNEY = "report"


def _what_happened(answers: Answers, form: Any) -> list[Row]:
    return [Row(_l("What happened"), answers.get("what-happened", "description"), "what-happened", "description")]


def _contact(answers: Answers, form: Any) -> list[Row]:
    if answers.get("contact", "identity") != "named":
        return [Row(_l("Your details"), _l("Anonymous"), "contact", "identity")]
    return [
        Row(_l("Your name"), answers.get("contact", "name"), "contact", "name"),
        Row(_l("Email address"), answers.get("contact", "email"), "contact", "email"),
    ]


report_journey = Journey(
    name=JOURNEY,
    title=_l("Report a hate incident or anti-social behaviour"),
    start_endpoint="reporting.start",
    confirmation_endpoint="reporting.confirmation",
    check_template="reporting/check-answers.html",
    pages=[
        Page("what-happened", forms.WhatHappenedForm, "reporting/what-happened.html", _l("What happened?"), summary=_what_happened),
        Page("contact", forms.ContactForm, "reporting/contact.html", _l("Your contact details"), summary=_contact),
    ],
)


@bp.route("/")
def start() -> str:
    return render_template("reporting/start.html", first=report_journey.pages[0])


def _submit(draft: Draft) -> Response:
    try:
        submit_report(draft, drafts.draft_seed(JOURNEY), str(get_locale()))
    except AlreadySubmitted:
        pass
    return redirect(url_for("reporting.confirmation"))


@bp.route("/confirmation")
def confirmation() -> Any:
    try:
        draft = drafts.current_draft(JOURNEY)
    except drafts.DraftExpired:
        draft = None
    submission = db.session.get(Submission, draft.submission_id) if draft and draft.submission_id else None
    if submission is None:
        return redirect(url_for("reporting.start"))
    code = tracking_code_from_seed(drafts.draft_seed(JOURNEY))
    return render_template("reporting/confirmation.html", submission=submission, tracking_code=code)


register_journey(bp, report_journey, _submit)

"""Reporting for a client (/partners/report/): the reporting journey in partner mode.

The organisation is known from the signed-in user, so there is no "who is reporting" page; the
client's consent and, when they share their details, who gets updates are asked instead. The
incident questions, their checks and their templates are the public journey's."""

import contextlib
from typing import Any

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import drafts
from portal.constants import PARTNER_ROLES
from portal.core import partner_reports as reports
from portal.core.answers import Answers
from portal.core.submissions import AlreadySubmitted
from portal.core.tracking import tracking_code_from_seed
from portal.extensions import login_manager
from portal.journeys import Journey, register_journey
from portal.models import Draft
from portal.partners import report_bp
from portal.questions.pages import partner_report_pages

JOURNEY = "partner-report"


partner_journey = Journey(
    name=JOURNEY,
    title=_l("Report for a client"),
    start_endpoint="partners_report.start",
    confirmation_endpoint="partners_report.confirmation",
    check_template="reporting/check-answers.html",
    pages=partner_report_pages(),
)


@report_bp.before_request
def partners_only() -> Any:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in PARTNER_ROLES:
        abort(403)
    if current_user.organisation is None or not current_user.organisation.active:
        abort(403)
    return None


@report_bp.route("/")
def start() -> str:
    return render_template("partners/report/start.html", first=partner_journey.pages[0])


def _submit(draft: Draft) -> Response:
    with contextlib.suppress(AlreadySubmitted):
        reports.submit_partner_report(
            draft,
            drafts.draft_seed(JOURNEY),
            Answers(draft.data),
            current_user.organisation,
            current_user,
            str(get_locale()),
            current_app.config,
        )
    return redirect(url_for("partners_report.confirmation"))


@report_bp.route("/confirmation")
def confirmation() -> Any:
    submission = drafts.submitted(JOURNEY)
    if submission is None or submission.organisation_id != current_user.organisation_id:
        return redirect(url_for("partners_report.start"))
    return render_template(
        "partners/report/confirmation.html",
        submission=submission,
        tracking_code=tracking_code_from_seed(drafts.draft_seed(JOURNEY)),
    )


register_journey(report_bp, partner_journey, _submit)

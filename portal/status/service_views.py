"""The service-improvement loop on the status page: the satisfaction survey after closure and
a concern about the lead agency. Both work through the tracking code, so anonymous reporters
can use them."""

from typing import Any

from flask import redirect, url_for

from portal.idempotency import posted_token
from portal.labels import lead_agency_label
from portal.models import Submission
from portal.quality import concerns, standards, survey
from portal.status import bp
from portal.status.service_forms import ConcernForm, SurveyForm
from portal.status.views import _done, _render, with_submission
from portal.unit_of_work import commit


@bp.context_processor
def service_loop_context() -> dict[str, Any]:
    def service_loop(submission: Submission) -> dict[str, Any]:
        return {
            "survey": survey.survey_state(submission).value,
            "may_raise_concern": concerns.may_raise_concern(submission),
            "concerns": concerns.concerns_of(submission),
            "standards": standards.for_reporter(submission),
        }

    return {"service_loop": service_loop, "lead_agency_label": lead_agency_label}


@bp.route("/survey", methods=["GET", "POST"])
@with_submission
def survey_page(submission: Submission) -> Any:
    state = survey.survey_state(submission)
    if state is survey.SurveyState.NOT_CLOSED:
        return redirect(url_for("status.view"))
    if state is survey.SurveyState.ANSWERED:
        return _render("status/survey-answered.html", submission), 409
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            survey.record_answer(
                submission,
                form.satisfaction.data or "",
                form.outcome_as_wanted.data or "",
                form.updates_as_agreed.data or "",
                form.comments.data,
            )
        except survey.AlreadyAnswered:
            return _render("status/survey-answered.html", submission), 409
        commit()
        return _done("survey")
    return _render("status/survey.html", submission, form=form)


@bp.route("/lead-agency-concern", methods=["GET", "POST"])
@with_submission
def lead_agency_concern(submission: Submission) -> Any:
    if not concerns.may_raise_concern(submission):
        return redirect(url_for("status.view"))
    form = ConcernForm()
    if form.validate_on_submit():
        concerns.raise_concern(submission, form.concern.data or "", token=posted_token())
        commit()
        return _done("concern")
    return _render(
        "status/lead-agency-concern.html", submission, form=form, lead_agency=lead_agency_label(submission.lead_agency)
    )

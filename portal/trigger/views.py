"""The Community Trigger (ASB Case Review) journey: thin views that parse, call a service and
redirect. Question pages come from portal.journeys; the "add another" complaints, escalation and figures are here."""

import contextlib
from datetime import date
from typing import Any

from flask import Response, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from portal import bot_check, drafts
from portal.core.answers import Answers
from portal.core.eligibility import CouncilText
from portal.core.lookup import NOT_FOUND, LookupFailed, current_submission, find_by_tracking_code
from portal.core.submissions import AlreadySubmitted
from portal.core.tracking import tracking_code_from_seed
from portal.extensions import db, limiter
from portal.idempotency import posted_token
from portal.journeys import Journey, Page, Row, register_journey
from portal.models import Draft, Submission, TriggerCase, utcnow
from portal.trigger import bp, forms, services
from portal.trigger.figures import as_csv, default_period, figures_for
from portal.trigger.lifecycle import EscalationRefused, case_of, escalation_for, request_escalation
from portal.unit_of_work import commit

JOURNEY = "trigger"
LIST_PAGE = "earlier-complaints"


def _choice_label(choices: list[tuple[str, Any]], value: Any) -> Any:
    return dict(choices).get(value, value)


def _who(answers: Answers, form: Any) -> list[Row]:
    page = "who-is-applying"
    kind = answers.get(page, "applicant_type")
    rows = [Row(_l("Who is applying"), _choice_label(forms.APPLICANT_TYPES, kind), "who-is-applying", "applicant_type")]
    if kind == "behalf":
        rows += [
            Row(
                _l("The victim’s name"), answers.get("who-is-applying", "victim_name"), "who-is-applying", "victim_name"
            ),
            Row(
                _l("How you know the victim"),
                answers.get("who-is-applying", "relationship"),
                "who-is-applying",
                "relationship",
            ),
            Row(_l("The victim’s consent"), _l("The victim has agreed"), "who-is-applying", "consent"),
        ]
    if kind in ("business", "group"):
        rows.append(
            Row(_l("Name"), answers.get("who-is-applying", "organisation_name"), "who-is-applying", "organisation_name")
        )
    return rows


def _complaints_summary(answers: Answers, form: Any) -> list[Row]:
    rows = services.rows_of(answers)
    return [
        Row(_l("Earlier complaints you described"), str(len(rows.typed)), LIST_PAGE),
        Row(_l("Reports made on this website"), str(len(rows.linked)), LIST_PAGE),
    ]


def _complaints_context(answers: Answers) -> dict[str, Any]:
    return {
        "typed": services.rows_of(answers).typed,
        "linked": services.linked_reports(answers),
        "agency_label": lambda value: _choice_label(forms.AGENCIES, value),
        "max_complaints": services.max_complaints(),
        "as_date": date.fromisoformat,
    }


def _now(answers: Answers, form: Any) -> list[Row]:
    return [
        Row(_l("What is happening now"), answers.get("now", "happening_now"), "now", "happening_now"),
        Row(_l("How it is affecting you or others"), answers.get("now", "impact"), "now", "impact"),
        Row(_l("What you would like to happen"), answers.get("now", "outcome_wanted"), "now", "outcome_wanted"),
    ]


def _home(answers: Answers, form: Any) -> list[Row]:
    return [
        Row(_l("Your home"), _choice_label(forms.TENURES, answers.get("home", "tenure")), "home", "tenure"),
        Row(_l("Landlord or housing provider"), answers.get("home", "landlord"), "home", "landlord"),
    ]


def _contact(answers: Answers, form: Any) -> list[Row]:
    return [
        Row(_l("Your name"), answers.get("contact", "name"), "contact", "name"),
        Row(
            _l("How we contact you"),
            _choice_label(forms.CONTACT_METHODS, answers.get("contact", "method")),
            "contact",
            "method",
        ),
        Row(_l("Email address"), answers.get("contact", "email"), "contact", "email"),
        Row(_l("Phone number"), answers.get("contact", "phone"), "contact", "phone"),
        Row(_l("Language for letters and messages"), services.language_name(answers), "contact", "language"),
    ]


RULE_NAMES = {
    "statutory": _l("Complaints about the same problem"),
    "households": _l("Several households complaining"),
    "hate": _l("A hate incident"),
    "no_action": _l("Reported, and nothing done"),
}


def _result_context(answers: Answers) -> dict[str, Any]:
    local = {rule.id: CouncilText(rule.title) for rule in services.rules().local}
    return {"decision": services.assess(answers), "rule_names": {**RULE_NAMES, **local}}


trigger_journey = Journey(
    name=JOURNEY,
    title=_l("Apply for a Community Trigger (ASB Case Review)"),
    start_endpoint="trigger.start",
    confirmation_endpoint="trigger.confirmation",
    check_template="trigger/check-answers.html",
    saveable=True,
    spam_check=True,
    pages=[
        Page(
            "who-is-applying",
            forms.WhoIsApplyingForm,
            "trigger/who-is-applying.html",
            _l("Who is applying?"),
            summary=_who,
        ),
        Page(
            LIST_PAGE,
            forms.ComplaintListForm,
            "trigger/earlier-complaints.html",
            _l("Your earlier complaints"),
            summary=_complaints_summary,
            context=_complaints_context,
        ),
        Page("now", forms.NowForm, "trigger/now.html", _l("What is happening now"), summary=_now),
        Page("home", forms.HomeForm, "trigger/home.html", _l("Your home"), summary=_home),
        Page("contact", forms.ContactForm, "trigger/contact.html", _l("Your contact details"), summary=_contact),
        Page(
            "result",
            forms.ResultForm,
            "trigger/result.html",
            _l("Can you have a case review?"),
            context=_result_context,
        ),
    ],
)


@bp.route("/")
def start() -> str:
    return render_template("trigger/start.html", first=trigger_journey.pages[0])


# ---- "add another" complaints ---------------------------------------------------------------


def _draft() -> tuple[Draft | None, BaseResponse | None]:
    try:
        draft = drafts.current_draft(JOURNEY)
    except drafts.DraftExpired:
        drafts.forget_draft(JOURNEY)
        return None, redirect(url_for("trigger.expired"))
    if draft is None:
        return None, redirect(url_for("trigger.start"))
    if draft.submission_id is not None:
        return None, redirect(url_for("trigger.confirmation"))
    return draft, None


def _list_url() -> str:
    return url_for("trigger.question", page_name=LIST_PAGE, change="1" if request.args.get("change") == "1" else None)


def _changing() -> str | None:
    return "1" if request.args.get("change") == "1" else None


@bp.route("/complaints/add", methods=["GET", "POST"], defaults={"index": None})
@bp.route("/complaints/<int:index>/change", methods=["GET", "POST"])
def complaint(index: int | None) -> Any:
    draft, response = _draft()
    if response is not None:
        return response
    assert draft is not None
    typed = services.rows_of(Answers(draft.data)).typed
    if index is not None and not 0 <= index < len(typed):
        return redirect(_list_url())
    if request.method == "POST":
        form = forms.ComplaintForm()
        fields_valid = form.validate()
        # Dates are checked against today even when another field is wrong, so every problem shows.
        if form.check_dates(services.today()) and fields_valid:
            try:
                services.save_complaint(draft, index, form.answers())
            except services.TooManyComplaints as refused:
                form.form_errors.append(str(refused.message))
            else:
                drafts.touch(draft)
                commit()
                return redirect(_list_url())
    else:
        form = forms.ComplaintForm(data=forms.ComplaintForm.data_from(typed[index]) if index is not None else None)
        if index is None and services.rows_of(Answers(draft.data)).count >= services.max_complaints():
            form.form_errors.append(str(services.TooManyComplaints(services.max_complaints()).message))
    commit()
    action = url_for(request.endpoint or "trigger.complaint", index=index, change=_changing())
    return render_template(
        "trigger/complaint.html", form=form, back=_list_url(), action=action, index=index, anchors=_date_anchors()
    )


complaint.keeps_input_on_stale_form = True  # type: ignore[attr-defined]


def _date_anchors() -> dict[str, str]:
    return {"incident_date": "incident_date-day", "reported_date": "reported_date-day"}


def _link_limit() -> str:
    return str(current_app.config["STATUS_LOOKUP_LIMIT"])


def _failed_lookup(response: BaseResponse) -> bool:
    return response.status_code == 200


@bp.route("/complaints/link", methods=["GET", "POST"])
@limiter.limit(_link_limit, methods=["POST"], deduct_when=_failed_lookup)
def link() -> Any:
    draft, response = _draft()
    if response is not None:
        return response
    assert draft is not None
    form = forms.LinkReportForm()
    if form.validate_on_submit():
        try:
            report = find_by_tracking_code(form.tracking_code.data or "")
            if not services.can_be_linked(report):
                raise LookupFailed(NOT_FOUND)
            services.link_report(draft, report)
        except LookupFailed as failure:
            form.tracking_code.errors = [str(failure.message)]
        except (services.AlreadyLinked, services.TooManyComplaints) as refused:
            form.tracking_code.errors = [str(refused.message)]
        else:
            drafts.touch(draft)
            commit()
            return redirect(_list_url())
    commit()
    # Never echo a code back into the page.
    form.tracking_code.data = ""
    return render_template(
        "trigger/link.html", form=form, back=_list_url(), action=url_for("trigger.link", change=_changing())
    )


@bp.route("/complaints/<kind>/<int:index>/remove", methods=["GET", "POST"])
def remove(kind: str, index: int) -> Any:
    draft, response = _draft()
    if response is not None:
        return response
    assert draft is not None
    answers = Answers(draft.data)
    if kind == "typed":
        rows = services.rows_of(answers).typed
        if not 0 <= index < len(rows):
            return redirect(_list_url())
        described: Any = rows[index]
    elif kind == "linked":
        reports = services.linked_reports(answers)
        if not 0 <= index < len(reports):
            return redirect(_list_url())
        described = reports[index]
    else:
        return redirect(_list_url())
    form = forms.RemoveForm()
    if form.validate_on_submit():
        if form.confirm.data == "yes":
            if kind == "typed":
                services.remove_complaint(draft, index)
            else:
                services.unlink_report(draft, described.id)
            drafts.touch(draft)
        commit()
        return redirect(_list_url())
    commit()
    return render_template(
        "trigger/remove.html",
        form=form,
        kind=kind,
        described=described,
        back=_list_url(),
        action=url_for("trigger.remove", kind=kind, index=index, change=_changing()),
        agency_label=lambda value: _choice_label(forms.AGENCIES, value),
        as_date=date.fromisoformat,
    )


# ---- submit and confirmation ----------------------------------------------------------------


def _submit(draft: Draft) -> BaseResponse:
    with contextlib.suppress(AlreadySubmitted):
        services.submit_application(
            draft,
            drafts.draft_seed(JOURNEY),
            str(get_locale()),
            token=posted_token(),
            unchecked=bot_check.sent_unchecked(),
        )
    return redirect(url_for("trigger.confirmation"))


@bp.route("/confirmation")
def confirmation() -> Any:
    submission = drafts.submitted(JOURNEY)
    if submission is None:
        return redirect(url_for("trigger.start"))
    case = db.session.get(TriggerCase, submission.id)
    code = tracking_code_from_seed(drafts.draft_seed(JOURNEY))
    return render_template("trigger/confirmation.html", submission=submission, case=case, tracking_code=code)


register_journey(bp, trigger_journey, _submit)


# ---- escalation, from the status page -------------------------------------------------------


@bp.route("/escalate", methods=["GET", "POST"])
def escalate() -> Any:
    submission = current_submission()
    case = case_of(submission)
    if submission is None or case is None:
        return redirect(url_for("status.start"))
    form = forms.EscalationForm()
    escalation = escalation_for(case)
    if escalation.open_now and form.validate_on_submit():
        try:
            request_escalation(submission, case, form.reason.data or "")
        except EscalationRefused as refused:
            form.form_errors.append(str(refused.message))
        else:
            commit()
            return redirect(url_for("trigger.escalate"))
    return render_template("trigger/escalate.html", form=form, escalation=escalation, submission=submission)


# ---- published figures ----------------------------------------------------------------------


def _period() -> tuple[forms.FiguresForm, date, date]:
    form = forms.FiguresForm(formdata=request.args if request.args else None, meta={"csrf": False})
    start, end = default_period(services.application_date(utcnow()))
    if request.args and form.validate():
        start, end = form.start.as_date() or start, form.end.as_date() or end
    return form, start, end


@bp.route("/figures")
def figures() -> str:
    form, start, end = _period()
    return render_template("trigger/figures.html", form=form, figures=figures_for(start, end))


@bp.route("/figures.csv")
def figures_csv() -> Response:
    form, start, end = _period()
    if form.errors:
        return make_response(render_template("trigger/figures.html", form=form, figures=figures_for(start, end)), 400)
    response = make_response(as_csv(figures_for(start, end)))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="community-trigger-{start.isoformat()}-to-{end.isoformat()}.csv"'
    )
    return response


# ---- what the status page shows about a case review -----------------------------------------


@bp.app_context_processor
def _trigger_status() -> dict[str, Any]:
    def trigger_status(submission: Submission | None) -> dict[str, Any] | None:
        case = case_of(submission)
        if case is None:
            return None
        return {"case": case, "escalation": escalation_for(case)}

    return {"trigger_status": trigger_status}

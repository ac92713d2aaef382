"""Views of the reporting journey: thin, they parse, call a service and redirect."""

import contextlib
from typing import Any

from flask import current_app, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal import drafts
from portal.forms import BaseForm, DateParts, MultiChoice
from portal.journeys import Answers, Journey, Page, Row, register_journey
from portal.models import Draft
from portal.reporting import bp, forms, services
from portal.submissions import AlreadySubmitted
from portal.template_helpers import long_date
from portal.tracking import tracking_code_from_seed

JOURNEY = "report"
SKIPPED_FIELDS = ("CSRFTokenField", "SubmitField", "FileField", "MultipleFileField")


def _display(field: Any) -> Any:
    """A field's answer as the reporter would read it."""
    if isinstance(field, DateParts):
        day = field.as_date()
        return long_date(day) if day else None
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(field, MultiChoice):
        return "\n".join(str(choices.get(value, value)) for value in field.data or []) or None
    if choices:
        return choices.get(field.data) if field.data else None
    return field.data


def summary_rows(page_name: str) -> Any:
    def summary(answers: Answers, form: BaseForm) -> list[Row]:
        rows = []
        for field in form:
            if field.type in SKIPPED_FIELDS:
                continue
            value = _display(field)
            if value not in (None, "", []):
                rows.append(Row(field.label.text, value, page_name, field.id))
        return rows

    return summary


def _evidence_rows(answers: Answers, form: BaseForm) -> list[Row]:
    count = int(answers.get("evidence", "count", 0) or 0)
    value = ngettext("%(num)d file", "%(num)d files", count) if count else _l("None")
    return [Row(_l("Photos or screenshots"), value, "evidence", "files")]


def _store_files(draft: Draft, form: BaseForm) -> dict[str, Any]:
    config = current_app.config
    uploads = [
        services.Upload(storage.stream.read(config["EVIDENCE_MAX_BYTES"] + 1))
        for storage in (form["files"].data or [])
        if storage and storage.filename
    ]
    count, problem = services.store_uploads(draft, uploads, config)
    setattr(form, "stored_count", count)  # noqa: B010 - only the evidence form has it
    return {"files": problem} if problem else {}


def answer_is(page: str, name: str, *values: str) -> Any:
    return lambda answers: answers.get(page, name) in values


def _named(answers: Answers) -> bool:
    return answers.get("contact", "identity") == "named"


def page(name: str, form: type[BaseForm], title: Any, **kwargs: Any) -> Page:
    kwargs.setdefault("summary", summary_rows(name))
    return Page(name, form, f"reporting/{name}.html", title, **kwargs)


def incident_pages() -> list[Page]:
    """The questions about the incident itself, shared with the partner journey."""
    return [
        page("what-kind", forms.WhatKindForm, _l("What do you want to report?")),
        page(
            "hate-motivation",
            forms.HateMotivationForm,
            _l("Why do you think it happened?"),
            applies=answer_is("what-kind", "incident_type", "hate", "both"),
        ),
        page(
            "asb-type",
            forms.AsbTypeForm,
            _l("What kind of anti-social behaviour is it?"),
            applies=answer_is("what-kind", "incident_type", "asb", "both"),
        ),
        page("what-happened", forms.WhatHappenedForm, _l("What happened?")),
        page("when", forms.WhenForm, _l("When did it happen?")),
        page("where", forms.WhereForm, _l("Where did it happen?")),
        page("people", forms.PeopleForm, _l("The people involved")),
        page("impact", forms.ImpactForm, _l("How it affects you")),
        page("already-reported", forms.AlreadyReportedForm, _l("Have you already reported this to anyone?")),
        page("housing", forms.HousingForm, _l("Housing")),
        page("outcome", forms.OutcomeForm, _l("What would you like to happen?")),
    ]


def safety_pages() -> list[Page]:
    """ "Are you in danger now?" and, for a yes, the 999 page."""
    return [
        page("in-danger", forms.InDangerForm, _l("Are you or someone else in danger now?")),
        page(
            "emergency",
            forms.EmergencyForm,
            _l("Call 999 now"),
            applies=answer_is("in-danger", "in_danger", "yes"),
            summary=None,
        ),
    ]


def sharing_and_evidence_pages() -> list[Page]:
    return [
        page("sharing", forms.SharingForm, _l("Sharing your report")),
        page(
            "evidence",
            forms.EvidenceForm,
            _l("Photos or screenshots"),
            summary=_evidence_rows,
            store_files=_store_files,
            context=lambda answers: {"stored_count": int(answers.get("evidence", "count", 0) or 0)},
        ),
    ]


report_journey = Journey(
    name=JOURNEY,
    title=_l("Report a hate incident or anti-social behaviour"),
    start_endpoint="reporting.start",
    confirmation_endpoint="reporting.confirmation",
    check_template="reporting/check-answers.html",
    pages=[
        *safety_pages(),
        page("who", forms.WhoForm, _l("Who are you reporting for?")),
        *incident_pages(),
        page("contact", forms.ContactForm, _l("Your contact details")),
        page(
            "contact-preferences",
            forms.ContactPreferencesForm,
            _l("How we contact you"),
            applies=_named,
        ),
        *sharing_and_evidence_pages(),
        page("monitoring", forms.MonitoringForm, _l("Equality questions")),
        page(
            "monitoring-questions",
            forms.MonitoringQuestionsForm,
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

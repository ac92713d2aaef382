"""The report's question pages, shared by the public reporting journey, the partner journey and
the API: which form each page asks, when it applies, how it reads on check answers."""

from typing import Any

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from portal.core import partner_reports
from portal.core.answers import Answers
from portal.core.draft_evidence import Upload, described, draft_evidence, remove_upload, store_uploads
from portal.forms import BaseForm, DateParts, MultiChoice
from portal.i18n import long_date
from portal.journeys import Page, Row
from portal.models import Draft
from portal.questions import circumstances, contact, incident
from portal.questions.partner import ClientConsentForm, ClientContactForm, UpdatesForm

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


EVIDENCE_TITLE = _l("Photos, screenshots or documents")
TYPE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}


def file_size(size: int) -> str:
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(max(1, round(size / 1024))))
    return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1)))


def evidence_list(answers: Answers) -> list[dict[str, Any]]:
    """The draft's files as the reporter reads them: the server's own description ("Photo 2",
    "Document 1", the type and size), never a name from their device."""
    counts = {"photo": 0, "document": 0}
    shown = []
    for item in answers.get("evidence", "files", []) or []:
        kind = "document" if item["content_type"] == "application/pdf" else "photo"
        counts[kind] += 1
        number = counts[kind]
        name = _("Document %(number)s", number=number) if kind == "document" else _("Photo %(number)s", number=number)
        details = _(
            "%(type)s, %(size)s", type=TYPE_NAMES.get(item["content_type"], "?"), size=file_size(int(item["size"]))
        )
        shown.append({"id": item["id"], "name": name, "details": details})
    return shown


def _evidence_rows(answers: Answers, form: BaseForm) -> list[Row]:
    """One line per file: escaped text joined by line breaks (the row's value is shown as is)."""
    files = evidence_list(answers)
    lines = [_("%(name)s (%(details)s)", name=item["name"], details=item["details"]) for item in files]
    return [Row(EVIDENCE_TITLE, Markup("<br>").join(escape(line) for line in lines) or _l("None"), "evidence", "files")]


def _evidence_context(answers: Answers) -> dict[str, Any]:
    files = evidence_list(answers)
    limit = int(current_app.config["EVIDENCE_MAX_FILES"])
    return {"files": files, "limit": limit, "full": len(files) >= limit}


def _store_files(draft: Draft, form: BaseForm) -> dict[str, Any]:
    """Remove the file whose "Remove" was pressed, or keep the chosen file; then note the
    draft's files in its answers."""
    config = current_app.config
    problem: Any = None
    if form["remove"].data:
        remove_upload(draft, int(form["remove"].data) if str(form["remove"].data).isdigit() else 0, config)
    else:
        uploads = [
            Upload(storage.stream.read(config["EVIDENCE_MAX_BYTES"] + 1))
            for storage in (form["files"].data or [])
            if storage and storage.filename
        ]
        if uploads:
            problem = store_uploads(draft, uploads, config)[1]
        elif form["action"].data == "add":
            problem = contact.EvidenceForm.nothing_chosen
    setattr(form, "stored_files", described(draft_evidence(draft.id)))  # noqa: B010 - only the evidence form has it
    return {"files": problem} if problem else {}


def answer_is(page: str, name: str, *values: str) -> Any:
    return lambda answers: answers.get(page, name) in values


def page(name: str, form: type[BaseForm], title: Any, **kwargs: Any) -> Page:
    kwargs.setdefault("summary", summary_rows(name))
    return Page(name, form, f"reporting/{name}.html", title, **kwargs)


def incident_pages() -> list[Page]:
    """The questions about the incident itself, asked by the public and the partner journey."""
    return [
        page("what-kind", incident.WhatKindForm, _l("What do you want to report?")),
        page(
            "hate-motivation",
            incident.HateMotivationForm,
            _l("Why do you think it happened?"),
            applies=answer_is("what-kind", "incident_type", "hate", "both"),
        ),
        page(
            "asb-type",
            incident.AsbTypeForm,
            _l("What kind of anti-social behaviour is it?"),
            applies=answer_is("what-kind", "incident_type", "asb", "both"),
        ),
        page("what-happened", incident.WhatHappenedForm, _l("What happened?")),
        page("when", incident.WhenForm, _l("When did it happen?")),
        page("where", circumstances.WhereForm, _l("Where did it happen?")),
        page("people", circumstances.PeopleForm, _l("The people involved")),
        page("impact", circumstances.ImpactForm, _l("How it affects you")),
        page("already-reported", circumstances.AlreadyReportedForm, _l("Have you already reported this to anyone?")),
        page("housing", circumstances.HousingForm, _l("Housing")),
        page("outcome", circumstances.OutcomeForm, _l("What would you like to happen?")),
    ]


def safety_pages() -> list[Page]:
    """ "Are you in danger now?" and, for a yes, the 999 page."""
    return [
        page("in-danger", incident.InDangerForm, _l("Are you or someone else in danger now?")),
        page(
            "emergency",
            incident.EmergencyForm,
            _l("Call 999 now"),
            applies=answer_is("in-danger", "in_danger", "yes"),
            summary=None,
        ),
    ]


def sharing_and_evidence_pages() -> list[Page]:
    return [
        page("sharing", contact.SharingForm, _l("Sharing your report")),
        page(
            "evidence",
            contact.EvidenceForm,
            EVIDENCE_TITLE,
            summary=_evidence_rows,
            store_files=_store_files,
            context=_evidence_context,
            stays=lambda form: bool(getattr(form, "stays", False)),
        ),
    ]


def partner_page(name: str, form: type[BaseForm], title: Any, **kwargs: Any) -> Page:
    kwargs.setdefault("summary", summary_rows(name))
    return Page(name, form, f"partners/report/{name}.html", title, **kwargs)


def _shares_details(answers: Answers) -> bool:
    return partner_reports.shares_details(answers)


def partner_report_pages() -> list[Page]:
    """Reporting for a client: the pages of the partner journey, which `POST /api/v1/reports`
    takes page by page too. No "who is reporting" page (the organisation is known); the
    client's consent and, when they share their details, who gets updates instead."""
    return [
        partner_page("client-consent", ClientConsentForm, _l("What has your client agreed to?")),
        *safety_pages(),
        *incident_pages(),
        partner_page("client-contact", ClientContactForm, _l("Your client's contact details"), applies=_shares_details),
        partner_page("updates", UpdatesForm, _l("Who should get updates?"), applies=_shares_details),
        *sharing_and_evidence_pages(),
    ]

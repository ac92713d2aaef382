"""Duty desk: service standards and concerns about the lead agency, per case."""

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.casework import bp
from portal.casework.service_forms import ConcernResponseForm, SampleForm, StandardsForm
from portal.casework.views import _submission_or_404, staff_only
from portal.core.reporter_updates import notify_reporter
from portal.extensions import db
from portal.labels import lead_agency_label
from portal.models import Submission, utcnow
from portal.quality import concerns, sampling, standards
from portal.quality.models import LeadAgencyConcern
from portal.unit_of_work import commit


@bp.context_processor
def service_loop_context() -> dict[str, Any]:
    def open_concerns(submission: Submission) -> list[LeadAgencyConcern]:
        return [concern for concern in concerns.concerns_of(submission) if concern.agency_prompted_at is None]

    return {"open_concerns": open_concerns}


def _standards_form(record: Submission) -> StandardsForm:
    kept = standards.standards_of(record)
    done = []
    if kept is not None:
        done = [
            name
            for name, flag in (
                ("assessed", kept.assessed_at is not None),
                ("risk_assessment_offered", kept.risk_assessment_offered),
                ("lead_agency_agreed", kept.lead_agency_agreed),
            )
            if flag
        ]
    return StandardsForm(
        formdata=None,
        data={
            "done": done,
            "update_frequency": kept.update_frequency or "" if kept else "",
            "update_method": kept.update_method or "" if kept else "",
        },
    )


def _render(record: Submission, status: int = 200, **forms: Any) -> tuple[str, int]:
    forms.setdefault("standards_form", _standards_form(record))
    concern_forms = forms.pop("concern_forms", {})
    items = [
        (concern, concern_forms.get(concern.id) or ConcernResponseForm(formdata=None, prefix=f"concern-{concern.id}"))
        for concern in concerns.concerns_of(record)
    ]
    return (
        render_template(
            "casework/service.html",
            submission=record,
            standards=standards.standards_of(record),
            concerns=items,
            lead_agency_label=lead_agency_label,
            **forms,
        ),
        status,
    )


@bp.route("/submissions/<reference>/service")
@staff_only
def service(reference: str) -> Any:
    return _render(_submission_or_404(reference))


@bp.route("/submissions/<reference>/service/standards", methods=["POST"])
@staff_only
def service_standards(reference: str) -> Any:
    record = _submission_or_404(reference)
    form = StandardsForm()
    if form.validate_on_submit():
        done = set(form.done.data or [])
        kept = standards.standards_of(record)
        assessed_at = None
        if "assessed" in done:
            assessed_at = (
                (kept.assessed_at if kept and kept.assessed_at else None) or record.acknowledged_at or utcnow()
            )
        standards.record_standards(
            record,
            current_user,
            assessed_at=assessed_at,
            risk_assessment_offered="risk_assessment_offered" in done,
            lead_agency_agreed="lead_agency_agreed" in done,
            update_frequency=form.update_frequency.data,
            update_method=form.update_method.data,
        )
        commit()
        return redirect(url_for("casework.service", reference=reference))
    return _render(record, 400, standards_form=form)


@bp.route("/submissions/<reference>/concerns/<int:concern_id>", methods=["POST"])
@staff_only
def concern_response(reference: str, concern_id: int) -> Any:
    record = _submission_or_404(reference)
    concern = db.session.get(LeadAgencyConcern, concern_id)
    if concern is None or concern.submission_id != record.id:
        abort(404)
    form = ConcernResponseForm(prefix=f"concern-{concern.id}")
    if form.validate_on_submit():
        concerns.record_response(concern, current_user, form.client_told.data or "")
        notify_reporter(record, None)
        commit()
        return redirect(url_for("casework.service", reference=reference))
    return _render(record, 400, concern_forms={concern.id: form})


@bp.route("/samples", methods=["GET", "POST"])
@staff_only
def samples() -> Any:
    form = SampleForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            start, end = form.start.as_date(), form.end.as_date()
            if start is not None and end is not None and start <= end:
                sample = sampling.draw_sample(start, end, form.size.data or 0, form.seed.data or None, current_user)
                commit()
                return redirect(url_for("casework.samples", drawn=sample.id))
            form.end.errors = [str(_l("The last day must be the same as or after the first day"))]
        status = 400
    else:
        form = SampleForm(formdata=None)
    return (
        render_template(
            "casework/samples.html",
            form=form,
            samples=sampling.samples(),
            audit=sampling.audit_entries()[-50:],
            drawn=request.args.get("drawn", type=int),
        ),
        status,
    )

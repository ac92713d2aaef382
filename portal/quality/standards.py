"""The service standards of one case (seed section 2): initial assessment within one working
day, a risk and vulnerability assessment offered, a single point of contact named, a lead
agency agreed, and how often and how updates are given. The duty desk records them; the
statistics count them; the reporter sees who their contact is and how often they will hear."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.labels import CHANNEL_LABELS
from portal.models import Submission, User, utcnow
from portal.quality.models import ServiceStandards

UPDATE_FREQUENCIES = {
    "weekly": _l("Every week"),
    "fortnightly": _l("Every 2 weeks"),
    "monthly": _l("Every month"),
    "when_something_changes": _l("When something changes"),
}
UPDATE_METHODS = ("email", "sms", "phone", "letter", "none")


@dataclass(frozen=True)
class ForReporter:
    contact: str
    frequency: str
    method: str


def standards_of(submission: Submission) -> ServiceStandards | None:
    return db.session.get(ServiceStandards, submission.id)


def record_standards(
    submission: Submission,
    author: User,
    *,
    assessed_at: datetime | None,
    risk_assessment_offered: bool,
    lead_agency_agreed: bool,
    update_frequency: str | None,
    update_method: str | None,
    now: datetime | None = None,
) -> ServiceStandards:
    """Whether the assessment was in time is worked out here, from the due time the portal set
    when the report arrived (one working day after receipt)."""
    record = standards_of(submission) or ServiceStandards(submission_id=submission.id)
    record.assessed_at = assessed_at
    record.assessed_in_time = assessed_at <= submission.assessment_due if assessed_at is not None else None
    record.risk_assessment_offered = risk_assessment_offered
    record.contact_named = bool(submission.single_point_of_contact)
    record.lead_agency_agreed = lead_agency_agreed
    record.update_frequency = update_frequency or None
    record.update_method = update_method or None
    record.recorded_at = now or utcnow()
    record.recorded_by_id = author.id
    db.session.add(record)
    return record


def for_reporter(submission: Submission, config: Mapping[str, Any] | None = None) -> ForReporter | None:
    """What the status page shows. Without names if the council so configures
    (``STATUS_SHOW_CONTACT_NAME``): the reporter is then told they have a named contact."""
    record = standards_of(submission)
    if record is None and not submission.single_point_of_contact:
        return None
    settings = config if config is not None else current_app.config
    if submission.single_point_of_contact:
        contact = (
            submission.single_point_of_contact
            if settings.get("STATUS_SHOW_CONTACT_NAME", True)
            else _("A named caseworker in the Casework Team")
        )
    else:
        contact = _("Not named yet")
    frequency = str(UPDATE_FREQUENCIES.get(record.update_frequency or "", "")) if record else ""
    method = str(CHANNEL_LABELS.get(record.update_method, "")) if record and record.update_method else ""  # type: ignore[call-overload]
    return ForReporter(contact=contact, frequency=frequency, method=method)

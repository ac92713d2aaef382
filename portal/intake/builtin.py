"""The built-in intake: the portal's own duty desk, in the same database. A council with no
case-system API runs on this alone."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from portal.constants import IntakeEvent, MessageDirection, Stage, UpdateKind
from portal.delivery import Delivery, DeliveryResult, PermanentError, register_adapter
from portal.extensions import db
from portal.models import StatusUpdate, Submission, utcnow


class DutyDeskInbox:
    """Delivery makes the submission visible in the duty-desk inbox. The worker commits this
    together with the outbox row, so a crash in between repeats both or neither."""

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        reference = delivery.payload["submission"]["reference"]
        submission = db.session.scalar(select(Submission).where(Submission.reference == reference))
        if submission is None:
            raise PermanentError("no such submission")
        if delivery.event == IntakeEvent.SUBMISSION_CREATED and submission.delivered_at is None:
            submission.delivered_at = utcnow()
            submission.stage = Stage.RECEIVED
            db.session.add(
                StatusUpdate(
                    submission=submission,
                    kind=UpdateKind.STAGE,
                    direction=MessageDirection.TO_REPORTER,
                    stage=Stage.RECEIVED,
                    source="intake",
                )
            )
        return DeliveryResult(external_id=reference, detail="duty desk")


def _factory(settings: Mapping[str, Any]) -> DutyDeskInbox:
    return DutyDeskInbox()


register_adapter("builtin", _factory)

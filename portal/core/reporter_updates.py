"""Telling the reporter (and, for a partner's report, the partner) that their report has an
update: a message in the outbox, in the transaction of the update it announces. The duty desk,
the case system's signed updates and the Community Trigger all tell them this way."""

from portal.constants import PARTNER_DESTINATION, REPORTER_DESTINATION, UPDATES_TO_PARTNER, Channel, IntakeEvent
from portal.intake.outbox import enqueue
from portal.models import Submission


def notify_reporter(submission: Submission, message_text: str | None) -> None:
    """Tell the reporter (and, for a partner's report, the partner) that there is an update."""
    if submission.organisation_id is not None and submission.updates_to in UPDATES_TO_PARTNER:
        enqueue(PARTNER_DESTINATION, IntakeEvent.PARTNER_UPDATE, {"submission_id": submission.id}, submission)
    if submission.anonymous or submission.channel not in (Channel.EMAIL, Channel.SMS):
        return
    enqueue(
        REPORTER_DESTINATION,
        IntakeEvent.REPORTER_UPDATE,
        {"submission_id": submission.id, "message_text": message_text},
        submission,
    )

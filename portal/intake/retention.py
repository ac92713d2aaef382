"""Retention: report content is deleted a set number of days after the intake confirmed it
got the submission. The reference, the status history and the statistics columns stay."""

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, select

from portal.constants import OutboxStatus
from portal.extensions import db
from portal.models import Evidence, OutboxMessage, Submission, utcnow
from portal.unit_of_work import after_commit

PURGED_ANSWERS = {"_purged": True}


def purge_delivered_content(retention_days: int, evidence_dir: str, now: datetime | None = None) -> int:
    """Purge every submission delivered more than `retention_days` ago whose outbox messages
    have all been delivered (a copy still waiting to go out keeps its content). Returns how
    many were purged. The files are deleted after the caller's commit, so a failed commit keeps
    them."""
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    undelivered = exists().where(
        OutboxMessage.submission_id == Submission.id, OutboxMessage.status != OutboxStatus.DELIVERED
    )
    due = db.session.scalars(
        select(Submission).where(
            Submission.delivered_at.is_not(None),
            Submission.delivered_at <= cutoff,
            Submission.content_purged_at.is_(None),
            ~undelivered,
        )
    ).all()
    files: list[Path] = []
    for submission in due:
        submission.answers = dict(PURGED_ANSWERS)
        submission.contact = None
        submission.content_purged_at = now
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.submission_id == submission.id)):
            message.payload = {"purged": True}
        for item in db.session.scalars(
            select(Evidence).where(Evidence.submission_id == submission.id, Evidence.purged_at.is_(None))
        ):
            item.purged_at = now
            files.append(Path(evidence_dir) / item.stored_name)
    after_commit(lambda: _delete(files))
    return len(due)


def _delete(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)

"""Plain functions that store submissions the way a journey does (store_submission)."""

from datetime import timedelta

from sqlalchemy import update

from portal.constants import Channel, SubmissionKind
from portal.core.submissions import NewSubmission, store_submission
from portal.extensions import db
from portal.models import OutboxMessage, Submission, utcnow


def stored_submission(
    description: str = "Stones thrown at my window.",
    kind: SubmissionKind = SubmissionKind.REPORT,
    **extra: object,
) -> Submission:
    new = NewSubmission(
        kind=kind,
        language="en",
        channel=Channel.NONE,
        anonymous=True,
        answers={"description": description, "_intake": {"triage_reasons": ["Not reported to the police"]}},
        **extra,  # type: ignore[arg-type]
    )
    submission, _code = store_submission(new, None)
    db.session.commit()
    return submission


def make_everything_due() -> None:
    """Instead of sleeping through a backoff: every waiting message is due now."""
    past = utcnow() - timedelta(seconds=1)
    db.session.execute(update(OutboxMessage).values(next_attempt_at=past))
    db.session.commit()

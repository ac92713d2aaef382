"""Plain functions that store reports with chosen statistics columns, for the figures tests."""

import secrets
from datetime import UTC, date, datetime, time, timedelta

from portal.extensions import db
from portal.models import Submission, SubmissionStrand


def seed_report(
    received_on: date,
    *,
    route: str = "online",
    area: str | None = "BN1",
    hate: bool = True,
    asb: bool = False,
    strands: tuple[str, ...] = ("race",),
    asb_category: str | None = None,
    acknowledged_after_days: float | None = None,
    closed_after_days: float | None = None,
    outcome_category: str | None = None,
    organisation_id: int | None = None,
    kind: str = "report",
    channel: str = "none",
) -> Submission:
    created = datetime.combine(received_on, time(10, 0), tzinfo=UTC)
    submission = Submission(
        reference=secrets.token_hex(4).upper()[:9],
        tracking_hash=secrets.token_hex(32),
        kind=kind,
        stage="closed" if closed_after_days is not None else "received",
        channel=channel,
        created_at=created,
        received_on=received_on,
        assessment_due=created + timedelta(days=1),
        is_hate=hate,
        is_asb=asb,
        asb_category=asb_category if asb else None,
        route=route,
        area=area,
        acknowledged_at=created + timedelta(days=acknowledged_after_days)
        if acknowledged_after_days is not None
        else None,
        closed_at=created + timedelta(days=closed_after_days) if closed_after_days is not None else None,
        outcome_category=outcome_category,
        organisation_id=organisation_id,
        strands=[SubmissionStrand(strand=strand) for strand in strands] if hate else [],
        answers={},
    )
    db.session.add(submission)
    db.session.commit()
    return submission


def seed_many(count: int, received_on: date, **kwargs: object) -> list[Submission]:
    return [seed_report(received_on, **kwargs) for _ in range(count)]  # type: ignore[arg-type]

"""Counting monitored strands across the portal's own reports and partners' incident logs, with
the one vocabulary of the council's rules, so the two sources add up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select

from portal import rules
from portal.extensions import db
from portal.models import IncidentLogEntry, Submission, SubmissionStrand


def _report_strands(start: date, end: date) -> Iterator[list[str]]:
    rows = db.session.execute(
        select(SubmissionStrand.submission_id, SubmissionStrand.strand)
        .join(Submission, Submission.id == SubmissionStrand.submission_id)
        .where(Submission.received_on >= start, Submission.received_on <= end)
        .order_by(SubmissionStrand.submission_id)
    )
    by_report: dict[int, list[str]] = {}
    for submission_id, strand in rows:
        by_report.setdefault(submission_id, []).append(strand)
    yield from by_report.values()


def _log_strands(start: date, end: date) -> Iterator[list[str]]:
    for strands in db.session.scalars(
        select(IncidentLogEntry.strands).where(
            IncidentLogEntry.incident_date >= start,
            IncidentLogEntry.incident_date <= end,
            IncidentLogEntry.strands.is_not(None),
        )
    ):
        yield (strands or "").split(";")


def strand_counts(start: date, end: date) -> Counter[str]:
    """Incidents per strand from ``start`` to ``end`` (both included): portal reports by the day
    received, partners' logged incidents by the day they happened. One incident with several
    strands counts under each, so the strands add up to more than the incidents."""
    vocabulary = rules.current().vocabulary
    return vocabulary.count_strands(_report_strands(start, end)) + vocabulary.count_strands(_log_strands(start, end))

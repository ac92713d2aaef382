"""Photos, screenshots and PDFs a reporter uploads before submitting: kept for their draft (each
upload all or none), removed again on request, then linked to the submission in the
submission's own transaction."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.evidence import EvidenceRejected, Limits, clean_file, delete_evidence, keep_evidence
from portal.extensions import db
from portal.models import Draft, Evidence, Submission


@dataclass(frozen=True)
class Upload:
    """One uploaded file, read up to one byte past the limit."""

    data: bytes


def draft_evidence(draft_id: str) -> list[Evidence]:
    return list(
        db.session.scalars(
            select(Evidence)
            .where(Evidence.draft_id == draft_id, Evidence.submission_id.is_(None))
            .order_by(Evidence.id)
        )
    )


def described(evidence: list[Evidence]) -> list[dict[str, Any]]:
    """What the draft keeps about its files for the pages: no name the reporter gave, only the
    server's own facts."""
    return [{"id": item.id, "content_type": item.content_type, "size": item.size} for item in evidence]


def store_uploads(draft: Draft, uploads: Iterable[Upload], config: Mapping[str, Any]) -> tuple[int, str | None]:
    """Keep the uploaded images and PDFs for the draft, all or none. Returns how many the draft
    now has, and a message saying what to do when a file is refused."""
    existing = len(draft_evidence(draft.id))
    files = list(uploads)
    limit = int(config["EVIDENCE_MAX_FILES"])
    if existing + len(files) > limit:
        return existing, _("You can upload up to %(limit)s files", limit=limit)
    limits = Limits.from_config(config, allow_pdf=True)
    try:
        cleaned = [clean_file(upload.data, limits) for upload in files]
    except EvidenceRejected as problem:
        return existing, str(problem.message)
    for item in cleaned:
        keep_evidence(item, config["EVIDENCE_DIR"], draft.id)
    db.session.flush()
    return existing + len(files), None


def remove_upload(draft: Draft, evidence_id: int, config: Mapping[str, Any]) -> bool:
    """Remove one of the draft's own files (row now, file after the commit); False when the
    draft has no such file (removed already, or someone else's)."""
    found = [item for item in draft_evidence(draft.id) if item.id == evidence_id]
    delete_evidence(found, config["EVIDENCE_DIR"])
    db.session.flush()
    return bool(found)


def evidence_attacher(draft: Draft | None, evidence: list[Evidence]) -> Callable[[Submission], None]:
    """Links the draft's evidence to the new submission, in the submission's transaction."""

    def attach(submission: Submission) -> None:
        if draft is not None and evidence:
            db.session.execute(
                update(Evidence)
                .where(Evidence.draft_id == draft.id, Evidence.submission_id.is_(None))
                .values(submission_id=submission.id)
                .execution_options(synchronize_session=False)
            )

    return attach

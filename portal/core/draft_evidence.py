"""Photos and screenshots a reporter uploads before submitting: kept for their draft, all or
none, then linked to the submission in the submission's own transaction."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.evidence import EvidenceRejected, clean_image, store_evidence
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


def store_uploads(draft: Draft, uploads: Iterable[Upload], config: Mapping[str, Any]) -> tuple[int, str | None]:
    """Keep the uploaded images for the draft, all or none. Returns how many the draft now has,
    and a message saying what to do when a file is refused."""
    existing = len(draft_evidence(draft.id))
    files = list(uploads)
    limit = int(config["EVIDENCE_MAX_FILES"])
    if existing + len(files) > limit:
        return existing, _("You can upload up to %(limit)s files", limit=limit)
    try:
        for upload in files:
            clean_image(upload.data, config["EVIDENCE_MAX_BYTES"], config["EVIDENCE_MAX_PIXELS"])
    except EvidenceRejected as problem:
        return existing, str(problem.message)
    for upload in files:
        store_evidence(
            upload.data, config["EVIDENCE_DIR"], config["EVIDENCE_MAX_BYTES"], config["EVIDENCE_MAX_PIXELS"], draft.id
        )
    return existing + len(files), None


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

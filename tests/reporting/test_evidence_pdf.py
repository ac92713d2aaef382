"""PDF evidence (issue 18): checked by a real parse, refused when encrypted, damaged, too long or
active, and otherwise written again with no /Info and no XMP. Each refusal stores nothing."""

import io
from pathlib import Path

import pikepdf
import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.evidence import EvidenceRejected, Limits, WrongType, clean_file, store_evidence
from portal.extensions import db
from portal.models import Evidence
from tests.reporting import pdfs

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000, max_pdf_pages=3, allow_pdf=True)
ACTIVE = "The selected PDF has scripts, actions or attached files in it. We cannot accept these. Take a screenshot of it instead"
DAMAGED = "The selected PDF cannot be opened. It may be damaged. Choose a different file"
PASSWORD = "The selected PDF is protected by a password. Remove the password, or choose a different file"


@pytest.fixture(autouse=True)
def _request(app: Flask):  # type: ignore[no-untyped-def]
    """The messages are lazy translations: they are read in a request, as in the portal."""
    with app.test_request_context("/?lang=en"):
        yield


def stored_files(app: Flask) -> list[Path]:
    folder = Path(app.config["EVIDENCE_DIR"])
    return sorted(folder.iterdir()) if folder.exists() else []


def every_object_text(pdf: pikepdf.Pdf) -> str:
    """All of a PDF's objects and decoded streams as one text, to search for what must be gone."""
    parts = [repr(pdf.trailer)]
    for item in pdf.objects:
        parts.append(repr(item))
        if isinstance(item, pikepdf.Stream):
            parts.append(item.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def test_clean_pdf_is_kept_without_info_or_xmp(app: Flask) -> None:
    original = pdfs.clean_pdf()
    evidence = store_evidence(original, app.config["EVIDENCE_DIR"], LIMITS, "draft-1")
    db.session.flush()
    assert evidence.content_type == "application/pdf" and evidence.stored_name.endswith(".pdf")
    [path] = stored_files(app)
    assert path.name == evidence.stored_name
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data != original
    assert evidence.size == len(data)
    with pikepdf.open(io.BytesIO(data)) as kept:
        assert "/Info" not in kept.trailer
        assert "/Metadata" not in kept.Root and "/Metadata" not in kept.pages[0].obj
        assert len(kept.pages) == 1
        text = every_object_text(kept)
    for gone in (pdfs.AUTHOR, pdfs.XMP_CREATOR, "SpyWriter", "xmpmeta", "/Author", "/Producer"):
        assert gone not in text, gone
        assert gone.encode() not in data, gone


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (pdfs.open_action_javascript, ACTIVE),
        (pdfs.annotation_javascript, ACTIVE),
        (pdfs.embedded_file, ACTIVE),
        (pdfs.encrypted, PASSWORD),
        (lambda: pdfs.encrypted(user_password="letmein"), PASSWORD),
        (pdfs.truncated, DAMAGED),
        (pdfs.garbage, DAMAGED),
    ],
    ids=["open-action-js", "annotation-js", "embedded-file", "encrypted", "password", "truncated", "garbage"],
)
def test_refused_pdf_says_why_and_stores_nothing(app: Flask, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvidenceRejected) as refused:
        store_evidence(make(), app.config["EVIDENCE_DIR"], LIMITS, "draft-1")
    assert str(refused.value.message) == message
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert stored_files(app) == []


def test_too_many_pages_is_refused_with_the_limit(app: Flask) -> None:
    assert len(clean_file(pdfs.clean_pdf(pages=3), LIMITS).data) > 0
    with pytest.raises(EvidenceRejected) as refused:
        clean_file(pdfs.clean_pdf(pages=4), LIMITS)
    assert str(refused.value.message) == "The selected PDF must have no more than 3 pages"


def test_a_pdf_is_known_by_its_content_and_only_where_pdfs_are_taken(app: Flask) -> None:
    with pytest.raises(WrongType) as refused:
        clean_file(pdfs.clean_pdf(), Limits(LIMITS.max_bytes, LIMITS.max_pixels))
    assert str(refused.value.message) == "The selected file must be a JPEG or PNG photo or screenshot"
    with pytest.raises(WrongType) as refused:
        clean_file(b"GIF89a" + b"\x00" * 40, LIMITS)
    assert str(refused.value.message) == "The selected file must be a JPEG, PNG or PDF"


def test_a_destination_to_open_at_is_dropped_not_refused(app: Flask) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root["/OpenAction"] = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
    out = io.BytesIO()
    pdf.save(out)
    with pikepdf.open(io.BytesIO(clean_file(out.getvalue(), LIMITS).data)) as kept:
        assert "/OpenAction" not in kept.Root

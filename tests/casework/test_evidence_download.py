"""The duty desk lists a case's files, photos and PDFs, and gives each one as a download
(an attachment, never shown inline, with nosniff); only to staff, only the case's own files."""

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from portal.evidence import Limits, store_evidence
from portal.extensions import db
from portal.models import utcnow
from tests.casework.test_duty_desk import delivered
from tests.pages import check_page
from tests.reporting import pdfs
from tests.reporting.test_evidence_files import plain_jpeg


def attach(app: Flask, data: bytes, submission_id: int):  # type: ignore[no-untyped-def]
    limits = Limits(10 * 1024 * 1024, 40_000_000, 50, allow_pdf=True)
    with app.test_request_context():
        item = store_evidence(data, app.config["EVIDENCE_DIR"], limits, "draft")
    item.draft_id, item.submission_id = None, submission_id
    db.session.commit()
    return item


def test_case_page_lists_the_files_and_downloads_a_pdf_as_an_attachment(app: Flask, staff_client: FlaskClient) -> None:
    submission = delivered()
    photo = attach(app, plain_jpeg(), submission.id)
    document = attach(app, pdfs.clean_pdf(), submission.id)
    url = f"/duty-desk/submissions/{submission.reference}"
    page = check_page(staff_client.get(url))
    items = [li.get_text(" ", strip=True) for li in page.all("#evidence li")]
    assert items == [
        f"Image 1: image/jpeg, 16 × 16 pixels, {photo.size} bytes Download Image 1",
        f"Document 2: application/pdf, {document.size} bytes Download Document 2",
    ]
    link = page.all("#evidence li a")[1]["href"]
    assert link == f"{url}/evidence/{document.id}"

    response = staff_client.get(link)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={submission.reference}-evidence-2.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data == (Path(app.config["EVIDENCE_DIR"]) / document.stored_name).read_bytes()
    assert response.data.startswith(b"%PDF-") and pdfs.AUTHOR.encode() not in response.data
    assert staff_client.get(f"{url}/evidence/{photo.id}").headers["Content-Type"] == "image/jpeg"


def test_download_refuses_other_cases_purged_files_and_the_public(app: Flask, staff_client: FlaskClient) -> None:
    submission, other = delivered(), delivered("Someone else's case.")
    document = attach(app, pdfs.clean_pdf(), submission.id)
    url = f"/duty-desk/submissions/{submission.reference}/evidence/{document.id}"
    assert staff_client.get(f"/duty-desk/submissions/{other.reference}/evidence/{document.id}").status_code == 404
    public = app.test_client().get(url)
    assert public.status_code in (302, 401, 403) and b"%PDF" not in public.data
    assert staff_client.get(url).status_code == 200
    document.purged_at = utcnow()
    db.session.commit()
    assert staff_client.get(url).status_code == 404

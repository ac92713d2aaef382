"""More than one evidence file in a report (issue 18): the GOV.UK "add another" page without
JavaScript, images and PDFs stripped of their metadata, a PDF with JavaScript refused, "Remove",
the maximum, and check answers."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pikepdf
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, PngImagePlugin
from sqlalchemy import func, select

from portal.drafts import purge_expired
from portal.extensions import db
from portal.models import Draft, Evidence, OutboxMessage, Submission, utcnow
from portal.unit_of_work import commit
from tests.journey import answer, minimal_report_answers
from tests.pages import Page, check_page
from tests.reporting import pdfs
from tests.reporting.test_journey import gps_jpeg


def walk_to_evidence(client: FlaskClient) -> None:
    for name, data in minimal_report_answers("Someone shouted at me.", named=False):
        if name == "evidence":
            return
        assert answer(client, f"/report/{name}", data).status_code == 302, name


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Penny Pngwriter")
    info.add_text("Comment", "taken at 12 Secret Street")
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (0, 120, 255)).save(buffer, "PNG", pnginfo=info)
    data = buffer.getvalue()
    assert b"Penny Pngwriter" in data
    return data


def plain_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


def post_evidence(client: FlaskClient, data: dict, path: str = "/report/evidence"):  # type: ignore[no-untyped-def]
    token = check_page(client.get(path)).csrf()
    return client.post(path, data={**data, "csrf_token": token}, content_type="multipart/form-data")


def add(client: FlaskClient, content: bytes, name: str, path: str = "/report/evidence") -> Page:
    """Choose one file and press "Add file": the page comes back with the list."""
    response = post_evidence(client, {"files": (io.BytesIO(content), name), "action": "add"}, path)
    assert response.status_code == 302, check_page(response).errors
    assert response.location.split("?")[0].endswith("/report/evidence"), response.location
    return check_page(client.get(response.location))


def listed(page: Page) -> list[str]:
    return [
        " ".join(row.get_text(" ", strip=True).split()) for row in page.all("#evidence-files .govuk-summary-list__row")
    ]


def remove_button(page: Page, number: int):  # type: ignore[no-untyped-def]
    return page.all("#evidence-files button[name=remove]")[number]


def test_three_photos_and_a_pdf_in_one_report_all_stripped(app: Flask, client: FlaskClient) -> None:
    walk_to_evidence(client)
    empty = check_page(client.get("/report/evidence"))
    assert empty.h1 == "Photos, screenshots or documents"
    assert empty.one("#files").get("multiple") is None, "one file per upload"
    assert "application/pdf" in empty.one("#files")["accept"]
    add(client, gps_jpeg(), "holiday.jpg")
    add(client, png_with_text(), "screen.png")
    add(client, plain_jpeg(), "door.jpg")
    page = add(client, pdfs.clean_pdf(), "letter from Ada Author.pdf")
    rows = listed(page)
    assert [re.sub(r" \d+ KB", " N KB", row) for row in rows] == [
        "Photo 1 JPEG, N KB Remove Photo 1",
        "Photo 2 PNG, N KB Remove Photo 2",
        "Photo 3 JPEG, N KB Remove Photo 3",
        "Document 1 PDF, N KB Remove Document 1",
    ]
    assert "holiday" not in page.html and "Ada Author" not in page.html
    assert page.text("#evidence-count") == "You have added 4 files."
    assert page.one("#files") and not page.all("#evidence-full")  # a fifth would still fit

    moved_on = post_evidence(client, {})
    assert moved_on.location.endswith("/report/monitoring")
    answer(client, "/report/monitoring", {"answer": "no"})
    check = check_page(client.get("/report/check-answers"))
    row = next(r for r in check.all(".govuk-summary-list__row") if "Photos, screenshots or documents" in r.get_text())
    value = row.select_one("dd")
    assert len(value.select("br")) == 3, "one line per file"
    lines = [re.sub(r"\d+ KB", "N KB", line) for line in value.get_text("\n", strip=True).splitlines()]
    assert lines == [
        "Photo 1 (JPEG, N KB)",
        "Photo 2 (PNG, N KB)",
        "Photo 3 (JPEG, N KB)",
        "Document 1 (PDF, N KB)",
    ]
    assert row.select_one("a")["href"].endswith("/report/evidence?change=1#files")
    sent = check_page(client.post("/report/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True))
    assert sent.h1.startswith("Report sent")

    submission = db.session.scalar(select(Submission))
    stored = db.session.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert [item.content_type for item in stored] == ["image/jpeg", "image/png", "image/jpeg", "application/pdf"]
    assert all(item.submission_id == submission.id for item in stored)
    folder = Path(app.config["EVIDENCE_DIR"])
    assert sorted(path.name for path in folder.iterdir()) == sorted(item.stored_name for item in stored)
    files = [(folder / item.stored_name).read_bytes() for item in stored]
    for data in files[:3]:
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and not image.info.get("exif")
        assert not any(key in image.info for key in ("Author", "Comment", "xmp", "XML:com.adobe.xmp"))
    assert b"SpyCam" not in files[0] and b"Ada Author" not in files[0]
    assert b"Penny Pngwriter" not in files[1] and b"Secret Street" not in files[1] and b"tEXt" not in files[1]
    with pikepdf.open(io.BytesIO(files[3])) as kept:
        assert "/Info" not in kept.trailer and "/Metadata" not in kept.Root
        assert all("/Metadata" not in page.obj for page in kept.pages)
    assert pdfs.AUTHOR.encode() not in files[3] and b"xmpmeta" not in files[3]
    payload = db.session.scalar(select(OutboxMessage.payload).where(OutboxMessage.submission_id == submission.id))
    assert [item["content_type"] for item in payload["submission"]["evidence"]] == [
        "image/jpeg",
        "image/png",
        "image/jpeg",
        "application/pdf",
    ]
    assert [item["sha256"] for item in payload["submission"]["evidence"]] == [item.sha256 for item in stored]


def test_pdf_with_javascript_is_refused_on_the_page_and_nothing_is_stored(app: Flask, client: FlaskClient) -> None:
    walk_to_evidence(client)
    add(client, plain_jpeg(), "door.jpg")
    refused = check_page(post_evidence(client, {"files": (io.BytesIO(pdfs.open_action_javascript()), "a.pdf")}))
    message = "The selected PDF has scripts, actions or attached files in it. We cannot accept these. Take a screenshot of it instead"
    assert refused.errors == [message]
    assert refused.field_error("files") == f"Error: {message}"
    assert refused.one(".govuk-error-summary a")["href"] == "#files"
    assert listed(refused) == [listed(check_page(client.get("/report/evidence")))[0]]  # the photo is still there
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 1
    assert len(list(Path(app.config["EVIDENCE_DIR"]).iterdir())) == 1


def test_remove_deletes_the_file_from_the_draft_and_from_storage(app: Flask, client: FlaskClient) -> None:
    walk_to_evidence(client)
    add(client, plain_jpeg(), "one.jpg")
    page = add(client, pdfs.clean_pdf(), "two.pdf")
    first, second = db.session.scalars(select(Evidence).order_by(Evidence.id)).all()
    folder = Path(app.config["EVIDENCE_DIR"])
    first_file, second_file, second_id = folder / first.stored_name, folder / second.stored_name, second.id
    assert first_file.exists() and second_file.exists()
    button = remove_button(page, 0)
    assert button.get_text(" ", strip=True) == "Remove Photo 1"
    form = button.find_parent("form")
    assert form["method"] == "post" and form.select_one("input[name=csrf_token]")

    without_token = client.post("/report/evidence", data={"remove": button["value"]})
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 2, without_token.status_code
    removed = client.post(form["action"], data={"remove": button["value"], "csrf_token": page.csrf()})
    assert removed.location.endswith("/report/evidence")
    db.session.expire_all()
    assert db.session.scalars(select(Evidence.id)).all() == [second_id]
    assert not first_file.exists() and second_file.exists()
    after = check_page(client.get("/report/evidence"))
    assert [row.split(" PDF")[0] for row in listed(after)] == ["Document 1"]
    assert after.text("#evidence-count") == "You have added 1 file."

    # Another draft's file cannot be removed from this one.
    other = app.test_client()
    walk_to_evidence(other)
    post_evidence(other, {"remove": str(second_id)})
    db.session.expire_all()
    assert db.session.scalars(select(Evidence.id)).all() == [second_id] and second_file.exists()


def test_the_maximum_is_said_and_kept(app: Flask, client: FlaskClient) -> None:
    app.config["EVIDENCE_MAX_FILES"] = 2
    walk_to_evidence(client)
    add(client, plain_jpeg(), "one.jpg")
    full = add(client, plain_jpeg(), "two.jpg")
    assert full.text("#evidence-full") == (
        "You can add up to 2 files, so you cannot add any more. To add a different file, remove one first."
    )
    assert not full.all("#files") and not full.all("button[value=add]")
    too_many = check_page(post_evidence(client, {"files": (io.BytesIO(plain_jpeg()), "three.jpg"), "action": "add"}))
    assert too_many.errors == ["You can upload up to 2 files"]
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 2


def test_add_file_without_a_file_says_so(client: FlaskClient) -> None:
    walk_to_evidence(client)
    page = check_page(post_evidence(client, {"action": "add"}))
    assert page.errors == ["Select a file to add"]
    assert page.field_error("files") == "Error: Select a file to add"


def test_change_from_check_answers_adds_and_removes_then_returns(client: FlaskClient) -> None:
    walk_to_evidence(client)
    assert post_evidence(client, {}).status_code == 302
    answer(client, "/report/monitoring", {"answer": "no"})
    assert "None" in check_page(client.get("/report/check-answers")).html
    page = add(client, plain_jpeg(), "one.jpg", path="/report/evidence?change=1")
    assert remove_button(page, 0).find_parent("form")["action"].endswith("/report/evidence?change=1")
    assert page.one("a.govuk-back-link")["href"].endswith("/report/check-answers")
    back = post_evidence(client, {}, path="/report/evidence?change=1")
    assert back.location.endswith("/report/check-answers")
    assert "Photo 1 (JPEG, 1 KB)" in check_page(client.get("/report/check-answers")).html


def test_an_expired_drafts_files_are_removed(app: Flask, client: FlaskClient) -> None:
    walk_to_evidence(client)
    add(client, plain_jpeg(), "one.jpg")
    [item] = db.session.scalars(select(Evidence)).all()
    path = Path(app.config["EVIDENCE_DIR"]) / item.stored_name
    assert path.exists()
    draft = db.session.get(Draft, item.draft_id)
    draft.expires_at = utcnow() - timedelta(minutes=1)
    commit()
    assert purge_expired() == 1
    commit()
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert not path.exists()

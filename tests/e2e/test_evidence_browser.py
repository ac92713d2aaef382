"""Evidence in Chromium (issue 18): the GOV.UK "add another" pattern. Add two photos, remove
one, add a PDF, see a PDF with JavaScript refused, continue, and find the files on check
answers; every state checked with axe-core."""

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.models import Evidence
from tests.e2e.conftest import assert_accessible, assert_error_state, click_and_wait, continue_, fill
from tests.journey import minimal_report_answers
from tests.reporting import pdfs

pytestmark = pytest.mark.browser


def rows(page: Any) -> list[str]:
    found = page.locator("#evidence-files .govuk-summary-list__row")
    return [re.sub(r"\d+ KB", "N KB", " ".join(text.split())) for text in found.all_inner_texts()]


def add_file(page: Any, path: Path) -> None:
    page.locator("input[name=files]").set_input_files(str(path))
    click_and_wait(page, page.locator("button[name=action][value=add]"))


def test_add_two_photos_remove_one_add_a_pdf_and_continue(  # type: ignore[no-untyped-def]
    app: Flask, live_server, page, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.png", tmp_path / "second.jpg"
    Image.new("RGB", (40, 30), "orange").save(first, "PNG")
    Image.new("RGB", (50, 20), "teal").save(second, "JPEG")
    letter, scripted = tmp_path / "letter.pdf", tmp_path / "scripted.pdf"
    letter.write_bytes(pdfs.clean_pdf())
    scripted.write_bytes(pdfs.open_action_javascript())

    page.goto(f"{live_server.url}/report/?lang=en")
    click_and_wait(page, page.locator("a.govuk-button--start"))
    for name, data in minimal_report_answers("Someone threw eggs at my window.", named=False):
        if name == "evidence":
            break
        fill(page, data)
        continue_(page)
    assert page.url.endswith("/report/evidence")
    assert page.locator("h1").inner_text() == "Photos, screenshots or documents"
    assert page.locator("input[name=files]").get_attribute("multiple") is None
    assert_accessible(page)

    add_file(page, first)
    assert rows(page) == ["Photo 1 PNG, N KB Remove Photo 1"]
    assert page.locator("label[for=files]").inner_text().strip() == "Add another file (optional)"
    add_file(page, second)
    assert rows(page) == ["Photo 1 PNG, N KB Remove Photo 1", "Photo 2 JPEG, N KB Remove Photo 2"]
    assert page.locator("#evidence-count").inner_text() == "You have added 2 files."
    assert_accessible(page)

    click_and_wait(page, page.get_by_role("button", name="Remove Photo 1"))
    assert rows(page) == ["Photo 1 JPEG, N KB Remove Photo 1"]  # the JPEG is left
    db.session.expire_all()
    kept = db.session.scalars(select(Evidence)).all()
    assert [item.content_type for item in kept] == ["image/jpeg"]
    assert [path.name for path in Path(app.config["EVIDENCE_DIR"]).iterdir()] == [kept[0].stored_name]

    page.locator("input[name=files]").set_input_files(str(scripted))
    click_and_wait(page, page.locator("button[name=action][value=add]"))
    assert_error_state(page, True)
    message = "The selected PDF has scripts, actions or attached files in it. We cannot accept these. Take a screenshot of it instead"
    assert page.locator(".govuk-error-summary__list").inner_text().strip() == message
    assert message in page.locator("#files-error").inner_text()
    assert rows(page) == ["Photo 1 JPEG, N KB Remove Photo 1"]
    assert_accessible(page)

    add_file(page, letter)
    assert rows(page) == ["Photo 1 JPEG, N KB Remove Photo 1", "Document 1 PDF, N KB Remove Document 1"]
    continue_(page)
    assert page.url.endswith("/report/monitoring")
    fill(page, {"answer": "no"})
    continue_(page)

    assert page.url.endswith("/report/check-answers")
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Photos, screenshots or documents"))
    shown = re.sub(r"\d+ KB", "N KB", row.locator("dd.govuk-summary-list__value").inner_text())
    assert shown.strip().splitlines() == ["Photo 1 (JPEG, N KB)", "Document 1 (PDF, N KB)"]
    assert_accessible(page)
    click_and_wait(page, row.locator("a", has_text="Change"))
    assert "/report/evidence?change=1" in page.url
    assert len(rows(page)) == 2
    continue_(page)
    assert page.url.endswith("/report/check-answers")
    db.session.expire_all()
    stored = db.session.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert [item.content_type for item in stored] == ["image/jpeg", "application/pdf"]
    assert pdfs.AUTHOR.encode() not in (Path(app.config["EVIDENCE_DIR"]) / stored[1].stored_name).read_bytes()

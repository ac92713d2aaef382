"""The organisation's dashboard and export, incident-log uploads and API keys."""

import csv
import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.apikeys import authenticate_api_key
from portal.constants import MessageDirection, OutboxStatus, Stage
from portal.extensions import db
from portal.models import ApiKey, IncidentLogEntry, IncidentLogImport, OutboxMessage, StatusUpdate
from portal.partners.services import safe_cell
from tests.pages import check_page
from tests.partners.conftest import partner_submission

GOOD_LOG = (
    b"date,type,strands,area,channel\r\n"
    b"2026-01-05,hate,race;religion,Central,in_person\r\n"
    b"2026-01-06,asb,,North Laine,phone\r\n"
    b"2026-01-06,asb,,North Laine,phone\r\n"
)


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_dashboard_shows_stage_due_dates_and_messages_and_filters(
    app: Flask, partner_client: FlaskClient, org_a
) -> None:  # type: ignore[no-untyped-def]
    first = partner_submission(org_a)
    second = partner_submission(org_a)
    second.stage = Stage.ACKNOWLEDGED
    db.session.add(
        StatusUpdate(
            submission=second, kind="update", direction=MessageDirection.TO_REPORTER, message="We will call you."
        )
    )
    db.session.add(
        StatusUpdate(submission=second, kind="update", direction=MessageDirection.INTERNAL, message="Secret note")
    )
    db.session.commit()

    page = check_page(partner_client.get("/partners/"))
    rows = {
        row.select("td")[0].get_text(strip=True): [td.get_text(" ", strip=True) for td in row.select("td")]
        for row in page.all("#submissions tbody tr")
    }
    assert set(rows) == {first.reference, second.reference}
    assert rows[second.reference][2] == "Acknowledged"

    filtered = check_page(partner_client.get("/partners/", query_string={"stage": "acknowledged"}))
    assert [td.get_text(strip=True) for td in filtered.all("#submissions tbody td:first-child")] == [second.reference]
    searched = check_page(
        partner_client.get("/partners/", query_string={"q": first.reference.lower().replace("-", " ")})
    )
    assert [td.get_text(strip=True) for td in searched.all("#submissions tbody td:first-child")] == [first.reference]

    detail = check_page(partner_client.get(f"/partners/submissions/{second.reference}"))
    assert [p.get_text(strip=True) for p in detail.all(".app-timeline__message")] == ["We will call you."]
    assert "Secret note" not in detail.html


def test_partner_message_is_stored_and_queued_for_the_intake(partner_client: FlaskClient, org_a) -> None:  # type: ignore[no-untyped-def]
    record = partner_submission(org_a)
    before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    page = check_page(partner_client.get(f"/partners/submissions/{record.reference}"))
    empty = check_page(
        partner_client.post(page.response.request.path, data={"csrf_token": page.csrf(), "message": "  "})
    )
    assert empty.errors == ["Enter your message"]
    sent = partner_client.post(
        page.response.request.path, data={"csrf_token": page.csrf(), "message": "Client has moved"}
    )
    after = check_page(partner_client.get(sent.headers["Location"]))
    assert [p.get_text(strip=True) for p in after.all(".app-timeline__message")] == ["Client has moved"]
    queued = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)).all()
    assert len(queued) == before + 1
    assert queued[-1].payload["followup"]["text"] == "Client has moved" and queued[-1].status == OutboxStatus.PENDING


def test_export_has_translated_headers_and_neutralises_formulas(partner_client: FlaskClient, org_a) -> None:  # type: ignore[no-untyped-def]
    record = partner_submission(org_a)
    db.session.add(
        StatusUpdate(
            submission=record, kind="update", direction=MessageDirection.TO_REPORTER, message="=cmd|' /C calc'!A0"
        )
    )
    db.session.commit()
    response = partner_client.get("/partners/submissions.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="submissions.csv"'
    header, row = _rows(response)
    assert header[:3] == ["Reference", "Sent on", "Stage"]
    assert row[0] == record.reference and row[-1] == "'=cmd|' /C calc'!A0"
    welsh = partner_client.get("/partners/submissions.csv?lang=cy")
    assert _rows(welsh)[0][0]  # headers come from the catalogue (English until translated)


def test_safe_cell_neutralises_every_formula_start() -> None:
    assert [safe_cell(value) for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain", None)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "plain",
        "",
    ]


def _upload(client: FlaskClient, content: bytes, name: str = "log.csv"):  # type: ignore[no-untyped-def]
    page = check_page(client.get("/partners/incident-logs"))
    return client.post(
        "/partners/incident-logs",
        data={"csrf_token": page.csrf(), "log": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_good_log_imports_and_the_same_file_twice_counts_once(partner_client: FlaskClient) -> None:
    first = _upload(partner_client, GOOD_LOG)
    done = check_page(partner_client.get(first.headers["Location"]))
    assert done.one("#import-done")
    assert db.session.scalar(select(func.count()).select_from(IncidentLogEntry)) == 3

    again = check_page(_upload(partner_client, GOOD_LOG))
    assert again.one("#already-uploaded")
    assert db.session.scalar(select(func.count()).select_from(IncidentLogEntry)) == 3
    assert db.session.scalar(select(func.count()).select_from(IncidentLogImport)) == 1

    # The same rows inside a longer, different file are not counted again.
    longer = GOOD_LOG + b"2026-01-07,hate,disability,West,online\r\n"
    check_page(partner_client.get(_upload(partner_client, longer).headers["Location"]))
    assert db.session.scalar(select(func.count()).select_from(IncidentLogEntry)) == 4


def test_one_bad_row_imports_nothing_and_names_the_row(partner_client: FlaskClient) -> None:
    bad = GOOD_LOG + b"05/01/2026,hate,race,=cmd|calc,in_person\r\n2026-01-08,burglary,,East,phone\r\n"
    page = check_page(_upload(partner_client, bad))
    assert page.field_error("log").startswith("Error: The file has problems, so nothing was imported")
    problems = [li.get_text(strip=True) for li in page.all("#row-errors li")]
    assert problems[0] == "Row 5: enter the date as YYYY-MM-DD, for example 2026-03-27"
    assert "Row 5: the area can only contain letters, numbers, spaces and . , ' & ( ) / -" in problems
    assert "Row 6: enter the type as hate or asb" in problems
    assert db.session.scalar(select(func.count()).select_from(IncidentLogEntry)) == 0
    assert db.session.scalar(select(func.count()).select_from(IncidentLogImport)) == 0


def test_hostile_and_oversized_files_are_refused_clearly(app: Flask, partner_client: FlaskClient) -> None:
    cases = {
        b"": "The selected file is empty",
        b"\xff\xfe\x00bad": "Save the file as CSV UTF-8 and upload it again",
        b"name,address\r\nA,B\r\n": "The first row must be the column names: date,type,strands,area,channel",
        b"date,type,strands,area,channel\r\n": "The file has no incidents in it",
    }
    for content, message in cases.items():
        page = check_page(_upload(partner_client, content))
        assert [li.get_text(strip=True) for li in page.all("#row-errors li")] == [message], content
    app.config["INCIDENT_LOG_MAX_ROWS"] = 2
    page = check_page(_upload(partner_client, GOOD_LOG))
    assert [li.get_text(strip=True) for li in page.all("#row-errors li")] == [
        "The file can have up to 2 incidents. Split it into smaller files"
    ]
    missing = check_page(
        partner_client.post(
            "/partners/incident-logs", data={"csrf_token": page.csrf()}, content_type="multipart/form-data"
        )
    )
    assert missing.field_error("log") == "Error: Select a CSV file"
    assert db.session.scalar(select(func.count()).select_from(IncidentLogEntry)) == 0


def test_template_csv_passes_its_own_validation(partner_client: FlaskClient) -> None:
    template = partner_client.get("/partners/incident-logs/template.csv")
    assert _rows(template)[0] == ["date", "type", "strands", "area", "channel"]
    response = _upload(partner_client, template.get_data())
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(IncidentLogEntry)) == 2


def test_admin_creates_rotates_and_revokes_api_keys(admin_client: FlaskClient, org_a) -> None:  # type: ignore[no-untyped-def]
    page = check_page(admin_client.get("/partners/api-keys"))
    assert page.one("#no-keys")
    created = check_page(admin_client.post("/partners/api-keys", data={"csrf_token": page.csrf()}))
    plain = created.text("#api-key")
    stored = db.session.scalar(select(ApiKey))
    assert plain not in str(stored.__dict__) and plain.startswith(f"sitc_{stored.prefix}_")
    assert authenticate_api_key(f"Bearer {plain}").id == org_a.id
    assert authenticate_api_key(plain[:-1] + ("A" if plain[-1] != "A" else "B")) is None
    assert authenticate_api_key("Bearer nonsense") is None and authenticate_api_key(None) is None
    db.session.commit()  # as the API request would: the key's last use is stored
    assert stored.last_used_at is not None

    listing = check_page(admin_client.get("/partners/api-keys"))
    assert plain not in listing.html
    rotated = check_page(
        admin_client.post(f"/partners/api-keys/{stored.id}/rotate", data={"csrf_token": listing.csrf()})
    )
    new_plain = rotated.text("#api-key")
    db.session.expire_all()  # the requests changed rows this test session has cached
    assert authenticate_api_key(plain) is None
    assert authenticate_api_key(new_plain).id == org_a.id
    db.session.commit()

    new_key = db.session.scalar(select(ApiKey).where(ApiKey.revoked_at.is_(None)))
    revoked = admin_client.post(f"/partners/api-keys/{new_key.id}/revoke", data={"csrf_token": listing.csrf()})
    after = check_page(admin_client.get(revoked.headers["Location"]))
    assert after.one("#no-keys")
    db.session.expire_all()
    assert authenticate_api_key(new_plain) is None


def test_api_keys_of_a_disabled_organisation_stop_working(app: Flask, org_a) -> None:  # type: ignore[no-untyped-def]
    from portal.apikeys import create_api_key

    _key, plain = create_api_key(org_a.id, None, 5)
    db.session.commit()
    assert authenticate_api_key(plain) is not None
    org_a.active = False
    db.session.commit()
    assert authenticate_api_key(plain) is None

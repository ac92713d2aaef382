"""The reporting journey through the test client: named victim, anonymous witness, support
worker; validation on every page; evidence cleaning; privacy; repeat reporting."""

import io
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from portal.constants import Channel, LeadAgency, RiskLevel
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import Draft, Evidence, OutboxMessage, Submission
from portal.reporting.views import report_journey
from tests.conftest import make_user, sign_in
from tests.journey import answer, minimal_report_answers
from tests.pages import check_page

XSS = "<script>alert(1)</script>"


def walk(
    client: FlaskClient, changes: dict[str, dict] | None = None, named: bool = False, files: dict | None = None
) -> None:
    """Answer every page that applies, with the minimal answers updated by `changes`."""
    changes = changes or {}
    pages = dict(minimal_report_answers("Someone shouted at me.", named))
    pages.update(changes)
    for name in [page.name for page in report_journey.pages]:
        response = client.get(f"/report/{name}")
        if response.status_code == 302:
            continue
        page = check_page(response)
        data = {**pages.get(name, {}), "csrf_token": page.csrf()}
        if name == "evidence" and files:
            data["files"] = files
        posted = client.post(f"/report/{name}", data=data, content_type="multipart/form-data")
        assert posted.status_code == 302, (name, check_page(posted).errors)


def send(client: FlaskClient):
    check = check_page(client.get("/report/check-answers"))
    return check_page(client.post("/report/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True))


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Ltd"  # Make
    exif[0x013B] = "Ada Author"  # Artist
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 49.0, 12.0), 3: "W", 4: (0.0, 8.0, 9.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the test image must carry GPS"
    return data


def payload_of(submission: Submission) -> dict:
    return db.session.scalar(select(OutboxMessage.payload).where(OutboxMessage.submission_id == submission.id))


def test_named_victim_of_asb_in_social_housing_with_photo(app: Flask, client: FlaskClient) -> None:
    walk(
        client,
        {
            "what-kind": {"incident_type": "asb", "online": "no"},
            "asb-type": {"asb_type": "noise"},
            "when": {
                "when_kind": "ongoing",
                "how_often": "daily",
                "since-day": "1",
                "since-month": "1",
                "since-year": "2024",
            },
            "where": {"place_type": "home", "address": "12 Queens Road", "postcode": "bn1 3xe"},
            "impact": {
                "aimed_at_you": "yes",
                "effects": ["sleep", "children"],
                "unsafe_at_home": "yes",
                "condition_affected": "no",
                "support": "no",
            },
            "housing": {"social_tenant": "housing_association", "housing_association": "Seaside Homes"},
            "contact": {
                "identity": "named",
                "name": "Ada Reporter",
                "channel": "sms",
                "phone": "07700 900982",
                "email": "Ada@Example.org",
            },
            "contact-preferences": {
                "safe_times": "After 6pm",
                "leave_message": "no",
                "language": "pl",
                "interpreter": "yes",
            },
            "sharing": {"share_with_partners": "yes"},
        },
        named=True,
        files=(io.BytesIO(gps_jpeg()), "holiday.jpg"),
    )
    confirmation = send(client)
    assert confirmation.h1.startswith("Report sent")
    assert confirmation.one("#immediate-attention")
    assert not confirmation.all("#community-trigger")
    help_text = " ".join(confirmation.text("#other-help").split())
    assert "Victim Support (free, confidential support for anyone affected by crime): 0808 168 9111" in help_text
    assert "Galop (support for LGBT+ people facing abuse): 0800 999 5428" in help_text
    submission = db.session.scalar(select(Submission))
    assert (submission.is_asb, submission.is_hate, submission.asb_type, submission.asb_category) == (
        True,
        False,
        "noise",
        "nuisance",
    )
    assert submission.lead_agency == LeadAgency.HOUSING_PROVIDER
    assert submission.risk_level == RiskLevel.HIGH and submission.immediate_attention
    assert submission.channel == Channel.SMS and submission.language == "pl" and submission.interpreter_needed
    assert submission.incident_date == date(2024, 1, 1)
    assert submission.location_key and submission.household_key == submission.location_key
    assert submission.contact["phone"] == "07700900982" and submission.contact["leave_message"] is False
    assert submission.answers["where"]["postcode"] == "BN1 3XE"
    intake = submission.answers["_intake"]
    assert intake["share_with_partners"] is True
    assert "unsafe_at_home" in intake["risk_answers"]["factors"]
    evidence = db.session.scalars(select(Evidence)).all()
    assert len(evidence) == 1 and evidence[0].submission_id == submission.id
    stored = Path(app.config["EVIDENCE_DIR"]) / evidence[0].stored_name
    assert "holiday" not in evidence[0].stored_name
    image = Image.open(stored)
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert b"SpyCam" not in stored.read_bytes() and b"Ada Author" not in stored.read_bytes()
    payload = payload_of(submission)
    assert payload["submission"]["evidence"] == [
        {
            "filename": evidence[0].stored_name,
            "content_type": "image/jpeg",
            "sha256": evidence[0].sha256,
            "size": evidence[0].size,
        }
    ]
    assert payload["submission"]["triage"]["lead_agency"] == "housing_provider"


def test_anonymous_witness_leaves_no_ip_or_user_agent(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    agent = "Mozilla/5.0 (WitnessAgent-4412)"
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": "198.51.100.23", "HTTP_USER_AGENT": agent})
    walk(
        client,
        {
            "who": {"reporter_role": "witness"},
            "already-reported": {"reported_to": ["police"], "crime_reference": "47/1234"},
        },
    )
    confirmation = send(client)
    assert "only way to follow" in confirmation.html
    submission = db.session.scalar(select(Submission))
    assert submission.anonymous and submission.contact is None and submission.contact_key is None
    assert submission.channel == Channel.NONE
    assert submission.lead_agency == LeadAgency.POLICE
    run_once()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()).all():
            dumped = repr(tuple(row))
            assert "198.51.100.23" not in dumped and "WitnessAgent" not in dumped, table.name
    assert "198.51.100.23" not in caplog.text and "WitnessAgent" not in caplog.text


def test_support_worker_reports_for_a_client(client: FlaskClient) -> None:
    walk(
        client,
        {
            "who": {"reporter_role": "someone_else", "relationship": "Support worker", "subject_aware": "yes"},
            "what-kind": {
                "incident_type": "both",
                "online": "yes",
                "platform": "Facebook",
                "link": "https://example.com/post/1",
            },
            "hate-motivation": {"strands": ["disability", "religion"]},
            "asb-type": {"asb_type": "intimidation"},
        },
        named=True,
    )
    send(client)
    submission = db.session.scalar(select(Submission))
    assert sorted(strand.strand for strand in submission.strands) == ["disability", "religion"]
    assert submission.asb_category == "personal" and submission.is_hate and submission.is_asb
    assert submission.lead_agency == LeadAgency.CASEWORK_TEAM
    assert submission.answers["_intake"]["subject_aware"] is True
    assert submission.answers["what-kind"]["platform"] == "Facebook"


def test_in_danger_shows_999_guidance_and_flags_the_report(client: FlaskClient) -> None:
    answer(client, "/report/in-danger", {"in_danger": "yes"})
    page = check_page(client.get("/report/emergency"))
    assert page.h1 == "Call 999 now" and "999" in page.text(".govuk-warning-text")
    walk(client, {"in-danger": {"in_danger": "yes"}})
    confirmation = send(client)
    assert confirmation.one("#immediate-attention")
    assert db.session.scalar(select(Submission.immediate_attention)) is True


FUTURE = date.today() + timedelta(days=2)


@pytest.mark.parametrize(
    ("page", "data", "field", "message"),
    [
        ("in-danger", {}, "in_danger", "Select yes if you or someone else is in danger now"),
        ("in-danger", {"in_danger": "maybe"}, "in_danger", "Select yes if you or someone else is in danger now"),
        ("who", {"reporter_role": "someone_else"}, "relationship", "Enter your relationship to the person"),
        ("who", {"reporter_role": "organisation"}, "organisation_name", "Enter the name of the group or organisation"),
        ("who", {"reporter_role": "robot"}, "reporter_role", "Select who you are reporting for"),
        (
            "what-kind",
            {"incident_type": "hate", "online": "yes"},
            "platform",
            "Enter the website, app or game where it happened",
        ),
        (
            "what-kind",
            {"incident_type": "hate", "online": "yes", "platform": "X", "link": "javascript:alert(1)"},
            "link",
            "Enter a link that starts with http:// or https://",
        ),
        (
            "hate-motivation",
            {"strands": ["race", "not_sure"]},
            "strands",
            "Select why you think it happened, or select ‘I’m not sure’, not both",
        ),
        (
            "hate-motivation",
            {"strands": ["martian"]},
            "strands",
            "Select why you think it happened, or select ‘I’m not sure’",
        ),
        ("what-happened", {"description": ""}, "description", "Enter what happened"),
        (
            "what-happened",
            {"description": "x" * 10001},
            "description",
            "What happened must be 10,000 characters or fewer",
        ),
        ("when", {"when_kind": "once"}, "incident_date", "Enter the date it happened"),
        (
            "when",
            {"when_kind": "once", "incident_date-day": "31", "incident_date-month": "2", "incident_date-year": "2025"},
            "incident_date",
            "The date it happened must be a real date, for example 27 3 2026",
        ),
        (
            "when",
            {
                "when_kind": "once",
                "incident_date-day": str(FUTURE.day),
                "incident_date-month": str(FUTURE.month),
                "incident_date-year": str(FUTURE.year),
            },
            "incident_date",
            "The date it happened must be today or in the past",
        ),
        ("when", {"when_kind": "ongoing"}, "how_often", "Select how often it happens"),
        (
            "where",
            {"place_type": "street", "address": "Park", "postcode": "NOT A CODE"},
            "postcode",
            "Enter a real postcode, like BN1 1AA",
        ),
        ("where", {"place_type": "street"}, "address", "Enter the address or describe the place"),
        (
            "people",
            {"responsible": "known", "more_than_one": "no", "witnesses": "no"},
            "name",
            "Enter their name, or select that you can describe them",
        ),
        (
            "impact",
            {
                "aimed_at_you": "no",
                "effects": ["none", "sleep"],
                "unsafe_at_home": "no",
                "condition_affected": "no",
                "support": "yes",
            },
            "effects",
            "Select how it has affected you, or select ‘None of these’, not both",
        ),
        ("already-reported", {"reported_to": ["elsewhere"]}, "elsewhere", "Enter who you reported it to"),
        (
            "housing",
            {},
            "social_tenant",
            "Select whether they rent their home from the council or a housing association",
        ),
        (
            "contact",
            {"identity": "named", "name": "Ada", "channel": "email", "email": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "contact",
            {"identity": "named", "name": "Ada", "channel": "phone", "phone": "12345"},
            "phone",
            "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        ),
        (
            "contact",
            {"identity": "named", "name": "Ada", "channel": "sms", "phone": "01632 960001"},
            "phone",
            "Enter a UK mobile number for text messages, like 07700 900 982",
        ),
        (
            "contact",
            {"identity": "named", "name": "Ada", "channel": "pigeon"},
            "channel",
            "Select how we should contact you",
        ),
        (
            "contact",
            {"identity": "named", "name": "A" * 201, "channel": "none"},
            "name",
            "Name must be 200 characters or fewer",
        ),
    ],
)
def test_each_page_says_what_to_do(client: FlaskClient, page: str, data: dict, field: str, message: str) -> None:
    walk_to(client, page)
    result = check_page(answer(client, f"/report/{page}", data))
    assert message in result.errors
    assert result.field_error(field) == f"Error: {message}"
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def walk_to(client: FlaskClient, target: str) -> None:
    """Answer the minimal report up to (not including) the target page."""
    for name, data in minimal_report_answers("x", True):
        if name == target:
            return
        if name == "contact-preferences":
            continue
        answer(client, f"/report/{name}", data)


def test_answers_are_kept_after_an_error_and_through_change_links(client: FlaskClient) -> None:
    walk_to(client, "where")
    result = check_page(
        answer(client, "/report/where", {"place_type": "street", "address": "By the clock tower", "postcode": "ZZ"})
    )
    assert result.one("#address").get_text() == "By the clock tower"
    assert result.one("#postcode")["value"] == "ZZ"
    assert result.one("#place_type-2")["checked"] is not None
    walk(client)
    check = check_page(client.get("/report/check-answers"))
    change = next(
        a["href"] for a in check.all(".govuk-summary-list__actions a") if "/report/what-happened" in a["href"]
    )
    page = check_page(client.get(change))
    assert page.one("#description").get_text() == "Someone shouted at me."
    assert page.one(".govuk-back-link")["href"] == "/report/check-answers"
    response = answer(client, change.split("#")[0], {"description": "Changed account"})
    assert response.headers["Location"].endswith("/report/check-answers")
    check = check_page(client.get("/report/check-answers"))
    values = [dd.get_text(" ", strip=True) for dd in check.all(".govuk-summary-list__value")]
    assert "Changed account" in values


def test_expired_draft_says_so(client: FlaskClient) -> None:
    walk_to(client, "what-happened")
    db.session.execute(Draft.__table__.update().values(expires_at=datetime(2000, 1, 1, tzinfo=UTC)))
    db.session.commit()
    response = client.get("/report/what-happened")
    assert response.headers["Location"].endswith("/report/session-expired")
    page = check_page(client.get("/report/session-expired"))
    assert page.h1 == "Your answers have been deleted"
    assert page.one("main a.govuk-button")["href"] == "/report/"


def test_markup_is_escaped_on_check_answers_and_duty_desk_and_stripped_from_payload(
    app: Flask, client: FlaskClient
) -> None:
    walk(
        client,
        {
            "who": {"reporter_role": "someone_else", "relationship": XSS, "subject_aware": "not_asked"},
            "what-kind": {"incident_type": "hate", "online": "yes", "platform": XSS},
            "what-happened": {"description": XSS},
            "where": {"place_type": "street", "address": XSS},
            "people": {
                "responsible": "description",
                "appearance": XSS,
                "clothing": XSS,
                "accent": XSS,
                "vehicle": XSS,
                "more_than_one": "no",
                "witnesses": "yes",
                "witness_details": XSS,
            },
            "already-reported": {"reported_to": ["elsewhere"], "elsewhere": XSS},
            "outcome": {"outcomes": ["other"], "details": XSS},
            "contact": {"identity": "named", "name": XSS, "channel": "letter", "postal_address": XSS},
            "contact-preferences": {
                "safe_times": XSS,
                "leave_message": "yes",
                "language": "en",
                "interpreter": "no",
                "access_needs": XSS,
            },
        },
        named=True,
    )
    check = check_page(client.get("/report/check-answers"))
    assert check.soup.find("script", string="alert(1)") is None
    shown = [dd.get_text(strip=True) for dd in check.all(".govuk-summary-list__value")]
    assert shown.count(XSS) >= 12
    send(client)
    submission = db.session.scalar(select(Submission))
    assert submission.answers["what-happened"]["description"] == XSS  # stored as typed, plain text
    payload = payload_of(submission)
    text = repr(payload)
    assert "<script" not in text and "</script" not in text
    staff = app.test_client()
    sign_in(staff, make_user())
    desk = check_page(staff.get(f"/duty-desk/submissions/{submission.reference}"))
    assert desk.soup.find("script", string="alert(1)") is None
    assert "<script>alert(1)</script>" not in desk.html


def upload(client: FlaskClient, data: bytes, name: str):
    walk_to(client, "evidence")
    page = check_page(client.get("/report/evidence"))
    return client.post(
        "/report/evidence",
        data={"csrf_token": page.csrf(), "files": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_broken_pdf_renamed_jpg_is_checked_as_the_pdf_it_is(client: FlaskClient) -> None:
    page = check_page(upload(client, b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF", "photo.jpg"))
    assert (
        page.field_error("files")
        == "Error: The selected PDF cannot be opened. It may be damaged. Choose a different file"
    )
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_gif_is_refused_with_the_types_we_take(client: FlaskClient) -> None:
    page = check_page(upload(client, b"GIF89a" + b"\x00" * 64, "photo.jpg"))
    assert page.field_error("files") == "Error: The selected file must be a JPEG, PNG or PDF"
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_decompression_bomb_is_refused(client: FlaskClient) -> None:
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000
    page = check_page(upload(client, buffer.getvalue(), "bomb.png"))
    assert page.field_error("files") == "Error: The selected image is too large. Choose a smaller photo or screenshot"
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_twenty_megabyte_upload_gets_a_clear_message(client: FlaskClient) -> None:
    page = check_page(upload(client, b"\xff\xd8\xff" + b"0" * (20 * 1024 * 1024), "huge.jpg"), status=413)
    assert page.h1 == "The file is too large"


def test_png_is_kept_as_png(app: Flask, client: FlaskClient) -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(buffer, "PNG")
    assert upload(client, buffer.getvalue(), "screen.png").status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert evidence.content_type == "image/png" and evidence.submission_id is None and evidence.draft_id
    assert Image.open(Path(app.config["EVIDENCE_DIR"]) / evidence.stored_name).format == "PNG"


def test_double_submit_stores_once(client: FlaskClient) -> None:
    walk(client)
    token = check_page(client.get("/report/check-answers")).csrf()
    first = client.post("/report/check-answers", data={"csrf_token": token})
    second = client.post("/report/check-answers", data={"csrf_token": token})
    assert first.headers["Location"].endswith("/report/confirmation")
    assert second.headers["Location"].endswith("/report/confirmation")
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_community_trigger_hint_on_second_asb_report_by_same_email(app: Flask) -> None:
    asb = {
        "what-kind": {"incident_type": "asb", "online": "no"},
        "asb-type": {"asb_type": "noise"},
    }
    first_client = app.test_client()
    walk(first_client, asb, named=True)
    first = send(first_client)
    assert not first.all("#community-trigger")
    second_client = app.test_client()
    walk(
        second_client,
        {**asb, "contact": {"identity": "named", "name": "Ada", "channel": "email", "email": " ADA@example.org "}},
        named=True,
    )
    second = send(second_client)
    assert second.one("#apply-with-reports")["href"] == "/community-trigger/with-your-reports"


def test_monitoring_answers_are_stored_separately(client: FlaskClient) -> None:
    walk(client, {"monitoring": {"answer": "yes"}})
    page = check_page(client.get("/report/monitoring-questions"))
    labels = [label.get_text(strip=True) for label in page.all("label")]
    assert labels.count("Prefer not to say") == 7
    answer(client, "/report/monitoring-questions", {"age_band": "25_34", "religion": "prefer_not"})
    send(client)
    submission = db.session.scalar(select(Submission))
    assert submission.monitoring == {"age_band": "25_34", "religion": "prefer_not"}
    assert "monitoring-questions" not in submission.answers


def test_other_help_entries_are_name_number_and_an_optional_topic(app: Flask) -> None:
    from portal.reporting.services import other_help

    config = {
        "OTHER_HELP": ["Hate Crime Line|0800 000 0000|victims", "Local Line|local.example", "Odd|1|no-such", "|7"]
    }
    with app.test_request_context():
        assert other_help(config) == [
            ("Hate Crime Line", "0800 000 0000", "free, confidential support for anyone affected by crime"),
            ("Local Line", "local.example", None),
            ("Odd", "1", None),
        ]

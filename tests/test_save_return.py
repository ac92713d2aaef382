"""Save and come back later, through the test client: the button on the question pages of both
journeys, the "Save your progress" page, the resume code (shown once, only its keyed hash
kept, single-use, wrong/unknown/used/expired alike, rate-limited) and the saved-answers file
(signed, attachment, no-store, refused when changed, every answer checked again)."""

import json
from datetime import timedelta
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import saved_answers
from portal.core.tracking import TRACKING_CODE_LENGTH, parse_resume_code
from portal.extensions import db
from portal.models import Draft, OutboxMessage, utcnow
from tests.journey import answer, minimal_report_answers
from tests.pages import check_page

STORY = "Someone wrote words on my door again."
WRONG_CODE = (
    "We cannot find saved answers with that code. Check the code. "
    "A code works only once, and only until the time we gave you."
)
WRONG_FILE = "We cannot use this file. Choose the file of saved answers you downloaded, without changing it."
FIRST_PAGES = [("/report", "in-danger"), ("/community-trigger", "who-is-applying")]


def _drafts() -> list[Draft]:
    db.session.expire_all()
    return list(db.session.scalars(select(Draft)))


def _answer_until(client: FlaskClient, last: str) -> None:
    """Answer the anonymous report's pages up to and including ``last``."""
    for name, data in minimal_report_answers(STORY, named=False):
        assert answer(client, f"/report/{name}", data).status_code == 302, name
        if name == last:
            return


def _save_from(client: FlaskClient, path: str, data: dict) -> str:
    response = answer(client, path, {**data, "save_and_return": "1"})
    assert response.status_code == 302
    return response.headers["Location"]


def _choose(client: FlaskClient, how: str, journey: str = "/report") -> object:
    page = check_page(client.get(f"{journey}/save"))
    return client.post(f"{journey}/save", data={"how": how, "csrf_token": page.csrf()})


def _resume_code(client: FlaskClient, journey: str = "/report") -> str:
    page = check_page(_choose(client, "code", journey))
    return page.text("#resume-code")


def _continue_with(client: FlaskClient, code: str, path: str = "/report/continue") -> object:
    page = check_page(client.get(path))
    return client.post(path, data={"code": code, "csrf_token": page.csrf()})


@pytest.mark.parametrize(("journey", "first"), FIRST_PAGES)
def test_question_pages_offer_save_and_come_back_later(client: FlaskClient, journey: str, first: str) -> None:
    page = check_page(client.get(f"{journey}/{first}"))
    button = page.one("button.app-save-and-return")
    assert button.get_text(strip=True) == "Save and come back later"
    assert button["form"] == "question-form" and button["name"] == "save_and_return"
    # After Continue, outside the form, so Enter still means Continue.
    assert page.one("form#question-form").select_one("button.app-save-and-return") is None


def test_the_partner_journey_does_not_offer_it(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"reporting.save", "trigger.save", "reporting.resume", "trigger.resume_file"} <= endpoints
    assert "partners_report.save" not in endpoints


def test_saving_keeps_the_page_answers_and_says_until_when(client: FlaskClient, app: Flask) -> None:
    _answer_until(client, "hate-motivation")
    location = _save_from(client, "/report/what-happened", {"description": STORY})
    assert location == "/report/save"
    (draft,) = _drafts()
    assert draft.data["pages"]["what-happened"]["description"] == STORY
    hours = app.config["SAVED_DRAFT_LIFETIME_HOURS"]
    assert abs(draft.expires_at - (utcnow() + timedelta(hours=hours))) < timedelta(minutes=1)
    page = check_page(client.get(location))
    assert page.h1 == "Save your progress"
    assert page.text("#saved-until").startswith("We will keep them until ")
    assert str(draft.expires_at.year) in page.text("#saved-until")
    assert "If other people use this device" in page.text(".app-shared-device")
    assert page.one("#save-exit")["href"] == "/exit"
    assert [i["value"] for i in page.all("input[name=how]")] == ["code", "email", "sms", "file"]
    assert not page.all(".govuk-warning-text")


def test_saving_a_page_with_a_problem_keeps_what_was_saved_before(client: FlaskClient) -> None:
    _answer_until(client, "what-happened")
    location = _save_from(client, "/report/when", {"when_kind": "once", "incident_date-day": "99"})
    assert location == "/report/save?unsaved=1"
    (draft,) = _drafts()
    assert "when" not in draft.data["pages"]
    assert draft.data["pages"]["what-happened"]["description"] == STORY
    page = check_page(client.get(location))
    assert "did not save its answers" in page.text(".govuk-warning-text")


def test_choosing_nothing_is_an_error(client: FlaskClient) -> None:
    _answer_until(client, "in-danger")
    page = check_page(_choose(client, ""))
    assert page.errors == ["Select how you want to come back to your answers"]


def test_a_resume_code_is_shown_once_and_only_its_hash_is_kept(client: FlaskClient, app: Flask) -> None:
    _answer_until(client, "what-happened")
    code = _resume_code(client)
    canonical = parse_resume_code(code)
    assert code.startswith("R-") and len(canonical) == TRACKING_CODE_LENGTH + 1
    (draft,) = _drafts()
    assert draft.resume_code_hash and len(draft.resume_code_hash) == 64
    assert canonical not in json.dumps(draft.data) and canonical not in draft.resume_code_hash
    # The save page again shows no code.
    assert code not in client.get("/report/save").get_data(as_text=True)


def test_a_resume_code_opens_the_answers_in_another_browser(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "what-happened")
    code = _resume_code(client)
    other = app.test_client()
    response = _continue_with(other, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert response.headers["Location"] == "/report/when"
    page = check_page(other.get("/report/what-happened"))
    assert page.one("textarea[name=description]").get_text() == STORY
    # Moved: one draft, a new id, the code used up, the idle lifetime again.
    (draft,) = _drafts()
    assert draft.resume_code_hash is None
    assert draft.expires_at - utcnow() <= timedelta(minutes=app.config["DRAFT_LIFETIME_MINUTES"])
    # The browser that saved it no longer has it.
    assert client.get("/report/when").headers["Location"] == "/report/session-expired"


def test_wrong_unknown_used_and_expired_codes_get_the_same_message(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "what-happened")
    code = _resume_code(client)
    other = app.test_client()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    unknown = "R-" + "0000-0000-0000-0000-00"
    tracking_code = code[2:]
    for typed in (wrong, unknown, tracking_code, "hello"):
        page = check_page(_continue_with(other, typed))
        assert page.errors == [WRONG_CODE], typed
        assert typed not in page.one("input[name=code]").get("value", "")
    assert _continue_with(other, code).status_code == 302
    # Used: the same message.
    assert check_page(_continue_with(app.test_client(), code)).errors == [WRONG_CODE]


def test_an_expired_saved_draft_cannot_be_opened(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "what-happened")
    code = _resume_code(client)
    (draft,) = _drafts()
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert check_page(_continue_with(app.test_client(), code)).errors == [WRONG_CODE]
    assert client.get("/report/save").headers["Location"] == "/report/session-expired"
    deleted = check_page(client.get("/report/session-expired"))
    assert deleted.text("#saved-expired") == (
        "If you saved your answers to come back later, the time to come back has passed."
    )


def test_an_empty_code_asks_for_one(client: FlaskClient) -> None:
    assert check_page(_continue_with(client, "")).errors == ["Enter your resume code"]


def test_failed_codes_are_rate_limited(app: Flask, client: FlaskClient) -> None:
    app.config["STATUS_LOOKUP_LIMIT"] = "3 per hour"
    for _ in range(3):
        assert _continue_with(client, "R-0000-0000-0000-0000-00").status_code == 200
    assert _continue_with(client, "R-0000-0000-0000-0000-00").status_code == 429


def test_a_trigger_application_is_saved_and_continued(app: Flask, client: FlaskClient) -> None:
    assert answer(client, "/community-trigger/who-is-applying", {"applicant": "victim", "save_and_return": "1"})
    code = _resume_code(client, "/community-trigger")
    other = app.test_client()
    # Either "continue" page opens it: the code says which journey it belongs to.
    response = _continue_with(other, code, "/report/continue")
    assert response.headers["Location"].startswith("/community-trigger/")
    (draft,) = _drafts()
    assert draft.journey == "trigger"


def test_the_start_and_status_pages_link_to_continue(client: FlaskClient) -> None:
    assert check_page(client.get("/report/")).all("a[href='/report/continue']")
    assert check_page(client.get("/community-trigger/")).all("a[href='/community-trigger/continue']")
    assert check_page(client.get("/status/")).all("a[href='/report/continue']")


# ---- the saved-answers file -----------------------------------------------------------------


def _download(client: FlaskClient) -> bytes:
    response = _choose(client, "file")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="saved-answers.json"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/json"
    return response.data


def _upload(client: FlaskClient, data: bytes | None, name: str = "saved-answers.json") -> object:
    page = check_page(client.get("/report/continue-from-file"))
    files = {"answers_file": (BytesIO(data), name)} if data is not None else {}
    return client.post(
        "/report/continue-from-file",
        data={"csrf_token": page.csrf(), **files},
        content_type="multipart/form-data",
    )


def test_the_file_holds_every_answer_signed_and_no_evidence(client: FlaskClient) -> None:
    for name, data in minimal_report_answers(STORY, named=False):
        answer(client, f"/report/{name}", data)
    content = json.loads(_download(client))
    assert content["format"] == saved_answers.FORMAT and content["version"] == 1
    assert content["journey"] == "report" and len(content["signature"]) == 64
    assert content["pages"]["what-happened"]["description"] == STORY
    assert "evidence" not in content["pages"] and "monitoring" in content["pages"]


def test_the_file_restores_every_answer_in_another_browser(app: Flask, client: FlaskClient) -> None:
    for name, data in minimal_report_answers(STORY, named=False):
        answer(client, f"/report/{name}", data)
    saved = json.loads(_download(client))["pages"]
    other = app.test_client()
    response = _upload(other, _download(client))
    # Evidence is never in the file, so it is asked again.
    assert response.headers["Location"] == "/report/evidence"
    restored = [d for d in _drafts() if d.data["pages"] == saved]
    assert len(restored) == 1
    assert answer(other, "/report/evidence", {}).status_code == 302
    check = check_page(other.get("/report/check-answers"))
    assert check.h1 == "Check your answers before sending your report"
    assert STORY in check.html and "Outside the library" in check.html


def test_a_changed_file_is_refused(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "what-happened")
    content = json.loads(_download(client))
    content["pages"]["what-happened"]["description"] = "Something else"
    page = check_page(_upload(app.test_client(), json.dumps(content).encode()))
    assert page.errors == [WRONG_FILE]
    assert len(_drafts()) == 1


@pytest.mark.parametrize(
    "junk",
    [
        b"not json",
        b"[]",
        b'{"signature": "00"}',
        b"\xff\xfe",
        '{"signature": "é"}'.encode(),  # non-ASCII: compare_digest would raise on str
        b'{"signature": "\\ud800"}',
        b"[" * 50_000 + b"]" * 50_000,  # nested too deep for the JSON parser
    ],
)
def test_a_file_that_is_not_saved_answers_is_refused(app: Flask, client: FlaskClient, junk: bytes) -> None:
    assert check_page(_upload(client, junk)).errors == [WRONG_FILE]


def test_a_file_of_another_version_or_too_big_is_refused(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "in-danger")
    with app.test_request_context():
        body = {"format": saved_answers.FORMAT, "version": 2, "journey": "report", "pages": {}}
        signed = json.dumps({**body, "signature": saved_answers._signature(body)}).encode()
    assert check_page(_upload(client, signed)).errors == [WRONG_FILE]
    app.config["SAVED_ANSWERS_MAX_BYTES"] = 100
    assert check_page(_upload(client, _download(client))).errors == [WRONG_FILE]
    assert check_page(_upload(client, None)).errors == ["Choose the file of your saved answers"]


def test_signed_answers_that_fail_their_page_are_asked_again(app: Flask, client: FlaskClient) -> None:
    pages = {
        "in-danger": {"in_danger": "no"},
        "who": {"reporter_role": "not-a-choice"},
        "what-kind": {"incident_type": "hate", "online": "no"},
    }
    with app.test_request_context():
        body = {"format": saved_answers.FORMAT, "version": 1, "journey": "report", "pages": pages}
        signed = json.dumps({**body, "signature": saved_answers._signature(body)}).encode()
    response = _upload(client, signed)
    assert response.headers["Location"] == "/report/who"
    (draft,) = _drafts()
    assert set(draft.data["pages"]) == {"in-danger", "what-kind"}


# ---- resume codes ---------------------------------------------------------------------------


def test_resume_codes_are_tracking_codes_behind_their_own_prefix_and_key() -> None:
    from portal.core.tracking import (
        TrackingCodeError,
        hash_resume_code,
        hash_tracking_code,
        new_resume_code,
        parse_tracking_code,
    )

    code = new_resume_code()
    assert code[:2] == "R-" and len(code) == 2 + 22
    canonical = parse_resume_code(f"  r {code[2:].lower()} ")
    assert canonical == "R" + parse_tracking_code(code[2:])
    # A resume code is never a tracking code, nor a tracking code a resume code.
    with pytest.raises(TrackingCodeError):
        parse_tracking_code(code)
    with pytest.raises(TrackingCodeError):
        parse_resume_code(code[2:])
    # Keyed apart: the same symbols never give a tracking code's hash.
    digest = hash_resume_code(canonical, "pepper")
    assert digest != hash_tracking_code(canonical[1:], "pepper") and len(digest) == 64
    assert digest != hash_resume_code(canonical, "another pepper")
    with pytest.raises(ValueError):
        hash_resume_code(canonical, "")
    assert len({new_resume_code() for _ in range(200)}) == 200


# ---- the link by email or text message ------------------------------------------------------

WRONG_LINK = (
    "We cannot open your saved answers with these details. Check the email address or phone number. "
    "A link works only once, and only until the time we gave you."
)


def _link_by(client: FlaskClient, how: str, **fields: str) -> object:
    page = check_page(client.get("/report/save"))
    return client.post("/report/save", data={"how": how, "csrf_token": page.csrf(), **fields})


def _queued_link(app: Flask) -> tuple[OutboxMessage, str]:
    from portal.notify.draft_link import compose

    db.session.expire_all()
    (message,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.destination == "draft-link"))
    with app.test_request_context():
        body = compose(message.payload).body
    link = next(line for line in body.splitlines() if "/continue-link/" in line)
    return message, urlsplit(link.strip()).path


def _give(client: FlaskClient, link: str, contact: str) -> object:
    """Open the link (the token goes into the session), then give the address or number."""
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"] == "/report/continue-link"
    page = check_page(client.get("/report/continue-link"))
    assert "/continue-link/" not in page.html
    return client.post("/report/continue-link", data={"contact": contact, "csrf_token": page.csrf()})


def test_a_link_by_email_opens_only_with_that_address(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "what-happened")
    page = check_page(_link_by(client, "email", email="Ada@Example.org"))
    assert "Ada@Example.org" in page.text("#link-sent")
    message, path = _queued_link(app)
    assert message.payload["address"] == "Ada@Example.org" and message.payload["channel"] == "email"
    token = path.rsplit("/", 1)[-1]
    # Neither the token nor the address is kept on the draft, only keyed hashes.
    (draft,) = _drafts()
    assert token not in json.dumps(message.payload)
    assert draft.link_token_hash and token not in draft.link_token_hash
    assert draft.link_contact_hash and "ada" not in draft.link_contact_hash
    other = app.test_client()
    assert check_page(_give(other, path, "someone@example.org")).errors == [WRONG_LINK]
    response = _give(other, path, "  ada@example.ORG ")
    assert response.headers["Location"] == "/report/when"
    assert STORY in other.get("/report/what-happened").get_data(as_text=True)
    # Single use.
    assert check_page(_give(app.test_client(), path, "ada@example.org")).errors == [WRONG_LINK]


def test_a_link_by_text_message_takes_the_number_in_any_form(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "in-danger")
    assert check_page(_link_by(client, "sms", phone="01632 960 001")).errors == [
        "Enter a UK mobile number for text messages, like 07700 900 982"
    ]
    check_page(_link_by(client, "sms", phone="+44 7700 900982"))
    message, path = _queued_link(app)
    assert message.payload["address"] == "07700900982"
    assert _give(app.test_client(), path, "07700 900 982").status_code == 302


def test_a_link_stops_working_after_too_many_wrong_addresses(app: Flask, client: FlaskClient) -> None:
    app.config["DRAFT_LINK_MAX_ATTEMPTS"] = 2
    _answer_until(client, "in-danger")
    check_page(_link_by(client, "email", email="ada@example.org"))
    _, path = _queued_link(app)
    other = app.test_client()
    for _ in range(2):
        assert check_page(_give(other, path, "eve@example.org")).errors == [WRONG_LINK]
    assert check_page(_give(other, path, "ada@example.org")).errors == [WRONG_LINK]
    (draft,) = _drafts()
    assert draft.link_token_hash is None and draft.link_attempts == 2


def test_an_expired_or_unknown_link_gets_the_same_message(app: Flask, client: FlaskClient) -> None:
    _answer_until(client, "in-danger")
    check_page(_link_by(client, "email", email="ada@example.org"))
    _, path = _queued_link(app)
    assert check_page(_give(app.test_client(), "/report/continue-link/not-a-token", "ada@example.org")).errors == [
        WRONG_LINK
    ]
    (draft,) = _drafts()
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert check_page(_give(app.test_client(), path, "ada@example.org")).errors == [WRONG_LINK]


def test_the_save_page_offers_the_address_already_given(client: FlaskClient) -> None:
    pages = minimal_report_answers(STORY, named=True)
    for name, data in pages[: [n for n, _ in pages].index("contact") + 1]:
        assert answer(client, f"/report/{name}", data).status_code == 302
    page = check_page(client.get("/report/save"))
    assert page.one("input[name=email]")["value"] == "ada@example.org"
    assert check_page(_link_by(client, "email", email="")).errors == ["Enter your email address"]
    assert check_page(_link_by(client, "email", email="not an address")).errors == [
        "Enter an email address in the correct format, like name@example.com"
    ]


# ---- drafts encrypted at rest ---------------------------------------------------------------


def test_draft_answers_are_encrypted_at_rest(app: Flask, client: FlaskClient) -> None:
    from sqlalchemy import text

    _answer_until(client, "what-happened")
    (stored,) = db.session.execute(text("SELECT data FROM drafts")).scalars()
    assert STORY not in stored and "what-happened" not in stored and stored.startswith("gAAAA")
    (draft,) = _drafts()
    assert draft.data["pages"]["what-happened"]["description"] == STORY


def test_a_draft_that_cannot_be_decrypted_counts_as_expired(app: Flask, client: FlaskClient) -> None:
    from sqlalchemy import text

    _answer_until(client, "what-happened")
    code = _resume_code(client)
    from portal.encrypted import _fernet

    # As if encrypted under an earlier secret key: a valid token this key cannot open.
    with app.test_request_context():
        app.config["SECRET_KEY"], kept = "an-earlier-secret-key-for-this-test-000", app.config["SECRET_KEY"]
        foreign = _fernet().encrypt(b"{}").decode()
        app.config["SECRET_KEY"] = kept
    db.session.execute(text("UPDATE drafts SET data = :data"), {"data": foreign})
    db.session.commit()
    assert check_page(_continue_with(app.test_client(), code)).errors == [WRONG_CODE]
    assert client.get("/report/when").headers["Location"] == "/report/session-expired"

"""A form-filling bot against the live app: plain HTTP (requests), no JavaScript, every field
of the final form filled in, the honeypot too. It stores nothing; the same script leaving the
honeypot empty is stored, marked as sent without the spam check (portal/bot_check.py)."""

from collections.abc import Iterator

import pytest
import requests
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage, Submission
from tests.e2e.conftest import LiveServer
from tests.journey import minimal_report_answers


@pytest.fixture
def live(app: Flask) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


def form_of(html: str) -> dict[str, str]:
    """Every named field of the page's main form as a bot sees it: hidden values kept, every
    empty text box filled in."""
    form = BeautifulSoup(html, "html.parser").select("main form")[-1]
    data = {}
    for field in form.select("input[name], textarea[name]"):
        kind = field.get("type", "text")
        if kind in ("hidden",):
            data[str(field["name"])] = str(field.get("value", ""))
        elif kind in ("text", "email", "url", None) or field.name == "textarea":
            data[str(field["name"])] = "Buy cheap watches at http://spam.example"
    return data


def run_bot(base: str, fill_every_box: bool) -> requests.Response:
    """Walk the report with its known answers, then send the final form as a bot would."""
    with requests.Session() as bot:
        bot.get(f"{base}/report/", timeout=30)
        for name, answers in minimal_report_answers("Buy cheap watches now.", named=False):
            page = bot.get(f"{base}/report/{name}", timeout=30)
            hidden = {key: value for key, value in form_of(page.text).items() if key == "csrf_token"}
            sent = bot.post(f"{base}/report/{name}", data={**hidden, **answers}, allow_redirects=False, timeout=30)
            assert sent.status_code == 302, (name, sent.text[:500])
        final = bot.get(f"{base}/report/check-answers", timeout=30)
        assert "Check your answers" in final.text
        data = form_of(final.text)
        if not fill_every_box:
            data = {key: value for key, value in data.items() if key == "csrf_token" or key == "submission_token"}
        return bot.post(f"{base}/report/check-answers", data=data, timeout=30)


def test_a_bot_filling_every_field_stores_nothing(app: Flask, live: LiveServer) -> None:
    response = run_bot(live.url, fill_every_box=True)
    assert response.status_code == 200
    assert "We could not check that a person sent this" in response.text
    assert "Report sent" not in response.text
    db.session.rollback()  # see what the server committed
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_same_script_leaving_the_honeypot_empty_is_stored_as_unchecked(app: Flask, live: LiveServer) -> None:
    response = run_bot(live.url, fill_every_box=False)
    assert "Report sent" in response.text, response.text[:2000]
    db.session.rollback()
    submission = db.session.scalars(select(Submission)).one()
    assert submission.spam_check_skipped is True

"""Welsh by choice (Welsh Language Standards): the language for correspondence is asked apart
from the page's language, recorded, used for every message, and shown to the duty desk; every
page links to its Welsh version."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.constants import SubmissionKind
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import Submission
from tests.journey import answer
from tests.pages import check_page
from tests.reporting.test_journey import send, walk
from tests.smtp import Inbox
from tests.smtp import smtp as smtp
from tests.trigger.helpers import add_complaint, complaint_data, finish_to_result, submit_from_result, today, who

WELSH = {"leave_message": "yes", "language": "cy", "interpreter": "no"}


@pytest.mark.smtp
def test_welsh_correspondence_while_browsing_in_english(app: Flask, smtp: Inbox, staff_client: FlaskClient) -> None:
    reporter = app.test_client()
    walk(reporter, {"contact-preferences": WELSH}, named=True)
    confirmation = send(reporter)
    assert confirmation.soup.html["lang"] == "en", "the reporter browsed in English"
    report = db.session.scalars(select(Submission)).one()
    assert report.language == "cy"
    run_once()  # to the duty desk

    # The duty desk sees the choice.
    case = check_page(staff_client.get(f"/duty-desk/submissions/{report.reference}"))
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in case.all("#summary .govuk-summary-list__row")
    }
    assert rows["Language for letters and messages"] == "Cymraeg"
    inbox = check_page(staff_client.get("/duty-desk/"))
    assert [tag.get_text(strip=True) for tag in inbox.all(".app-correspondence-language")] == ["Cymraeg"]

    # The acknowledgement reaches the reporter in Welsh, through the real SMTP server.
    response = staff_client.post(
        f"/duty-desk/submissions/{report.reference}/acknowledge", data={"csrf_token": case.csrf()}
    )
    assert response.status_code == 302
    run_once()
    [(recipients, email)] = smtp.messages
    assert recipients == ["ada@example.org"]
    assert email["Content-Language"] == "cy"
    assert str(email["Subject"]) == f"Diweddariad ar gyfeirnod {report.reference}"
    body = email.get_content()
    assert report.reference in body and "/status/" in body
    assert "There is an update" not in body and body.startswith(f"Mae diweddariad ar gyfeirnod {report.reference}.")


def test_the_language_question_starts_as_the_page_language(app: Flask) -> None:
    english = app.test_client()
    walk(english, named=True)
    page = check_page(english.get("/report/contact-preferences?change=1"))
    assert page.one("#language option[selected]")["value"] == "en"
    welsh = app.test_client()
    welsh.set_cookie("sitc_lang", "cy")
    # Not answered: the page's language, Welsh, is the choice.
    walk(welsh, {"contact-preferences": {"leave_message": "yes", "interpreter": "no"}}, named=True)
    page = check_page(welsh.get("/report/contact-preferences?change=1"), lang="cy")
    assert page.one("#language option[selected]")["value"] == "cy"
    send(welsh)
    assert db.session.scalars(select(Submission)).one().language == "cy"


def test_a_community_trigger_applicant_chooses_welsh_while_browsing_in_english(app: Flask) -> None:
    applicant = app.test_client()
    who(applicant)
    add_complaint(applicant, complaint_data(today(), today()))
    finish_to_result(applicant)
    contact = check_page(applicant.get("/community-trigger/contact"))
    assert contact.one("#language option[selected]")["value"] == "en"
    assert (
        answer(
            applicant,
            "/community-trigger/contact",
            {"name": "Ada Applicant", "method": "email", "email": "ada@example.org", "language": "cy"},
        ).status_code
        == 302
    )
    assert answer(applicant, "/community-trigger/result", {}).status_code == 302
    check = check_page(applicant.get("/community-trigger/check-answers"))
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in check.all(".govuk-summary-list__row")
    }
    assert rows["Language for letters and messages"] == "Cymraeg"
    submit_from_result(applicant)
    application = db.session.scalars(
        select(Submission).where(Submission.kind == SubmissionKind.TRIGGER_APPLICATION)
    ).one()
    assert application.language == "cy"


def test_every_page_links_to_its_welsh_version_even_after_an_error(client: FlaskClient) -> None:
    check_page(client.get("/report/"))
    page = check_page(client.get("/report/in-danger"))
    assert page.one('.app-language-switcher a[lang="cy"]')["href"] == "/report/in-danger?lang=cy"
    failed = check_page(answer(client, "/report/in-danger", {}))
    assert failed.errors
    assert failed.one('.app-language-switcher a[lang="cy"]')["href"] == "/report/in-danger?lang=cy"
    assert check_page(client.get("/community-trigger/?lang=cy"), lang="cy")

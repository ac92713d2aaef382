"""A third-party reporting centre in a real browser, in English, Arabic and Polish, with axe-core on
every page and every error state: a partner signs in, reports for a client, sees the report on
the dashboard, the duty desk posts an update, and the partner reads it."""

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage, Submission
from tests.conftest import STAFF_PASSWORD, make_user
from tests.e2e.conftest import assert_accessible, click_and_wait, continue_, fill
from tests.journey import partner_report_answers
from tests.partners.conftest import make_organisation, make_partner

pytestmark = pytest.mark.browser

CLIENT = {
    "name": "Client Person",
    "channel": "email",
    "email": "client@example.org",
    "language": "pl",
    "interpreter": "no",
}
# Pages where sending nothing is a valid answer.
OPTIONAL_PAGES = {"evidence", "sharing"}  # sharing has a default answer


def _sign_in(page, url: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.locator("#email").fill(email)
    page.locator("#password").fill(STAFF_PASSWORD)
    click_and_wait(page, page.locator("main form button.govuk-button"))


@pytest.mark.parametrize("lang", ["en", "ar", "pl"])
def test_partner_reports_for_a_client_and_reads_the_duty_desk_update(  # type: ignore[no-untyped-def]
    app: Flask, live_server, page, lang: str
) -> None:
    organisation = make_organisation("Kemptown Community Hub")
    partner = make_partner(organisation, f"worker-{lang}@hub.example")
    checked: list[str] = []

    def check() -> None:
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert_accessible(page)
        checked.append(page.url)

    # Sign in, with a wrong password first.
    page.goto(f"{live_server.url}/partners/sign-in?lang={lang}")
    check()
    page.locator("#email").fill(partner.email)
    page.locator("#password").fill("not the password at all")
    click_and_wait(page, page.locator("main form button.govuk-button"))
    assert page.locator(".govuk-error-summary").is_visible()
    check()
    _sign_in(page, f"{live_server.url}/partners/sign-in", partner.email)
    assert page.url.endswith("/partners/")
    check()

    click_and_wait(page, page.locator("main a.govuk-button", has=page.locator("text=/./")).first)
    assert page.url.endswith("/partners/report/")
    check()
    heading = page.locator("h1").inner_text()
    assert (heading == "Report for a client") == (lang == "en"), heading
    click_and_wait(page, page.locator("a.govuk-button--start"))

    for name, data in partner_report_answers(
        "Our client was followed home and called names because of her accent.", client=CLIENT, updates_to="both"
    ):
        assert page.url.endswith(f"/partners/report/{name}"), (page.url, name)
        check()
        if name not in OPTIONAL_PAGES:
            continue_(page)
            assert page.url.endswith(f"/partners/report/{name}")
            summary = page.locator(".govuk-error-summary")
            assert summary.is_visible(), name
            assert page.evaluate("() => !!document.activeElement.closest('.govuk-error-summary')"), name
            check()
        fill(page, data)
        continue_(page)

    assert page.url.endswith("/partners/report/check-answers")
    check()
    assert "Client Person" in page.locator(".govuk-summary-list").inner_text()
    click_and_wait(page, page.locator("form#send button"))
    assert page.url.endswith("/partners/report/confirmation")
    check()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert len(page.locator("#tracking-code").inner_text().strip()) == 22

    submission = db.session.scalar(select(Submission).where(Submission.reference == reference))
    assert submission is not None and submission.organisation_id == organisation.id
    assert submission.updates_to == "both" and submission.language == "pl"
    assert [outcome.status for outcome in run_once()] == ["delivered"]

    # On the dashboard.
    page.goto(f"{live_server.url}/partners/")
    check()
    assert reference in page.locator("#submissions").inner_text()
    click_and_wait(page, page.locator(f"#submissions a:has-text('{reference}')"))
    check()
    click_and_wait(page, page.locator(".app-staff-bar button"))

    # The duty desk posts an update.
    staff = make_user(email=f"desk-{lang}@example.org")
    _sign_in(page, f"{live_server.url}/duty-desk/sign-in?lang={lang}", staff.email)
    check()
    click_and_wait(page, page.locator(f"a:has-text('{reference}')"))
    check()
    page.locator("input[name=kind][value=update]").check()
    page.locator("textarea[name=message]").fill("We have written to the housing officer.")
    click_and_wait(page, page.locator("form:has(textarea[name=message]) button"))
    check()
    click_and_wait(page, page.locator(".app-staff-bar button"))
    assert {outcome.status for outcome in run_once()} == {"delivered"}
    sent = db.session.scalars(
        select(OutboxMessage.destination).where(
            OutboxMessage.submission_id == submission.id, OutboxMessage.destination.in_(["partner", "reporter"])
        )
    ).all()
    assert sorted(sent) == ["partner", "reporter"], sent

    # The partner reads it.
    _sign_in(page, f"{live_server.url}/partners/sign-in", partner.email)
    page.goto(f"{live_server.url}/partners/submissions/{reference}")
    check()
    assert "We have written to the housing officer." in page.locator("main").inner_text()
    assert len(checked) >= 40

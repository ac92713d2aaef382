"""The reporting journey in partner mode: the organisation comes from the signed-in user, the
client's consent is recorded, and updates go to the partner, the client or both."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.casework.services import post_update
from portal.constants import Channel, SubmissionKind
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import Organisation, OutboxMessage, Submission, User
from tests.conftest import make_user
from tests.journey import answer, partner_report_answers, submit_partner_report
from tests.pages import check_page

CLIENT = {
    "name": "Nadia Client",
    "channel": "email",
    "email": "nadia@example.org",
    "language": "ar",
    "interpreter": "yes",
}


def _only_submission() -> Submission:
    submissions = db.session.scalars(select(Submission)).all()
    assert len(submissions) == 1
    return submissions[0]


def _destinations(submission: Submission) -> list[str]:
    return sorted(
        message.destination
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.submission_id == submission.id))
    )


def test_anonymous_client_report_is_the_organisations_and_updates_go_to_the_partner(
    partner_client: FlaskClient, reporter_a: User, org_a: Organisation
) -> None:
    confirmation = submit_partner_report(
        partner_client, partner_report_answers("Our client was spat at on the bus because of her hijab.")
    )
    assert confirmation.h1 == "Report sent"
    submission = _only_submission()
    assert confirmation.text("#tracking-code")
    assert submission.reference in confirmation.text(".govuk-panel__body")
    assert submission.kind == SubmissionKind.PARTNER_REPORT
    assert submission.organisation_id == org_a.id
    assert submission.partner_user_id == reporter_a.id
    assert submission.anonymous and submission.contact is None
    assert submission.updates_to == "partner" and submission.channel == Channel.NONE
    answers = submission.answers or {}
    assert answers["who"] == {"reporter_role": "organisation", "organisation_name": "Alpha Community Centre"}
    assert answers["_intake"]["partner"] == {
        "organisation": "Alpha Community Centre",
        "client_consent": "anonymous",
        "updates_to": "partner",
    }
    assert answers["_intake"]["share_with_partners"] is True
    # It is on the organisation's dashboard.
    dashboard = check_page(partner_client.get("/partners/"))
    assert submission.reference in dashboard.text("#submissions")


def test_anonymous_client_skips_the_contact_and_updates_pages(partner_client: FlaskClient) -> None:
    for name, data in partner_report_answers("Graffiti on our centre")[:3]:
        answer(partner_client, f"/partners/report/{name}", data)
    for skipped in ("client-contact", "updates"):
        response = partner_client.get(f"/partners/report/{skipped}")
        assert response.status_code == 302
        assert not response.headers["Location"].endswith(skipped)


def test_client_who_shares_details_gets_updates_in_their_language_and_channel(
    app: Flask, partner_client: FlaskClient, reporter_a: User
) -> None:
    pages = partner_report_answers("Neighbours shout abuse at our client.", client=CLIENT, updates_to="both")
    confirmation = submit_partner_report(partner_client, pages)
    assert confirmation.h1 == "Report sent"
    submission = _only_submission()
    assert not submission.anonymous
    assert submission.contact is not None and submission.contact["email"] == "nadia@example.org"
    assert submission.contact["name"] == "Nadia Client"
    assert submission.language == "ar" and submission.interpreter_needed
    assert submission.channel == Channel.EMAIL and submission.updates_to == "both"
    assert submission.answers is not None
    assert submission.answers["_intake"]["partner"]["client_consent"] == "share"

    before = set(_destinations(submission))
    post_update(submission, make_user(), None, "update", "We have spoken to the housing officer.")
    db.session.commit()
    added = sorted(set(_destinations(submission)) - before)
    assert added == ["partner", "reporter"]


def test_updates_to_the_partner_only_never_message_the_client(partner_client: FlaskClient) -> None:
    pages = partner_report_answers("Dog fouling and threats.", client=CLIENT, updates_to="partner")
    submit_partner_report(partner_client, pages)
    submission = _only_submission()
    assert not submission.anonymous and submission.channel == Channel.NONE
    assert submission.contact is not None and submission.contact["email"] == "nadia@example.org"
    before = _destinations(submission)
    post_update(submission, make_user(), None, "update", "An officer will visit.")
    db.session.commit()
    assert _destinations(submission).count("reporter") == before.count("reporter")
    assert _destinations(submission).count("partner") == before.count("partner") + 1


def test_partner_email_names_the_reference_and_never_the_report(
    app: Flask, partner_client: FlaskClient, reporter_a: User, caplog
) -> None:  # type: ignore[no-untyped-def]
    from portal.notify.channels import partner_recipients

    submit_partner_report(partner_client, partner_report_answers("Private details of the incident"))
    submission = _only_submission()
    run_once()
    assert partner_recipients(submission) == [reporter_a.email]
    post_update(submission, make_user(), None, "update", "Secret caseworker text")
    db.session.commit()
    results = run_once()
    partner = [
        message for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.destination == "partner"))
    ]
    assert len(partner) == 1 and partner[0].status == "delivered", [r.status for r in results]
    # The console backend logs that it would send; the payload holds only the submission id.
    assert partner[0].payload == {"submission_id": submission.id}


def test_partner_recipients_fall_back_to_the_admins_when_the_sender_left(
    partner_client: FlaskClient, reporter_a: User, admin_a: User
) -> None:
    from portal.notify.channels import partner_recipients

    submit_partner_report(partner_client, partner_report_answers("Shouting outside the centre"))
    submission = _only_submission()
    reporter_a.active = False
    db.session.commit()
    assert partner_recipients(submission) == [admin_a.email]


def test_client_contact_page_checks_like_the_public_journey(partner_client: FlaskClient) -> None:
    pages = partner_report_answers("Stones thrown", client=CLIENT)
    for name, data in pages[: pages.index(("client-contact", CLIENT))]:
        answer(partner_client, f"/partners/report/{name}", data)
    page = check_page(
        answer(partner_client, "/partners/report/client-contact", {"channel": "sms", "phone": "01632 960 001"}),
        status=200,
    )
    assert page.errors == [
        "Enter your client's name",
        "Enter a UK mobile number for text messages, like 07700 900 982",
        "Select yes if your client needs an interpreter",
    ]
    # What was typed is kept.
    assert page.one("#phone")["value"] == "01632 960 001"


def test_the_journey_refuses_people_who_are_not_partners(app: Flask, client: FlaskClient) -> None:
    response = client.get("/partners/report/client-consent")
    assert response.status_code == 302 and response.headers["Location"] == "/partners/sign-in"
    from tests.conftest import sign_in

    staff = app.test_client()
    sign_in(staff, make_user())
    assert staff.get("/partners/report/").status_code == 403


def test_a_partner_cannot_open_another_organisations_confirmation(
    app: Flask, partner_client: FlaskClient, org_b: Organisation
) -> None:
    submit_partner_report(partner_client, partner_report_answers("Racist graffiti"))
    submission = _only_submission()
    submission.organisation_id = org_b.id
    db.session.commit()
    response = partner_client.get("/partners/report/confirmation")
    assert response.status_code == 302 and response.headers["Location"].endswith("/partners/report/")

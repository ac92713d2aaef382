"""Submissions made directly (with marker strings in their content), and opening them at
/status/ the way a browser without JavaScript would. Every code made here is remembered, so
the log check can look for it."""

from datetime import date

from flask.testing import FlaskClient

from portal.constants import Channel, Stage, SubmissionKind
from portal.core import tracking
from portal.core.submissions import NewSubmission, keyed_hash, store_submission
from portal.extensions import db
from portal.models import Submission
from tests.pages import Page, check_page

TEXT_MARKER = "ZQXTEXTMARKER7731"
NAME_MARKER = "ZQXNAMEMARKER4410"
ADDRESS_MARKER = "ZQXADDRMARKER9052"
MARKERS = (TEXT_MARKER, NAME_MARKER, ADDRESS_MARKER)

codes_made: list[str] = []


def make_submission(
    email: str | None = "reporter@example.org",
    phone: str | None = None,
    channel: Channel | None = None,
    language: str = "en",
    anonymous: bool = False,
    stage: str | None = None,
) -> tuple[Submission, str]:
    contact = (
        None
        if anonymous
        else {"name": f"Ada {NAME_MARKER}", "email": email, "phone": phone, "address": f"1 {ADDRESS_MARKER} Road"}
    )
    new = NewSubmission(
        kind=SubmissionKind.REPORT,
        language=language,
        channel=channel or (Channel.NONE if anonymous else Channel.EMAIL),
        anonymous=anonymous,
        answers={
            "description": f"They shouted at me {TEXT_MARKER}",
            "location": {"address": f"Outside 3 {ADDRESS_MARKER} Street", "postcode": "BN1 1AA"},
            "_intake": {"triage_reasons": []},
        },
        contact=contact,
        contact_key=keyed_hash(email) if email and not anonymous else None,
        incident_date=date(2026, 1, 5),
        is_asb=True,
    )
    submission, code = store_submission(new, None)
    if stage:
        submission.stage = stage
        if stage == Stage.CLOSED:
            from portal.models import utcnow

            submission.closed_at = utcnow()
    db.session.commit()
    codes_made.append(code)
    return submission, code


def secret_forms(code: str, pepper: str) -> set[str]:
    """Every way a code could show up in a log: as typed, canonical, and its keyed hash."""
    canonical = tracking.parse_tracking_code(code)
    return {code, canonical, canonical.lower(), tracking.hash_tracking_code(canonical, pepper)}


def open_status(client: FlaskClient, code: str) -> Page:
    lookup = check_page(client.get("/status/"))
    response = client.post("/status/", data={"csrf_token": lookup.csrf(), "tracking_code": code})
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].endswith("/status/your-report")
    return check_page(client.get("/status/your-report"))


def post_form(client: FlaskClient, path: str, data: dict, follow: bool = False):  # type: ignore[no-untyped-def]
    page = check_page(client.get(path))
    return client.post(path, data={**data, "csrf_token": page.csrf()}, follow_redirects=follow)

"""Every page of every journey, with its error states, in the pseudo-locale of
tests/test_pseudo_locale.py: every HTML page the portal answers while the journeys are walked
(reporting, Community Trigger, status, a partner's report for a client) and while the duty desk
and the partner dashboard are crawled must show no text outside a catalogue, except the data
that was typed in (listed in ANSWERS) and codes and references (shown left to right), and, on the duty desk, the stored record itself (RECORDED).

The check runs on every response (an `after_request` hook), so a page that is only reached on
the way, such as an error page or a redirect target, is checked too."""

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask, Response, request
from flask.testing import FlaskClient

from portal.constants import Role
from portal.intake.worker import run_once
from tests.conftest import STAFF_PASSWORD, make_user
from tests.journey import answer, partner_report_answers, submit_partner_report
from tests.partners.conftest import make_organisation, make_partner
from tests.test_pseudo_locale import PSEUDO, _allowed, untranslated_text
from tests.test_pseudo_locale import pseudo_app as pseudo_app
from tests.trigger.helpers import complaint_data, date_fields, today

# Everything typed into the forms below: data, not catalogue text.
ANSWERS = [
    "They shout at me every time I pass their door.",
    "Flat 2, 10 Queens Road",
    "BN1 3XE",
    "The man at number four",
    "Tall, grey coat",
    "Hove Homes",
    "My doctor",
    "I want to feel safe walking past.",
    "Ada Reporter",
    "ada@example.org",
    "07700 900123",
    "+447700900123",
    "Step-free access please",
    "Loud music and shouting until three.",
    "It is still going on every weekend.",
    "I cannot sleep and my children are scared.",
    "I want the noise to stop.",
    "Brighton & Hove Housing",
    "Ada Applicant",
    "Client Person",
    "client@example.org",
    "Safe Harbour Advice",
    "partner@example.org",
    "Casey Worker",
    "caseworker@example.org",
    "Partner",
    "Can you tell us the time it happened?",
    "It was about ten at night.",
    "Shouting in the street",
    "Instagram",
    "Outside the library",
]
# On the duty desk, the record as it was stored and sent to the case system: the answers by field
# name, the contact details, and the triage reasons (written in the case system's language).
RECORDED = "#answers, #contact, #triage-reasons"
SKIP_FORMS = re.compile(r"sign-out|revoke|rotate|disable|enable|/exit")


class Checked:
    """What the hook saw: the pages checked and the text on them that no catalogue gave."""

    def __init__(self) -> None:
        self.pages: set[str] = set()
        self.problems: list[str] = []


@pytest.fixture
def checked(pseudo_app: Flask) -> Iterator[Checked]:
    seen = Checked()
    allowed = sorted(_allowed(pseudo_app) + ANSWERS, key=len, reverse=True)

    @pseudo_app.after_request
    def check(response: Response) -> Response:
        if response.mimetype == "text/html" and not response.direct_passthrough and response.status_code < 300:
            html = response.get_data(as_text=True)
            where = f"{request.method} {request.path} ({response.status_code})"
            seen.pages.add(f"{request.method} {request.path}")
            if "⟦" not in html:
                seen.problems.append(f"{where}: not in the pseudo-locale")
            data = RECORDED if request.path.startswith("/duty-desk/") else ""
            seen.problems.extend(f"{where}: {left}" for left in untranslated_text(html, allowed, data))
        return response

    yield seen
    assert not seen.problems, "\n".join(seen.problems)


def _client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.get(f"/?lang={PSEUDO}")  # the language cookie, as a poster's link would set it
    return client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form"
    return match.group(1)


def _errors(client: FlaskClient, path: str, data: dict | None = None) -> None:
    """POST something wrong and expect the page again with an error summary."""
    response = answer(client, path, data or {})
    assert response.status_code == 200, f"{path} accepted {data}"
    assert "govuk-error-summary" in response.get_data(as_text=True), path


def _accepted(client: FlaskClient, path: str, data: dict) -> None:
    response = answer(client, path, data)
    if response.status_code != 302:
        summary = BeautifulSoup(response.get_data(as_text=True), "html.parser").select(".govuk-error-summary__list a")
        pytest.fail(f"{path} refused {data}: {[(a['href'], a.get_text()) for a in summary]}")


def _crawl(client: FlaskClient, start: list[str], prefix: str, limit: int = 80) -> set[str]:
    """GET every page linked from `start` under `prefix`, and POST each form on them empty (with
    its CSRF token) to see its error state. Returns the paths visited."""
    queue, seen = list(start), set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.mimetype != "text/html":
            continue
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for link in soup.select("main a[href]"):
            target = urlsplit(urljoin(path, link["href"]))
            if target.netloc or not target.path.startswith(prefix) or target.query:
                continue
            if target.path not in seen and not target.path.endswith(".csv"):
                queue.append(target.path)
        for form in soup.select("main form[method=post]"):
            action = form.get("action") or path
            token = form.select_one("input[name=csrf_token]")
            if SKIP_FORMS.search(action) or token is None:
                continue
            client.post(urljoin(path, action), data={"csrf_token": token["value"]})
    return seen


def test_the_reporting_journey_and_its_errors(pseudo_app: Flask, checked: Checked) -> None:
    client = _client(pseudo_app)
    report = "/report"
    assert client.get(f"{report}/").status_code == 200
    _errors(client, f"{report}/in-danger")
    answer(client, f"{report}/in-danger", {"in_danger": "yes"}, follow=True)  # the 999 page
    _accepted(client, f"{report}/in-danger", {"in_danger": "no"})
    _errors(client, f"{report}/who")
    _errors(client, f"{report}/who", {"reporter_role": "someone_else"})
    _errors(client, f"{report}/who", {"reporter_role": "organisation"})
    _errors(client, f"{report}/who", {"reporter_role": "forty-ish"})  # WTForms' own message
    _accepted(client, f"{report}/who", {"reporter_role": "victim"})
    _errors(client, f"{report}/what-kind")
    _errors(client, f"{report}/what-kind", {"incident_type": "both", "online": "yes"})
    _accepted(client, f"{report}/what-kind", {"incident_type": "both", "online": "yes", "platform": "Instagram"})
    _errors(client, f"{report}/hate-motivation")
    _accepted(client, f"{report}/hate-motivation", {"strands": ["religion", "race"]})
    _errors(client, f"{report}/asb-type")
    _accepted(client, f"{report}/asb-type", {"asb_type": "intimidation"})
    _errors(client, f"{report}/what-happened")
    _errors(client, f"{report}/what-happened", {"description": "x" * 10001})
    _accepted(client, f"{report}/what-happened", {"description": ANSWERS[0]})
    _errors(client, f"{report}/when")
    _errors(
        client,
        f"{report}/when",
        {"when_kind": "once", **date_fields("incident_date", today())}
        | {"incident_date-day": "31", "incident_date-month": "2"},
    )
    _errors(client, f"{report}/when", {"when_kind": "once", "incident_date-day": "3"})
    _errors(client, f"{report}/when", {"when_kind": "ongoing"})
    _accepted(
        client,
        f"{report}/when",
        {"when_kind": "ongoing", "how_often": "weekly", "since-day": "1", "since-month": "6", "since-year": "2025"},
    )
    _errors(client, f"{report}/where")
    _errors(client, f"{report}/where", {"place_type": "home", "address": ANSWERS[1], "postcode": "NOT A CODE"})
    _accepted(client, f"{report}/where", {"place_type": "home", "address": ANSWERS[1], "postcode": "bn1 3xe"})
    _errors(client, f"{report}/people")
    _errors(client, f"{report}/people", {"responsible": "known", "more_than_one": "no", "witnesses": "no"})
    _accepted(
        client,
        f"{report}/people",
        {"responsible": "known", "name": ANSWERS[3], "more_than_one": "yes", "witnesses": "yes"},
    )
    _errors(client, f"{report}/impact")
    _accepted(
        client,
        f"{report}/impact",
        {
            "aimed_at_you": "yes",
            "effects": ["sleep", "health"],
            "unsafe_at_home": "yes",
            "condition_affected": "no",
            "support": "yes",
        },
    )
    _errors(client, f"{report}/already-reported")
    _errors(client, f"{report}/already-reported", {"reported_to": ["police", "landlord", "elsewhere"]})
    _accepted(
        client,
        f"{report}/already-reported",
        {
            "reported_to": ["landlord", "elsewhere"],
            "landlord": "housing_association",
            "housing_association": ANSWERS[5],
            "elsewhere": ANSWERS[6],
        },
    )
    _errors(client, f"{report}/housing")
    _accepted(client, f"{report}/housing", {"social_tenant": "council"})
    _errors(client, f"{report}/outcome")
    _errors(client, f"{report}/outcome", {"outcomes": ["stop"], "details": "y" * 2001})
    _accepted(client, f"{report}/outcome", {"outcomes": ["stop"], "details": ANSWERS[7]})
    _errors(client, f"{report}/contact")
    _errors(client, f"{report}/contact", {"identity": "named"})
    _errors(
        client,
        f"{report}/contact",
        {"identity": "named", "name": "Ada Reporter", "channel": "email", "email": "not an address"},
    )
    _errors(
        client,
        f"{report}/contact",
        {"identity": "named", "name": "Ada Reporter", "channel": "sms", "phone": "01632 960 001"},
    )
    _accepted(
        client,
        f"{report}/contact",
        {"identity": "named", "name": "Ada Reporter", "channel": "sms", "phone": ANSWERS[10]},
    )
    _errors(client, f"{report}/contact-preferences")
    _accepted(
        client,
        f"{report}/contact-preferences",
        {"leave_message": "no", "language": "en", "interpreter": "yes", "access_needs": ANSWERS[12]},
    )
    _errors(client, f"{report}/sharing", {"share_with_partners": "forty-ish"})
    _accepted(client, f"{report}/sharing", {"share_with_partners": "yes"})
    _accepted(client, f"{report}/evidence", {})
    _errors(client, f"{report}/monitoring")
    _accepted(client, f"{report}/monitoring", {"answer": "yes"})
    _errors(client, f"{report}/monitoring-questions", {"age_band": "forty-ish"})
    _accepted(client, f"{report}/monitoring-questions", {"age_band": "35_44"})
    check = client.get(f"{report}/check-answers")
    assert ANSWERS[0] in check.get_data(as_text=True)
    sent = client.post(
        f"{report}/check-answers", data={"csrf_token": _csrf(check.get_data(as_text=True))}, follow_redirects=True
    )
    assert "app-tracking-code" in sent.get_data(as_text=True) or "tracking-code" in sent.get_data(as_text=True)
    # An expired or missing draft: the pages say so rather than fail.
    fresh = _client(pseudo_app)
    fresh.get(f"{report}/check-answers", follow_redirects=True)
    assert len(checked.pages) > 25, sorted(checked.pages)


def test_the_community_trigger_journey_and_its_errors(pseudo_app: Flask, checked: Checked) -> None:
    client = _client(pseudo_app)
    base = "/community-trigger"
    assert client.get(f"{base}/").status_code == 200
    _errors(client, f"{base}/who-is-applying")
    _errors(client, f"{base}/who-is-applying", {"applicant_type": "on_behalf"})
    _accepted(client, f"{base}/who-is-applying", {"applicant_type": "victim"})
    client.get(f"{base}/earlier-complaints")
    _errors(client, f"{base}/complaints/add")
    happened = today()
    _errors(client, f"{base}/complaints/add", complaint_data(happened, happened) | {"reported_date-day": "40"})
    _accepted(client, f"{base}/complaints/add", complaint_data(happened, happened, what_happened=ANSWERS[13]))
    _errors(client, f"{base}/complaints/link")
    answer(client, f"{base}/complaints/link", {"tracking_code": "ABCD-EFGH-JKMN-PQRS-TVWX-Y"})
    _accepted(client, f"{base}/earlier-complaints", {})
    _errors(client, f"{base}/now")
    _accepted(
        client, f"{base}/now", {"happening_now": ANSWERS[14], "impact": ANSWERS[15], "outcome_wanted": ANSWERS[16]}
    )
    _errors(client, f"{base}/home")
    _accepted(client, f"{base}/home", {"tenure": "council", "landlord": ANSWERS[17]})
    _errors(client, f"{base}/contact")
    _errors(client, f"{base}/contact", {"name": ANSWERS[18], "method": "email", "email": "nope"})
    _accepted(client, f"{base}/contact", {"name": ANSWERS[18], "method": "email", "email": ANSWERS[9]})
    result = client.get(f"{base}/result")
    assert result.status_code == 200
    client.post(f"{base}/result", data={"csrf_token": _csrf(result.get_data(as_text=True))})
    check = client.get(f"{base}/check-answers")
    client.post(
        f"{base}/check-answers", data={"csrf_token": _csrf(check.get_data(as_text=True))}, follow_redirects=True
    )
    client.get(f"{base}/figures")
    assert any("confirmation" in page for page in checked.pages), sorted(checked.pages)


def test_the_status_pages_and_their_errors(pseudo_app: Flask, checked: Checked) -> None:
    from tests.status.helpers import make_submission

    with pseudo_app.app_context():
        _submission, code = make_submission(email=ANSWERS[9])
    client = _client(pseudo_app)
    _errors(client, "/status/", {"tracking_code": ""})
    _errors(client, "/status/", {"tracking_code": "O0O0"})
    _errors(client, "/status/", {"tracking_code": "ABCD-EFGH-JKMN-PQRS-TVWX-Y"})
    _accepted(client, "/status/", {"tracking_code": code})
    visited = _crawl(client, ["/status/your-report"], "/status/")
    assert {"/status/reply", "/status/contact"} <= visited, visited
    _accepted(client, "/status/reply", {"message": ANSWERS[26]})
    client.get("/status/your-report")
    client.get("/status/signed-out")
    client.get("/status/session-ended")


def test_the_partner_journey_and_the_duty_desk(pseudo_app: Flask, checked: Checked) -> None:
    with pseudo_app.app_context():
        organisation = make_organisation(ANSWERS[21])
        partner = make_partner(organisation, ANSWERS[22], role=Role.PARTNER_ADMIN)
        caseworker = make_user(email=ANSWERS[24], name=ANSWERS[23])
        partner_email, staff_email = partner.email, caseworker.email

    client = _client(pseudo_app)
    _errors(client, "/partners/sign-in")
    _errors(client, "/partners/sign-in", {"email": partner_email, "password": "wrong"})
    _accepted(client, "/partners/sign-in", {"email": partner_email, "password": STAFF_PASSWORD})
    client.get("/partners/report/")
    client_details = {
        "name": ANSWERS[19],
        "channel": "email",
        "email": ANSWERS[20],
        "language": "pl",
        "interpreter": "no",
    }
    pages = partner_report_answers(ANSWERS[29], client=client_details, updates_to="both")
    for name, data in pages:
        if name in ("client-consent", "client-contact", "updates"):  # the partner journey's own pages
            _errors(client, f"/partners/report/{name}")
        _accepted(client, f"/partners/report/{name}", data)
    submit_partner_report(client, [])
    visited = _crawl(client, ["/partners/"], "/partners/")
    assert any(path.startswith("/partners/submissions/") for path in visited), visited
    assert "/partners/incident-logs" in visited and "/partners/api-keys" in visited, visited

    with pseudo_app.app_context():
        run_once()  # the reports reach the duty desk
    staff = _client(pseudo_app)
    _errors(staff, "/duty-desk/sign-in")
    _accepted(staff, "/duty-desk/sign-in", {"email": staff_email, "password": STAFF_PASSWORD})
    visited = _crawl(
        staff,
        ["/duty-desk/", "/duty-desk/deliveries", "/duty-desk/community-trigger/", "/duty-desk/partners/"],
        "/duty-desk/",
    )
    assert any(path.startswith("/duty-desk/submissions/") for path in visited), visited
    # A report entered for someone by phone: the entry page's errors and the journey's staff banner.
    _errors(staff, "/duty-desk/enter")
    _accepted(staff, "/duty-desk/enter", {"journey": "report", "channel": "phone"})
    assert "staff-entry" in staff.get("/report/in-danger").get_data(as_text=True)

"""Walking journeys through the test client, the way a browser without JavaScript would."""

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.questions.pages import incident_pages
from tests.pages import Page, check_page


def answer(client: FlaskClient, path: str, data: dict, follow: bool = False, **kwargs: object) -> TestResponse:
    """GET the page (for its CSRF token), then POST the answers."""
    page = check_page(client.get(path))
    return client.post(path, data={**data, "csrf_token": page.csrf()}, follow_redirects=follow, **kwargs)


def minimal_report_answers(description: str, named: bool) -> list[tuple[str, dict]]:
    """The pages of the shortest valid report, in order, with their answers."""
    contact = (
        {"identity": "named", "name": "Ada Reporter", "channel": "email", "email": "ada@example.org"}
        if named
        else {"identity": "anonymous"}
    )
    pages = [
        ("in-danger", {"in_danger": "no"}),
        ("who", {"reporter_role": "victim"}),
        ("what-kind", {"incident_type": "hate", "online": "no"}),
        ("hate-motivation", {"strands": ["race"]}),
        ("what-happened", {"description": description}),
        (
            "when",
            {"when_kind": "once", "incident_date-day": "3", "incident_date-month": "2", "incident_date-year": "2025"},
        ),
        ("where", {"place_type": "street", "address": "Outside the library"}),
        ("people", {"responsible": "unknown", "more_than_one": "no", "witnesses": "no"}),
        (
            "impact",
            {
                "aimed_at_you": "no",
                "effects": ["none"],
                "unsafe_at_home": "no",
                "condition_affected": "no",
                "support": "yes",
            },
        ),
        ("already-reported", {"reported_to": ["nobody"]}),
        ("housing", {"social_tenant": "no"}),
        ("outcome", {"outcomes": ["record"]}),
        ("contact", contact),
    ]
    if named:
        pages.append(("contact-preferences", {"leave_message": "yes", "language": "en", "interpreter": "no"}))
    pages += [("sharing", {"share_with_partners": "no"}), ("evidence", {}), ("monitoring", {"answer": "no"})]
    return pages


def submit_minimal_report(
    client: FlaskClient, description: str = "Someone shouted abuse at me in the street.", named: bool = False
) -> Page:
    for name, data in minimal_report_answers(description, named):
        response = answer(client, f"/report/{name}", data)
        assert response.status_code == 302, f"{name} was not accepted"
    check = check_page(client.get("/report/check-answers"))
    response = client.post("/report/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True)
    return check_page(response)


INCIDENT_PAGES = ("in-danger", *(page.name for page in incident_pages()))


def partner_report_answers(description: str, client: dict | None = None, updates_to: str = "partner") -> list:
    """The pages of a partner's report for a client, in order: anonymous to the council unless
    `client` gives the client's contact details."""
    incident = dict(minimal_report_answers(description, named=False))
    pages: list[tuple[str, dict]] = [("client-consent", {"consent": "share" if client else "anonymous"})]
    pages += [(name, incident[name]) for name in INCIDENT_PAGES if name in incident]
    if client:
        pages += [("client-contact", client), ("updates", {"updates_to": updates_to})]
    pages += [("sharing", {"share_with_partners": "yes"}), ("evidence", {})]
    return pages


def submit_partner_report(client: FlaskClient, pages: list) -> Page:
    for name, data in pages:
        response = answer(client, f"/partners/report/{name}", data)
        assert response.status_code == 302, f"{name} was not accepted: {response.get_data(as_text=True)[:3000]}"
    check = check_page(client.get("/partners/report/check-answers"))
    response = client.post("/partners/report/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True)
    return check_page(response)

"""Walking journeys through the test client, the way a browser without JavaScript would."""

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.pages import Page, check_page


def answer(client: FlaskClient, path: str, data: dict, follow: bool = False) -> TestResponse:
    """GET the page (for its CSRF token), then POST the answers."""
    page = check_page(client.get(path))
    return client.post(path, data={**data, "csrf_token": page.csrf()}, follow_redirects=follow)


def submit_minimal_report(client: FlaskClient, description: str = "Someone shouted abuse at me in the street.", named: bool = False) -> Page:
    answer(client, "/report/what-happened", {"description": description})
    contact = {"identity": "named", "name": "Ada Reporter", "email": "ada@example.org"} if named else {"identity": "anonymous"}
    answer(client, "/report/contact", contact)
    check = check_page(client.get("/report/check-answers"))
    response = client.post("/report/check-answers", data={"csrf_token": check.csrf()}, follow_redirects=True)
    return check_page(response)

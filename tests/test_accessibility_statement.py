"""The accessibility statement names the one axe-core finding the browser tests let through
(tests/e2e/conftest.py), with the reason, and lists the WCAG 2.2 checks with the date they
last passed (kept in one place, portal/main/views.py)."""

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from portal.main.views import WCAG22_CHECKS_LAST_PASSED
from tests.e2e.conftest import _is_known_frontend_exception
from tests.pages import check_page


def test_the_known_axe_exception_is_explained(client: FlaskClient) -> None:
    page = check_page(client.get("/accessibility"))
    known = page.text("#known-conditional-reveal")
    assert "aria-expanded" in known and "axe-core" in known and "GOV.UK Design System" in known
    # The exception the browser tests allow is exactly that one: aria-expanded on a conditional reveal.
    reveal = {
        "id": "aria-allowed-attr",
        "nodes": [{"target": ["#where"], "html": '<input class="govuk-radios__input" aria-expanded="true">'}],
    }
    assert _is_known_frontend_exception(reveal)
    assert not _is_known_frontend_exception({**reveal, "id": "color-contrast"})


def test_the_new_checks_and_the_day_they_last_passed(app: Flask, client: FlaskClient) -> None:
    page = check_page(client.get("/accessibility?lang=en"))
    checks = [item.get_text(" ", strip=True).split(":")[0] for item in page.all("#wcag22-checks li")]
    assert checks == [
        "focus not obscured",
        "target size",
        "consistent help",
        "redundant entry",
        "accessible authentication",
    ]
    passed = WCAG22_CHECKS_LAST_PASSED
    assert passed <= date.today()
    assert page.text("#checks-passed") == f"These checks last passed on {passed.day} {passed:%B %Y}."

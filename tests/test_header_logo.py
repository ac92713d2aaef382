"""The council's logo address is a configured value like its name: escaped in the header, so a
hostile or mistyped COUNCIL_LOGO_URL can add no attribute or element to any page."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.pages import check_page

HOSTILE = [
    'logo.png" onerror="alert(1)',
    "logo.png'><script>alert(1)</script>",
    "/static/logo.png?a=1&b=<2>",
]


def test_the_logo_is_shown_before_the_council_name(app: Flask, client: FlaskClient) -> None:
    app.config.update(COUNCIL_LOGO_URL="/static/council-logo.png", COUNCIL_NAME="Brighton & Hove City Council")
    header = check_page(client.get("/")).one("header.govuk-template__header")
    [image] = header.select("img")
    assert image["src"] == "/static/council-logo.png"
    assert image["alt"] == ""
    assert "Brighton & Hove City Council" in header.get_text(" ", strip=True)


@pytest.mark.parametrize("address", HOSTILE)
def test_a_hostile_logo_address_is_escaped(app: Flask, client: FlaskClient, address: str) -> None:
    app.config.update(COUNCIL_LOGO_URL=address, COUNCIL_NAME="Council <b>Name</b>")
    page = check_page(client.get("/"))
    header = page.one("header.govuk-template__header")
    [image] = header.select("img")
    assert image["src"] == address
    assert sorted(image.attrs) == ["alt", "class", "src"]
    assert not header.select("script")
    assert not header.select("b")
    assert "Council <b>Name</b>" in header.get_text(" ", strip=True)


def test_no_logo_configured_means_no_image(app: Flask, client: FlaskClient) -> None:
    app.config.update(COUNCIL_LOGO_URL="")
    assert not check_page(client.get("/")).one("header.govuk-template__header").select("img")

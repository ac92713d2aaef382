"""Every string on the statistics pages comes from a catalogue."""

from datetime import date

import pytest
from flask import Flask

from portal.constants import LeadAgency, Stage
from portal.extensions import db
from tests.statistics.factories import seed_many
from tests.status.helpers import make_submission, open_status
from tests.test_pseudo_locale import PSEUDO, _allowed, untranslated_text
from tests.test_pseudo_locale import pseudo_app as pseudo_app


@pytest.mark.parametrize(
    "path",
    [
        "/statistics/financial-year/2025-26",
        "/statistics/quarter/2025-26-q1",
        "/statistics/month/2025-05",
        "/statistics/data-dictionary",
    ],
)
def test_statistics_pages_come_from_the_catalogue(pseudo_app: Flask, path: str) -> None:
    with pseudo_app.app_context():
        seed_many(7, date(2025, 5, 6), strands=("race", "religion"))
        seed_many(2, date(2025, 5, 6), strands=("disability",), area=None)
    html = pseudo_app.test_client().get(f"{path}?lang={PSEUDO}").get_data(as_text=True)
    assert "⟦" in html
    # Area names are the council's data (postcode districts or its list of wards).
    assert untranslated_text(html, _allowed(pseudo_app), data="[data-table='by-area'] tbody th") == []


def test_lay_visitor_sign_in_comes_from_the_catalogue(pseudo_app: Flask) -> None:
    html = pseudo_app.test_client().get(f"/lay-visitors/sign-in?lang={PSEUDO}").get_data(as_text=True)
    assert "⟦" in html
    assert untranslated_text(html, _allowed(pseudo_app)) == []


def test_survey_and_concern_pages_come_from_the_catalogue(pseudo_app: Flask) -> None:
    with pseudo_app.app_context():
        _closed, closed_code = make_submission(anonymous=True, stage=Stage.CLOSED)
        led, led_code = make_submission(anonymous=True)
        led.lead_agency = LeadAgency.POLICE
        db.session.commit()
    client = pseudo_app.test_client()
    client.get(f"/status/?lang={PSEUDO}")
    allowed = _allowed(pseudo_app)
    for code, paths in (
        (closed_code, ["/status/your-report", "/status/survey"]),
        (led_code, ["/status/your-report", "/status/lead-agency-concern"]),
    ):
        open_status(client, code)
        for path in paths:
            html = client.get(path).get_data(as_text=True)
            assert "⟦" in html, path
            assert untranslated_text(html, allowed, data="[dir=ltr]") == [], path

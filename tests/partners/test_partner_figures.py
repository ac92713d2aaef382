"""A partner sees the published figures for its own reports, suppressed the same way."""

from datetime import date

from flask.testing import FlaskClient

from portal.models import Organisation
from tests.pages import check_page
from tests.statistics.factories import seed_many


def test_a_partner_sees_only_its_own_reports_suppressed_the_same_way(
    partner_client: FlaskClient, org_a: Organisation, org_b: Organisation
) -> None:
    seed_many(8, date(2025, 5, 6), route="partner", organisation_id=org_a.id, strands=("race",))
    seed_many(2, date(2025, 5, 6), route="partner", organisation_id=org_a.id, strands=("disability",))
    seed_many(30, date(2025, 5, 6), route="partner", organisation_id=org_b.id)
    seed_many(40, date(2025, 5, 6), route="online")
    dashboard = check_page(partner_client.get("/partners/"))
    assert dashboard.one("#figures-link")["href"] == "/partners/figures"
    page = check_page(partner_client.get("/partners/figures/2025-26"))
    months = {
        row["data-row"]: row.select_one("td").get_text(strip=True)
        for row in page.one("table[data-table='by-month']").select("tbody tr")
    }
    assert months["2025-05"] == "10"
    assert months["total"] == "10"
    strands = {
        row["data-row"]: row.select_one("td").get_text(strip=True)
        for row in page.one("table[data-table='by-strand']").select("tbody tr")
    }
    # 8 race and 2 disability: the 2 is small, so the 8 beside it is withheld too.
    assert strands["disability"] == "fewer than 5"
    assert strands["race"] == "withheld"
    # Survey answers are not linked to cases, so they are not narrowed to a partner.
    assert not page.all("table[data-table='satisfaction']")


def test_a_partner_figures_page_needs_a_partner(client: FlaskClient) -> None:
    response = client.get("/partners/figures")
    assert response.status_code in (302, 401, 403)

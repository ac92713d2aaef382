"""The "year before" link stops at the first financial year the statistics pages know, so a
reader (or a crawler) following it never reaches a page that does not exist."""

from flask.testing import FlaskClient

from portal.publication.periods import EARLIEST_YEAR, financial_year, year_before
from tests.pages import check_page


def test_the_year_before_stops_at_the_earliest_year() -> None:
    assert year_before(financial_year(EARLIEST_YEAR + 1)) == financial_year(EARLIEST_YEAR)
    assert year_before(financial_year(EARLIEST_YEAR)) is None


def test_the_earliest_year_page_offers_no_year_before(client: FlaskClient) -> None:
    first = financial_year(EARLIEST_YEAR)
    page = check_page(client.get(f"/statistics/financial-year/{first.slug}"))
    links = [link["href"] for link in page.all("main a")]
    assert not any(financial_year(EARLIEST_YEAR - 1).slug in href for href in links), links
    second = check_page(client.get(f"/statistics/financial-year/{financial_year(EARLIEST_YEAR + 1).slug}"))
    assert any(first.slug in link["href"] for link in second.all("main a"))

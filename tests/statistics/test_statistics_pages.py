"""The public statistics pages, their downloads, and the columns they count on."""

import csv
import io
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from portal.constants import Channel, SubmissionKind
from portal.core.submissions import NewSubmission, store_submission
from portal.publication import queries
from portal.publication.periods import financial_year, parse_financial_year, parse_month, parse_quarter
from tests.pages import Page, check_page
from tests.statistics.factories import seed_many, seed_report

YEAR = "2025-26"


def seed_year() -> None:
    # May: 12 race (3 of them also religion), 2 disability, online; 6 from partners; 1 by API.
    seed_many(
        9,
        date(2025, 5, 6),
        strands=("race",),
        area="BN1",
        acknowledged_after_days=1,
        closed_after_days=10,
        outcome_category="resolved",
    )
    seed_many(3, date(2025, 5, 7), strands=("race", "religion"), area="BN2", acknowledged_after_days=2)
    seed_many(2, date(2025, 5, 8), strands=("disability",), area="BN2")
    seed_many(6, date(2025, 6, 2), route="partner", hate=False, asb=True, asb_category="nuisance", area="BN3")
    seed_report(date(2025, 6, 3), route="api", hate=False, asb=True, asb_category="personal", area="BN3")


def cells(page: Page, key: str) -> dict[str, list[str]]:
    table = page.one(f"table[data-table='{key}']")
    return {
        str(row["data-row"]): [cell.get_text(strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    }


def test_periods_have_stable_names() -> None:
    assert parse_financial_year("2025-26").start == date(2025, 4, 1)
    assert parse_financial_year("2025-26").end == date(2026, 3, 31)
    assert (parse_quarter("2025-26-q4").start, parse_quarter("2025-26-q4").end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert parse_month("2026-02").end == date(2026, 2, 28)
    assert len(financial_year(2025).months()) == 12


def test_the_year_page_suppresses_rounds_and_says_strands_overlap(client: FlaskClient) -> None:
    seed_year()
    page = check_page(client.get(f"/statistics/financial-year/{YEAR}"), lang="en")
    months = cells(page, "by-month")
    assert months["2025-05"] == ["15"]  # 14 reports, rounded to 15
    assert months["2025-06"] == ["5"]  # 7 reports
    assert months["total"] == ["20"]  # 21
    routes = cells(page, "by-route")
    # 14 online, 6 partner, 1 API: the API's 1 is small, so the smallest other (6) is withheld too.
    assert routes["online"] == ["15"]
    assert routes["api"] == ["fewer than 5"]
    assert routes["partner"] == ["withheld"]
    strands = cells(page, "by-strand")
    assert strands["race"] == ["10"]  # 12
    assert strands["religion"] == ["fewer than 5"]
    assert strands["disability"] == ["fewer than 5"]
    assert strands["total"] == ["15"]  # 14 hate reports, though the strands add up to 17
    assert "several hate motivations" in page.text("#strands-note")
    areas = cells(page, "by-area")
    assert areas == {"BN1": ["10"], "BN2": ["5"], "BN3": ["5"], "total": ["20"]}
    # Median days: 12 acknowledged (median 1 day), 9 closed (10 days).
    assert cells(page, "time-taken") == {"days_to_first_contact": ["1 day"], "days_to_close": ["10 days"]}
    quarters = cells(page, "quarters")
    assert quarters["q1"] == ["20", "0"]
    # Every chart has its table and a summary, and no visible number is from 1 to 4.
    for section in page.all("section[data-section]"):
        key = section["data-section"]
        assert section.select_one(f"table[data-table='{key}']") is not None
        assert section.select_one(f"#summary-{key}").get_text(strip=True)
        svg = section.select_one("svg")
        if svg is not None:
            assert svg["aria-labelledby"] == f"title-{key} summary-{key}"
    for cell in page.all("td"):
        text = cell.get_text(strip=True).replace(",", "")
        assert not (text.isdigit() and 0 < int(text) < 5), text


def test_the_csv_and_json_are_exactly_the_tables(client: FlaskClient) -> None:
    seed_year()
    page = check_page(client.get(f"/statistics/financial-year/{YEAR}"))
    response = client.get(f"/statistics/financial-year/{YEAR}/statistics.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    for table in page.all("table[data-table]"):
        key = table["data-table"]
        columns = [th["data-column"] for th in table.select("thead th[data-column]")]
        for row in table.select("tbody tr"):
            shown = [cell.get_text(strip=True) for cell in row.select("td")]
            from_csv = [
                line["shown_as"]
                for column in columns
                for line in lines
                if line["table"] == key and line["row"] == row["data-row"] and line["column"] == column
            ]
            assert from_csv == shown, (key, row["data-row"])
    assert {line["status"] for line in lines} == {"shown", "fewer_than", "withheld"}
    assert all(line["value"] == "" for line in lines if line["status"] != "shown")
    data = client.get(f"/statistics/financial-year/{YEAR}/statistics.json").get_json()
    assert data["disclosure"] == {"suppress_below": 5, "round_to": 5}
    strands = next(table for table in data["tables"] if table["key"] == "by-strand")
    race = next(row for row in strands["rows"] if row["key"] == "race")
    assert race["cells"] == [{"column": "count", "value": 10, "status": "shown", "shown_as": "10"}]
    assert data["data_dictionary"].endswith("/statistics/data-dictionary")


def test_the_page_reads_in_arabic_right_to_left(client: FlaskClient) -> None:
    seed_year()
    page = check_page(client.get(f"/statistics/financial-year/{YEAR}?lang=ar"), lang="ar")
    assert page.soup.html["dir"] == "rtl"
    for svg in page.all("svg.app-chart"):
        assert svg["direction"] == "rtl"


def test_months_quarters_and_unknown_periods(client: FlaskClient) -> None:
    seed_year()
    page = check_page(client.get("/statistics/month/2025-05"))
    assert cells(page, "by-month") == {"2025-05": ["15"], "total": ["15"]}
    page = check_page(client.get("/statistics/quarter/2025-26-q1"))
    assert cells(page, "by-month")["total"] == ["20"]
    for path in (
        "/statistics/month/2025-13",
        "/statistics/quarter/2025-27-q1",
        "/statistics/week/2025-05",
        "/statistics/financial-year/2999-00",
        "/statistics/month/1999-01",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/statistics/").status_code == 302
    check_page(client.get("/statistics/data-dictionary"))


def test_a_stored_report_records_its_route_and_area(app: Flask) -> None:
    new = NewSubmission(
        kind=SubmissionKind.REPORT,
        language="en",
        channel=Channel.NONE,
        anonymous=True,
        answers={"where": {"postcode": "bn2 9aa"}},
    )
    submission, _code = store_submission(new, None)
    assert (submission.route, submission.area) == ("online", "BN2")
    app.config["STATISTICS_AREAS"] = ["BN2 9|Whitehawk", "BN2|East Brighton"]
    new.kind = SubmissionKind.PARTNER_REPORT
    submission, _code = store_submission(new, None)
    assert (submission.route, submission.area) == ("api", "Whitehawk")
    new.answers = {"where": {"address": "the park"}}
    submission, _code = store_submission(new, None)
    assert submission.area is None


def test_the_published_figures_are_counted_once_per_cache_period(app: Flask, client: FlaskClient) -> None:
    """With STATISTICS_CACHE_SECONDS set, a period's figures are counted once and reused (the
    pages are public; at a million reports the counts are the slowest queries), and counted
    again once the time is up."""
    app.config["STATISTICS_CACHE_SECONDS"] = 300
    seed_many(9, date(2025, 5, 6))
    first = cells(check_page(client.get(f"/statistics/financial-year/{YEAR}"), lang="en"), "by-month")
    assert first["2025-05"] == ["10"]  # 9, rounded
    seed_many(10, date(2025, 5, 9))
    cached = cells(check_page(client.get(f"/statistics/financial-year/{YEAR}"), lang="en"), "by-month")
    assert cached == first
    # Another period is an entry of its own.
    month_page = cells(check_page(client.get("/statistics/month/2025-05"), lang="en"), "by-month")
    assert month_page["2025-05"] == ["20"]  # 19, counted afresh
    store = app.extensions[queries.CACHE]
    for key, (_expires, figures) in list(store.items()):
        store[key] = (0.0, figures)  # the time is up
    again = cells(check_page(client.get(f"/statistics/financial-year/{YEAR}"), lang="en"), "by-month")
    assert again["2025-05"] == ["20"]

"""The statistics pages in a real browser, in English and Arabic: seeded reports, cases closed
with survey answers (one given through the status page), every chart with its table, no visible
count from 1 to 4, axe-core clean, and the CSV equal to the tables."""

import csv
import io
from datetime import date, timedelta

import pytest
from flask import Flask

from portal.constants import Stage
from portal.extensions import db
from portal.models import utcnow
from portal.publication.periods import financial_year, financial_year_of
from portal.quality.models import SurveyResponse
from tests.e2e.conftest import assert_accessible, click_and_wait, fill
from tests.statistics.factories import seed_many
from tests.status.helpers import make_submission

pytestmark = pytest.mark.browser


def seed(today: date) -> str:
    year = financial_year(financial_year_of(today))
    month = year.start + timedelta(days=40)
    seed_many(
        12,
        month,
        strands=("race",),
        area="BN1",
        acknowledged_after_days=1,
        closed_after_days=9,
        outcome_category="resolved",
    )
    seed_many(3, month, strands=("race", "religion"), area="BN2", acknowledged_after_days=2)
    seed_many(2, month + timedelta(days=31), strands=("disability",), area="BN2")
    seed_many(
        7,
        month + timedelta(days=31),
        route="partner",
        hate=False,
        asb=True,
        asb_category="nuisance",
        area="BN3",
        closed_after_days=20,
        outcome_category="referred",
    )
    seed_many(1, month + timedelta(days=35), route="api", hate=False, asb=True, asb_category="personal")
    for satisfaction, count in (("satisfied", 6), ("dissatisfied", 5)):
        for _ in range(count):
            db.session.add(
                SurveyResponse(
                    answered_on=today, satisfaction=satisfaction, outcome_as_wanted="yes", updates_as_agreed="yes"
                )
            )
    db.session.commit()
    return year.slug


def answer_survey_in_the_browser(page, url: str, code: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/status/")
    fill(page, {"tracking_code": code})
    click_and_wait(page, page.locator("main form button.govuk-button").first)
    click_and_wait(page, page.locator("#survey-invitation a"))
    assert_accessible(page)
    fill(page, {"satisfaction": "very_satisfied", "outcome_as_wanted": "yes", "updates_as_agreed": "partly"})
    click_and_wait(page, page.locator("main form button.govuk-button").first)
    assert page.locator("#survey-answered").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_statistics_pages_charts_tables_and_csv(  # type: ignore[no-untyped-def]
    app: Flask, live_server, page, lang: str
) -> None:
    today = utcnow().date()
    slug = seed(today)
    closed, code = make_submission(anonymous=True, stage=Stage.CLOSED)
    answer_survey_in_the_browser(page, live_server.url, code)

    page.goto(f"{live_server.url}/statistics/?lang={lang}")
    assert f"/statistics/financial-year/{slug}" in page.url
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("#strands-note").is_visible()
    assert_accessible(page)

    sections = page.locator("section[data-section]")
    charts = 0
    for index in range(sections.count()):
        section = sections.nth(index)
        key = section.get_attribute("data-section")
        assert section.locator(f"table[data-table='{key}']").count() == 1, key
        assert section.locator(f"#summary-{key}").inner_text().strip()
        svg = section.locator("svg")
        if svg.count():
            charts += 1
            assert svg.get_attribute("role") == "img"
            assert svg.get_attribute("aria-labelledby") == f"title-{key} summary-{key}"
            assert svg.get_attribute("direction") == ("rtl" if lang == "ar" else "ltr")
    assert charts >= 4  # by month, by strand, by area, this year against last by quarter

    cells = page.locator("td[data-unit='count']")
    texts = [cells.nth(index).inner_text().strip() for index in range(cells.count())]
    numbers = [int(text.replace(",", "")) for text in texts if text.replace(",", "").isdigit()]
    assert numbers and all(number == 0 or number >= 5 for number in numbers), numbers
    assert all(number % 5 == 0 for number in numbers)
    for chart_text in page.locator("svg.app-chart text").all_text_contents():
        digits = chart_text.strip().replace(",", "")
        assert not (digits.isdigit() and 0 < int(digits) < 5), chart_text

    # The CSV holds exactly what the tables show.
    href = page.locator("#csv-link").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok
    lines = list(csv.DictReader(io.StringIO(response.text())))
    shown = {}
    tables = page.locator("table[data-table]")
    for index in range(tables.count()):
        table = tables.nth(index)
        key = table.get_attribute("data-table")
        columns = [th.get_attribute("data-column") for th in table.locator("thead th[data-column]").all()]
        for row in table.locator("tbody tr").all():
            row_key = row.get_attribute("data-row")
            for column, cell in zip(columns, row.locator("td").all(), strict=True):
                shown[(key, row_key, column)] = cell.inner_text().strip()
    from_csv = {(line["table"], line["row"], line["column"]): line["shown_as"] for line in lines}
    assert from_csv == shown
    survey = {line["row"]: line for line in lines if line["table"] == "satisfaction"}
    assert survey["very_satisfied"]["status"] == "fewer_than"  # the one given through the status page
    # Secondary suppression: the smallest other answer (5 dissatisfied) is withheld with it.
    assert survey["dissatisfied"]["status"] == "withheld"
    assert (survey["satisfied"]["value"], survey["total"]["value"]) == ("5", "10")  # 6 and 12, rounded

    page.goto(f"{live_server.url}/statistics/data-dictionary?lang={lang}")
    assert_accessible(page)
    assert closed.id

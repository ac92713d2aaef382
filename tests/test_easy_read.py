"""Easy Read: the four pages, their pictures and alt text, the links to and from the standard
pages, the stages they explain, the configured numbers they show, and the readability check
(tests/readability.py, thresholds stated there and in translations/README.md)."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import create_app, rules
from portal.config import TestingConfig
from portal.constants import Stage
from portal.labels import stage_label
from portal.languages import BY_CODE
from portal.main.easy_read import STAGE_MEANINGS
from tests import readability
from tests.pages import check_page
from tests.status.helpers import make_submission, open_status
from tests.test_pseudo_locale import PSEUDO, pseudo_app  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
PICTURES = ROOT / "portal" / "static" / "easy-read"
# Easy Read page -> the standard page it is the Easy Read version of.
EASY_READ = {
    "/easy-read/": "/",
    "/easy-read/report": "/report/",
    "/easy-read/community-trigger": "/community-trigger/",
    "/easy-read/status": "/status/",
}
SVG = "{http://www.w3.org/2000/svg}"
# Shapes only: no text (a picture must work in every language), no scripts, links, styles,
# foreign content or ids, so a file is safe to show as <img> or to paste inline.
SVG_ELEMENTS = {"svg", "g", "path", "circle", "rect", "line", "polyline", "polygon", "ellipse"}
SVG_ATTRIBUTES = {
    "viewBox", "width", "height", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "d", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points",
}  # fmt: skip


def _pictures(page) -> list:  # type: ignore[no-untyped-def]
    return page.all("main img")


@pytest.mark.parametrize("path", EASY_READ)
def test_every_easy_read_picture_has_alt_text_and_a_drawn_file(client: FlaskClient, path: str) -> None:
    page = check_page(client.get(path), lang="en")
    points = page.all(".app-easy-read__point")
    assert len(points) >= 8, "an Easy Read page is made of points, each with its picture"
    for point in points:
        [picture] = point.select("img.app-easy-read__picture")
        assert picture.get("alt", "").strip(), f"a picture without alt text: {picture}"
        assert point.select(".app-easy-read__lines p"), "a point with no words beside its picture"
    for picture in _pictures(page):
        assert picture.get("alt", "").strip(), f"a picture without alt text: {picture}"
        src = picture["src"]
        assert src.startswith("/static/easy-read/") and src.endswith(".svg"), src
        # The URL carries a fingerprint (portal/static_files.py): the app must serve the drawing.
        drawing = client.get(src)
        assert drawing.status_code == 200, f"{src} is missing"
        assert drawing.mimetype == "image/svg+xml" and b"<svg" in drawing.data, src
        assert client.get(src).status_code == 200
    # The one idea a line layout: no paragraph inside a point holds more than two sentences.
    for line in page.all(".app-easy-read__lines p"):
        assert len(readability.sentences_of(line.get_text(" ", strip=True))) <= 2, line


def test_alt_text_comes_from_the_catalogue(pseudo_app: Flask) -> None:  # noqa: F811
    client = pseudo_app.test_client()
    for path in EASY_READ:
        page = check_page(client.get(f"{path}?lang={PSEUDO}"))
        alts = [picture["alt"] for picture in _pictures(page)]
        assert alts and all(alt.startswith("⟦") and alt.endswith("⟧") for alt in alts), alts


def test_every_picture_is_a_small_shape_only_svg_that_a_page_uses(client: FlaskClient) -> None:
    files = sorted(PICTURES.glob("*.svg"))
    assert len(files) >= 20
    # The URLs carry a fingerprint (name.0123456789ab.svg); the files on disk do not.
    used = {
        re.sub(r"\.[0-9a-f]{12}\.svg$", ".svg", picture["src"].removeprefix("/static/easy-read/"))
        for path in EASY_READ
        for picture in _pictures(check_page(client.get(path)))
    }
    for file in files:
        assert file.stat().st_size < 2000, f"{file.name} is not small"
        root = ET.parse(file).getroot()
        assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 64 64", file.name
        for element in root.iter():
            name = element.tag.removeprefix(SVG)
            assert name in SVG_ELEMENTS, f"{file.name}: <{name}> is not allowed"
            assert set(element.attrib) <= SVG_ATTRIBUTES, f"{file.name}: {set(element.attrib) - SVG_ATTRIBUTES}"
            assert not (element.text or "").strip(), f"{file.name}: text in a picture"
        assert file.name in used, f"{file.name} is not used by any Easy Read page"


def test_the_picture_check_rejects_a_scripted_svg(tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><script>x()</script></svg>')
    names = {element.tag.removeprefix(SVG) for element in ET.parse(bad).getroot().iter()}
    assert not names <= SVG_ELEMENTS


@pytest.mark.parametrize(("easy", "standard"), EASY_READ.items())
def test_each_page_links_to_its_easy_read_version_and_back(client: FlaskClient, easy: str, standard: str) -> None:
    source = check_page(client.get(standard), lang="en")
    link = source.one("a#easy-read-link")
    assert link["href"] == easy
    assert link.get_text(" ", strip=True).startswith("Easy Read")
    version = check_page(client.get(link["href"]), lang="en")
    assert version.one("a#standard-version")["href"] == standard
    assert version.all("[data-module='govuk-exit-this-page']"), "Easy Read pages keep 'Exit this page'"


def test_the_report_page_after_a_look_up_links_to_the_stages_in_easy_read(app: Flask, client: FlaskClient) -> None:
    _, code = make_submission()
    page = open_status(client, code)
    assert page.one("a#easy-read-link")["href"] == "/easy-read/status"
    stage_shown = page.text(".govuk-summary-list__row:first-child .govuk-summary-list__value")
    meanings = check_page(client.get("/easy-read/status"))
    assert stage_shown in [tag.get_text(strip=True) for tag in meanings.all(".app-easy-read__lines strong")]


def test_every_stage_is_explained_with_the_label_the_status_page_shows(app: Flask, client: FlaskClient) -> None:
    assert [stage for stage, *_ in STAGE_MEANINGS] == list(Stage)
    page = check_page(client.get("/easy-read/status"))
    bold = [tag.get_text(strip=True) for tag in page.all(".app-easy-read__lines strong")]
    with app.test_request_context("/"):
        labels = [str(stage_label(stage)) for stage in Stage]
    for label in labels:
        assert label in bold, label


def test_the_pages_show_the_configured_numbers(app: Flask, client: FlaskClient) -> None:
    app.config["COMMUNITY_TRIGGER_RULES"] = {"statutory": {"threshold": 2}, "hate": {"enabled": False}}
    app.config["DRAFT_LIFETIME_MINUTES"] = 45
    app.config["ASSESSMENT_WORKING_DAYS"] = 2
    trigger = check_page(client.get("/easy-read/community-trigger"))
    lines = [tag.get_text(" ", strip=True) for tag in trigger.all("main p")]
    assert "You told someone about the same problem 2 times." in lines
    assert "One hate incident can be enough." not in lines
    assert "It can be enough if many homes complain about the same place." in lines
    report = check_page(client.get("/easy-read/report"))
    lines = [tag.get_text(" ", strip=True) for tag in report.all("main p")]
    assert "If you do nothing for 45 minutes, your answers are deleted." in lines
    assert "The Casework Team will look at your report within 2 working days." in lines


@pytest.mark.parametrize("language", ["cy", "ar"])
def test_easy_read_is_a_variant_of_each_language(client: FlaskClient, language: str) -> None:
    page = check_page(client.get(f"/easy-read/?lang={language}"), lang=language)
    assert page.one("a#standard-version")["href"] == "/"


# ---- readability -------------------------------------------------------------------------

HARD = (
    "Notwithstanding the aforementioned considerations, applications for an anti-social behaviour "
    "case review are determined by the relevant bodies in accordance with the statutory threshold, "
    "having regard to the cumulative impact of the behaviour, the vulnerability of the victim and "
    "any representations made by the applicant or their nominated representative."
)
EASY = "Are you in danger now? Call the police. You do not have to give your name. We will help you."


@pytest.mark.parametrize("path", EASY_READ)
def test_the_english_easy_read_pages_are_easy_to_read(client: FlaskClient, path: str) -> None:
    measured = readability.measure_page(client.get(path).get_data(as_text=True))
    assert len(measured.sentences) >= 20
    assert measured.problems() == []


def test_the_checker_fails_a_hard_paragraph_on_every_threshold() -> None:
    measured = readability.measure_text(HARD)
    assert len(measured.sentences) == 1
    assert measured.average_sentence_words > readability.MAX_AVERAGE_SENTENCE_WORDS
    assert len(measured.longest_sentence) > readability.MAX_SENTENCE_WORDS
    assert measured.average_word_letters > readability.MAX_AVERAGE_WORD_LETTERS
    assert measured.long_word_share > readability.MAX_LONG_WORD_SHARE
    sentence, longest, word, long_words = measured.problems()
    assert sentence.startswith("average sentence 48.0 words")
    assert longest.startswith("a sentence of 48 words")
    assert word.startswith("average word")
    assert "syllables" in long_words and "vulnerability" in long_words


def test_the_checker_passes_an_easy_paragraph() -> None:
    measured = readability.measure_text(EASY)
    assert [len(sentence) for sentence in measured.sentences] == [5, 3, 8, 4]
    assert measured.problems() == []


def test_the_standard_start_page_is_not_easy_read(client: FlaskClient) -> None:
    """The thresholds are strict enough that the ordinary start page does not pass them."""
    problems = readability.measure_page(client.get("/").get_data(as_text=True)).problems()
    assert any(problem.startswith("a sentence of") for problem in problems), problems


@pytest.mark.parametrize(
    ("word", "count"),
    [("call", 1), ("danger", 2), ("police", 2), ("name", 1), ("community", 4), ("anti-social", 4),
     ("representations", 5), ("vulnerability", 6), ("behaviour", 3), ("happened", 2), ("scared", 1)],
)  # fmt: skip
def test_syllables_are_counted_the_usual_way(word: str, count: int) -> None:
    assert readability.syllables(word) == count


def test_the_accessibility_statement_counts_the_configured_languages(
    app: Flask, client: FlaskClient, database_url: str, tmp_path: Path
) -> None:
    page = check_page(client.get("/accessibility"))
    items = [item.get_text(" ", strip=True) for item in page.all("main li")]
    offered = rules.current().languages.offered
    assert len(offered) >= 15
    rtl = sum(1 for code in offered if BY_CODE[code].rtl)
    assert rtl >= 4
    assert f"use the service in {len(offered)} languages, including {rtl} written right to left" in items
    # A council that offers English and Welsh only (its rules file).
    council_file = tmp_path / "council-rules.toml"
    council_file.write_text('[languages]\noffered = ["en", "cy"]\nawaiting_review = ["cy"]\n', encoding="utf-8")
    welsh_only = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url, PORTAL_RULES_FILE=str(council_file))
    with welsh_only.app_context():
        page = check_page(welsh_only.test_client().get("/accessibility"))
    items = [item.get_text(" ", strip=True) for item in page.all("main li")]
    assert "use the service in 2 languages" in items
    assert page.one("main li a[href='/easy-read/']")

"""Every visible string comes from a catalogue: pages rendered in a pseudo-locale, where every
catalogue entry is wrapped in ⟦…⟧, must show no text outside those brackets except values that
are data (the council's name and numbers, dates from Babel, language names, the configured
helplines' names, and whatever is shown left to right: codes, references, phone numbers)."""

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from flask import Flask

from portal import create_app, languages
from portal.config import TestingConfig

ROOT = Path(__file__).resolve().parent.parent
PSEUDO = "eo"  # a real Babel locale that the portal does not offer, used as the pseudo-locale
INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")
BLOCKS = "title, h1, h2, h3, h4, p, li, label, legend, button, a, th, td, dt, dd, caption, .govuk-hint, .govuk-error-message, .govuk-tag, summary"

PAGES = [
    "/",
    "/accessibility",
    "/privacy",
    "/cookies",
    "/other-ways-to-report",
    "/no-such-page",
    "/report/",
    "/status/",
    "/community-trigger/",
    "/duty-desk/sign-in",
    "/easy-read/",
    "/easy-read/report",
    "/easy-read/community-trigger",
    "/easy-read/status",
]


@pytest.fixture
def pseudo_app(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        catalogue = read_po(handle, locale=PSEUDO)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(f"⟦{message.id[min(i, 1)]}⟧" for i in range(catalogue.num_plurals))
        else:
            message.string = f"⟦{message.id}⟧"
    target = tmp_path / "translations" / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    pseudo = languages.Language(PSEUDO, PSEUDO, "Pseudo")
    monkeypatch.setitem(languages.BY_CODE, PSEUDO, pseudo)
    return create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"),
        LANGUAGES=["en", PSEUDO],
        LANGUAGES_AWAITING_REVIEW=[PSEUDO],
    )


def _allowed(app: Flask) -> list[str]:
    config = app.config
    locale = Locale.parse(PSEUDO)
    values = [
        config["COUNCIL_NAME"],
        config["SERVICE_NAME"],
        config["CASEWORK_PHONE"],
        config["CASEWORK_EMAIL"],
        config["COUNCIL_HOUSING_PHONE"],
        config["PRIVACY_CONTACT"],
        "999",
        "101",
        "55",
        "sitc_session",
        "sitc_lang",
        "©",
        "English",
        "Pseudo",
        *[language.native_name for language in languages.LANGUAGES],
        *[str(item).split("|")[0] for item in config["OTHER_HELP"]],
        *locale.months["format"]["wide"].values(),
        *locale.days["format"]["wide"].values(),
    ]
    return sorted(values, key=len, reverse=True)


def untranslated_text(html: str, allowed: list[str], data: str = "") -> list[str]:
    """The text on the page that no catalogue gave; `data` selects more elements to leave out."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(data) if data else []:
        tag.decompose()
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    for tag in soup.select("body [dir=ltr]"):  # codes, references, numbers: data kept left to right
        tag.decompose()
    leftovers = []
    for block in soup.select(BLOCKS):
        text = block.get_text(" ", strip=True)
        previous = None
        while previous != text:
            previous, text = text, INNERMOST.sub(" ", text)
        for value in allowed:
            text = text.replace(value, " ")
        if re.search(r"[^\W\d_]{2,}", text):
            leftovers.append(f"<{block.name}> {text.strip()[:80]}")
    return leftovers


@pytest.mark.parametrize("path", PAGES)
def test_every_visible_string_comes_from_a_catalogue(pseudo_app: Flask, path: str) -> None:
    client = pseudo_app.test_client()
    response = client.get(f"{path}?lang={PSEUDO}" if "?" not in path else f"{path}&lang={PSEUDO}")
    assert response.status_code == (404 if path == "/no-such-page" else 200)
    html = response.get_data(as_text=True)
    assert "⟦" in html, "the pseudo catalogue was not used"
    assert untranslated_text(html, _allowed(pseudo_app)) == []


def test_the_check_finds_hard_coded_text(pseudo_app: Flask) -> None:
    html = "<html><body><p>⟦Translated⟧</p><p>Hard-coded words</p></body></html>"
    assert untranslated_text(html, _allowed(pseudo_app)) == ["<p> Hard-coded words"]

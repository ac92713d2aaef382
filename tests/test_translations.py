"""Every supported language has a complete, current catalogue: no untranslated or fuzzy entry,
the same placeholders as the English, and nothing missing that the code uses."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from portal.config import Config

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = [code for code in Config.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%\{count\}|%\{count\}")


def _catalogue(code: str):
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    assert path.exists(), (
        f"no catalogue for {code}: run `pybabel init -i translations/messages.pot -d translations -l {code}`"
    )
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def _template():
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return read_po(handle)


def _ids(message) -> tuple:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete(code: str) -> None:
    catalogue = _catalogue(code)
    template_ids = {message.id for message in _template() if message.id}
    catalogue_ids = {message.id for message in catalogue if message.id}
    missing = template_ids - catalogue_ids
    assert not missing, (
        f"{code}: {len(missing)} strings missing, e.g. {sorted(map(str, missing))[:3]}; run `make translations`"
    )
    untranslated = [message.id for message in catalogue if message.id and not all(_strings(message))]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert not fuzzy, f"{code}: fuzzy entries {fuzzy[:3]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_their_placeholders(code: str) -> None:
    wrong = []
    for message in _catalogue(code):
        if not message.id:
            continue
        expected = sorted(set(PLACEHOLDER.findall(" ".join(_ids(message)))))
        for string in _strings(message):
            if string and sorted(set(PLACEHOLDER.findall(string))) != expected:
                wrong.append((message.id, string))
    assert not wrong, f"{code}: placeholders differ in {wrong[:3]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_not_english(code: str) -> None:
    """A catalogue that copies English into msgstr is not a translation."""
    catalogue = _catalogue(code)
    long_messages = [m for m in catalogue if m.id and isinstance(m.id, str) and len(m.id.split()) >= 4]
    copied = [m.id for m in long_messages if m.string.strip() == m.id.strip()]
    assert len(copied) <= len(long_messages) // 50, f"{code}: {len(copied)} strings left in English, e.g. {copied[:3]}"


def test_template_is_current_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as handle:
        current = {message.id for message in read_po(handle) if message.id}
    committed = {message.id for message in _template() if message.id}
    assert current == committed, (
        f"run `make translations`: new {sorted(map(str, current - committed))[:3]}, gone {sorted(map(str, committed - current))[:3]}"
    )


def _forms_in_file(code: str) -> dict[str, int]:
    """Each plural entry's msgid and how many msgstr[n] lines the .po file really has (the
    parser pads missing forms, so the file itself is read)."""
    counts: dict[str, int] = {}
    current = None
    for line in (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = line[6:]
        elif line.startswith("msgstr[") and current is not None:
            counts[current] = counts.get(current, 0) + 1
    return counts


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_entries_have_the_languages_number_of_forms(code: str) -> None:
    """CLDR's plural rules, as Babel knows them: Arabic six forms, Welsh six, Polish three..."""
    expected = get_plural(code).num_plurals
    catalogue = _catalogue(code)
    header = catalogue.mime_headers
    declared = dict(header).get("Plural-Forms", "")
    assert f"nplurals={expected};" in declared.replace(" ", ""), (
        f"{code}: the header says {declared!r}; the language has {expected} plural forms ({get_plural(code).plural_expr})"
    )
    plural_ids = {str(message.id[0]) for message in catalogue if isinstance(message.id, tuple)}
    in_file = _forms_in_file(code)
    wrong = {msgid: forms for msgid, forms in in_file.items() if forms != expected}
    assert plural_ids, f"{code}: no plural entries: ngettext strings are missing from the catalogue"
    assert not wrong, f"{code}: plural entries need {expected} forms, e.g. {sorted(wrong.items())[:3]}"
    untranslated = [m.id[0] for m in catalogue if isinstance(m.id, tuple) and not all(_strings(m))]
    assert not untranslated, f"{code}: plural forms left empty in {untranslated[:3]}"

"""Guards of the portal's structure (docs/architecture.md): the layers and their imports, the
commit points, the size of modules and functions, and the document agreeing with the code."""

import ast
import importlib
import itertools
import re
import shutil
from pathlib import Path

import pytest

from portal.unit_of_work import COMMIT_POINTS
from tests.architecture import (
    LAYERS,
    LONG_FUNCTIONS,
    MAX_FUNCTION_LINES,
    MAX_MODULE_LINES,
    import_violations,
    module_name,
    read_sources,
)

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
SOURCES = read_sources(ROOT)


def test_every_module_imports() -> None:
    for path in SOURCES:
        importlib.import_module(module_name(Path(path), Path(".")))


def test_no_import_crosses_the_layers() -> None:
    assert import_violations(SOURCES) == []


def test_the_checker_refuses_a_journey_importing_another() -> None:
    source = "from portal.status import views\n"
    assert import_violations({"portal/trigger/views.py": source}) == [
        "portal/trigger/views.py: imports portal.status: portal.trigger and portal.status never import each other",
        "portal/trigger/views.py: imports portal.status.views: portal.trigger and portal.status never import each other",
    ]


def test_the_checker_finds_the_import_in_a_copy_of_the_portal(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "portal", tmp_path / "portal", ignore=shutil.ignore_patterns("static", "__pycache__"))
    views = tmp_path / "portal" / "trigger" / "views.py"
    views.write_text(views.read_text() + "\n\ndef _probe() -> None:\n    from portal.status import views  # noqa\n")
    problems = import_violations(read_sources(tmp_path))
    assert problems == [
        "portal/trigger/views.py: imports portal.status: portal.trigger and portal.status never import each other",
        "portal/trigger/views.py: imports portal.status.views: portal.trigger and portal.status never import each other",
    ]


@pytest.mark.parametrize(
    ("path", "source", "problem"),
    [
        ("portal/core/tracking.py", "from portal.status.views import start\n", "from the journeys layer above it"),
        ("portal/journeys.py", "from portal.reporting import views\n", "from the journeys layer above it"),
        ("portal/models.py", "from portal.core import tracking\n", "from the core layer above it"),
        ("portal/intake/worker.py", "from portal.notify import channels\n", "never import each other"),
        ("portal/notify/channels.py", "from portal.intake.outbox import enqueue\n", "never import each other"),
        ("portal/partners/views.py", "from ..reporting import views\n", "never import each other"),
        ("portal/newthing.py", "import os\n", "not in any layer"),
    ],
)
def test_the_checker_refuses(path: str, source: str, problem: str) -> None:
    problems = import_violations({path: source})
    assert problems and all(problem in line for line in problems), problems


def test_the_checker_allows_imports_downwards() -> None:
    sources = {
        "portal/__init__.py": "from portal.reporting import bp\nfrom portal.notify import channels\n",
        "portal/trigger/views.py": "from portal.core.lookup import current_submission\nfrom . import forms\n",
        "portal/questions/pages.py": "from portal.journeys import Page\nfrom portal.core import partner_reports\n",
        "portal/intake/worker.py": "from portal.delivery import Delivery\nfrom portal.intake.destinations import adapter_for\n",
    }
    assert import_violations(sources) == []


def _commit_sites(sources: dict[str, str]) -> set[str]:
    return {path for path, text in sources.items() if "session.commit(" in text}


def test_session_commit_only_at_the_commit_points() -> None:
    assert _commit_sites(SOURCES) == set(COMMIT_POINTS)


def test_the_commit_check_would_see_a_new_commit() -> None:
    sources = {**SOURCES, "portal/status/services.py": SOURCES["portal/status/services.py"] + "\ndb.session.commit()\n"}
    assert _commit_sites(sources) - set(COMMIT_POINTS) == {"portal/status/services.py"}


def test_services_and_the_core_never_end_a_unit_of_work() -> None:
    """Only views, the question-page machinery, sign-in and the CLI call unit_of_work.commit()."""
    callers = set()
    for path, text in SOURCES.items():
        for node in ast.walk(ast.parse(text)):
            imports_commit = isinstance(node, ast.ImportFrom) and node.module == "portal.unit_of_work"
            if imports_commit and any(alias.name == "commit" for alias in node.names):  # type: ignore[union-attr]
                callers.add(path)
    below = {p for p in callers if p.startswith(("portal/core/", "portal/intake/", "portal/notify/"))}
    services = {p for p in callers if p.endswith(("services.py", "lifecycle.py", "incident_logs.py"))}
    assert callers and not below and not services, sorted(callers)


def test_no_module_is_too_long() -> None:
    long = {path: len(text.splitlines()) for path, text in SOURCES.items() if len(text.splitlines()) > MAX_MODULE_LINES}
    assert long == {}


def _long_functions(sources: dict[str, str]) -> dict[str, int]:
    found = {}
    for path, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found[f"{path}:{node.name}"] = length
    return found


def test_no_function_is_too_long_unless_listed_with_a_reason() -> None:
    found = _long_functions(SOURCES)
    assert set(found) - set(LONG_FUNCTIONS) == set(), found
    # A function that was shortened comes off the list, so the list stays true.
    assert set(LONG_FUNCTIONS) - set(found) == set()
    assert all(len(reason) > 20 for reason in LONG_FUNCTIONS.values())


# --- docs/architecture.md says the same as the code ------------------------------------------


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_document_draws_the_layers_in_order() -> None:
    arrows = re.findall(r"^\s*(\w+)\s*-->\s*(\w+)\s*$", _doc(), re.M)
    names = [name for name, _prefixes, _apart in LAYERS]
    assert arrows == list(itertools.pairwise(names))


def test_the_document_names_every_package_in_its_layer() -> None:
    rows = dict(re.findall(r"^\| \*\*(\w+)\*\* \|(.*)\|$", _doc(), re.M))
    assert list(rows) == [name for name, _prefixes, _apart in LAYERS]
    for name, prefixes, _apart in LAYERS:
        named = set(re.findall(r"`(portal[\w./]*)`", rows[name]))
        expected = {
            prefix.replace(".", "/") + ("/" if (ROOT / prefix.replace(".", "/")).is_dir() else ".py")
            for prefix in prefixes
        }
        expected = {"portal/__init__.py" if item == "portal/" else item for item in expected}
        assert named == expected, name
        for item in named:
            assert (ROOT / item).exists(), item


def test_the_document_lists_the_commit_points_and_the_long_functions() -> None:
    text = _doc()
    for path in COMMIT_POINTS:
        assert f"`{path}`" in text
    for name in LONG_FUNCTIONS:
        path, function = name.split(":")
        assert f"`{path}` `{function}`" in text, name

"""The portal's structure as data, and a checker over `ast` that the guard tests run.

docs/architecture.md draws the same layers; tests/test_architecture.py checks that the code and
the document agree. Change the structure here, in the document and in the code together."""

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

JOURNEYS = ("reporting", "trigger", "status", "partners", "casework", "api", "main", "statistics", "lay_visitors")

# Top to bottom: a module may import its own layer and the layers below it, never above.
# Within a layer marked "apart", each package is a room of its own: it never imports another.
LAYERS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("roots", ("portal", "portal.cli"), False),
    ("journeys", tuple(f"portal.{name}" for name in JOURNEYS), True),
    (
        "shared",
        (
            "portal.journeys",
            "portal.questions",
            "portal.forms",
            "portal.auth",
            "portal.apikeys",
            "portal.drafts",
            "portal.save_return",
            "portal.saved_answers",
            "portal.template_helpers",
            "portal.errors",
            "portal.security",
            "portal.labels",
            "portal.passwords",
            "portal.static_files",
            "portal.compression",
            "portal.render_cache",
            "portal.edge",
            "portal.idempotency",
            "portal.bot_check",
            "portal.problems",
            "portal.totp",
            "portal.quality",
        ),
        False,
    ),
    ("core", ("portal.core", "portal.publication"), False),
    ("outbox", ("portal.intake", "portal.notify"), True),
    (
        "foundation",
        (
            "portal.models",
            "portal.constants",
            "portal.extensions",
            "portal.config",
            "portal.languages",
            "portal.i18n",
            "portal.encrypted",
            "portal.evidence",
            "portal.delivery",
            "portal.unit_of_work",
            "portal.rules",
            "portal.core.workdays",
            "portal.disclosure",
            "portal.quality.models",
        ),
        False,
    ),
)

# Functions longer than MAX_FUNCTION_LINES, each with the reason it stays whole.
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
LONG_FUNCTIONS: dict[str, str] = {
    "portal/core/submissions.py:store_submission": "one Submission(...) naming every stored column, then the claim of the draft",
    "portal/intake/payload.py:build_payload": "one literal: the portal.intake.v1 payload as docs/intake.md documents it",
    "portal/errors.py:init_app": "the error handlers, registered together as closures over the app",
    "portal/core/eligibility.py:_households": "the several-households rule with its three reasons, read as one rule",
    "portal/intake/signing.py:verify": "the Standard Webhooks checks in the order the specification gives them",
    "portal/partners/incident_logs.py:import_log": "one transaction: parse, find known rows, store the import and its rows",
    "portal/partners/incident_logs.py:_check_row": "one message per column of an incident-log row, in column order",
    "portal/partners/incident_logs.py:parse_log": "the CSV header and row checks with their limits",
    "portal/evidence.py:clean_image": "the image checks (type, size, pixels, decoding) before re-encoding",
    "portal/disclosure.py:protect_table": "primary, then secondary suppression repeated to a fixed point, then rounding: one algorithm",
    "portal/publication/queries.py:figures_for": "one pass of grouped counts over a period, each query beside the figure it fills",
    "portal/publication/tables.py:published_tables": "the published tables in the order the page shows them, one call each",
    "portal/publication/tables.py:_one_column": "one table's rows, total and disclosure in the order the checks need",
}


@dataclass(frozen=True)
class Place:
    layer: int
    unit: str  # the package that is a room of its own, in an "apart" layer; else the layer name


def place_of(module: str) -> Place | None:
    """Where a portal module sits, by the longest matching prefix."""
    best: tuple[int, Place] | None = None
    for index, (name, prefixes, apart) in enumerate(LAYERS):
        for prefix in prefixes:
            # "portal" alone is the app factory module, not every module below it.
            matches = module == prefix or (prefix != "portal" and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), Place(index, prefix if apart else name))
    return best[1] if best else None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    """Every portal module an import statement names (also inside functions), resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base != "portal":  # "from portal import drafts" imports drafts, not the app factory
                yield base
            # "from portal import drafts" and "from portal.core import tracking" name modules.
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_violations(sources: Mapping[str, str]) -> list[str]:
    """Imports that break the layers: sources maps a path like "portal/trigger/views.py" to its text."""
    problems = []
    known = {module_name(Path(path), Path(".")) for path in sources}
    for path, text in sorted(sources.items()):
        module = module_name(Path(path), Path("."))
        here = place_of(module)
        if here is None:
            problems.append(f"{path}: not in any layer of tests/architecture.py")
            continue
        for name in imported_modules(ast.parse(text), module, path.endswith("__init__.py")):
            if not name.startswith("portal") or (name not in known and name.rpartition(".")[0] in known):
                continue  # not ours, or a name imported from a module (checked as that module)
            there = place_of(name)
            if there is None or there == here:
                continue
            if there.layer < here.layer:
                problems.append(f"{path}: imports {name} from the {LAYERS[there.layer][0]} layer above it")
            elif there.layer == here.layer and LAYERS[here.layer][2]:
                problems.append(f"{path}: imports {name}: {here.unit} and {there.unit} never import each other")
    return problems


def read_sources(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted((root / "portal").rglob("*.py"))
    }

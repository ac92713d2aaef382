"""Fail CI unless the suite proved what it ran.

Reads the JUnit XML of the run (every test case carries a `markers` property, written by
tests/conftest.py from its service markers: postgres, redis, smtp, browser) and the run's log:

- no test failed, errored or was skipped (a skip is a test that did not run: CI has every
  service, so a skip means something is missing);
- for each marker, and for the whole suite ("all"), at least as many tests ran and passed as
  the committed minimum in .ci/expected-counts;
- the run was on PostgreSQL and in random order (pytest-randomly's seed is in the log).

Usage: check_ci_results.py JUNIT_XML LOG [EXPECTED_COUNTS]"""

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

MARKERS = ("postgres", "redis", "smtp", "browser")
DEFAULT_EXPECTED = Path(__file__).resolve().parent.parent / ".ci" / "expected-counts"


def read_expected(path: Path) -> dict[str, int]:
    """`name minimum` lines; `#` starts a comment."""
    expected = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, minimum = line.split()
            expected[name] = int(minimum)
    return expected


def outcome(case: ET.Element) -> str:
    for tag in ("failure", "error", "skipped"):
        if case.find(tag) is not None:
            return tag
    return "passed"


def markers_of(case: ET.Element) -> list[str] | None:
    for prop in case.iter("property"):
        if prop.get("name") == "markers":
            return [name for name in (prop.get("value") or "").split(",") if name]
    return None


def check(junit_path: Path, log_text: str, expected: dict[str, int]) -> list[str]:
    cases = list(ET.parse(junit_path).iter("testcase"))  # noqa: S314 - our own pytest output
    problems = []
    ran: Counter[str] = Counter()
    for case in cases:
        name = f"{case.get('classname')}::{case.get('name')}"
        markers = markers_of(case)
        if markers is None:
            problems.append(f"{name} has no markers property: was tests/conftest.py loaded?")
            markers = []
        result = outcome(case)
        if result == "passed":
            ran["all"] += 1
            ran.update(markers)
            continue
        detail = case.find(result)
        reason = " ".join(((detail.get("message") if detail is not None else "") or "").split())[:200]
        kind = f"{'/'.join(markers)} test" if markers else "test"
        problems.append(f"{kind} {result}: {name}: {reason}")
    for name in ("all", *MARKERS):
        minimum = expected.get(name, 0)
        if ran[name] < minimum:
            problems.append(f"{name}: {ran[name]} tests ran and passed, fewer than the minimum {minimum}")
    if "database under test: PostgreSQL" not in log_text:
        problems.append("the suite did not run against PostgreSQL")
    seed = re.search(r"--randomly-seed=(\d+)", log_text)
    if not seed:
        problems.append("the suite did not run in random order (no pytest-randomly seed in the log)")
    counts = ", ".join(f"{name} {ran[name]}" for name in MARKERS)
    print(f"{len(cases)} tests, {ran['all']} ran and passed ({counts}); random order seed {seed and seed.group(1)}.")
    return problems


def main(argv: list[str]) -> int:
    junit_path, log_path = Path(argv[1]), Path(argv[2])
    expected = read_expected(Path(argv[3]) if len(argv) > 3 else DEFAULT_EXPECTED)
    problems = check(junit_path, log_path.read_text(encoding="utf-8", errors="replace"), expected)
    for problem in problems:
        print(f"CI check failed: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""CI proves what ran: the checker fails on any skip (a marked PostgreSQL or browser test above
all), on a failure, on fewer marked tests than the committed minimum, and on a run that was not
on PostgreSQL or not shuffled; a service fixture fails a test that lacks the service's marker."""

import importlib.util
from pathlib import Path

import pytest

from tests.services import require_marker

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_ci_results", ROOT / "scripts" / "check_ci_results.py")
assert spec and spec.loader
checker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checker)

GOOD_LOG = "database under test: PostgreSQL (TEST_DATABASE_URL)\nUsing --randomly-seed=1234\n"
MINIMUMS = {"all": 3, "postgres": 1, "browser": 1}


def junit(tmp_path: Path, *cases: tuple[str, str, str]) -> Path:
    """(name, markers, outcome) test cases; outcome is passed, skipped, failure or error."""
    body = []
    for name, markers, outcome in cases:
        inner = "" if outcome == "passed" else f'<{outcome} message="Chromium not found at /nonexistent"/>'
        body.append(
            f'<testcase classname="tests.x" name="{name}"><properties>'
            f'<property name="markers" value="{markers}"/></properties>{inner}</testcase>'
        )
    path = tmp_path / f"junit-{len(list(tmp_path.iterdir()))}.xml"
    path.write_text(f'<testsuites><testsuite name="pytest">{"".join(body)}</testsuite></testsuites>', encoding="utf-8")
    return path


def test_a_complete_run_passes(tmp_path: Path) -> None:
    path = junit(tmp_path, ("a", "", "passed"), ("b", "postgres", "passed"), ("c", "browser,smtp", "passed"))
    assert checker.check(path, GOOD_LOG, MINIMUMS) == []


@pytest.mark.parametrize("marker", ["postgres", "browser"])
def test_a_skipped_marked_test_fails_the_run(tmp_path: Path, marker: str) -> None:
    path = junit(tmp_path, ("a", "", "passed"), ("b", "postgres", "passed"), ("c", "browser", "passed"))
    skipped = junit(tmp_path, ("a", "", "passed"), ("b", "postgres", "passed"), ("c", "browser", "passed"),
                    ("d", marker, "skipped"))  # fmt: skip
    assert checker.check(path, GOOD_LOG, MINIMUMS) == []
    problems = checker.check(skipped, GOOD_LOG, MINIMUMS)
    assert problems == [f"{marker} test skipped: tests.x::d: Chromium not found at /nonexistent"]


def test_any_skip_fails_the_run(tmp_path: Path) -> None:
    path = junit(tmp_path, ("a", "", "passed"), ("b", "postgres", "passed"), ("c", "browser", "passed"),
                 ("d", "", "skipped"))  # fmt: skip
    assert checker.check(path, GOOD_LOG, MINIMUMS) == ["test skipped: tests.x::d: Chromium not found at /nonexistent"]


def test_fewer_marked_tests_than_the_minimum_fail_the_run(tmp_path: Path) -> None:
    path = junit(tmp_path, ("a", "", "passed"), ("b", "", "passed"), ("c", "browser", "passed"))
    assert checker.check(path, GOOD_LOG, MINIMUMS) == ["postgres: 0 tests ran and passed, fewer than the minimum 1"]


def test_failures_and_errors_fail_the_run(tmp_path: Path) -> None:
    path = junit(tmp_path, ("a", "", "failure"), ("b", "postgres", "error"), ("c", "browser", "passed"),
                 ("d", "", "passed"), ("e", "postgres", "passed"), ("f", "", "passed"))  # fmt: skip
    problems = checker.check(path, GOOD_LOG, MINIMUMS)
    assert [p.split(":")[0] for p in problems] == ["test failure", "postgres test error"]


def test_a_run_on_sqlite_or_in_file_order_fails(tmp_path: Path) -> None:
    path = junit(tmp_path, ("a", "", "passed"), ("b", "postgres", "passed"), ("c", "browser", "passed"))
    assert checker.check(path, "database under test: SQLite\n", MINIMUMS) == [
        "the suite did not run against PostgreSQL",
        "the suite did not run in random order (no pytest-randomly seed in the log)",
    ]


def test_the_committed_minimums_are_read(tmp_path: Path) -> None:
    expected = checker.read_expected(ROOT / ".ci" / "expected-counts")
    assert set(expected) == {"all", "postgres", "redis", "smtp", "browser"}
    assert all(count >= 1 for count in expected.values())


def test_a_service_fixture_refuses_a_test_without_the_marker(request: pytest.FixtureRequest) -> None:
    # This test is not marked postgres, so the rule the postgres_app fixture applies fails it.
    with pytest.raises(pytest.fail.Exception, match=r"not marked: add `@pytest.mark.postgres`"):
        require_marker(request, "postgres")


@pytest.mark.smtp
def test_a_marked_test_is_served(request: pytest.FixtureRequest) -> None:
    require_marker(request, "smtp")
    assert request.node.get_closest_marker("smtp") is not None

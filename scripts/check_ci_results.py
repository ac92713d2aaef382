"""Fail CI when the suite did not really run on PostgreSQL or in the browser.

Reads the JUnit XML of the run: the browser tests (tests/e2e/) and the PostgreSQL-only tests
must have run and passed, not been skipped, and the run's header must name PostgreSQL."""

import sys
import xml.etree.ElementTree as ET


def main(junit_path: str, log_path: str) -> int:
    tree = ET.parse(junit_path)  # noqa: S314 - our own pytest output
    cases = list(tree.iter("testcase"))

    def ran(case: ET.Element) -> bool:
        return case.find("skipped") is None and case.find("failure") is None and case.find("error") is None

    e2e = [c for c in cases if c.get("classname", "").startswith("tests.e2e.")]
    postgres_only = [c for c in cases if "postgres" in (c.get("name", "") + c.get("classname", "")).lower()]
    problems = []
    if not e2e or not all(ran(c) for c in e2e):
        skipped = [c.get("name") for c in e2e if not ran(c)]
        problems.append(f"browser tests: {len(e2e)} found, not run or not passed: {skipped}")
    if not postgres_only or not all(ran(c) for c in postgres_only):
        skipped = [c.get("name") for c in postgres_only if not ran(c)]
        problems.append(f"PostgreSQL-only tests: {len(postgres_only)} found, not run or not passed: {skipped}")
    with open(log_path, encoding="utf-8") as log:
        if "database under test: PostgreSQL" not in log.read():
            problems.append("the suite did not run against PostgreSQL")
    total = len(cases)
    passed = sum(1 for c in cases if ran(c))
    print(f"{total} tests: {passed} ran and passed, {len(e2e)} in the browser, {len(postgres_only)} PostgreSQL-only.")
    for problem in problems:
        print(f"CI check failed: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

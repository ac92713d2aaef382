"""The rule that lets CI prove what ran: a test that needs a real service carries its marker.

Every fixture that hands out PostgreSQL, Redis, an SMTP server or the browser calls
`require_marker(request, name)` first, so an unmarked test fails (it is not skipped) and
`scripts/check_ci_results.py` can count, from the markers alone, how many tests of each kind
ran. A fixture skips, with a reason naming what is missing, only when the service itself is
absent; CI fails on any skip."""

import pytest

SERVICES = {
    "postgres": "needs PostgreSQL (TEST_DATABASE_URL=postgresql+psycopg://...)",
    "redis": "needs Redis (TEST_REDIS_URL=redis://host:6379/N)",
    "smtp": "needs a real SMTP server on loopback (aiosmtpd)",
    "browser": "drives Debian's Chromium through Playwright (CHROMIUM_PATH or /usr/bin/chromium)",
}


def require_marker(request: pytest.FixtureRequest, name: str) -> None:
    """Fail the requesting test unless it carries `@pytest.mark.<name>`."""
    if request.node.get_closest_marker(name) is None:
        pytest.fail(
            f"{request.node.nodeid} uses the {name} service but is not marked: add "
            f"`@pytest.mark.{name}` to the test (or `pytestmark = pytest.mark.{name}` to its module); "
            "see CONTRIBUTING.md, 'Tests that need a service'",
            pytrace=False,
        )


def service_markers(item: pytest.Item) -> list[str]:
    return sorted(name for name in SERVICES if item.get_closest_marker(name) is not None)

"""Every status test runs with logging captured at DEBUG; afterwards no tracking code, in any
form, and no tracking-code hash may appear in what was logged (tests/logcheck.py)."""

from tests.logcheck import no_codes_in_logs  # noqa: F401 - an autouse fixture for this folder

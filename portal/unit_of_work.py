"""Where a unit of work ends: the one call to `db.session.commit()` for web requests and
commands.

Services add to the session and return; they never commit. The view that called them (or the
CLI command) calls `commit()` once, when everything the request changed is in the session, so
a submission and the outbox rows that announce it are written together or not at all. What
must follow the commit (a redirect showing a reference, logging out) comes after this call.
The outbox worker (portal/intake/worker.py) is the other commit point: each claim and each
delivery outcome is its own unit of work. The list of commit points, which a test checks, is
`COMMIT_POINTS` below."""

from collections.abc import Callable

from portal.extensions import db

_AFTER_COMMIT = "after_commit"

# The only modules that may call session.commit() (tests/test_architecture.py checks it).
COMMIT_POINTS = ("portal/unit_of_work.py", "portal/intake/worker.py")


def after_commit(action: Callable[[], None]) -> None:
    """Run `action` once this unit of work is committed (deleting the files of purged rows);
    if the commit fails, it never runs."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append(action)


def commit() -> None:
    """End the unit of work: write everything the services added to the session, then run
    what had to wait for the commit."""
    actions = db.session.info.pop(_AFTER_COMMIT, [])
    db.session.commit()
    for action in actions:
        action()

"""The start page, the information pages and the health check."""

from datetime import date
from typing import Any

from flask import current_app, jsonify, redirect, render_template, session
from sqlalchemy import func, select, text
from werkzeug.wrappers import Response

from portal import rules
from portal.constants import OutboxStatus
from portal.extensions import db
from portal.i18n import LANG_COOKIE
from portal.main import bp
from portal.models import OutboxMessage, utcnow
from portal.render_cache import page_once


@bp.route("/")
def start() -> str:
    return page_once("main/start.html")


@bp.route("/other-ways-to-report")
def other_ways() -> str:
    return render_template("main/other-ways.html")


# The day the browser checks for WCAG 2.2's new criteria (tests/e2e/test_wcag22_browser.py)
# last passed on the whole suite; the accessibility statement shows it. Change it only after a
# passing run (CONTRIBUTING.md, "Accessibility").
WCAG22_CHECKS_LAST_PASSED = date(2026, 12, 7)


@bp.route("/accessibility")
def accessibility() -> str:
    return render_template("main/accessibility.html", checks_passed=WCAG22_CHECKS_LAST_PASSED)


@bp.route("/privacy")
def privacy() -> str:
    return render_template("main/privacy.html", retention_days=rules.current().retention.report_content_days)


@bp.route("/cookies")
def cookies() -> str:
    return render_template("main/cookies.html")


@bp.route("/exit")
def exit_page() -> Response:
    """Where "Exit this page" goes first (with JavaScript, replacing the page in the tab's
    history): forget this browser's drafts and status sign-in, so Back shows no answers,
    then on to the neutral site. A GET, so the person never waits on a form; the cookies are
    SameSite=Lax, so another site cannot trigger it from an image or a script."""
    session.clear()
    response = redirect(current_app.config["EXIT_PAGE_URL"])
    response.delete_cookie(LANG_COOKIE)
    return response


@bp.route("/_status")
def health() -> tuple[Response, int]:
    """For monitoring: no personal data, only whether the parts work and the queue's state."""
    body: dict[str, Any] = {"database": "ok"}
    status = 200
    try:
        db.session.execute(text("SELECT 1"))
        body["migration"] = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        pending = [OutboxStatus.PENDING, OutboxStatus.RETRYING, OutboxStatus.SENDING]
        count, oldest = db.session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(OutboxMessage.status.in_(pending))
        ).one()
        body["outbox_pending"] = int(count)
        body["outbox_oldest_pending_seconds"] = int((utcnow() - oldest).total_seconds()) if oldest else 0
        body["outbox_dead"] = int(
            db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.DEAD)) or 0
        )
    except Exception as error:  # reported, not raised: this page must answer when the DB is down
        db.session.rollback()
        body = {"database": "unavailable", "error": type(error).__name__}
        status = 503
    return jsonify(body), status

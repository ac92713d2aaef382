"""Error pages: every failure gets a translated GOV.UK-style page, never a stack trace."""

import logging

from flask import Flask, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal import problems
from portal.edge import UnreadableForm
from portal.extensions import db

log = logging.getLogger(__name__)


def _page(
    status: int, title: str, body: str, back: str | None = None, error: HTTPException | None = None
) -> ResponseReturnValue:
    """The error page, or under /api/ the same error as a problem document (portal.problems)."""
    headers = problems.error_headers(status, error)
    if problems.wants_problem():
        detail = error.description if error is not None and status < 500 else None
        return problems.problem(status, detail, headers)
    return render_template("errors/error.html", title=title, body=body, back=back), status, headers


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def stale_form(error: CSRFError) -> ResponseReturnValue:
        # A journey page re-renders itself with what was typed and a message; others get a page.
        endpoint = request.endpoint or ""
        view = app.view_functions.get(endpoint)
        if request.method == "POST" and view is not None and getattr(view, "keeps_input_on_stale_form", False):
            g.stale_form = True
            return view(**(request.view_args or {}))  # type: ignore[return-value]
        return _page(
            400,
            _("This page has timed out"),
            _("The form was out of date, so we did not save it. Go back to the page and try again."),
            back=request.path,
        )

    @app.errorhandler(UnreadableForm)
    def unreadable_form(error: UnreadableForm) -> ResponseReturnValue:
        return _page(
            400,
            _("We could not read what you sent"),
            _("Your browser sent the form in a way we could not read, so nothing was saved. Go back and try again."),
            back=request.path,
        )

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> ResponseReturnValue:
        return _page(
            404,
            _("Page not found"),
            _("If you typed the web address, check it is correct. If you pasted it, check you copied all of it."),
            error=error,
        )

    @app.errorhandler(405)
    def method_not_allowed(error: HTTPException) -> ResponseReturnValue:
        return _page(
            405,
            _("This page cannot be used in that way"),
            _("The page exists, but your browser asked for it in a way it does not accept. Go back and try again."),
            back=request.path,
            error=error,
        )

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> ResponseReturnValue:
        return _page(
            413,
            _("The file is too large"),
            _("What you sent was too large. Each file must be smaller than 10 MB. Go back and choose a smaller file."),
            back=request.path,
            error=error,
        )

    @app.errorhandler(429)
    def too_many(error: HTTPException) -> ResponseReturnValue:
        return _page(
            429,
            _("Too many attempts"),
            _("You have tried too many times. Wait an hour, then try again. If you need help now, call us."),
            error=error,
        )

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError) -> ResponseReturnValue:
        db.session.rollback()
        log.error("database error: %s", type(error).__name__)
        return _page(
            503,
            _("Sorry, there is a problem with the service"),
            _("Nothing you sent has been lost or stored twice. Your answers are saved. Try again in a few minutes."),
            back=request.path if request.method == "GET" else None,
        )

    @app.errorhandler(HTTPException)
    def other_http(error: HTTPException) -> ResponseReturnValue:
        if error.code and error.code < 500:
            return _page(
                error.code,
                _("There is a problem"),
                _("We could not do what you asked. Go back and try again."),
                back=request.path,
                error=error,
            )
        return _page(
            error.code or 500,
            _("Sorry, there is a problem with the service"),
            _("Try again later."),
            error=error,
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        log.exception("unexpected error")
        return _page(
            500,
            _("Sorry, there is a problem with the service"),
            _("Nothing you sent has been stored twice. Try again later, or call us."),
        )

"""Machine interfaces. Answers are JSON, errors RFC 9457 problem documents (portal.problems);
nothing here uses the session."""

from typing import Any

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from portal import problems
from portal.api import bp
from portal.api.openapi import openapi_document
from portal.api.reports import ReportRejected, accept_report
from portal.api.updates import UpdateRejected, apply_signed_update
from portal.apikeys import authenticate_api_key
from portal.edge import UnreadableForm
from portal.extensions import limiter
from portal.unit_of_work import commit


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException) -> Response:
    return problems.for_http_error(error)


@bp.errorhandler(UnreadableForm)
def unreadable(error: UnreadableForm) -> Response:
    return problems.problem(400, "the body is not UTF-8")


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.route("/updates", methods=["POST"])
def updates() -> Any:
    try:
        result = apply_signed_update(dict(request.headers), request.get_data(cache=False))
    except UpdateRejected as rejected:
        return problems.problem(rejected.status, rejected.reason)
    commit()
    return jsonify(result), 200


def _reports_limit() -> str:
    return str(current_app.config["PARTNER_API_LIMIT"])


@bp.route("/reports", methods=["POST"])
@limiter.limit(_reports_limit)
def reports() -> Any:
    header = request.headers.get("Authorization")
    organisation = authenticate_api_key(header)
    if organisation is None:
        return problems.problem(401, "the API key is missing, wrong or revoked", {"WWW-Authenticate": "Bearer"})
    if not request.is_json:
        return problems.problem(
            415, "the body must be JSON (Content-Type: application/json)", {"Accept-Post": "application/json"}
        )
    api_key = (header or "").strip().removeprefix("Bearer ").removeprefix("bearer ").strip()
    try:
        accepted = accept_report(
            organisation,
            api_key,
            request.headers.get("Idempotency-Key"),
            request.get_data(cache=False),
            current_app.config,
        )
    except ReportRejected as rejected:
        extra = {"errors": rejected.errors} if rejected.errors else {}
        return problems.problem(rejected.status, rejected.reason, **extra)
    commit()
    submission = accepted.submission
    return jsonify(
        {
            "reference": submission.reference,
            "tracking_code": accepted.tracking_code,
            "assessment_due": submission.assessment_due.isoformat(),
            "immediate_attention": submission.immediate_attention,
        }
    ), (201 if accepted.created else 200)

"""Machine interfaces. Answers are JSON, including errors; nothing here uses the session."""

from typing import Any

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from portal.api import bp
from portal.api.openapi import openapi_document
from portal.api.reports import ReportRejected, accept_report
from portal.api.updates import UpdateRejected, apply_signed_update
from portal.apikeys import authenticate_api_key
from portal.extensions import limiter
from portal.unit_of_work import commit


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException) -> tuple[Response, int]:
    return jsonify({"error": error.name}), error.code or 500


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.route("/updates", methods=["POST"])
def updates() -> Any:
    try:
        result = apply_signed_update(dict(request.headers), request.get_data(cache=False))
    except UpdateRejected as rejected:
        return jsonify({"error": rejected.reason}), rejected.status
    commit()
    return jsonify(result), 200


@bp.route("/reports", methods=["POST"])
@limiter.limit("60 per minute")
def reports() -> Any:
    header = request.headers.get("Authorization")
    organisation = authenticate_api_key(header)
    if organisation is None:
        response = jsonify({"error": "the API key is missing, wrong or revoked"})
        response.headers["WWW-Authenticate"] = "Bearer"
        return response, 401
    if not request.is_json:
        return jsonify({"error": "the body must be JSON (Content-Type: application/json)"}), 415
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
        body: dict[str, Any] = {"error": rejected.reason}
        if rejected.errors:
            body["errors"] = rejected.errors
        return jsonify(body), rejected.status
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

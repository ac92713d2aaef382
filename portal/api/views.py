"""Machine interfaces. Answers are JSON, including errors; nothing here uses the session."""

from typing import Any

from flask import jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from portal.api import bp
from portal.api.openapi import openapi_document
from portal.api.updates import UpdateRejected, apply_signed_update


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
    return jsonify(result), 200

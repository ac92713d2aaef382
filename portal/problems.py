"""Errors as RFC 9457 problem documents (application/problem+json) for the machine interfaces
under /api/, and the headers every error answer needs, HTML or not: `Allow` on 405 and
`Retry-After` on 429."""

import math
import time
from http import HTTPStatus
from typing import Any

from flask import Response, current_app, json, request
from werkzeug.exceptions import HTTPException

from portal.extensions import limiter

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def wants_problem() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """A problem document. `error` repeats the detail for clients written before RFC 9457."""
    body: dict[str, Any] = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
        body["error"] = detail
    body.update(extra)
    response = current_app.response_class(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def retry_after_seconds() -> int:
    """Seconds until the limit that was hit lets the client in again (at least 1)."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def error_headers(status: int, error: HTTPException | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if status == 405 and error is not None:
        allow = dict(error.get_headers()).get("Allow")
        if allow:
            headers["Allow"] = allow
    if status == 429:
        headers["Retry-After"] = str(retry_after_seconds())
    return headers


def for_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    detail = error.description if status < 500 else None
    return problem(status, detail, error_headers(status, error))

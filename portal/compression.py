"""Compressed HTML (brotli or gzip, as the client accepts) for pages that carry no secret.

BREACH: a response that reflects something an attacker can influence and also holds a secret
leaks the secret through its compressed size. So these are never compressed:

- any page with a CSRF token (every form: the report and Community Trigger questions, the
  look-up, sign-in), since the token is a per-session secret;
- the status pages and every confirmation page (a tracking code, a reference, case details);
- anything a signed-in member of staff or partner sees (personal data of reporters).

What is left is the public information pages (start page, accessibility, privacy, cookies,
other ways to report, published Community Trigger figures, error pages). Static files are
pre-compressed by portal/static_files.py."""

from __future__ import annotations

import gzip

import brotli
from flask import Flask, Response, g, request
from flask_login import current_user

MINIMUM = 500
NEVER_BLUEPRINTS = {"status", "casework", "partners", "partners_admin", "partners_report", "trigger_staff", "api"}


def _carries_secret() -> bool:
    if "csrf_token" in g or g.get("no_compression"):
        return True
    endpoint = request.endpoint or ""
    if request.blueprint in NEVER_BLUEPRINTS or endpoint.endswith("confirmation"):
        return True
    return bool(getattr(current_user, "is_authenticated", False))


def _accepted(header: str) -> str | None:
    """br if the client accepts it, else gzip, else None (a q of 0 refuses a coding)."""
    weights = {}
    for part in header.split(","):
        coding, _, params = part.partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        weights[coding.strip().lower()] = weight
    return next((coding for coding in ("br", "gzip") if weights.get(coding, 0) > 0), None)


def compress_response(response: Response) -> Response:
    if (
        response.mimetype != "text/html"
        or response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    coding = _accepted(request.headers.get("Accept-Encoding", ""))
    if coding is None or _carries_secret():
        return response
    body = response.get_data()
    if len(body) < MINIMUM:
        return response
    response.set_data(brotli.compress(body, quality=2) if coding == "br" else gzip.compress(body, 1))
    response.headers["Content-Encoding"] = coding
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress_response)

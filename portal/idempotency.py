"""Submission tokens: every final form carries a random token, stored (unique) with what the
POST creates. A repeated or simultaneous POST of the same form finds the row the first one
stored and answers with the same confirmation, instead of storing it twice or failing.

Templates add the hidden field with ``{{ submission_token_field() }}``; views read it with
``posted_token()`` and hand it to the service. A missing or malformed token (an old page) is
treated as no token: the request still works, it is only not deduplicated by token."""

import re
import secrets

from flask import Flask, request
from markupsafe import Markup, escape

FIELD = "submission_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_token(value: object) -> bool:
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def posted_token() -> str | None:
    """The token the submitted form carried, if it is one of ours in shape."""
    value = request.form.get(FIELD) if request.method == "POST" else None
    return value if is_token(value) else None


def form_token() -> str:
    """The token for a form being rendered: the posted one when a form is shown again after an
    error (nothing was stored), else a fresh one."""
    return posted_token() or new_token()


def submission_token_field() -> Markup:
    # The value is checked against _TOKEN, so it never holds markup; escaped all the same.
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(form_token()))


def init_app(app: Flask) -> None:
    app.add_template_global(submission_token_field)

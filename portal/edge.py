"""Input normalised at the edge, the same for the web forms and the API (docs/security.md):

- NUL and every other C0 and C1 control character is removed, except tab and newline; a
  carriage return is dropped, so a textarea's CRLF is stored as a newline;
- bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069),
  which can make text that staff read look different from what it is, are removed; the plain
  direction marks (U+200E, U+200F, U+061C) that right-to-left writers use are kept;
- the text is normalised to Unicode NFC.

A form body that is not valid UTF-8 cannot be read as what the person typed, so it is refused
with its own message (400) before anything looks at it."""

import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask, request

_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORM_TYPES = ("application/x-www-form-urlencoded",)


def clean_text(value: Any) -> Any:
    """Text as it is stored: controls and bidi overrides removed, NFC. Anything else as it is."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", _UNWANTED.sub("", value))


def is_readable_form(body: bytes) -> bool:
    """Whether an urlencoded body is UTF-8 throughout, raw and percent-encoded."""
    try:
        text = body.decode("utf-8")
        parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return True


class UnreadableForm(Exception):
    """The form body is not UTF-8: shown as its own 400 page by portal.errors."""


def _refuse_unreadable_forms() -> None:
    if request.method != "POST" or request.mimetype not in FORM_TYPES:
        return
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        return  # werkzeug answers 413 when the form is read
    # Cached, so the form parser reads the same bytes afterwards.
    if not is_readable_form(request.get_data(cache=True)):
        raise UnreadableForm


def init_app(app: Flask) -> None:
    # First of all before-request hooks, so CSRF protection does not call it a stale page.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_unreadable_forms)

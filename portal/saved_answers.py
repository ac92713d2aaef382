"""The "saved answers" file of "Save and come back later": a reporter who gives nothing
personal can download their unfinished answers and upload them later, on any device.

The file is JSON with a format name, a version and an HMAC-SHA256 signature keyed with the
app's secret key, so a changed file is refused. Evidence photos are never in it. A signed
file is still not trusted: every page's answers are checked again through the page's own
form, and a page whose answers do not pass is left out (the reporter is asked it again)."""

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from flask import current_app
from werkzeug.datastructures import MultiDict

from portal.core.answers import Answers
from portal.models import Draft, utcnow

FORMAT = "safe-in-the-city.saved-answers"
VERSION = 1


class BadFile(Exception):
    """The upload is not a saved-answers file of this portal, or it was changed."""


def _signature(body: dict[str, Any]) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key, b"saved-answers:" + text.encode("ascii"), hashlib.sha256).hexdigest()


def file_bytes(draft: Draft, skip_pages: Iterable[str]) -> bytes:
    """The signed file of a draft's answers, without the pages in ``skip_pages`` (evidence)."""
    skipped = set(skip_pages)
    pages = {name: answers for name, answers in Answers(draft.data).pages.items() if name not in skipped}
    body = {
        "format": FORMAT,
        "version": VERSION,
        "journey": draft.journey,
        "saved_at": utcnow().isoformat(),
        "pages": pages,
    }
    return json.dumps({**body, "signature": _signature(body)}, ensure_ascii=False, indent=1).encode()


def read_file(data: bytes, max_bytes: int) -> tuple[str, dict[str, dict[str, Any]]]:
    """The journey and the pages of a saved-answers file; BadFile when it is too big, not
    JSON, another format or version, or its signature does not match."""
    if not data or len(data) > max_bytes:
        raise BadFile()
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nesting too deep
        raise BadFile() from None
    if not isinstance(content, dict) or not isinstance(content.get("signature"), str):
        raise BadFile()
    body = {key: value for key, value in content.items() if key != "signature"}
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, so a 500).
    given = content["signature"].encode("utf-8", "surrogatepass")
    if not hmac.compare_digest(_signature(body).encode(), given):
        raise BadFile()
    if body.get("format") != FORMAT or body.get("version") != VERSION:
        raise BadFile()
    journey, pages = body.get("journey"), body.get("pages")
    if not isinstance(journey, str) or not isinstance(pages, dict):
        raise BadFile()
    return journey, {name: answers for name, answers in pages.items() if isinstance(answers, dict)}


def as_formdata(answers: dict[str, Any]) -> MultiDict[str, str]:
    """A page's stored answers as the form post that would give them (dates as day, month, year)."""
    posted: MultiDict[str, str] = MultiDict()
    _add(posted, "", answers)
    return posted


def _add(posted: MultiDict[str, str], prefix: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _add(posted, f"{prefix}-{key}" if prefix else str(key), item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str | int):
                posted.add(prefix, str(item))
    elif value is True:
        posted.add(prefix, "y")
    elif isinstance(value, str | int | float) and value is not False:
        posted.add(prefix, str(value))

"""The spam check on the final submit of each public journey, with no puzzle for people
(WCAG 2.2, 3.3.8): a proof-of-work challenge (ALTCHA, made and checked here, no third party)
that static/spam-check.js solves in the background, and a honeypot field that people never see.

- a solved, valid, unexpired challenge not used before: sent, checked;
- no solution and no sign of JavaScript (the script adds the ``js`` field): sent, marked for
  the duty desk as sent without the check;
- a solution that is wrong, expired or used before, JavaScript without a solution, or the
  honeypot filled in: refused, nothing stored, the page shown again with a message.

A used challenge's signature is kept (``UsedChallenge``) until it expires, in the transaction
that stores the submission. Nothing here reads or keeps the client's address."""

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, cast

from altcha import ChallengeOptionsV1, PayloadV1, create_challenge_v1, extract_params_v1, verify_solution_v1
from flask import Flask, current_app, g, request
from sqlalchemy import String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.idempotency import posted_token
from portal.models import Submission, UTCDateTime, utcnow


class UsedChallenge(db.Model):  # type: ignore[name-defined]
    """A solved spam-check challenge already spent on a submission, kept until it expires so that
    the same solution cannot send a second one (portal/bot_check.py)."""

    __tablename__ = "used_challenges"

    signature: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


PAYLOAD_FIELD = "altcha"
JS_FIELD = "js"
# A name that no browser's autofill knows, so that a person's browser leaves it empty.
HONEYPOT_FIELD = "leave_this_blank"
ALGORITHM: Literal["SHA-256"] = "SHA-256"


class Outcome(StrEnum):
    CHECKED = "checked"
    UNCHECKED = "unchecked"  # no JavaScript: sent without the check
    REFUSED = "refused"


@dataclass(frozen=True)
class Solution:
    signature: str
    expires_at: datetime


def _key() -> bytes:
    """The HMAC key of the challenges, derived from the app's secret (never the secret itself)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"portal.bot_check.challenge", hashlib.sha256).digest()


def new_challenge(expires: datetime | None = None) -> dict[str, Any]:
    """A fresh challenge for one rendering of a final-submit page (as the script reads it)."""
    minutes = current_app.config["SPAM_CHECK_MINUTES"]
    options = ChallengeOptionsV1(
        algorithm=ALGORITHM,
        max_number=int(current_app.config["SPAM_CHECK_MAX_NUMBER"]),
        hmac_key=_key(),
        expires=expires or utcnow() + timedelta(minutes=minutes),
    )
    challenge = create_challenge_v1(options)
    return dict(challenge.to_dict())


def challenge_json() -> str:
    """The template global: a new challenge as JSON for the page's data attribute."""
    return json.dumps(new_challenge(), separators=(",", ":"))


def _decoded(payload: str) -> dict[str, Any] | None:
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(data, dict):
        return None
    text_fields = ("algorithm", "challenge", "salt", "signature")
    if not all(isinstance(data.get(name), str) for name in text_fields):
        return None
    if not isinstance(data.get("number"), int) or isinstance(data.get("number"), bool):
        return None
    return data


def _valid_solution(payload: str) -> Solution | None:
    """The solution's signature and expiry when it solves one of our unexpired challenges."""
    data = _decoded(payload)
    if data is None or data["algorithm"] != ALGORITHM or len(data["signature"]) > 128:
        return None
    expires = extract_params_v1(data).get("expires")  # type: ignore[arg-type]
    if not expires or not expires[0].isdigit():
        return None  # every challenge made here expires
    verified, _ = verify_solution_v1(PayloadV1.from_dict(cast(Any, data)), _key(), check_expires=True)
    if not verified:
        return None
    return Solution(data["signature"], datetime.fromtimestamp(int(expires[0]), tz=UTC))


def _used(signature: str) -> bool:
    found = db.session.scalar(select(UsedChallenge.signature).where(UsedChallenge.signature == signature))
    return found is not None


def _stored_with_this_form() -> bool:
    """This very form was sent before (a second click): its first POST spent the challenge."""
    token = posted_token()
    return (
        token is not None
        and db.session.scalar(select(Submission.id).where(Submission.submission_token == token)) is not None
    )


def check_submission() -> tuple[Outcome, Solution | None]:
    """Check the posted final form: the outcome, and the solution to spend once it is stored."""
    form = request.form
    if form.get(HONEYPOT_FIELD, "").strip():
        return Outcome.REFUSED, None
    payload = form.get(PAYLOAD_FIELD, "").strip()
    if not payload:
        return (Outcome.REFUSED if form.get(JS_FIELD) else Outcome.UNCHECKED), None
    solution = _valid_solution(payload)
    if solution is None:
        return Outcome.REFUSED, None
    if _used(solution.signature):
        # Spent by this very form's first POST (a second click): that one's confirmation.
        return (Outcome.CHECKED if _stored_with_this_form() else Outcome.REFUSED), None
    return Outcome.CHECKED, solution


def check_final_submit() -> bool:
    """For a journey's final POST: check it, remember the outcome for the journey's submit
    (``sent_unchecked``) and ``spend``, and answer whether it may be stored."""
    g.spam_check, g.spam_check_solution = check_submission()
    return g.spam_check is not Outcome.REFUSED


def spend() -> bool:
    """After the journey's submit, before the commit: mark the solution as used. False (and
    everything the request stored rolled back) when another form raced this one with the same
    solution; a second click on this same form finds its first POST's row and is let through."""
    solution = g.get("spam_check_solution")
    if solution is None:
        return True
    forget_expired()
    db.session.add(UsedChallenge(signature=solution.signature, expires_at=solution.expires_at))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _stored_with_this_form()
    return True


def sent_unchecked() -> bool:
    """True when the final POST being handled was sent without the check (no JavaScript)."""
    return g.get("spam_check") is Outcome.UNCHECKED


def forget_expired(now: datetime | None = None) -> int:
    """Delete the used challenges that have expired (they can no longer be replayed)."""
    result = db.session.execute(delete(UsedChallenge).where(UsedChallenge.expires_at < (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)


def init_app(app: Flask) -> None:
    app.add_template_global(challenge_json, "spam_check_challenge")
    app.jinja_env.globals["spam_check_fields"] = {"payload": PAYLOAD_FIELD, "js": JS_FIELD, "honeypot": HONEYPOT_FIELD}

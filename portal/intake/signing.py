"""Standard Webhooks signatures: HMAC-SHA256 over "<msg id>.<timestamp>.<body>".

Used both ways: the webhook adapter signs what it sends to the case system, and the
status-update API verifies what the case system sends back.

`verify` checks the signature and the timestamp window only. Replay protection is the
caller's job: it must store the ids `verify` returns (for at least the tolerance window)
and reject an id it has already seen.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SIGNATURE_VERSION = "v1"
DEFAULT_TOLERANCE = 300


class SignatureError(Exception):
    """The request is not signed by a holder of any configured secret; `reason` is safe to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _key(secret: str) -> bytes:
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
        except binascii.Error:
            raise ValueError("webhook secret is not valid base64 after 'whsec_'") from None
    if not secret:
        raise ValueError("webhook secret is empty")
    return secret.encode()


def _digest(key: bytes, msg_id: str, timestamp: int, body: bytes) -> bytes:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return hmac.new(key, signed, hashlib.sha256).digest()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The "v1,<base64>" signature of one message."""
    digest = _digest(_key(secret), msg_id, timestamp, body)
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def signature_headers(secret: str, msg_id: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(time.time() if now is None else now)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }


def verify(
    secrets: Sequence[str],
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = DEFAULT_TOLERANCE,
) -> str:
    """Return the message id if `body` carries a valid signature by any of `secrets`.

    Several secrets are accepted so that a secret can be rotated without downtime. Raises
    SignatureError for missing headers, a malformed or out-of-window timestamp, or no
    matching signature. The caller must still reject ids it has seen before.
    """
    if not secrets:
        raise ValueError("no webhook secrets configured")
    keys = [_key(secret) for secret in secrets]
    lowered = {name.lower(): value for name, value in headers.items()}
    msg_id = lowered.get("webhook-id", "")
    raw_timestamp = lowered.get("webhook-timestamp", "")
    raw_signatures = lowered.get("webhook-signature", "")
    if not msg_id or not raw_timestamp or not raw_signatures:
        raise SignatureError("missing webhook headers")

    if not (raw_timestamp.isascii() and raw_timestamp.isdigit()):
        raise SignatureError("invalid timestamp")
    timestamp = int(raw_timestamp)
    current = time.time() if now is None else now
    if timestamp < current - tolerance:
        raise SignatureError("timestamp too old")
    if timestamp > current + tolerance:
        raise SignatureError("timestamp too far in the future")

    candidates = []
    for entry in raw_signatures.split():
        version, _, encoded = entry.partition(",")
        if version == SIGNATURE_VERSION and encoded:
            candidates.append(encoded.encode())
    matched = False
    for key in keys:
        expected = base64.b64encode(_digest(key, msg_id, timestamp, body))
        for candidate in candidates:
            # Keep comparing after a match so timing says nothing about which one matched.
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise SignatureError("no matching signature")
    return msg_id

"""Time-based one-time codes (RFC 6238): the second factor for partner admins and lay visitors."""

import re

import pyotp

_NOT_DIGITS = re.compile(r"[\s-]")


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an authenticator app."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def code_is_valid(secret: str, code: str) -> bool:
    # One step either side allows for a phone clock that is a little out.
    cleaned = _NOT_DIGITS.sub("", code or "")
    if not cleaned.isdigit() or len(cleaned) != 6:
        return False
    return pyotp.TOTP(secret).verify(cleaned, valid_window=1)

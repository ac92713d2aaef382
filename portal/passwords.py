"""Password rules (NCSC / NIST style): 12 to 128 characters, no composition rules, and not
one of the commonly used passwords in the list shipped with the project."""

from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"


class PasswordRejected(Exception):
    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    with COMMON_PASSWORDS.open(encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(_l("Password must be 12 characters or more"))
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(_l("Password must be 128 characters or fewer"))
    if password.lower() in _common():
        raise PasswordRejected(_l("This password is too common. Choose a different password"))

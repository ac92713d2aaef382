"""Columns encrypted at rest: the answers of unfinished journeys (drafts) are stored as Fernet
tokens (AES-128-CBC with HMAC-SHA256, from the `cryptography` package), not as readable JSON,
so a copy of the database or a backup alone does not give them away.

The key is derived from the app's secret key (SECRET_KEY) with a label of its own; when the
secret key changes, drafts saved before cannot be read and count as expired."""

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    if not secret:
        raise ValueError("SECRET_KEY is required to encrypt drafts")
    key = hashlib.sha256(b"portal-draft-encryption:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_json(value: Any) -> str:
    return _fernet().encrypt(json.dumps(value, separators=(",", ":")).encode()).decode("ascii")


def decrypt_json(token: str) -> Any:
    """The stored value; None when it cannot be read (another key, or not encrypted)."""
    try:
        return json.loads(_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError):
        return None


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value, encrypted in the database (a text column of Fernet tokens)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else encrypt_json(value)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else decrypt_json(value)

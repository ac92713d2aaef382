"""Partner API keys: shown once, stored as a SHA-256 hash, found by a public prefix,
rotatable and revocable by the organisation's admin."""

import hashlib
import hmac
import secrets

from sqlalchemy import select

from portal.extensions import db
from portal.models import ApiKey, Organisation, utcnow

KEY_LABEL = "sitc"


class TooManyKeys(Exception):
    pass


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _issue(organisation_id: int, created_by_id: int | None) -> tuple[ApiKey, str]:
    prefix = secrets.token_hex(6)
    plain = f"{KEY_LABEL}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(organisation_id=organisation_id, prefix=prefix, key_hash=_digest(plain), created_by_id=created_by_id)
    db.session.add(key)
    db.session.flush()  # the caller shows the key's id before the request commits
    return key, plain


def active_keys(organisation_id: int) -> list[ApiKey]:
    return list(
        db.session.scalars(
            select(ApiKey)
            .where(ApiKey.organisation_id == organisation_id, ApiKey.revoked_at.is_(None))
            .order_by(ApiKey.created_at)
        )
    )


def create_api_key(organisation_id: int, created_by_id: int | None, limit: int) -> tuple[ApiKey, str]:
    """A new key; the plain value exists only in the return value."""
    if len(active_keys(organisation_id)) >= limit:
        raise TooManyKeys
    key, plain = _issue(organisation_id, created_by_id)
    return key, plain


def _own_key(organisation_id: int, key_id: int) -> ApiKey | None:
    return db.session.scalar(
        select(ApiKey).where(
            ApiKey.id == key_id, ApiKey.organisation_id == organisation_id, ApiKey.revoked_at.is_(None)
        )
    )


def rotate_api_key(organisation_id: int, key_id: int, created_by_id: int | None) -> tuple[ApiKey, str] | None:
    """Replace a key: the old one stops working at once, in the same transaction."""
    old = _own_key(organisation_id, key_id)
    if old is None:
        return None
    old.revoked_at = utcnow()
    key, plain = _issue(organisation_id, created_by_id)
    return key, plain


def revoke_api_key(organisation_id: int, key_id: int) -> bool:
    key = _own_key(organisation_id, key_id)
    if key is None:
        return False
    key.revoked_at = utcnow()
    return True


def authenticate_api_key(header_value: str | None) -> Organisation | None:
    """The organisation an `Authorization: Bearer sitc_<prefix>_<secret>` header (or the bare key)
    belongs to, or None. Marks the key as used; the caller's commit stores that."""
    value = (header_value or "").strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    parts = value.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_LABEL or not parts[2] or len(value) > 200:
        return None
    key = db.session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if key is None or key.revoked_at is not None:
        return None
    if not hmac.compare_digest(_digest(value), key.key_hash):
        return None
    if not key.organisation.active:
        return None
    key.last_used_at = utcnow()
    return key.organisation

"""Server-side drafts of multi-page journeys. The session cookie carries only a random id and
a random seed; the answers stay on the server and expire after a configurable idle time.

The seed never reaches the server's storage: the tracking code is derived from it, so the
confirmation page can be shown again (after a double click, say) without keeping the code."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, session
from sqlalchemy import delete, select, update

from portal.constants import Channel
from portal.core.tracking import TrackingCodeError, hash_resume_code, new_resume_code, parse_resume_code
from portal.evidence import delete_evidence
from portal.extensions import db
from portal.forms import normalise_uk_phone
from portal.intake.outbox import enqueue
from portal.models import Draft, Evidence, Submission, utcnow
from portal.notify import draft_link

SESSION_KEY = "drafts"


class DraftExpired(Exception):
    """The session names a draft that has expired or been removed."""


def _lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["DRAFT_LIFETIME_MINUTES"])


def _ids() -> dict[str, dict[str, str]]:
    return dict(session.get(SESSION_KEY, {}))


def current_draft(journey: str) -> Draft | None:
    """The live draft of this journey, None if there is none, DraftExpired if it timed out."""
    draft_id = _ids().get(journey, {}).get("id")
    if not draft_id:
        return None
    draft = db.session.get(Draft, draft_id)
    if draft is None or not _live(draft):
        raise DraftExpired(journey)
    return draft


def _live(draft: Draft) -> bool:
    """Not expired, and readable (answers encrypted under an earlier secret key are not)."""
    return draft.expires_at > utcnow() and draft.data is not None


def start_draft(journey: str, data: dict[str, Any] | None = None) -> Draft:
    now = utcnow()
    draft = Draft(
        id=secrets.token_urlsafe(32),
        journey=journey,
        data=data or {},
        created_at=now,
        updated_at=now,
        expires_at=now + _lifetime(),
    )
    db.session.add(draft)
    ids = _ids()
    ids[journey] = {"id": draft.id, "seed": secrets.token_hex(32)}
    session[SESSION_KEY] = ids
    return draft


def submitted(journey: str) -> Submission | None:
    """The submission this session's draft of the journey became, for its confirmation page;
    None when there is no draft, it has expired, or it was not sent."""
    try:
        draft = current_draft(journey)
    except DraftExpired:
        return None
    return db.session.get(Submission, draft.submission_id) if draft and draft.submission_id else None


def draft_seed(journey: str) -> bytes:
    """The secret seed of this session's draft of the journey."""
    return bytes.fromhex(_ids()[journey]["seed"])


def forget_draft(journey: str) -> None:
    ids = _ids()
    if ids.pop(journey, None):
        session[SESSION_KEY] = ids


def save_answers(draft: Draft, page: str, answers: dict[str, Any]) -> None:
    """Store one page's answers and push the expiry back."""
    pages = dict(draft.data.get("pages", {}))
    pages[page] = answers
    # A new dict, so SQLAlchemy sees the JSON column change.
    draft.data = {**draft.data, "pages": pages}
    touch(draft)


def touch(draft: Draft) -> None:
    now = utcnow()
    draft.updated_at = now
    draft.expires_at = now + _lifetime()


def purge_expired(now: datetime | None = None) -> int:
    """Remove drafts that expired; those already turned into submissions go too. Files uploaded
    to a draft that was never sent go with it (their rows now, the files after the commit), and
    so do any left by a draft removed before."""
    expired = select(Draft.id).where(Draft.expires_at <= (now or utcnow()))
    unsent = db.session.scalars(
        select(Evidence).where(
            Evidence.submission_id.is_(None),
            Evidence.draft_id.is_not(None),
            Evidence.draft_id.in_(expired) | Evidence.draft_id.not_in(select(Draft.id)),
        )
    ).all()
    delete_evidence(list(unsent), current_app.config["EVIDENCE_DIR"])
    result = db.session.execute(delete(Draft).where(Draft.expires_at <= (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)


# ---- save and come back later ---------------------------------------------------------------


def keep_for_return(draft: Draft) -> datetime:
    """Keep a draft for the saved-draft lifetime instead of the idle time; returns its new end."""
    now = utcnow()
    draft.updated_at = now
    draft.expires_at = now + timedelta(hours=current_app.config["SAVED_DRAFT_LIFETIME_HOURS"])
    return draft.expires_at


def new_resume_code_for(draft: Draft) -> str:
    """A new resume code for the draft (the one before stops working); only its hash is kept."""
    code = new_resume_code()
    draft.resume_code_hash = hash_resume_code(parse_resume_code(code), current_app.config["TRACKING_CODE_PEPPER"])
    keep_for_return(draft)
    return code


def find_by_resume_code(text: str) -> Draft | None:
    """The live, unsent draft a typed resume code opens; None for a wrong, unknown, used or
    expired code alike."""
    try:
        canonical = parse_resume_code(text)
    except TrackingCodeError:
        return None
    digest = hash_resume_code(canonical, current_app.config["TRACKING_CODE_PEPPER"])
    draft = db.session.scalar(select(Draft).where(Draft.resume_code_hash == digest))
    if draft is None or not _live(draft) or draft.submission_id is not None:
        return None
    return draft


def adopt(draft: Draft) -> Draft:
    """Move a saved draft into this browser's session: a new id (the browser that saved it
    can no longer open it), its evidence with it, the resume code used up, the idle time again."""
    moved = start_draft(draft.journey, dict(draft.data))
    db.session.flush()
    db.session.execute(update(Evidence).where(Evidence.draft_id == draft.id).values(draft_id=moved.id))
    db.session.delete(draft)
    return moved


def _keyed(label: str, value: str) -> str:
    pepper = current_app.config["TRACKING_CODE_PEPPER"]
    if not pepper:
        raise ValueError("a pepper is required")
    return hmac.new(pepper.encode(), f"{label}:{value}".encode(), hashlib.sha256).hexdigest()


def _normalised_contact(channel: str, address: str) -> str:
    """An email address in lower case; a phone number as its UK digits."""
    if channel == Channel.SMS:
        return normalise_uk_phone(address) or address.strip()
    return address.strip().casefold()


def send_link(draft: Draft, channel: str, address: str, endpoint: str, language: str, until: str) -> None:
    """Queue a link back to the draft by email or text message; only keyed hashes are kept on
    the draft, and the link sent before stops working."""
    nonce = draft_link.new_nonce()
    token = draft_link.link_token(nonce, current_app.config["SECRET_KEY"])
    draft.link_token_hash = _keyed("draft-link", token)
    draft.link_contact_hash = _keyed("draft-contact", _normalised_contact(channel, address))
    draft.link_attempts = 0
    keep_for_return(draft)
    payload = {
        "nonce": nonce,
        "channel": channel,
        "address": address,
        "endpoint": endpoint,
        "language": language,
        "until": until,
    }
    enqueue(draft_link.DESTINATION, "draft.link", payload)


def find_by_link(token: str) -> Draft | None:
    """The live, unsent draft a link's token opens; None for any other token."""
    if not token or len(token) > 100:
        return None
    draft = db.session.scalar(select(Draft).where(Draft.link_token_hash == _keyed("draft-link", token)))
    if draft is None or not _live(draft) or draft.submission_id is not None:
        return None
    return draft


def link_contact_matches(draft: Draft, typed: str, max_attempts: int) -> bool:
    """Whether the typed address or number is the one the link went to (compared in constant
    time, as keyed hashes); a wrong one counts, and after ``max_attempts`` the link stops working."""
    expected = draft.link_contact_hash or ""
    candidates = [
        _keyed("draft-contact", _normalised_contact(channel, typed)) for channel in (Channel.EMAIL, Channel.SMS)
    ]
    matched = any(hmac.compare_digest(candidate, expected) for candidate in candidates)
    if not matched:
        draft.link_attempts = (draft.link_attempts or 0) + 1
        if draft.link_attempts >= max_attempts:
            draft.link_token_hash = None
    return matched and bool(expected)

"""Partner organisations, their users and their submissions. Plain values in, models out;
the view commits."""

import csv
import hashlib
import io
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.constants import PARTNER_ROLES, IntakeEvent, MessageDirection, Stage, UpdateKind
from portal.extensions import db
from portal.intake.outbox import enqueue_for_intake
from portal.models import Invitation, Organisation, StatusUpdate, Submission, User, utcnow
from portal.passwords import check_new_password

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DASHBOARD_LIMIT = 500


class NameInUse(Exception):
    pass


class EmailInUse(Exception):
    pass


class InvitationUnusable(Exception):
    """reason is "unknown", "expired" or "used"; each has its own page."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Organisations and users (the duty desk manages them)


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))))


def create_organisation(name: str) -> Organisation:
    if db.session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower())):
        raise NameInUse
    organisation = Organisation(name=name)
    db.session.add(organisation)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise NameInUse from None
    return organisation


def organisation_users(organisation_id: int) -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.organisation_id == organisation_id).order_by(func.lower(User.name)))
    )


def pending_invitations(organisation_id: int, now: datetime | None = None) -> list[Invitation]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.organisation_id == organisation_id, Invitation.used_at.is_(None), Invitation.expires_at > now
            )
            .order_by(Invitation.created_at)
        )
    )


def invite_user(
    organisation_id: int, email: str, name: str, role: str, lifetime_hours: int, now: datetime | None = None
) -> tuple[Invitation, str]:
    """A one-time invitation. Only the token's hash is stored; the token itself is in the
    return value, for the link shown once to the member of staff who sends it."""
    if role not in PARTNER_ROLES:
        raise ValueError(role)
    now = now or utcnow()
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email.lower())):
        raise EmailInUse
    # An earlier invitation to the same address stops working: only the newest link counts.
    db.session.execute(
        update(Invitation)
        .where(func.lower(Invitation.email) == email.lower(), Invitation.used_at.is_(None), Invitation.expires_at > now)
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=token_digest(token),
        email=email,
        name=name,
        role=role,
        organisation_id=organisation_id,
        created_at=now,
        expires_at=now + timedelta(hours=lifetime_hours),
    )
    db.session.add(invitation)
    return invitation, token


def usable_invitation(token: str, now: datetime | None = None) -> Invitation:
    now = now or utcnow()
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_digest(token or "")))
    if invitation is None or not invitation.organisation.active:
        raise InvitationUnusable("unknown")
    if invitation.used_at is not None:
        raise InvitationUnusable("used")
    if invitation.expires_at <= now:
        raise InvitationUnusable("expired")
    return invitation


def accept_invitation(token: str, password: str, now: datetime | None = None) -> User:
    """Create the invited account with the password its user chose. Raises InvitationUnusable
    or PasswordRejected; a link works once, even for two requests at the same moment."""
    now = now or utcnow()
    invitation = usable_invitation(token, now)
    check_new_password(password)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == invitation.email.lower())):
        raise InvitationUnusable("used")
    claimed = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None)).values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise InvitationUnusable("used")
    user = User(
        email=invitation.email,
        name=invitation.name,
        role=invitation.role,
        organisation_id=invitation.organisation_id,
    )
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvitationUnusable("used") from None
    return user


def set_user_active(organisation_id: int, user_id: int, active: bool) -> User | None:
    """Disable or re-enable a partner user. Disabling ends every live session at once."""
    user = db.session.scalar(
        select(User).where(User.id == user_id, User.organisation_id == organisation_id, User.role.in_(PARTNER_ROLES))
    )
    if user is None:
        return None
    user.active = active
    if active:
        user.failed_sign_ins = 0
        user.locked_until = None
    else:
        user.session_version += 1
    return user


# Sign-in with a second factor


def partner_can_sign_in(user: User) -> bool:
    return user.role in PARTNER_ROLES and user.organisation is not None and user.organisation.active


def needs_code_set_up(user: User, admin_totp_required: bool) -> bool:
    return user.totp_secret is None and admin_totp_required and user.role == "partner_admin"


def save_totp_secret(user: User, secret: str) -> None:
    user.totp_secret = secret
    user.failed_sign_ins = 0


# The organisation's submissions


def normalised_reference(text: str) -> str:
    cleaned = "".join(character for character in text.upper() if character.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) > 4 else cleaned


def organisation_submissions(organisation_id: int, search: str = "", stage: str = "") -> list[Submission]:
    """Only this organisation's rows, newest first, optionally by reference and stage."""
    query = select(Submission).where(Submission.organisation_id == organisation_id)
    if search:
        query = query.where(Submission.reference.contains(normalised_reference(search), autoescape=True))
    if stage in Stage.__members__.values():
        query = query.where(Submission.stage == stage)
    return list(
        db.session.scalars(query.order_by(Submission.created_at.desc(), Submission.id.desc()).limit(DASHBOARD_LIMIT))
    )


def organisation_submission(organisation_id: int, reference: str) -> Submission | None:
    """A submission by reference, only when it is this organisation's."""
    return db.session.scalar(
        select(Submission).where(
            Submission.reference == normalised_reference(reference), Submission.organisation_id == organisation_id
        )
    )


def public_messages(submission: Submission) -> list[StatusUpdate]:
    """Stage changes and messages between the casework team and the partner, newest first;
    internal notes never."""
    visible = (MessageDirection.TO_REPORTER, MessageDirection.FROM_REPORTER)
    return sorted(
        (update for update in submission.updates if update.direction in visible),
        key=lambda item: (item.created_at, item.id),
        reverse=True,
    )


def _sent_with(submission_id: int, token: str | None) -> StatusUpdate | None:
    if token is None:
        return None
    return db.session.scalar(
        select(StatusUpdate).where(StatusUpdate.submission_token == token, StatusUpdate.submission_id == submission_id)
    )


def send_partner_message(submission: Submission, author: User, text: str, token: str | None = None) -> StatusUpdate:
    """The partner writes to the casework team about one of its submissions; the message goes
    to the intake through the outbox in the same transaction. With the form's submission token
    (portal.idempotency) a repeated POST answers with the first message."""
    submission_id = submission.id
    if (earlier := _sent_with(submission_id, token)) is not None:
        return earlier
    now = utcnow()
    message = StatusUpdate(
        submission=submission,
        author=author,
        kind=UpdateKind.REPLY,
        direction=MessageDirection.FROM_REPORTER,
        message=text,
        source="partner",
        created_at=now,
        submission_token=token,
    )
    db.session.add(message)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if (earlier := _sent_with(submission_id, token)) is None:
            raise
        return earlier
    enqueue_for_intake(
        submission, IntakeEvent.SUBMISSION_FOLLOWUP, {"kind": "reply", "created_at": now.isoformat(), "text": text}
    )
    return message


# CSV


def safe_cell(value: Any) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[object], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(item) for item in header])
    for row in rows:
        writer.writerow([safe_cell(item) for item in row])
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportRow:
    submission: Submission
    messages: list[StatusUpdate]

    def cells(self, stage_name: str) -> list[Any]:
        record = self.submission
        latest = next((item for item in self.messages if item.message), None)
        return [
            record.reference,
            record.created_at.date().isoformat(),
            stage_name,
            record.assessment_due.date().isoformat(),
            record.next_update_due.isoformat() if record.next_update_due else "",
            record.closed_at.date().isoformat() if record.closed_at else "",
            len([item for item in self.messages if item.message]),
            latest.message if latest else "",
        ]


def export_rows(submissions: Iterable[Submission]) -> list[ExportRow]:
    return [ExportRow(item, public_messages(item)) for item in submissions]

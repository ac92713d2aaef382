"""The portal's tables. Typed SQLAlchemy 2.0; every change goes through an Alembic migration."""

import uuid
from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.constants import Channel, OutboxStatus, Role, Stage, SubmissionKind
from portal.encrypted import EncryptedJSON
from portal.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())


class UTCDateTime(db.TypeDecorator):  # type: ignore[name-defined]
    """Timezone-aware on the way out on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Organisation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32), default=Role.CASEWORKER)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped at sign-out and when an account is disabled, ending every live session at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    totp_secret: Mapped[str | None] = mapped_column(String(64))

    organisation: Mapped[Organisation | None] = relationship()

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt with a random salt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active


class Submission(db.Model):  # type: ignore[name-defined]
    """One report or application. Statistics and eligibility columns are real columns; the
    answers themselves are a JSON document that is purged after confirmed delivery."""

    __tablename__ = "submissions"
    # Migration 0006; bench/growth.py shows what each is for at a million rows.
    __table_args__ = (
        Index(
            "ix_submissions_open_queue",
            "immediate_attention",
            "assessment_due",
            postgresql_where=text("delivered_at IS NOT NULL AND closed_at IS NULL"),
            sqlite_where=text("delivered_at IS NOT NULL AND closed_at IS NULL"),
        ),
        Index("ix_submissions_kind_received_on", "kind", "received_on"),
        Index("ix_submissions_location_received_on", "location_key", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(9), unique=True)
    tracking_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The final form's submission token (portal.idempotency): a repeated POST finds this row.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default=SubmissionKind.REPORT, index=True)
    stage: Mapped[str] = mapped_column(String(32), default=Stage.SUBMITTED, index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(16), default=Channel.NONE)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    assessment_due: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    immediate_attention: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    risk_level: Mapped[str] = mapped_column(String(16), default="standard")
    risk_score: Mapped[int] = mapped_column(Integer, default=0)
    lead_agency: Mapped[str | None] = mapped_column(String(32))
    # SHA-256 of the council's rules that suggested the lead agency (and scored the risk).
    rules_hash: Mapped[str | None] = mapped_column(String(64))
    is_hate: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    is_asb: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    asb_type: Mapped[str | None] = mapped_column(String(64), index=True)
    asb_category: Mapped[str | None] = mapped_column(String(32))
    incident_date: Mapped[date | None] = mapped_column(Date, index=True)
    location_key: Mapped[str | None] = mapped_column(String(64), index=True)
    household_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # Keyed hash of a named reporter's email or phone, to spot repeat reports.
    contact_key: Mapped[str | None] = mapped_column(String(64), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    contact: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    content_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    case_id: Mapped[str | None] = mapped_column(String(128))
    single_point_of_contact: Mapped[str | None] = mapped_column(String(200))
    next_update_due: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    victim_caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    perpetrator_caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Time of the newest status update applied from the case system; older ones never win.
    case_system_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optional equality monitoring answers, kept apart from the report and never forwarded
    # with the reporter's identity.
    monitoring: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Partner reports: who gets updates ("partner", "client" or "both") and the user who sent it.
    updates_to: Mapped[str | None] = mapped_column(String(16))
    partner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Statistics: how it reached us (constants.Route), the area (never finer than a ward) and
    # the kind of outcome at closure (constants.OutcomeCategory).
    route: Mapped[str | None] = mapped_column(String(16), index=True)
    area: Mapped[str | None] = mapped_column(String(64), index=True)
    outcome_category: Mapped[str | None] = mapped_column(String(32))
    # Entered at the duty desk for someone: how they gave it (constants.EntryChannel) and who entered it.
    entry_channel: Mapped[str | None] = mapped_column(String(16))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # "Have you reported this to us before?": the earlier report its tracking code opened.
    earlier_submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    # Sent from a public journey without the proof-of-work spam check (no JavaScript): shown to
    # the duty desk and forwarded, counted nowhere else (portal/bot_check.py).
    spam_check_skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    strands: Mapped[list["SubmissionStrand"]] = relationship(back_populates="submission", cascade="all, delete-orphan")
    updates: Mapped[list["StatusUpdate"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="StatusUpdate.created_at"
    )
    entered_by: Mapped["User | None"] = relationship(foreign_keys=[entered_by_id])
    earlier_submission: Mapped["Submission | None"] = relationship(
        foreign_keys=[earlier_submission_id], remote_side=[id]
    )


class SubmissionStrand(db.Model):  # type: ignore[name-defined]
    """A perceived hate motivation (monitored strand), one row each, for statistics."""

    __tablename__ = "submission_strands"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    strand: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)

    submission: Mapped[Submission] = relationship(back_populates="strands")


class StatusUpdate(db.Model):  # type: ignore[name-defined]
    """A stage change or a message, either way between the casework team and the reporter."""

    __tablename__ = "status_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str | None] = mapped_column(String(32))
    # Plain text; escaped on output everywhere.
    message: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(32), default="duty_desk")
    # The form's submission token (portal.idempotency) for messages sent by a person.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    submission: Mapped[Submission] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()


class Draft(db.Model):  # type: ignore[name-defined]
    """Answers of a journey in progress, on the server, encrypted at rest; the session cookie
    holds only the id."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    journey: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Set in the same transaction that stores the submission: a second submit finds it set.
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    # "Save and come back later": the keyed hash of the one resume code that opens this draft.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # ... or a link by email or text message: its token's keyed hash, the keyed hash of the
    # address or number it was sent to, and the wrong tries at giving that address or number.
    link_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_contact_hash: Mapped[str | None] = mapped_column(String(64))
    link_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    """One delivery to one destination, written in the transaction that caused it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    destination: Mapped[str] = mapped_column(String(64), index=True)
    event: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    external_id: Mapped[str | None] = mapped_column(String(200))
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission | None] = relationship()


class ProcessedWebhook(db.Model):  # type: ignore[name-defined]
    """Ids of accepted inbound webhooks, so a replayed one is refused."""

    __tablename__ = "processed_webhooks"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Evidence(db.Model):  # type: ignore[name-defined]
    """A photo or screenshot, re-encoded without metadata and stored outside the web root
    under a server-generated name. Attached to a draft first, then to the submission."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    draft_id: Mapped[str | None] = mapped_column(String(64), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TriggerComplaint(db.Model):  # type: ignore[name-defined]
    """An earlier complaint named in a Community Trigger application: typed in, or a portal
    report linked by its tracking code. Real columns, because eligibility counts them."""

    __tablename__ = "trigger_complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    linked_submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    incident_date: Mapped[date] = mapped_column(Date)
    reported_date: Mapped[date] = mapped_column(Date)
    agency: Mapped[str] = mapped_column(String(32))
    officer: Mapped[str | None] = mapped_column(String(200))
    agency_reference: Mapped[str | None] = mapped_column(String(100))
    what_happened: Mapped[str | None] = mapped_column(Text)
    action_taken: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="typed")


class TriggerCase(db.Model):  # type: ignore[name-defined]
    """The Community Trigger lifecycle of one application: the engine's view, the decision a
    person made, the dates of each stage and any escalation."""

    __tablename__ = "trigger_cases"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    engine_met: Mapped[bool] = mapped_column(Boolean, default=False)
    engine_result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # SHA-256 of the council's rules the engine decided under: a later change never rewrites it.
    rules_hash: Mapped[str | None] = mapped_column(String(64))
    threshold_decision: Mapped[str | None] = mapped_column(String(16), index=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledge_due: Mapped[date | None] = mapped_column(Date)
    decision_due: Mapped[date | None] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date)
    outcome_due: Mapped[date | None] = mapped_column(Date)
    review_meeting_on: Mapped[date | None] = mapped_column(Date)
    review_held_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    recommendations_made: Mapped[bool | None] = mapped_column(Boolean)
    outcome_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    escalation_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship()


class ApiKey(db.Model):  # type: ignore[name-defined]
    """A partner organisation's API key: shown once, stored as a hash, revocable."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class Invitation(db.Model):  # type: ignore[name-defined]
    """A one-time link for a partner user to set their own password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class IncidentLogImport(db.Model):  # type: ignore[name-defined]
    """One uploaded CSV of anonymised incidents; the file hash stops a re-upload counting twice."""

    __tablename__ = "incident_log_imports"
    __table_args__ = (Index("uq_incident_log_file", "organisation_id", "file_sha256", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IncidentLogEntry(db.Model):  # type: ignore[name-defined]
    """An incident a partner recorded that the victim did not report formally: statistics only."""

    __tablename__ = "incident_log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("incident_log_imports.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    row_key: Mapped[str] = mapped_column(String(64), index=True)
    incident_date: Mapped[date] = mapped_column(Date, index=True)
    incident_type: Mapped[str] = mapped_column(String(16))
    strands: Mapped[str | None] = mapped_column(String(300))
    area: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str | None] = mapped_column(String(32))

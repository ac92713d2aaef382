"""Tables of the service-improvement loop. Survey answers are kept apart from the case: the
answer table has no link to it, and a separate claim row only stops a second answer."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import Submission, User, UTCDateTime, utcnow


class SurveyResponse(db.Model):  # type: ignore[name-defined]
    """One satisfaction survey answer, with no link to the case it is about. Only what the
    statistics need is kept beside it: the month it was given and the route of the case."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    answered_on: Mapped[date] = mapped_column(Date, index=True)
    satisfaction: Mapped[str] = mapped_column(String(32), index=True)
    outcome_as_wanted: Mapped[str] = mapped_column(String(16))
    updates_as_agreed: Mapped[str] = mapped_column(String(16))
    comments: Mapped[str | None] = mapped_column(Text)


class SurveyClaim(db.Model):  # type: ignore[name-defined]
    """That a case's survey has been answered (not which answer): refuses a second one."""

    __tablename__ = "survey_claims"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LeadAgencyConcern(db.Model):  # type: ignore[name-defined]
    """A reporter is unhappy with the service of the agency leading their case (seed section 5):
    the team prompts that agency, briefs it on the concern and tells the client."""

    __tablename__ = "lead_agency_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    lead_agency: Mapped[str] = mapped_column(String(32))
    concern: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    agency_prompted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_told: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    submission: Mapped[Submission] = relationship()


class ServiceStandards(db.Model):  # type: ignore[name-defined]
    """The service standards as the duty desk recorded them for one case."""

    __tablename__ = "service_standards"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assessed_in_time: Mapped[bool | None] = mapped_column(Boolean, index=True)
    risk_assessment_offered: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_named: Mapped[bool] = mapped_column(Boolean, default=False)
    lead_agency_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    update_frequency: Mapped[str | None] = mapped_column(String(32))
    update_method: Mapped[str | None] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    submission: Mapped[Submission] = relationship()


class CaseSample(db.Model):  # type: ignore[name-defined]
    """A random sample of closed cases for a period, reproducible from its recorded seed."""

    __tablename__ = "case_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    seed: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    members: Mapped[list["CaseSampleMember"]] = relationship(
        back_populates="sample", cascade="all, delete-orphan", order_by="CaseSampleMember.position"
    )


class CaseSampleMember(db.Model):  # type: ignore[name-defined]
    __tablename__ = "case_sample_members"

    sample_id: Mapped[int] = mapped_column(ForeignKey("case_samples.id"), primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)

    sample: Mapped[CaseSample] = relationship(back_populates="members")
    submission: Mapped[Submission] = relationship()


class LayVisitorCheck(db.Model):  # type: ignore[name-defined]
    """A lay visitor's check of one sampled case against the service standards."""

    __tablename__ = "lay_visitor_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    met_standards: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    visitor: Mapped[User] = relationship()


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """Who looked at or did what to a case, for the lay visitor scheme's accountability."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)

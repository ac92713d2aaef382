"""statistics columns, satisfaction surveys, lead agency concerns, service standards, samples,
lay visitor checks and the audit log

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("route", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("area", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("outcome_category", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_submissions_route"), ["route"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_area"), ["area"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_submissions_closed_at"), ["closed_at"], unique=False)

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("satisfaction", sa.String(length=32), nullable=False),
        sa.Column("outcome_as_wanted", sa.String(length=16), nullable=False),
        sa.Column("updates_as_agreed", sa.String(length=16), nullable=False),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_responses_answered_on"), ["answered_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_survey_responses_satisfaction"), ["satisfaction"], unique=False)

    op.create_table(
        "survey_claims",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", TZ, nullable=True),
        sa.Column("answered_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_survey_claims_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_survey_claims")),
    )

    op.create_table(
        "lead_agency_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("lead_agency", sa.String(length=32), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("raised_at", TZ, nullable=False),
        sa.Column("agency_prompted_at", TZ, nullable=True),
        sa.Column("client_told", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_lead_agency_concerns_submission_id_submissions")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_lead_agency_concerns_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_agency_concerns")),
    )
    with op.batch_alter_table("lead_agency_concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_agency_concerns_submission_id"), ["submission_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_agency_concerns_raised_at"), ["raised_at"], unique=False)

    op.create_table(
        "service_standards",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("assessed_at", TZ, nullable=True),
        sa.Column("assessed_in_time", sa.Boolean(), nullable=True),
        sa.Column("risk_assessment_offered", sa.Boolean(), nullable=False),
        sa.Column("contact_named", sa.Boolean(), nullable=False),
        sa.Column("lead_agency_agreed", sa.Boolean(), nullable=False),
        sa.Column("update_frequency", sa.String(length=32), nullable=True),
        sa.Column("update_method", sa.String(length=16), nullable=True),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_service_standards_submission_id_submissions")
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_service_standards_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_service_standards")),
    )
    with op.batch_alter_table("service_standards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_standards_assessed_in_time"), ["assessed_in_time"], unique=False)

    op.create_table(
        "case_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("drawn_at", TZ, nullable=False),
        sa.Column("drawn_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["drawn_by_id"], ["users.id"], name=op.f("fk_case_samples_drawn_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_samples")),
    )
    op.create_table(
        "case_sample_members",
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sample_id"], ["case_samples.id"], name=op.f("fk_case_sample_members_sample_id_case_samples")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_case_sample_members_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("sample_id", "submission_id", name=op.f("pk_case_sample_members")),
    )
    with op.batch_alter_table("case_sample_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_sample_members_submission_id"), ["submission_id"], unique=False)

    op.create_table(
        "lay_visitor_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=False),
        sa.Column("met_standards", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_lay_visitor_checks_submission_id_submissions")
        ),
        sa.ForeignKeyConstraint(["visitor_id"], ["users.id"], name=op.f("fk_lay_visitor_checks_visitor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lay_visitor_checks")),
    )
    with op.batch_alter_table("lay_visitor_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lay_visitor_checks_submission_id"), ["submission_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lay_visitor_checks_visitor_id"), ["visitor_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_audit_log_submission_id_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_submission_id"), ["submission_id"], unique=False)


def downgrade():
    for table in (
        "audit_log",
        "lay_visitor_checks",
        "case_sample_members",
        "case_samples",
        "service_standards",
        "lead_agency_concerns",
        "survey_claims",
        "survey_responses",
    ):
        op.drop_table(table)
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_closed_at"))
        batch_op.drop_index(batch_op.f("ix_submissions_received_on"))
        batch_op.drop_index(batch_op.f("ix_submissions_area"))
        batch_op.drop_index(batch_op.f("ix_submissions_route"))
        batch_op.drop_column("outcome_category")
        batch_op.drop_column("area")
        batch_op.drop_column("route")

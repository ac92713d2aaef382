"""staff-entered submissions (the route, the channel the reporter used, who entered it) and
the earlier report a new one was linked to ("Have you reported this to us before?")

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def _has_route() -> bool:
    # The statistics migration adds the same `route` column; whichever runs first adds it.
    columns = sa.inspect(op.get_bind()).get_columns("submissions")
    return any(column["name"] == "route" for column in columns)


def upgrade():
    add_route = not _has_route()
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        if add_route:
            batch_op.add_column(sa.Column("route", sa.String(length=16), nullable=True))
            batch_op.create_index(batch_op.f("ix_submissions_route"), ["route"], unique=False)
        batch_op.add_column(sa.Column("entry_channel", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("entered_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_entered_by_id_users"), "users", ["entered_by_id"], ["id"]
        )
        batch_op.add_column(sa.Column("earlier_submission_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_submissions_earlier_submission_id"), ["earlier_submission_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_earlier_submission_id_submissions"),
            "submissions",
            ["earlier_submission_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_submissions_earlier_submission_id_submissions"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_submissions_earlier_submission_id"))
        batch_op.drop_column("earlier_submission_id")
        batch_op.drop_constraint(batch_op.f("fk_submissions_entered_by_id_users"), type_="foreignkey")
        batch_op.drop_column("entered_by_id")
        batch_op.drop_column("entry_channel")

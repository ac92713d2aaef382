"""submission tokens: a repeated or simultaneous final POST finds what the first one stored

Revision ID: 0003
Revises: 0006
Create Date: 2026-12-07 02:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0006"  # after the growth indexes (0006), which landed first
branch_labels = None
depends_on = None

TABLES = ("submissions", "status_updates")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("submission_token", sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_submission_token"), ["submission_token"])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_submission_token"), type_="unique")
            batch_op.drop_column("submission_token")

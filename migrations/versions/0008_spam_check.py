"""the spam check: a submission sent without it (no JavaScript), and the solved challenges
already spent, kept until they expire

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("spam_check_skipped", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "used_challenges",
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_used_challenges")),
    )
    with op.batch_alter_table("used_challenges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_used_challenges_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("used_challenges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_used_challenges_expires_at"))
    op.drop_table("used_challenges")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("spam_check_skipped")

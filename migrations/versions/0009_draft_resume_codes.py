"""the resume code and the emailed link of a draft saved to come back to later ("Save and come
back later")

Revision ID: 0009
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resume_code_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_drafts_resume_code_hash"), ["resume_code_hash"])
        batch_op.add_column(sa.Column("link_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_drafts_link_token_hash"), ["link_token_hash"])
        batch_op.add_column(sa.Column("link_contact_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("link_attempts", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_column("link_attempts")
        batch_op.drop_column("link_contact_hash")
        batch_op.drop_constraint(batch_op.f("uq_drafts_link_token_hash"), type_="unique")
        batch_op.drop_column("link_token_hash")
        batch_op.drop_constraint(batch_op.f("uq_drafts_resume_code_hash"), type_="unique")
        batch_op.drop_column("resume_code_hash")

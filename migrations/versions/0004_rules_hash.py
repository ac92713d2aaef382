"""rules hash on submissions (suggested lead agency) and Community Trigger decisions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 02:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rules_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('trigger_cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rules_hash', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('trigger_cases', schema=None) as batch_op:
        batch_op.drop_column('rules_hash')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('rules_hash')

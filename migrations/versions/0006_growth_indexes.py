"""indexes for a million submissions

The duty desk's open queue, statistics by kind and day, Community Trigger history by place and day.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-07 02:35:00

Measured by bench/growth.py: without them the duty desk's first page walks every submission
ever made (an index on immediate_attention, filtered row by row), the statistics count every
application and then filter by day, and the history look-up reads every report about a place.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None

OPEN = sa.text("delivered_at IS NOT NULL AND closed_at IS NULL")


def upgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_submissions_open_queue",
            ["immediate_attention", "assessment_due"],
            unique=False,
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )
        batch_op.create_index("ix_submissions_kind_received_on", ["kind", "received_on"], unique=False)
        batch_op.create_index("ix_submissions_location_received_on", ["location_key", "received_on"], unique=False)


def downgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_submissions_location_received_on")
        batch_op.drop_index("ix_submissions_kind_received_on")
        batch_op.drop_index("ix_submissions_open_queue")

"""drafts: the answers encrypted at rest (portal/encrypted.py), and the resume code and the
emailed link of a draft saved to come back to later ("Save and come back later")

Revision ID: 0009
Revises: 0008
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _rewrite(change) -> None:
    """Re-store every draft's answers through ``change`` (encrypt or decrypt)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, data FROM drafts")).fetchall()
    for draft_id, data in rows:
        bind.execute(sa.text("UPDATE drafts SET data = :data WHERE id = :id"), {"data": change(data), "id": draft_id})


def _encrypted(data) -> str:
    from portal.encrypted import encrypt_json

    return encrypt_json(json.loads(data) if isinstance(data, str) else data)


def _decrypted(data) -> str:
    from portal.encrypted import decrypt_json

    return json.dumps(decrypt_json(data) or {})


def upgrade():
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.alter_column("data", existing_type=sa.JSON(), type_=sa.Text(), postgresql_using="data::text")
    _rewrite(_encrypted)
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
    _rewrite(_decrypted)
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.alter_column("data", existing_type=sa.Text(), type_=sa.JSON(), postgresql_using="data::json")

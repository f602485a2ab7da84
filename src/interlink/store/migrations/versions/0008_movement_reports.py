"""movement reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 22:27:04.474913
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "encounters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_uid", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("reporter", sa.String(length=32), nullable=False),
        sa.Column("reported_by", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("movement", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("source IN ('alert', 'check')", name=op.f("ck_encounters_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
        sa.UniqueConstraint("alert_id", name=op.f("uq_encounters_alert_id")),
    )
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.create_index("ix_encounters_owner", ["owner", "id"], unique=False)
        batch_op.create_index("ix_encounters_reporter", ["reporter", "id"], unique=False)
        batch_op.create_index("ix_encounters_subject", ["subject_uid", "occurred_at"], unique=False)

    op.create_table(
        "movement_flags",
        sa.Column("subject_uid", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("subject_uid", name=op.f("pk_movement_flags")),
    )


def downgrade() -> None:
    op.drop_table("movement_flags")
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.drop_index("ix_encounters_subject")
        batch_op.drop_index("ix_encounters_reporter")
        batch_op.drop_index("ix_encounters_owner")

    op.drop_table("encounters")

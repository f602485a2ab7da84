"""match judgements

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:54:03.611566
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "match_judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("traveller_key", sa.String(length=64), nullable=False),
        sa.Column("subject_uid", sa.String(length=200), nullable=False),
        sa.Column("judgement", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "judgement IN ('false_positive', 'confirmed', 'withdrawn')",
            name=op.f("ck_match_judgements_judgement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_judgements")),
    )
    with op.batch_alter_table("match_judgements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_match_judgements_pair", ["traveller_key", "subject_uid"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("match_judgements", schema=None) as batch_op:
        batch_op.drop_index("ix_match_judgements_pair")

    op.drop_table("match_judgements")

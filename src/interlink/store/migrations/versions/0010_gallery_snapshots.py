"""gallery snapshots

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gallery_snapshots",
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("mac", name=op.f("pk_gallery_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("gallery_snapshots")

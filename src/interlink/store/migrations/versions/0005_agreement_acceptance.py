"""agreement acceptance

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreement_parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("accepted_by", sa.String(length=64), nullable=True))
    # Agreements made before acceptance existed were entered by the operator, in force.
    op.execute(
        "UPDATE agreement_parties SET accepted_at = CURRENT_TIMESTAMP, accepted_by = 'migration'"
    )


def downgrade() -> None:
    with op.batch_alter_table("agreement_parties", schema=None) as batch_op:
        batch_op.drop_column("accepted_by")
        batch_op.drop_column("accepted_at")

"""subject history and change feed

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_changes",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.CheckConstraint("kind IN ('put', 'drop')", name=op.f("ck_subject_changes_kind")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_subject_changes")),
    )
    op.create_table(
        "subject_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("record", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "change IN ('create', 'update', 'delete', 'import')",
            name=op.f("ck_subject_versions_change"),
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_runs.id"],
            name=op.f("fk_subject_versions_import_run_id_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_versions")),
        sa.UniqueConstraint("uid", "version", name="uq_subject_versions_uid_version"),
    )


def downgrade() -> None:
    op.drop_table("subject_versions")
    op.drop_table("subject_changes")

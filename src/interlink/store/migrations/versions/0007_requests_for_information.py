"""requests for information

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 22:13:55.505072
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "info_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "priority IN ('urgent', 'high', 'normal')", name=op.f("ck_info_requests_priority")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_info_requests")),
    )
    with op.batch_alter_table("info_requests", schema=None) as batch_op:
        batch_op.create_index("ix_info_requests_sender", ["sender", "id"], unique=False)

    op.create_table(
        "request_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("released_by", sa.String(length=64), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_request_answers_request_id_info_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_answers")),
    )
    with op.batch_alter_table("request_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_answers_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("track", sa.String(length=32), nullable=True),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("by_agency", sa.String(length=32), nullable=True),
        sa.Column("by_username", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_request_events_request_id_info_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
    )
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_events_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "request_subjects",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("subject_uid", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_request_subjects_request_id_info_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "position", name=op.f("pk_request_subjects")),
    )
    op.create_table(
        "request_tracks",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("remind_at", sa.DateTime(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('sent', 'acknowledged', 'answered', 'closed', 'refused')",
            name=op.f("ck_request_tracks_status"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_request_tracks_request_id_info_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "agency", name=op.f("pk_request_tracks")),
    )
    with op.batch_alter_table("request_tracks", schema=None) as batch_op:
        batch_op.create_index("ix_request_tracks_agency", ["agency", "request_id"], unique=False)
        batch_op.create_index("ix_request_tracks_open", ["status", "due_at"], unique=False)

    op.create_table(
        "request_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["request_answers.id"],
            name=op.f("fk_request_attachments_answer_id_request_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["info_requests.id"],
            name=op.f("fk_request_attachments_request_id_info_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_attachments")),
    )
    with op.batch_alter_table("request_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_attachments_request_id"), ["request_id"], unique=False
        )

    # Plain ALTER TABLE, not a batch: SQLite's batch rebuilds the table, and other tables refer
    # to agencies and agreements, so dropping the old one fails with foreign keys on.
    op.add_column(
        "agencies",
        sa.Column("four_eyes", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.add_column("agreements", sa.Column("response_hours", sa.Text(), nullable=True))

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.alter_column("subject_uid", existing_type=sa.VARCHAR(length=200), nullable=True)
        batch_op.alter_column("reference", existing_type=sa.VARCHAR(length=64), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("reference", existing_type=sa.VARCHAR(length=64), nullable=False)
        batch_op.alter_column("subject_uid", existing_type=sa.VARCHAR(length=200), nullable=False)
        batch_op.drop_column("request_id")

    op.drop_column("agreements", "response_hours")
    op.drop_column("agencies", "four_eyes")

    with op.batch_alter_table("request_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_attachments_request_id"))

    op.drop_table("request_attachments")
    with op.batch_alter_table("request_tracks", schema=None) as batch_op:
        batch_op.drop_index("ix_request_tracks_open")
        batch_op.drop_index("ix_request_tracks_agency")

    op.drop_table("request_tracks")
    op.drop_table("request_subjects")
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_events_request_id"))

    op.drop_table("request_events")
    with op.batch_alter_table("request_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_answers_request_id"))

    op.drop_table("request_answers")
    with op.batch_alter_table("info_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_info_requests_sender")

    op.drop_table("info_requests")

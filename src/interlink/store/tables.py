"""The schema, as SQLAlchemy Core tables. Alembic migrations in ``migrations/`` create it.

A test compares this metadata with the migrated database, so the two cannot drift.
Child rows of a subject (names, documents, ...) are replaced as a whole when the subject changes;
names and documents keep their provenance across such a rewrite (see ``repositories.subjects``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without a zone (SQLite has none) and always returns an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _subject_fk() -> Column[int]:
    return Column(
        "subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False
    )


agencies = Table(
    "agencies",
    metadata,
    _id(),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # Answers to requests under H2 or H3 wait for a second officer's release.
    Column("four_eyes", Boolean, nullable=False, server_default=true()),
)

users = Table(
    "users",
    metadata,
    _id(),
    Column("username", String(64), nullable=False, unique=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False, index=True),
    Column("display_name", String(200), nullable=False),
    Column("clearance", String(16), nullable=False),
    Column("password_hash", String(200), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime, nullable=True),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(32), primary_key=True),
)

agreements = Table(
    "agreements",
    metadata,
    _id(),
    Column("code", String(32), nullable=False, unique=True),
    Column("title", String(300), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("suspended_at", UTCDateTime, nullable=True),
    Column("suspended_reason", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # Hours to answer a request per priority, as a JSON object; the defaults when absent.
    Column("response_hours", Text, nullable=True),
)

agreement_parties = Table(
    "agreement_parties",
    metadata,
    Column(
        "agreement_id",
        Integer,
        ForeignKey("agreements.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("agency_id", Integer, ForeignKey("agencies.id"), primary_key=True, index=True),
    # Who accepted for this party, and when: an agreement is in force once every party has.
    Column("accepted_at", UTCDateTime, nullable=True),
    Column("accepted_by", String(64), nullable=True),
)

agreement_terms = Table(
    "agreement_terms",
    metadata,
    Column(
        "agreement_id",
        Integer,
        ForeignKey("agreements.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("topic", String(32), primary_key=True),
    Column("level", String(8), nullable=False),
    CheckConstraint("level IN ('full', 'hit')", name="level"),
)

import_runs = Table(
    "import_runs",
    metadata,
    _id(),
    Column("format", String(16), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("owner_agency_id", Integer, ForeignKey("agencies.id"), nullable=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False),
    Column("added", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
)

subjects = Table(
    "subjects",
    metadata,
    _id(),
    Column("uid", String(200), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("owner_agency_id", Integer, ForeignKey("agencies.id"), nullable=False, index=True),
    Column("primary_name", String(1000), nullable=False),
    Column("gender", String(8), nullable=True),
    Column("handling_code", String(2), nullable=False),
    Column("handling_note", Text, nullable=True),
    Column("classification", String(16), nullable=False),
    Column("review_by", Date, nullable=True),
    Column("notes", Text, nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
    Column("import_run_id", Integer, ForeignKey("import_runs.id"), nullable=True),
    CheckConstraint("handling_code IN ('H0', 'H1', 'H2', 'H3')", name="handling_code"),
    CheckConstraint("kind IN ('person', 'organization')", name="kind"),
)

subject_names = Table(
    "subject_names",
    metadata,
    _id(),
    _subject_fk(),
    Column("position", Integer, nullable=False),
    Column("full_name", String(1000), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("script", String(32), nullable=False),
    Column("lang", String(16), nullable=True),
    # Ordered name parts: [{"kind": "given", "value": "Aiman"}, ...].
    Column("parts", JSON, nullable=False),
    Column("added_by", String(200), nullable=True),
    Column("added_at", UTCDateTime, nullable=True),
    Column("source", String(500), nullable=True),
    Index("ix_subject_names_subject_id", "subject_id"),
)

subject_birth_dates = Table(
    "subject_birth_dates",
    metadata,
    _id(),
    _subject_fk(),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", String(10), nullable=False),
    Column("value_to", String(10), nullable=True),
    # Bounds of what the date can mean, for range queries; derived from value/value_to.
    Column("earliest", Date, nullable=False),
    Column("latest", Date, nullable=False),
    Column("note", Text, nullable=True),
    Index("ix_subject_birth_dates_subject_id", "subject_id"),
)

subject_places = Table(
    "subject_places",
    metadata,
    _id(),
    _subject_fk(),
    Column("position", Integer, nullable=False),
    # 'birth' or 'address'.
    Column("role", String(8), nullable=False),
    Column("text", Text, nullable=True),
    Column("city", String(200), nullable=True),
    Column("region", String(200), nullable=True),
    Column("country", String(2), nullable=True),
    Index("ix_subject_places_subject_id", "subject_id"),
)

subject_nationalities = Table(
    "subject_nationalities",
    metadata,
    Column(
        "subject_id",
        Integer,
        ForeignKey("subjects.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, nullable=False),
    Column("country", String(2), primary_key=True),
)

subject_documents = Table(
    "subject_documents",
    metadata,
    _id(),
    _subject_fk(),
    Column("position", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("number", String(200), nullable=False),
    # Letters and digits only, upper case: what a border check looks up.
    Column("number_norm", String(200), nullable=False, index=True),
    Column("issuing_country", String(2), nullable=True),
    Column("issued_on", Date, nullable=True),
    Column("expires_on", Date, nullable=True),
    Column("flags", JSON, nullable=False),
    Column("note", Text, nullable=True),
    Column("added_by", String(200), nullable=True),
    Column("added_at", UTCDateTime, nullable=True),
    Column("source", String(500), nullable=True),
    Index("ix_subject_documents_subject_id", "subject_id"),
)

subject_categories = Table(
    "subject_categories",
    metadata,
    Column(
        "subject_id",
        Integer,
        ForeignKey("subjects.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("category", String(32), primary_key=True),
)

subject_topics = Table(
    "subject_topics",
    metadata,
    Column(
        "subject_id",
        Integer,
        ForeignKey("subjects.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("topic", String(32), primary_key=True),
)

subject_listings = Table(
    "subject_listings",
    metadata,
    _id(),
    _subject_fk(),
    Column("position", Integer, nullable=False),
    Column("authority", String(200), nullable=False),
    Column("program", String(200), nullable=True),
    Column("reference", String(200), nullable=True),
    Column("listed_on", Date, nullable=True),
    Index("ix_subject_listings_subject_id", "subject_id"),
)

subject_links = Table(
    "subject_links",
    metadata,
    _id(),
    Column("source_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False),
    Column(
        "target_id",
        Integer,
        ForeignKey("subjects.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("note", Text, nullable=True),
    UniqueConstraint("source_id", "target_id", "kind", name="uq_subject_links_pair"),
)

# Child tables of ``subjects`` whose rows are rewritten with the subject.
SUBJECT_CHILDREN = (
    subject_names,
    subject_birth_dates,
    subject_places,
    subject_nationalities,
    subject_documents,
    subject_categories,
    subject_topics,
    subject_listings,
)

# Judgements on screening pairs (traveller identity, subject). Decisions are rows, never
# overwrites: the newest row for a pair is in force. A pair judged a false positive does not
# alert again; see services/screening.
match_judgements = Table(
    "match_judgements",
    metadata,
    _id(),
    # A stable digest of who the traveller is (name, birth date, document): see traveller_key.
    Column("traveller_key", String(64), nullable=False),
    Column("subject_uid", String(200), nullable=False),
    Column("judgement", String(16), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=True),
    # The agency whose triage made it (hub screening runs); None for the operator's CLI runs.
    # A hub run is suppressed only by its own agency's judgements.
    Column("agency", String(32), nullable=True),
    CheckConstraint("judgement IN ('false_positive', 'confirmed', 'withdrawn')", name="judgement"),
    Index("ix_match_judgements_pair", "traveller_key", "subject_uid"),
)


# The change feed: one row per subject written or deleted, in commit order (appenders hold a
# lock until they commit), which every hub worker reads to keep its in-memory index current.
subject_changes = Table(
    "subject_changes",
    metadata,
    Column("seq", Integer, primary_key=True),
    Column("uid", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(8), nullable=False),
    CheckConstraint("kind IN ('put', 'drop')", name="kind"),
)

# The gallery snapshots hub workers wrote (``services/snapshot.py``), by their MAC: a snapshot
# is loaded only if the database it is loaded against knows it, so that a snapshot is never
# applied to another database, nor to one restored from a backup taken before it was written.
gallery_snapshots = Table(
    "gallery_snapshots",
    metadata,
    Column("mac", String(64), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
)

# Every version of every subject, never overwritten: who changed it, when, how. Edits through
# the hub keep the whole record; an import keeps its run (the file and its digest), since the
# file holds the record.
subject_versions = Table(
    "subject_versions",
    metadata,
    _id(),
    Column("uid", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("change", String(16), nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("agency", String(32), nullable=True),
    Column("import_run_id", Integer, ForeignKey("import_runs.id"), nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("record", Text, nullable=True),
    Column("reason", Text, nullable=True),
    UniqueConstraint("uid", "version", name="uq_subject_versions_uid_version"),
    CheckConstraint("change IN ('create', 'update', 'delete', 'import')", name="change"),
)

# API tokens: only the SHA-256 of a token is stored (tokens are 256 random bits, so a fast
# digest is enough; passwords, chosen by people, get argon2id instead).
api_tokens = Table(
    "api_tokens",
    metadata,
    _id(),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("revoked_by", String(64), nullable=True),
    Column("last_used_at", UTCDateTime, nullable=True),
    Index("ix_api_tokens_user", "user_id"),
)

# Login attempts, kept for throttling (failures per user name and per source in a window).
login_attempts = Table(
    "login_attempts",
    metadata,
    _id(),
    Column("username", String(64), nullable=False),
    Column("source", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Index("ix_login_attempts_username_at", "username", "at"),
    Index("ix_login_attempts_source_at", "source", "at"),
)

# The audit log: append-only, one row per event, each chained to the one before by SHA-256
# (see interlink.audit). ``seq`` is assigned by the appender under the lock of ``audit_head``.
audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("username", String(64), nullable=True),
    Column("agency", String(32), nullable=True),
    Column("action", String(32), nullable=False),
    Column("object_type", String(32), nullable=True),
    Column("object_ref", String(200), nullable=True),
    # The agency that owns the object, for each agency's report of who accessed its records.
    Column("object_owner", String(32), nullable=True),
    Column("purpose", Text, nullable=True),
    Column("detail", Text, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_events_object_owner", "object_owner", "seq"),
    Index("ix_audit_events_agency", "agency", "seq"),
)

# The head of the chain, one row (id 1): the appenders' lock and the next sequence number.
# Not trusted by verification, which recomputes the chain and compares signed checkpoints.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# Signed checkpoints of the chain head (Ed25519), as handed to partners.
audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    _id(),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("signature", String(200), nullable=False),
)

# Screening runs on the hub: a manifest uploaded by an agency's officer, screened in the
# background against what that agency may see. Progress is committed with each batch's alerts,
# so a run whose worker died is taken up again (``heartbeat_at`` stale) from where it stopped.
screening_runs = Table(
    "screening_runs",
    metadata,
    _id(),
    Column("agency", String(32), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("filename", String(200), nullable=False),
    Column("format", String(16), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("travellers", Integer, nullable=False),
    Column("screened", Integer, nullable=False),
    Column("alerts", Integer, nullable=False),
    Column("error", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("started_at", UTCDateTime, nullable=True),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("heartbeat_at", UTCDateTime, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    Index("ix_screening_runs_agency", "agency", "id"),
)

# The manifest as uploaded, so that any worker can run or resume the run.
screening_manifests = Table(
    "screening_manifests",
    metadata,
    Column(
        "run_id",
        Integer,
        ForeignKey("screening_runs.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("content", LargeBinary, nullable=False),
)

# One alert per (traveller, subject) pair at or above the threshold. What the run's agency may
# see of the subject is decided again on every read; ``level`` is what it was at the run.
screening_alerts = Table(
    "screening_alerts",
    metadata,
    _id(),
    Column("run_id", Integer, ForeignKey("screening_runs.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("traveller_ref", String(200), nullable=False),
    Column("traveller_key", String(64), nullable=False),
    Column("traveller_name", String(500), nullable=False),
    Column("source", String(300), nullable=False),
    Column("subject_uid", String(200), nullable=False),
    Column("owner", String(32), nullable=False),
    Column("level", String(8), nullable=False),
    Column("score", Float, nullable=False),
    Column("matched_name", String(500), nullable=True),
    Column("explanation", Text, nullable=True),
    Column("status", String(24), nullable=False),
    Column("decided_by", String(64), nullable=True),
    Column("decided_at", UTCDateTime, nullable=True),
    Column("note", Text, nullable=True),
    UniqueConstraint("run_id", "position", "subject_uid", name="uq_screening_alerts_pair"),
    CheckConstraint("level IN ('full', 'hit')", name="level"),
    CheckConstraint(
        "status IN ('open', 'confirmed', 'false_positive', 'needs_information')", name="status"
    ),
    Index("ix_screening_alerts_run", "run_id", "id"),
)

# Every triage decision on an alert, never overwritten: who decided what, when, and why.
alert_decisions = Table(
    "alert_decisions",
    metadata,
    _id(),
    Column(
        "alert_id", Integer, ForeignKey("screening_alerts.id", ondelete="CASCADE"), nullable=False
    ),
    Column("status", String(24), nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=True),
    Index("ix_alert_decisions_alert", "alert_id", "id"),
)

# What an agency is told: that another agency hit one of its records (a hit check, or a
# screening alert), by whom, when and why.
notifications = Table(
    "notifications",
    metadata,
    _id(),
    Column("agency", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    # The subject hit (hits, alerts, movement reports) or None (a request's news).
    Column("subject_uid", String(200), nullable=True),
    Column("reference", String(64), nullable=True),
    # The request it is about, if any.
    Column("request_id", Integer, nullable=True),
    Column("by_agency", String(32), nullable=False),
    Column("by_username", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("purpose", Text, nullable=True),
    Column("detail", Text, nullable=True),
    Column("at", UTCDateTime, nullable=False),
    Column("read_at", UTCDateTime, nullable=True),
    Column("read_by", String(64), nullable=True),
    Index("ix_notifications_agency", "agency", "id"),
)


# Who of the agency has read which notification: each user's inbox has its own read marks.
notification_reads = Table(
    "notification_reads",
    metadata,
    Column(
        "notification_id",
        Integer,
        ForeignKey("notifications.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("username", String(64), primary_key=True),
    Column("read_at", UTCDateTime, nullable=False),
)

# An agency's webhooks: notifications posted to a URL, signed with a secret derived from the
# hub's secret and the webhook's id (never stored).
webhooks = Table(
    "webhooks",
    metadata,
    _id(),
    Column("agency", String(32), nullable=False, index=True),
    Column("url", String(2000), nullable=False),
    # Comma-separated notification kinds, or None for every kind.
    Column("kinds", Text, nullable=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime, nullable=True),
)

# The outbox: one delivery per (webhook, notification), written in the notification's own
# transaction, so that a restart loses none; claimed with a lease, retried with backoff, and set
# aside (``failed``) after the last attempt, where an admin can replay it.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    _id(),
    Column("webhook_id", Integer, ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False),
    Column(
        "notification_id",
        Integer,
        ForeignKey("notifications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("last_status", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("delivered_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("webhook_id", "notification_id", name="uq_webhook_deliveries_pair"),
    CheckConstraint("status IN ('pending', 'delivering', 'delivered', 'failed')", name="status"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),
)

# Requests for information: one row per request, one track per recipient.
info_requests = Table(
    "info_requests",
    metadata,
    _id(),
    Column("sender", String(32), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("topic", String(32), nullable=False),
    Column("priority", String(8), nullable=False),
    Column("question", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("priority IN ('urgent', 'high', 'normal')", name="priority"),
    Index("ix_info_requests_sender", "sender", "id"),
)

request_tracks = Table(
    "request_tracks",
    metadata,
    Column(
        "request_id", Integer, ForeignKey("info_requests.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("agency", String(32), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("remind_at", UTCDateTime, nullable=False),
    Column("reminded_at", UTCDateTime, nullable=True),
    Column("escalated_at", UTCDateTime, nullable=True),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("reason", Text, nullable=True),
    CheckConstraint(
        "status IN ('sent', 'acknowledged', 'answered', 'closed', 'refused')", name="status"
    ),
    Index("ix_request_tracks_agency", "agency", "request_id"),
    Index("ix_request_tracks_open", "status", "due_at"),
)

request_subjects = Table(
    "request_subjects",
    metadata,
    Column(
        "request_id", Integer, ForeignKey("info_requests.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("subject_uid", String(200), nullable=False),
)

# Everything that happened to a request, never overwritten: who did what to which track, when.
request_events = Table(
    "request_events",
    metadata,
    _id(),
    Column(
        "request_id",
        Integer,
        ForeignKey("info_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("track", String(32), nullable=True),
    Column("event", String(16), nullable=False),
    Column("by_agency", String(32), nullable=True),
    Column("by_username", String(64), nullable=True),
    Column("at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=True),
)

request_answers = Table(
    "request_answers",
    metadata,
    _id(),
    Column(
        "request_id",
        Integer,
        ForeignKey("info_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("agency", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("handling_code", String(2), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # None while it waits for a second officer's release (four eyes).
    Column("released_by", String(64), nullable=True),
    Column("released_at", UTCDateTime, nullable=True),
)

# Files sent with a request (``answer_id`` None) or with an answer, kept in the database.
request_attachments = Table(
    "request_attachments",
    metadata,
    _id(),
    Column(
        "request_id",
        Integer,
        ForeignKey("info_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "answer_id", Integer, ForeignKey("request_answers.id", ondelete="CASCADE"), nullable=True
    ),
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
)


# Subjects whose owner asks for movement reports: one row while the flag stands.
movement_flags = Table(
    "movement_flags",
    metadata,
    Column("subject_uid", String(200), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_at", UTCDateTime, nullable=False),
)

# Encounters (movement reports): from a confirmed alert or a check recorded by hand. The
# movement itself (route, document, companions) is a JSON object; ``delivered`` says whether
# the owner received it (the subject was flagged), which the reporter is never told.
encounters = Table(
    "encounters",
    metadata,
    _id(),
    Column("subject_uid", String(200), nullable=False),
    Column("owner", String(32), nullable=False),
    Column("reporter", String(32), nullable=False),
    Column("reported_by", String(64), nullable=False),
    Column("source", String(8), nullable=False),
    Column("alert_id", Integer, nullable=True, unique=True),
    Column("place", String(200), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("movement", Text, nullable=False),
    Column("note", Text, nullable=True),
    Column("delivered", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("source IN ('alert', 'check')", name="source"),
    Index("ix_encounters_subject", "subject_uid", "occurred_at"),
    Index("ix_encounters_reporter", "reporter", "id"),
    Index("ix_encounters_owner", "owner", "id"),
)


__all__ = [
    "SUBJECT_CHILDREN",
    "agencies",
    "agreement_parties",
    "agreement_terms",
    "agreements",
    "alert_decisions",
    "api_tokens",
    "audit_checkpoints",
    "audit_events",
    "audit_head",
    "encounters",
    "import_runs",
    "info_requests",
    "login_attempts",
    "match_judgements",
    "metadata",
    "movement_flags",
    "notification_reads",
    "notifications",
    "request_answers",
    "request_attachments",
    "request_events",
    "request_subjects",
    "request_tracks",
    "screening_alerts",
    "screening_manifests",
    "screening_runs",
    "subject_birth_dates",
    "subject_categories",
    "subject_changes",
    "subject_documents",
    "subject_links",
    "subject_listings",
    "subject_names",
    "subject_nationalities",
    "subject_places",
    "subject_topics",
    "subject_versions",
    "subjects",
    "user_roles",
    "users",
    "webhook_deliveries",
    "webhooks",
]

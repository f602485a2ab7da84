"""The audit log's storage: append under a lock, stream in seq order, checkpoints, access reports.

Append-only: nothing here updates or deletes an event. The ``audit_head`` row (id 1) is the
appenders' lock and their next number only; verification never reads it, it recomputes the chain
from the events (``interlink.audit.verify``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, select, update
from sqlalchemy.dialects import postgresql, sqlite

from interlink.audit.chain import (
    GENESIS_HASH,
    AuditEvent,
    Checkpoint,
    NewEvent,
    canonical_json,
    sealed,
)
from interlink.store.tables import audit_checkpoints, audit_events, audit_head

_HEAD = audit_head.c.id == 1


@dataclass(frozen=True, slots=True)
class Access:
    """One line of an agency's report of who accessed its records."""

    seq: int
    at: datetime
    username: str | None
    agency: str | None
    action: str
    object_type: str | None
    object_ref: str | None
    purpose: str | None


def _detail(text: str | None) -> dict[str, Any] | None:
    """The stored detail, read back. The appender stores canonical JSON, so any other text was
    written by someone else: it is returned wrapped, so that its event's hash no longer matches."""
    if text is None:
        return None
    try:
        parsed = json.loads(text)
        if isinstance(parsed, dict) and canonical_json(parsed) == text:
            return parsed
    except ValueError:
        pass
    return {"$unreadable": text}


def _event(row: Any) -> AuditEvent:
    return AuditEvent(
        seq=row.seq,
        at=row.at,
        username=row.username,
        agency=row.agency,
        action=row.action,
        object_type=row.object_type,
        object_ref=row.object_ref,
        object_owner=row.object_owner,
        purpose=row.purpose,
        detail=_detail(row.detail),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class AuditRepository:
    """Audit events and checkpoints over one connection, in the caller's transaction."""

    def __init__(self, connection: Connection, dialect: str) -> None:
        self._conn = connection
        self._dialect = dialect

    def append(self, new: NewEvent) -> AuditEvent:
        """Record ``new`` as the next event of the chain and return it as stored.

        Concurrent appenders queue on the head row until the holder's transaction ends, so make
        the append late in a transaction and commit soon. On SQLite, a transaction that has read
        before appending may fail as busy when another wrote in between; append first there.
        """
        return self.append_many([new])[0]

    def append_many(self, news: Sequence[NewEvent]) -> list[AuditEvent]:
        """Record ``news`` as the next events of the chain, in order (``append``'s rules): the
        head is locked and moved once, and the rows go in one statement."""
        if not news:
            return []
        seq, prev_hash = self._lock_head()
        events: list[AuditEvent] = []
        rows = []
        for new in news:
            seq += 1
            at = new.at or datetime.now(UTC)
            event, detail = sealed(new, seq=seq, prev_hash=prev_hash, at=at)
            events.append(event)
            rows.append(
                {
                    "seq": event.seq,
                    "at": event.at,
                    "username": event.username,
                    "agency": event.agency,
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_ref": event.object_ref,
                    "object_owner": event.object_owner,
                    "purpose": event.purpose,
                    "detail": detail,
                    "prev_hash": event.prev_hash,
                    "hash": event.hash,
                }
            )
            prev_hash = event.hash
        self._conn.execute(audit_events.insert(), rows)
        last = events[-1]
        self._conn.execute(update(audit_head).where(_HEAD).values(seq=last.seq, hash=last.hash))
        return events

    def _lock_head(self) -> tuple[int, str]:
        # Write before reading: the UPDATE takes PostgreSQL's row lock or SQLite's write lock, so
        # the head read next cannot be read by another appender until this transaction ends.
        lock = update(audit_head).where(_HEAD).values(seq=audit_head.c.seq)
        if self._conn.execute(lock).rowcount == 0:
            self._create_head()
            self._conn.execute(lock)
        row = self._conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(_HEAD)).one()
        return row.seq, row.hash

    def _create_head(self) -> None:
        """Create the missing head row, from the newest event if there is one (a lost head must
        not restart the numbering). Two appenders may race here: the second insert does nothing."""
        seq, hash = self.head()
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        self._conn.execute(
            insert(audit_head).on_conflict_do_nothing(), {"id": 1, "seq": seq, "hash": hash}
        )

    def events(self, after_seq: int = 0, batch: int = 1000) -> Iterator[AuditEvent]:
        """Every event after ``after_seq`` in seq order, read ``batch`` rows at a time, so that a
        log of any length streams in constant memory. Consume it inside the unit of work."""
        last = after_seq
        while True:
            query = select(audit_events).where(audit_events.c.seq > last)
            rows = self._conn.execute(query.order_by(audit_events.c.seq).limit(batch)).all()
            for row in rows:
                yield _event(row)
            if len(rows) < batch:
                return
            last = rows[-1].seq

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the newest stored event; (0, ``GENESIS_HASH``) for an empty log."""
        newest = select(audit_events.c.seq, audit_events.c.hash)
        row = self._conn.execute(newest.order_by(audit_events.c.seq.desc()).limit(1)).first()
        return (0, GENESIS_HASH) if row is None else (row.seq, row.hash)

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._conn.execute(
            audit_checkpoints.insert(),
            {
                "seq": checkpoint.seq,
                "hash": checkpoint.hash,
                "at": checkpoint.at,
                "key_id": checkpoint.key_id,
                "signature": checkpoint.signature,
            },
        )

    def checkpoints(self) -> list[Checkpoint]:
        """Stored checkpoints, oldest first. They are as trustworthy as the database: check their
        signatures (``interlink.audit.verify_signature``) before relying on them."""
        rows = self._conn.execute(select(audit_checkpoints).order_by(audit_checkpoints.c.id))
        return [Checkpoint(r.seq, r.hash, r.at, r.key_id, r.signature) for r in rows]

    def accesses(
        self,
        owner_agency: str,
        since: datetime | None = None,
        until: datetime | None = None,
        batch: int = 1000,
        *,
        agency: str | None = None,
        action: str | None = None,
    ) -> Iterator[Access]:
        """Events on objects owned by ``owner_agency``, by users of any agency (its own too, or
        only ``agency``'s), of any action (or only ``action``), in seq order, from ``since``
        (included) to ``until`` (excluded). Consume it inside the unit of work; it streams
        ``batch`` rows at a time."""
        query = _access_query(owner_agency, since, until, agency, action)
        last = 0
        while True:
            page = query.where(audit_events.c.seq > last).order_by(audit_events.c.seq).limit(batch)
            rows = self._conn.execute(page).all()
            for r in rows:
                yield _access(r)
            if len(rows) < batch:
                return
            last = rows[-1].seq

    def latest_accesses(
        self,
        owner_agency: str,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        agency: str | None = None,
        action: str | None = None,
        before: int | None = None,
        limit: int = 100,
    ) -> list[Access]:
        """The ``limit`` newest of ``accesses`` (the same filters) before seq ``before``, newest
        first: a page of the report read down the owner's index, whatever the log's length."""
        query = _access_query(owner_agency, since, until, agency, action)
        if before is not None:
            query = query.where(audit_events.c.seq < before)
        rows = self._conn.execute(query.order_by(audit_events.c.seq.desc()).limit(limit))
        return [_access(r) for r in rows]


def _access_query(
    owner_agency: str,
    since: datetime | None,
    until: datetime | None,
    agency: str | None,
    action: str | None,
) -> Select[Any]:
    c = audit_events.c
    columns = (c.seq, c.at, c.username, c.agency, c.action, c.object_type, c.object_ref, c.purpose)
    query: Select[Any] = select(*columns).where(c.object_owner == owner_agency)
    if since is not None:
        query = query.where(c.at >= since)
    if until is not None:
        query = query.where(c.at < until)
    if agency is not None:
        query = query.where(c.agency == agency)
    if action is not None:
        query = query.where(c.action == action)
    return query


def _access(r: Any) -> Access:
    return Access(
        r.seq, r.at, r.username, r.agency, r.action, r.object_type, r.object_ref, r.purpose
    )

"""Subjects: writing records in batches (insert, update, unchanged) and reading them back.

A subject's child rows are derived from its ``SubjectRecord`` and rewritten whole when the record
changes (its content hash differs). Names and documents keep their provenance across a rewrite:
a name already on file keeps who added it, when, and from where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, delete, func, select, update

from interlink.domain.subjects import (
    Link,
    Provenance,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import ConflictError, NotFoundError
from interlink.store.repositories.subject_rows import (
    child_rows,
    document_key,
    name_key,
    provenance_of,
    record_from_rows,
    subject_row,
)
from interlink.store.tables import (
    SUBJECT_CHILDREN,
    agencies,
    gallery_snapshots,
    import_runs,
    subject_changes,
    subject_documents,
    subject_links,
    subject_names,
    subject_topics,
    subject_versions,
    subjects,
)

InsertIgnore = Callable[[Table, Sequence[dict[str, Any]]], None]

# SQLite allows 32,766 bound parameters; IN lists are chunked well below that.
_CHUNK = 900
# The key of PostgreSQL's advisory lock held by writers of the change feed.
_CHANGES_LOCK = 0x1E71_C4A6


_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True, slots=True)
class WriteResult:
    added: int
    updated: int
    unchanged: int
    # uid -> subject id for every record written or found unchanged in the batch.
    ids: dict[str, int]
    # uids whose rows were (re)written, so whose links must be (re)written too.
    rewritten: frozenset[str]


@dataclass(frozen=True, slots=True)
class SubjectSummary:
    id: int
    uid: str
    kind: SubjectKind
    owner: str
    primary_name: str
    handling_code: str
    classification: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SubjectVersion:
    """One version of a subject: who changed it, when, how, and the record then (None for an
    import, whose file holds it: ``source``)."""

    version: int
    at: datetime
    change: str
    changed_by: str
    agency: str | None
    content_hash: str
    record: SubjectRecord | None
    reason: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class SubjectMarks:
    """Ownership and markings of a subject, as stored (codes and enum values as text)."""

    uid: str
    owner: str
    owner_kind: str
    topics: tuple[str, ...]
    handling_code: str
    classification: str
    deleted: bool


class SubjectRepository:
    def __init__(
        self, connection: Connection, insert_ignore: InsertIgnore, dialect: str = "sqlite"
    ) -> None:
        self._conn = connection
        self._insert_ignore = insert_ignore
        self._dialect = dialect

    # -- writing -------------------------------------------------------------------------------

    def write(
        self,
        records: Sequence[SubjectRecord],
        owner_ids: Sequence[int],
        provenance: Provenance,
        *,
        now: datetime,
        import_run_id: int | None = None,
        agency: str | None = None,
        reason: str | None = None,
    ) -> WriteResult:
        """Insert new records, rewrite changed ones, count unchanged ones.

        ``owner_ids[i]`` owns ``records[i]``. A uid owned by another agency is refused: only the
        owner edits a subject. Each record written gets a version (``subject_versions``: by
        ``provenance.added_by`` of ``agency``, with the ``reason`` of the change when given; the
        whole record unless it came from the import run ``import_run_id``) and a row in the
        change feed.
        """
        uids = [r.uid for r in records]
        if len(set(uids)) != len(uids):
            dup = next(u for u in uids if uids.count(u) > 1)
            raise ConflictError(f"subject {dup} appears twice in one batch")
        existing: dict[str, Any] = {}
        for chunk in _chunks(uids):
            for row in self._conn.execute(
                select(
                    subjects.c.id,
                    subjects.c.uid,
                    subjects.c.content_hash,
                    subjects.c.owner_agency_id,
                    subjects.c.deleted_at,
                ).where(subjects.c.uid.in_(chunk))
            ):
                existing[row.uid] = row
        new: list[tuple[SubjectRecord, int, str]] = []
        changed: list[tuple[SubjectRecord, int, str, int]] = []
        ids: dict[str, int] = {}
        unchanged = 0
        for record, owner_id in zip(records, owner_ids, strict=True):
            digest = record.content_hash()
            found = existing.get(record.uid)
            if found is None:
                new.append((record, owner_id, digest))
                continue
            if found.owner_agency_id != owner_id:
                raise ConflictError(
                    f"subject {record.uid} belongs to another agency; only its owner edits it"
                )
            ids[record.uid] = found.id
            if found.content_hash == digest and found.deleted_at is None:
                unchanged += 1
            else:
                changed.append((record, owner_id, digest, found.id))
        if new:
            rows = [
                subject_row(record, owner_id, digest, now, import_run_id) | {"created_at": now}
                for record, owner_id, digest in new
            ]
            result = self._conn.execute(
                subjects.insert().returning(
                    subjects.c.uid, subjects.c.id, sort_by_parameter_order=True
                ),
                rows,
            )
            ids.update({row[0]: row[1] for row in result})
        if changed:
            changed_ids = [item[3] for item in changed]
            kept = self._kept_provenance(changed_ids)
            for record, owner_id, digest, subject_id in changed:
                self._conn.execute(
                    update(subjects)
                    .where(subjects.c.id == subject_id)
                    .values(
                        subject_row(record, owner_id, digest, now, import_run_id)
                        | {"deleted_at": None}
                    )
                )
            for table in SUBJECT_CHILDREN:
                for id_chunk in _chunks(changed_ids):
                    self._conn.execute(delete(table).where(table.c.subject_id.in_(id_chunk)))
        else:
            kept = ({}, {})
        written = [item[0] for item in new] + [item[0] for item in changed]
        children: dict[str, list[dict[str, Any]]] = {t.name: [] for t in SUBJECT_CHILDREN}
        for record in written:
            for name, rows in child_rows(record, ids[record.uid], provenance, kept).items():
                children[name].extend(rows)
        for table in SUBJECT_CHILDREN:
            if children[table.name]:
                self._conn.execute(table.insert(), children[table.name])
        created = {record.uid for record, _o, _d in new}
        self._record_changes(
            [(r, "create" if r.uid in created else "update") for r in written],
            now,
            provenance.added_by or provenance.source or "unknown",
            agency,
            import_run_id,
            reason,
        )
        return WriteResult(
            added=len(new),
            updated=len(changed),
            unchanged=unchanged,
            ids=ids,
            rewritten=frozenset(r.uid for r in written),
        )

    def _lock_changes(self) -> None:
        """Serialise writers of the change feed until they commit, so that its sequence is
        the commit order and a reader never passes over a row committed late. SQLite's write
        lock does this already."""
        if self._dialect == "postgresql":
            self._conn.execute(select(func.pg_advisory_xact_lock(_CHANGES_LOCK)))

    def _record_changes(
        self,
        written: Sequence[tuple[SubjectRecord, str]],
        now: datetime,
        by: str,
        agency: str | None,
        import_run_id: int | None,
        reason: str | None = None,
    ) -> None:
        if not written:
            return
        self._lock_changes()
        latest: dict[str, int] = {}
        for chunk in _chunks([r.uid for r, _c in written]):
            query = (
                select(subject_versions.c.uid, func.max(subject_versions.c.version))
                .where(subject_versions.c.uid.in_(chunk))
                .group_by(subject_versions.c.uid)
            )
            latest.update({uid: int(v) for uid, v in self._conn.execute(query)})
        versions = []
        for record, change in written:
            kept = import_run_id is None or change == "delete"
            versions.append(
                {
                    "uid": record.uid,
                    "version": latest.get(record.uid, 0) + 1,
                    "at": now,
                    "change": "import" if not kept else change,
                    "changed_by": by,
                    "agency": agency,
                    "import_run_id": import_run_id,
                    "content_hash": record.content_hash(),
                    "record": record.model_dump_json() if kept else None,
                    "reason": reason,
                }
            )
        self._conn.execute(subject_versions.insert(), versions)
        self._conn.execute(
            subject_changes.insert(),
            [
                {"uid": r.uid, "at": now, "kind": "drop" if c == "delete" else "put"}
                for r, c in written
            ],
        )

    def soft_delete(self, uid: str, by: str, agency: str, reason: str, now: datetime) -> None:
        """Mark a live subject deleted (its rows stay, as its history): a version and a
        ``drop`` in the change feed. ``NotFoundError`` when there is no live ``uid``."""
        record = self.get(uid)
        self._conn.execute(
            update(subjects).where(subjects.c.uid == uid).values(deleted_at=now, updated_at=now)
        )
        self._record_changes([(record, "delete")], now, by, agency, None, reason)

    def versions(self, uid: str) -> list[SubjectVersion]:
        """Every version of ``uid``, oldest first (deleted subjects included)."""
        rows = self._conn.execute(
            select(subject_versions, import_runs.c.file_name, import_runs.c.file_sha256)
            .outerjoin(import_runs, import_runs.c.id == subject_versions.c.import_run_id)
            .where(subject_versions.c.uid == uid)
            .order_by(subject_versions.c.version)
        )
        return [
            SubjectVersion(
                r.version,
                r.at,
                r.change,
                r.changed_by,
                r.agency,
                r.content_hash,
                SubjectRecord.model_validate_json(r.record) if r.record else None,
                r.reason,
                f"{r.file_name} (sha256 {r.file_sha256[:12]})" if r.file_name else None,
            )
            for r in rows
        ]

    def changes_after(self, seq: int, limit: int = 10_000) -> list[tuple[int, str, str]]:
        """``(seq, uid, kind)`` of the change feed after ``seq``, in order, ``limit`` at most."""
        rows = self._conn.execute(
            select(subject_changes.c.seq, subject_changes.c.uid, subject_changes.c.kind)
            .where(subject_changes.c.seq > seq)
            .order_by(subject_changes.c.seq)
            .limit(limit)
        )
        return [(int(a), b, c) for a, b, c in rows]

    def knows_snapshot(self, mac: str) -> bool:
        """Whether a gallery snapshot with this MAC was written against this database."""
        found = self._conn.execute(
            select(gallery_snapshots.c.seq).where(gallery_snapshots.c.mac == mac)
        ).first()
        return found is not None

    def add_snapshot(self, mac: str, seq: int, now: datetime) -> None:
        """Note a gallery snapshot written at change ``seq``; only the latest 16 are kept."""
        # The same gallery pickles to the same bytes: written again, it is known already.
        self._insert_ignore(gallery_snapshots, [{"mac": mac, "seq": seq, "made_at": now}])
        newest = gallery_snapshots.c.made_at.desc()
        kept = select(gallery_snapshots.c.mac).order_by(newest).limit(16)
        self._conn.execute(delete(gallery_snapshots).where(gallery_snapshots.c.mac.not_in(kept)))

    def last_change(self) -> int:
        found = self._conn.execute(select(func.max(subject_changes.c.seq))).scalar_one()
        return int(found or 0)

    def replace_links(self, links: dict[int, list[tuple[int, Link]]]) -> None:
        """Set the outgoing links of each source subject id to exactly those given."""
        sources = list(links)
        for chunk in _chunks(sources):
            self._conn.execute(delete(subject_links).where(subject_links.c.source_id.in_(chunk)))
        rows = [
            {
                "source_id": source,
                "target_id": target,
                "position": position,
                "kind": link.kind.value,
                "note": link.note,
            }
            for source, targets in links.items()
            for position, (target, link) in enumerate(targets)
        ]
        self._insert_ignore(subject_links, rows)

    def ids_for(self, uids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(uids)):
            query = select(subjects.c.uid, subjects.c.id).where(subjects.c.uid.in_(chunk))
            found.update({uid: subject_id for uid, subject_id in self._conn.execute(query)})
        return found

    def _kept_provenance(
        self, subject_ids: Sequence[int]
    ) -> tuple[
        dict[tuple[int, tuple[str, str]], Provenance],
        dict[tuple[int, tuple[str, str, str]], Provenance],
    ]:
        names: dict[tuple[int, tuple[str, str]], Provenance] = {}
        documents: dict[tuple[int, tuple[str, str, str]], Provenance] = {}
        for chunk in _chunks(subject_ids):
            for row in self._conn.execute(
                select(subject_names).where(subject_names.c.subject_id.in_(chunk))
            ):
                names[(row.subject_id, name_key(row.full_name, row.kind))] = provenance_of(row)
            for row in self._conn.execute(
                select(subject_documents).where(subject_documents.c.subject_id.in_(chunk))
            ):
                key = document_key(row.type, row.number_norm, row.issuing_country)
                documents[(row.subject_id, key)] = provenance_of(row)
        return names, documents

    # -- reading -------------------------------------------------------------------------------

    def count(self, *, include_deleted: bool = False) -> int:
        query = select(func.count()).select_from(subjects)
        if not include_deleted:
            query = query.where(subjects.c.deleted_at.is_(None))
        return int(self._conn.execute(query).scalar_one())

    def count_by_owner(self) -> dict[str, int]:
        """Live subjects per owning agency code."""
        query = (
            select(agencies.c.code, func.count())
            .join(subjects, subjects.c.owner_agency_id == agencies.c.id)
            .where(subjects.c.deleted_at.is_(None))
            .group_by(agencies.c.code)
            .order_by(agencies.c.code)
        )
        return {code: int(n) for code, n in self._conn.execute(query)}

    def summaries(
        self, *, owner: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[SubjectSummary]:
        query = (
            select(subjects, agencies.c.code.label("owner_code"))
            .join(agencies, agencies.c.id == subjects.c.owner_agency_id)
            .where(subjects.c.deleted_at.is_(None))
            .order_by(subjects.c.id)
            .limit(limit)
            .offset(offset)
        )
        if owner is not None:
            query = query.where(agencies.c.code == owner)
        return [
            SubjectSummary(
                r.id,
                r.uid,
                SubjectKind(r.kind),
                r.owner_code,
                r.primary_name,
                r.handling_code,
                r.classification,
                r.updated_at,
            )
            for r in self._conn.execute(query)
        ]

    def marks(
        self,
        uids: Sequence[str] | None = None,
        *,
        include_deleted: bool = False,
        owner: str | None = None,
    ) -> dict[str, SubjectMarks]:
        """What the access policy reads of subjects (of ``uids``, or all; of the agency
        ``owner`` when given), by uid."""
        query = (
            select(
                subjects.c.id,
                subjects.c.uid,
                agencies.c.code,
                agencies.c.kind,
                subjects.c.handling_code,
                subjects.c.classification,
                subjects.c.deleted_at,
            )
            .join(agencies, agencies.c.id == subjects.c.owner_agency_id)
            .order_by(subjects.c.id)
        )
        if not include_deleted:
            query = query.where(subjects.c.deleted_at.is_(None))
        if owner is not None:
            query = query.where(agencies.c.code == owner)
        rows: list[Any] = []
        for chunk in [None] if uids is None else _chunks(list(uids)):
            part = query if chunk is None else query.where(subjects.c.uid.in_(chunk))
            rows.extend(self._conn.execute(part).all())
        topics: dict[int, list[str]] = {}
        ids = [r.id for r in rows]
        for chunk_ids in [None] if uids is None and owner is None else _chunks(ids):
            tq = select(subject_topics.c.subject_id, subject_topics.c.topic)
            if chunk_ids is not None:
                tq = tq.where(subject_topics.c.subject_id.in_(chunk_ids))
            for sid, topic in self._conn.execute(tq):
                topics.setdefault(sid, []).append(topic)
        return {
            r.uid: SubjectMarks(
                r.uid,
                r.code,
                r.kind,
                tuple(sorted(topics.get(r.id, ()))),
                r.handling_code,
                r.classification,
                r.deleted_at is not None,
            )
            for r in rows
        }

    def get(self, uid: str) -> SubjectRecord:
        found = self.find_id(uid)
        if found is None:
            raise NotFoundError(f"no subject {uid}")
        return next(iter(self._load([found])))

    def get_many(self, uids: Sequence[str]) -> list[SubjectRecord]:
        """The live records of ``uids``, in that order, loaded a chunk at a time rather than one
        query per record (``NotFoundError`` naming the first uid with none)."""
        ids: dict[str, int] = {}
        for chunk in _chunks(list(uids)):
            query = select(subjects.c.uid, subjects.c.id).where(
                subjects.c.uid.in_(chunk), subjects.c.deleted_at.is_(None)
            )
            ids.update({uid: subject_id for uid, subject_id in self._conn.execute(query)})
        missing = next((u for u in uids if u not in ids), None)
        if missing is not None:
            raise NotFoundError(f"no subject {missing}")
        loaded: dict[str, SubjectRecord] = {}
        for id_chunk in _chunks([ids[u] for u in uids]):
            loaded.update((r.uid, r) for r in self._load(id_chunk))
        return [loaded[u] for u in uids]

    def find_id(self, uid: str) -> int | None:
        return self._conn.execute(
            select(subjects.c.id).where(subjects.c.uid == uid, subjects.c.deleted_at.is_(None))
        ).scalar_one_or_none()

    def iter_records(
        self, *, owner: str | None = None, batch: int = 500
    ) -> Iterator[SubjectRecord]:
        """Every live subject in id order, loaded ``batch`` at a time."""
        last = 0
        while True:
            query = (
                select(subjects.c.id)
                .where(subjects.c.deleted_at.is_(None), subjects.c.id > last)
                .order_by(subjects.c.id)
                .limit(batch)
            )
            if owner is not None:
                query = query.join(agencies, agencies.c.id == subjects.c.owner_agency_id).where(
                    agencies.c.code == owner
                )
            ids = list(self._conn.execute(query).scalars())
            if not ids:
                return
            yield from self._load(ids)
            last = ids[-1]

    def _load(self, ids: Sequence[int]) -> Iterator[SubjectRecord]:
        heads = {
            r.id: r
            for r in self._conn.execute(
                select(subjects, agencies.c.code.label("owner_code"))
                .join(agencies, agencies.c.id == subjects.c.owner_agency_id)
                .where(subjects.c.id.in_(ids))
            )
        }
        grouped: dict[str, dict[int, list[Any]]] = {}
        for table in SUBJECT_CHILDREN:
            by_subject: dict[int, list[Any]] = {}
            order = [table.c.subject_id]
            if "position" in table.c:
                order.append(table.c.position)
            for row in self._conn.execute(
                select(table).where(table.c.subject_id.in_(ids)).order_by(*order)
            ):
                by_subject.setdefault(row.subject_id, []).append(row)
            grouped[table.name] = by_subject
        links: dict[int, list[Any]] = {}
        for row in self._conn.execute(
            select(subject_links, subjects.c.uid.label("target_uid"))
            .join(subjects, subjects.c.id == subject_links.c.target_id)
            .where(subject_links.c.source_id.in_(ids))
            .order_by(subject_links.c.source_id, subject_links.c.position)
        ):
            links.setdefault(row.source_id, []).append(row)
        for subject_id in ids:
            head = heads[subject_id]

            def rows(table: Table, sid: int = subject_id) -> list[Any]:
                return grouped[table.name].get(sid, [])

            yield record_from_rows(head, rows, links.get(subject_id, []))

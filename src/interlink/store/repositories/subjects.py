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
    BirthDate,
    Document,
    Link,
    Listing,
    Name,
    Place,
    Provenance,
    SubjectKind,
    SubjectRecord,
    normalise_document_number,
)
from interlink.exc import ConflictError, NotFoundError
from interlink.store.tables import (
    SUBJECT_CHILDREN,
    agencies,
    subject_birth_dates,
    subject_categories,
    subject_documents,
    subject_links,
    subject_listings,
    subject_names,
    subject_nationalities,
    subject_places,
    subject_topics,
    subjects,
)

InsertIgnore = Callable[[Table, Sequence[dict[str, Any]]], None]

# SQLite allows 32,766 bound parameters; IN lists are chunked well below that.
_CHUNK = 900


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


def _name_key(full: str, kind: str) -> tuple[str, str]:
    return (full, kind)


def _document_key(doc_type: str, number_norm: str, country: str | None) -> tuple[str, str, str]:
    return (doc_type, number_norm, country or "")


class SubjectRepository:
    def __init__(self, connection: Connection, insert_ignore: InsertIgnore) -> None:
        self._conn = connection
        self._insert_ignore = insert_ignore

    # -- writing -------------------------------------------------------------------------------

    def write(
        self,
        records: Sequence[SubjectRecord],
        owner_ids: Sequence[int],
        provenance: Provenance,
        *,
        now: datetime,
        import_run_id: int | None = None,
    ) -> WriteResult:
        """Insert new records, rewrite changed ones, count unchanged ones.

        ``owner_ids[i]`` owns ``records[i]``. A uid owned by another agency is refused: only the
        owner edits a subject.
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
                self._subject_row(record, owner_id, digest, now, import_run_id)
                | {"created_at": now}
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
                        self._subject_row(record, owner_id, digest, now, import_run_id)
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
            for name, child_rows in _child_rows(record, ids[record.uid], provenance, kept).items():
                children[name].extend(child_rows)
        for table in SUBJECT_CHILDREN:
            if children[table.name]:
                self._conn.execute(table.insert(), children[table.name])
        return WriteResult(
            added=len(new),
            updated=len(changed),
            unchanged=unchanged,
            ids=ids,
            rewritten=frozenset(r.uid for r in written),
        )

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

    @staticmethod
    def _subject_row(
        record: SubjectRecord, owner_id: int, digest: str, now: datetime, run_id: int | None
    ) -> dict[str, Any]:
        return {
            "uid": record.uid,
            "kind": record.kind.value,
            "owner_agency_id": owner_id,
            "primary_name": record.primary_name.full,
            "gender": record.gender.value if record.gender else None,
            "handling_code": record.handling_code.value,
            "handling_note": record.handling_note,
            "classification": record.classification.value,
            "review_by": record.review_by,
            "notes": record.notes,
            "content_hash": digest,
            "updated_at": now,
            "import_run_id": run_id,
        }

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
                names[(row.subject_id, _name_key(row.full_name, row.kind))] = Provenance(
                    added_by=row.added_by, added_at=row.added_at, source=row.source
                )
            for row in self._conn.execute(
                select(subject_documents).where(subject_documents.c.subject_id.in_(chunk))
            ):
                key = _document_key(row.type, row.number_norm, row.issuing_country)
                documents[(row.subject_id, key)] = Provenance(
                    added_by=row.added_by, added_at=row.added_at, source=row.source
                )
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

    def get(self, uid: str) -> SubjectRecord:
        found = self.find_id(uid)
        if found is None:
            raise NotFoundError(f"no subject {uid}")
        return next(iter(self._load([found])))

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

            yield SubjectRecord(
                uid=head.uid,
                kind=head.kind,
                owner=head.owner_code,
                names=[
                    Name(
                        full=r.full_name,
                        kind=r.kind,
                        script=r.script,
                        lang=r.lang,
                        parts=r.parts,
                        provenance=Provenance(
                            added_by=r.added_by, added_at=r.added_at, source=r.source
                        ),
                    )
                    for r in rows(subject_names)
                ],
                birth_dates=[
                    BirthDate(kind=r.kind, value=r.value, value_to=r.value_to, note=r.note)
                    for r in rows(subject_birth_dates)
                ],
                places_of_birth=[_place(r) for r in rows(subject_places) if r.role == "birth"],
                addresses=[_place(r) for r in rows(subject_places) if r.role == "address"],
                nationalities=[r.country for r in rows(subject_nationalities)],
                gender=head.gender,
                documents=[
                    Document(
                        type=r.type,
                        number=r.number,
                        issuing_country=r.issuing_country,
                        issued_on=r.issued_on,
                        expires_on=r.expires_on,
                        flags=r.flags,
                        note=r.note,
                        provenance=Provenance(
                            added_by=r.added_by, added_at=r.added_at, source=r.source
                        ),
                    )
                    for r in rows(subject_documents)
                ],
                categories=[r.category for r in rows(subject_categories)],
                topics=[r.topic for r in rows(subject_topics)],
                handling_code=head.handling_code,
                handling_note=head.handling_note,
                classification=head.classification,
                review_by=head.review_by,
                listings=[
                    Listing(
                        authority=r.authority,
                        program=r.program,
                        reference=r.reference,
                        listed_on=r.listed_on,
                    )
                    for r in rows(subject_listings)
                ],
                links=[
                    Link(target=r.target_uid, kind=r.kind, note=r.note)
                    for r in links.get(subject_id, [])
                ],
                notes=head.notes,
            )


def _place(row: Any) -> Place:
    return Place(text=row.text, city=row.city, region=row.region, country=row.country)


def _child_rows(
    record: SubjectRecord,
    subject_id: int,
    provenance: Provenance,
    kept: tuple[dict[Any, Provenance], dict[Any, Provenance]],
) -> dict[str, list[dict[str, Any]]]:
    kept_names, kept_documents = kept

    def origin(own: Provenance, key: Any, table: dict[Any, Provenance]) -> Provenance:
        if own.added_at is not None or own.added_by is not None or own.source is not None:
            return own
        return table.get((subject_id, key), provenance)

    names = []
    for position, name in enumerate(record.names):
        p = origin(name.provenance, _name_key(name.full, name.kind.value), kept_names)
        names.append(
            {
                "subject_id": subject_id,
                "position": position,
                "full_name": name.full,
                "kind": name.kind.value,
                "script": name.script,
                "lang": name.lang,
                "parts": [part.model_dump(mode="json") for part in name.parts],
                "added_by": p.added_by,
                "added_at": p.added_at,
                "source": p.source,
            }
        )
    documents = []
    for position, doc in enumerate(record.documents):
        norm = normalise_document_number(doc.number)
        p = origin(
            doc.provenance, _document_key(doc.type.value, norm, doc.issuing_country), kept_documents
        )
        documents.append(
            {
                "subject_id": subject_id,
                "position": position,
                "type": doc.type.value,
                "number": doc.number,
                "number_norm": norm,
                "issuing_country": doc.issuing_country,
                "issued_on": doc.issued_on,
                "expires_on": doc.expires_on,
                "flags": [flag.value for flag in doc.flags],
                "note": doc.note,
                "added_by": p.added_by,
                "added_at": p.added_at,
                "source": p.source,
            }
        )
    places = [
        {"subject_id": subject_id, "position": position, "role": role, **place.model_dump()}
        for position, (role, place) in enumerate(
            [("birth", p) for p in record.places_of_birth]
            + [("address", p) for p in record.addresses]
        )
    ]
    return {
        subject_names.name: names,
        subject_birth_dates.name: [
            {
                "subject_id": subject_id,
                "position": position,
                "kind": bd.kind.value,
                "value": bd.value,
                "value_to": bd.value_to,
                "earliest": bd.earliest,
                "latest": bd.latest,
                "note": bd.note,
            }
            for position, bd in enumerate(record.birth_dates)
        ],
        subject_places.name: places,
        subject_nationalities.name: [
            {"subject_id": subject_id, "position": position, "country": country}
            for position, country in enumerate(record.nationalities)
        ],
        subject_documents.name: documents,
        subject_categories.name: [
            {"subject_id": subject_id, "category": c.value} for c in record.categories
        ],
        subject_topics.name: [{"subject_id": subject_id, "topic": t.value} for t in record.topics],
        subject_listings.name: [
            {"subject_id": subject_id, "position": position, **listing.model_dump()}
            for position, listing in enumerate(record.listings)
        ],
    }

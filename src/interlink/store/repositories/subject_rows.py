"""How a ``SubjectRecord`` maps to the rows of ``subjects`` and its child tables, both ways.

The repository runs the queries; this module only shapes rows. Names and documents are keyed so
that a rewrite can hand back the provenance already on file (``name_key``, ``document_key``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Table

from interlink.domain.subjects import (
    BirthDate,
    Document,
    Link,
    Listing,
    Name,
    Place,
    Provenance,
    SubjectRecord,
    normalise_document_number,
)
from interlink.store.tables import (
    subject_birth_dates,
    subject_categories,
    subject_documents,
    subject_listings,
    subject_names,
    subject_nationalities,
    subject_places,
    subject_topics,
)

# Provenance already on file, keyed by (subject id, name_key) and (subject id, document_key).
Kept = tuple[dict[Any, Provenance], dict[Any, Provenance]]


def name_key(full: str, kind: str) -> tuple[str, str]:
    return (full, kind)


def document_key(doc_type: str, number_norm: str, country: str | None) -> tuple[str, str, str]:
    return (doc_type, number_norm, country or "")


def subject_row(
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


def record_from_rows(
    head: Any, rows: Callable[[Table], list[Any]], link_rows: list[Any]
) -> SubjectRecord:
    """Rebuild a record from its ``subjects`` row, its child rows and its outgoing links."""
    return SubjectRecord(
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
                provenance=provenance_of(r),
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
                provenance=provenance_of(r),
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
        links=[Link(target=r.target_uid, kind=r.kind, note=r.note) for r in link_rows],
        notes=head.notes,
    )


def provenance_of(row: Any) -> Provenance:
    """The provenance columns of a name or document row."""
    return Provenance(added_by=row.added_by, added_at=row.added_at, source=row.source)


def _place(row: Any) -> Place:
    return Place(text=row.text, city=row.city, region=row.region, country=row.country)


def child_rows(
    record: SubjectRecord,
    subject_id: int,
    provenance: Provenance,
    kept: Kept,
) -> dict[str, list[dict[str, Any]]]:
    kept_names, kept_documents = kept

    def origin(own: Provenance, key: Any, table: dict[Any, Provenance]) -> Provenance:
        if own.added_at is not None or own.added_by is not None or own.source is not None:
            return own
        return table.get((subject_id, key), provenance)

    names = []
    for position, name in enumerate(record.names):
        p = origin(name.provenance, name_key(name.full, name.kind.value), kept_names)
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
            doc.provenance, document_key(doc.type.value, norm, doc.issuing_country), kept_documents
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

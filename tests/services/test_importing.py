"""The importer's contract, independent of any file format: batches inside one transaction,
all-or-nothing on any error, idempotent re-imports, links resolved across batches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.subjects import Link, LinkKind, Name, SubjectRecord
from interlink.exc import ConflictError, FormatError, Location
from interlink.formats.base import SourceRecord
from interlink.services.importing import import_records
from interlink.store import Database
from interlink.store.tables import import_runs, subject_names, subjects

OWNER = AgencySpec(
    code="UZ-SGB", name="State Security Service", kind=AgencyKind.SECURITY, country="UZ"
)


def person(n: int, *, links: tuple[Link, ...] = ()) -> SubjectRecord:
    return SubjectRecord(
        uid=f"t:{n}",
        kind="person",
        names=(Name(full=f"Rustam Karimov {n}"), Name(full=f"Рустам Каримов {n}", kind="alias")),
        links=links,
    )


def located(records: list[SubjectRecord]) -> Iterator[SourceRecord]:
    for line, record in enumerate(records, start=1):
        yield SourceRecord(record, Location("test.jsonl", line))


def run(db: Database, items: Iterator[SourceRecord], batch_size: int = 100) -> tuple[int, int, int]:
    summary = import_records(
        db,
        items,
        fmt="test",
        source="test.jsonl",
        sha256="0" * 64,
        owner=OWNER,
        batch_size=batch_size,
    )
    return summary.added, summary.updated, summary.unchanged


def counts(db: Database) -> tuple[int, int, int]:
    with db.engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(subjects)).scalar_one(),
            conn.execute(select(func.count()).select_from(subject_names)).scalar_one(),
            conn.execute(select(func.count()).select_from(import_runs)).scalar_one(),
        )


def test_reimport_updates_in_place_and_never_duplicates(db: Database) -> None:
    records = [person(n) for n in range(250)]
    assert run(db, located(records)) == (250, 0, 0)
    changed = (
        records[:10]
        + [
            r.model_copy(update={"names": (*r.names, Name(full="Abu Rustam", kind="weak_alias"))})
            for r in records[10:12]
        ]
        + records[12:]
    )
    assert run(db, located(changed)) == (0, 2, 248)
    assert counts(db)[:2] == (250, 502)


def test_an_error_after_several_batches_rolls_back_everything(db: Database) -> None:
    run(db, located([person(n) for n in range(5)]))
    before = counts(db)

    def broken() -> Iterator[SourceRecord]:
        yield from located([person(n) for n in range(5, 450)])
        raise FormatError(Location("test.jsonl", 451, field="names"), "a name cannot be blank")

    with pytest.raises(FormatError, match=r"test.jsonl, line 451, field names"):
        run(db, broken())
    assert counts(db) == before


def test_a_crash_mid_import_loses_nothing_and_writes_nothing(db: Database) -> None:
    run(db, located([person(n) for n in range(5)]))
    before = counts(db)

    def interrupted() -> Iterator[SourceRecord]:
        yield from located([person(n) for n in range(300)])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, interrupted())
    assert counts(db) == before
    with db.uow() as uow:
        assert uow.subjects.get("t:3").primary_name.full == "Rustam Karimov 3"


def test_duplicate_uid_in_one_file_is_refused_with_both_places(db: Database) -> None:
    with pytest.raises(FormatError, match=r"line 3, field uid: subject t:1 appears twice .*line 2"):
        run(db, located([person(0), person(1), person(1)]))
    assert counts(db) == (0, 0, 0)


def test_links_resolve_across_batches_and_unknown_targets_fail(db: Database) -> None:
    linked = person(0, links=(Link(target="t:299", kind=LinkKind.ASSOCIATE),))
    run(db, located([linked] + [person(n) for n in range(1, 300)]), batch_size=50)
    with db.uow() as uow:
        assert uow.subjects.get("t:0").links == (Link(target="t:299", kind=LinkKind.ASSOCIATE),)
    before = counts(db)
    dangling = person(1, links=(Link(target="t:nowhere"),))
    with pytest.raises(FormatError, match=r"line 1, field links: links to subject t:nowhere"):
        run(db, located([dangling]))
    assert counts(db) == before


def test_another_owner_cannot_take_over_a_subject_by_import(db: Database) -> None:
    run(db, located([person(0)]))
    with db.uow() as uow:
        uow.agencies.add(
            AgencySpec(code="TJ-GKNB", name="x", kind=AgencyKind.SECURITY, country="TJ")
        )
    taken = person(0).model_copy(update={"owner": "TJ-GKNB"})
    with pytest.raises(ConflictError, match="only its owner edits it"):
        run(db, located([taken]))


def test_a_nul_character_is_refused_at_its_place_and_nothing_is_written(db: Database) -> None:
    """PostgreSQL stores no NUL in text: the import says where, instead of failing to store."""
    bad = person(7).model_copy(update={"notes": "seen in Tashkent\x00"})
    with pytest.raises(FormatError) as caught:
        run(db, located([person(n) for n in range(5)] + [bad]))
    assert str(caught.value) == (
        "test.jsonl, line 6: record.notes: the NUL character (\\u0000) is not allowed"
    )
    assert counts(db) == (0, 0, 0)

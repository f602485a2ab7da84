"""``export jsonl``: export -> import -> export gives the same bytes, and nothing is lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    Document,
    DocumentFlag,
    DocumentType,
    Gender,
    Link,
    LinkKind,
    Listing,
    Name,
    NameKind,
    NamePart,
    NamePartKind,
    Place,
    Provenance,
    SubjectKind,
    SubjectRecord,
)
from interlink.formats.jsonl import read_jsonl, write_jsonl
from interlink.services.exporting import export_jsonl
from interlink.services.importing import file_sha256, import_file
from interlink.store import Database


def bortnikov() -> SubjectRecord:
    """A person with every field filled: every name kind, every birth-date kind, H3."""
    return SubjectRecord(
        uid="ru:fsb-2024-0017",
        kind=SubjectKind.PERSON,
        owner="RU-FSB",
        names=(
            Name(
                full="Бортников Александр Васильевич",
                lang="ru",
                parts=(
                    NamePart(kind=NamePartKind.FAMILY, value="Бортников"),
                    NamePart(kind=NamePartKind.GIVEN, value="Александр"),
                    NamePart(kind=NamePartKind.PATRONYMIC, value="Васильевич"),
                ),
            ),
            Name(full="BORTNIKOV Aleksandr Vasilyevich", kind=NameKind.ALIAS, lang="en"),
            Name(full="Бортников А. В.", kind=NameKind.ORIGINAL_SCRIPT),
            Name(full="Sasha", kind=NameKind.WEAK_ALIAS),
            Name(full="Бортников-Молотов Александр", kind=NameKind.PREVIOUS),
        ),
        birth_dates=(
            BirthDate(kind=BirthDateKind.FULL, value="1951-11-15"),
            BirthDate(kind=BirthDateKind.YEAR_MONTH, value="1951-11"),
            BirthDate(kind=BirthDateKind.YEAR, value="1951"),
            BirthDate(kind=BirthDateKind.RANGE, value="1950", value_to="1952-06"),
            BirthDate(kind=BirthDateKind.APPROXIMATE, value="1951", note="по данным партнёра"),
        ),
        places_of_birth=(
            Place(text="Молотов, СССР", city="Perm", region="Perm Krai", country="RU"),
        ),
        nationalities=("RU", "KZ"),
        gender=Gender.MALE,
        documents=(
            Document(
                type=DocumentType.PASSPORT,
                number="72 1234567",
                issuing_country="RU",
                issued_on=date(2021, 4, 1),
                expires_on=date(2031, 4, 1),
                flags=(DocumentFlag.REPORTED_LOST, DocumentFlag.KNOWN_FALSE),
                note="seen at Almaty, 2024",
            ),
            Document(type=DocumentType.NATIONAL_ID, number="4509 123456"),
        ),
        addresses=(Place(text="ул. Ленина 1, Москва", city="Москва", country="RU"),),
        categories=(Category.WANTED, Category.SUSPECT),
        topics=(Topic.TERRORISM, Topic.EXTREMISM),
        handling_code=HandlingCode.H3,
        handling_note="Border checks only; do not approach.",
        classification=Classification.CONFIDENTIAL,
        review_by=date(2027, 6, 30),
        listings=(Listing(authority="FSB", program="National list", reference="N-17"),),
        links=(Link(target="iq:isil-org", kind=LinkKind.MEMBER_OF, note="financier"),),
        notes="Two lines\nof notes.",
    )


def baghdadi() -> SubjectRecord:
    return SubjectRecord(
        uid="iq:isil-0001",
        kind=SubjectKind.PERSON,
        owner="KZ-KNB",
        names=(
            Name(full="أبو بكر البغدادي", lang="ar"),
            Name(full="Abu Bakr al-Baghdadi", kind=NameKind.ALIAS),
        ),
        birth_dates=(BirthDate.from_prefix("1971-07-28"),),
        nationalities=("IQ",),
        listings=(
            Listing(
                authority="United Nations Security Council",
                program="ISIL (Da'esh) and Al-Qaida",
                reference="QDi.299",
                listed_on=date(2011, 10, 5),
            ),
        ),
        links=(
            Link(target="iq:isil-org", kind=LinkKind.LEADER_OF),
            Link(target="ru:fsb-2024-0017", kind=LinkKind.ASSOCIATE),
        ),
    )


def isil() -> SubjectRecord:
    return SubjectRecord(
        uid="iq:isil-org",
        kind=SubjectKind.ORGANIZATION,
        owner="KZ-KNB",
        names=(Name(full="الدولة الإسلامية في العراق والشام", lang="ar"),),
        categories=(Category.ORGANISATION,),
        links=(Link(target="iq:isil-0001"),),
    )


def _agencies(db: Database) -> None:
    with db.uow() as uow:
        uow.agencies.add(
            AgencySpec(code="RU-FSB", name="FSB", kind=AgencyKind.SECURITY, country="RU")
        )
        uow.agencies.add(
            AgencySpec(code="KZ-KNB", name="KNB", kind=AgencyKind.SECURITY, country="KZ")
        )


def _export(db: Database, path: Path, owner: str | None = None) -> int:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        return export_jsonl(db, out, owner=owner)


def _import(db: Database, path: Path) -> tuple[int, int, int]:
    summary = import_file(db, read_jsonl(path), fmt="jsonl", path=path, owner="KZ-KNB")
    return summary.added, summary.updated, summary.unchanged


def test_export_import_export_is_byte_identical(db: Database, tmp_path: Path) -> None:
    _agencies(db)
    originals = [bortnikov(), baghdadi(), isil()]
    source = tmp_path / "subjects.jsonl"
    with source.open("w", encoding="utf-8", newline="\n") as out:
        write_jsonl(originals, out)
    assert _import(db, source) == (3, 0, 0)

    file_a, file_b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert _export(db, file_a) == 3
    assert _import(db, file_a) == (0, 0, 3)
    assert _export(db, file_b) == 3
    assert file_a.read_bytes() == file_b.read_bytes()

    with db.uow() as uow:
        started = uow.imports.all()[0].started_at
    filled = Provenance(
        added_by="import",
        added_at=started,
        source=f"jsonl:subjects.jsonl@{file_sha256(source)[:12]}",
    )
    expected = [
        record.model_copy(
            update={
                "names": tuple(n.model_copy(update={"provenance": filled}) for n in record.names),
                "documents": tuple(
                    d.model_copy(update={"provenance": filled}) for d in record.documents
                ),
            }
        )
        for record in originals
    ]
    assert [item.record for item in read_jsonl(file_a)] == expected


def test_reimport_of_records_given_the_default_owner_is_unchanged(
    db: Database, tmp_path: Path
) -> None:
    _agencies(db)
    source = tmp_path / "subjects.jsonl"
    with source.open("w", encoding="utf-8", newline="\n") as out:
        write_jsonl([isil().model_copy(update={"owner": None, "links": ()})], out)
    assert _import(db, source) == (1, 0, 0)
    exported = tmp_path / "export.jsonl"
    _export(db, exported)
    assert [item.record.owner for item in read_jsonl(exported)] == ["KZ-KNB"]
    assert _import(db, exported) == (0, 0, 1)


def test_an_export_moves_to_a_fresh_database_unchanged(db: Database, tmp_path: Path) -> None:
    _agencies(db)
    source = tmp_path / "subjects.jsonl"
    with source.open("w", encoding="utf-8", newline="\n") as out:
        write_jsonl([bortnikov(), baghdadi(), isil()], out)
    _import(db, source)
    exported = tmp_path / "export.jsonl"
    _export(db, exported)

    fresh = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.migrate()
    try:
        _agencies(fresh)
        assert _import(fresh, exported) == (3, 0, 0)
        again = tmp_path / "again.jsonl"
        _export(fresh, again)
    finally:
        fresh.dispose()
    # Provenance travels in the file, so the names keep who added them, when and from where.
    assert again.read_bytes() == exported.read_bytes()


def test_export_of_one_owner(db: Database, tmp_path: Path) -> None:
    _agencies(db)
    source = tmp_path / "subjects.jsonl"
    with source.open("w", encoding="utf-8", newline="\n") as out:
        write_jsonl([bortnikov(), baghdadi(), isil()], out)
    _import(db, source)
    path = tmp_path / "fsb.jsonl"
    assert _export(db, path, owner="RU-FSB") == 1
    assert [item.record.uid for item in read_jsonl(path)] == ["ru:fsb-2024-0017"]


def test_export_of_an_empty_database_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    assert _export(db, path) == 0
    assert path.read_bytes() == b""

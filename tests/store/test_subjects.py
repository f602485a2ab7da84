from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.subjects import (
    BirthDate,
    Document,
    DocumentFlag,
    DocumentType,
    Name,
    NameKind,
    Provenance,
    SubjectRecord,
)
from interlink.exc import ConflictError
from interlink.store import Database

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)


def person(uid: str, *names: str, dob: str | None = None, **extra: object) -> SubjectRecord:
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    return SubjectRecord.model_validate(
        {
            "uid": uid,
            "kind": "person",
            "names": [Name(full=n, kind=k) for n, k in zip(names, kinds, strict=True)],
            "birth_dates": [BirthDate.from_prefix(dob)] if dob else [],
            **extra,
        }
    )


def _agency(db: Database, code: str = "RU-FSB") -> int:
    with db.uow() as uow:
        return uow.agencies.add(
            AgencySpec(code=code, name=code, kind=AgencyKind.SECURITY, country="RU")
        ).id


def test_write_then_read_back_is_identical(db: Database) -> None:
    owner = _agency(db)
    record = person(
        "t:1",
        "Бортников Александр Васильевич",
        "BORTNIKOV Aleksandr",
        dob="1951-11-15",
        nationalities=["RU"],
        documents=[
            Document(
                type=DocumentType.PASSPORT,
                number="72 1234567",
                issuing_country="RU",
                flags=[DocumentFlag.REPORTED_LOST],
            )
        ],
    )
    src = Provenance(added_by="tester", added_at=T0, source="unit")
    with db.uow() as uow:
        result = uow.subjects.write([record], [owner], src, now=T0)
    assert (result.added, result.updated, result.unchanged) == (1, 0, 0)
    with db.uow() as uow:
        back = uow.subjects.get("t:1")
    assert back.names[0].script == "Cyrillic"
    assert back.names[0].provenance == src
    assert back.documents[0].provenance == src
    expected = record.model_copy(
        update={
            "owner": "RU-FSB",
            "names": tuple(n.model_copy(update={"provenance": src}) for n in record.names),
            "documents": tuple(d.model_copy(update={"provenance": src}) for d in record.documents),
        }
    )
    assert back == expected


def test_rewrite_keeps_provenance_of_names_already_on_file(db: Database) -> None:
    owner = _agency(db)
    first = Provenance(added_by="a", added_at=T0, source="first")
    second = Provenance(added_by="b", added_at=T1, source="second")
    with db.uow() as uow:
        uow.subjects.write([person("t:1", "Ivan Petrov")], [owner], first, now=T0)
    with db.uow() as uow:
        result = uow.subjects.write(
            [person("t:1", "Ivan Petrov", "Iwan Petrow")], [owner], second, now=T1
        )
    assert (result.added, result.updated, result.unchanged) == (0, 1, 0)
    with db.uow() as uow:
        names = uow.subjects.get("t:1").names
    assert [(n.full, n.provenance.source) for n in names] == [
        ("Ivan Petrov", "first"),
        ("Iwan Petrow", "second"),
    ]


def test_same_record_again_is_unchanged(db: Database) -> None:
    owner = _agency(db)
    src = Provenance(added_by="a", added_at=T0)
    with db.uow() as uow:
        uow.subjects.write([person("t:1", "Ivan Petrov", dob="1970")], [owner], src, now=T0)
    with db.uow() as uow:
        result = uow.subjects.write(
            [person("t:1", "Ivan Petrov", dob="1970")], [owner], src, now=T1
        )
        assert uow.subjects.count() == 1
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)


def test_another_agency_cannot_overwrite_a_subject(db: Database) -> None:
    owner = _agency(db, "RU-FSB")
    other = _agency(db, "KZ-KNB")
    src = Provenance(added_by="a", added_at=T0)
    with db.uow() as uow:
        uow.subjects.write([person("t:1", "Ivan Petrov")], [owner], src, now=T0)
    with pytest.raises(ConflictError, match="only its owner"), db.uow() as uow:
        uow.subjects.write([person("t:1", "Someone Else")], [other], src, now=T1)
    with db.uow() as uow:
        assert uow.subjects.get("t:1").primary_name.full == "Ivan Petrov"

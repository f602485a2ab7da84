"""The EU FSF XML 1.1 reader, through the import service, on both databases.

The fixtures in tests/fixtures/eu/ are synthetic: eu_fsf_sample.xml validates against the EU
schema (shared/data/watchlists/schemas/eu_fsf_schema_1_1.xsd); the others are broken on purpose.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from interlink.domain.codes import Category, Topic
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    DocumentFlag,
    DocumentType,
    Gender,
    Listing,
    NameKind,
    NamePartKind,
    Place,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError
from interlink.formats.eu import EU_AUTHORITY, read_eu
from interlink.services.importing import ImportSummary, import_file
from interlink.store import Database
from tests.conftest import FIXTURES

EU = FIXTURES / "eu"
SAMPLE = EU / "eu_fsf_sample.xml"

P, A, ORIG, W = NameKind.PRIMARY, NameKind.ALIAS, NameKind.ORIGINAL_SCRIPT, NameKind.WEAK_ALIAS


def _import(db: Database, path: Path, batch_size: int = 2000) -> ImportSummary:
    return import_file(
        db, read_eu(path), fmt="eu", path=path, owner=EU_AUTHORITY, batch_size=batch_size
    )


def _get(db: Database, uid: str) -> SubjectRecord:
    with db.uow() as uow:
        return uow.subjects.get(uid)


def _names(record: SubjectRecord) -> list[tuple[NameKind, str]]:
    return [(n.kind, n.full) for n in record.names]


def _flags(record: SubjectRecord) -> list[tuple[DocumentType, str, tuple[DocumentFlag, ...]]]:
    return [(d.type, d.number, d.flags) for d in record.documents]


def test_sample_imports_every_entity_and_again_changes_nothing(db: Database) -> None:
    first = _import(db, SAMPLE)
    assert (first.added, first.updated, first.unchanged) == (5, 0, 0)

    karim = _get(db, "eu:910001")
    assert karim.kind is SubjectKind.PERSON
    assert karim.owner == "EU-FSF"
    # The same strong name repeated for another regulation language is kept once.
    assert _names(karim) == [
        (P, "Karim Haddad Zafrani"),
        (ORIG, "كريم حداد زعفراني"),
        (W, "Abu Yusra"),
    ]
    assert karim.names[1].script == "Arabic"
    assert karim.names[1].lang == "ar"
    assert [(p.kind, p.value) for p in karim.primary_name.parts] == [
        (NamePartKind.TITLE, "Sheikh"),
        (NamePartKind.GIVEN, "Karim"),
        (NamePartKind.MIDDLE, "Haddad"),
        (NamePartKind.FAMILY, "Zafrani"),
    ]
    assert karim.gender is Gender.MALE
    assert karim.birth_dates == (
        BirthDate(kind=BirthDateKind.FULL, value="1978-04-12"),
        BirthDate(
            kind=BirthDateKind.RANGE,
            value="1979",
            value_to="1980",
            note="Islamic calendar year 1400",
        ),
    )
    assert karim.places_of_birth == (Place(city="Aleppo", country="SY"),)
    assert karim.nationalities == ("SY",)  # "00" (unknown) is dropped
    assert _flags(karim) == [
        (DocumentType.PASSPORT, "N0012345", (DocumentFlag.KNOWN_FALSE,)),
        (DocumentType.NATIONAL_ID, "SY-1978-77001", (DocumentFlag.REPORTED_LOST,)),
    ]
    passport = karim.documents[0]
    assert (passport.issuing_country, passport.issued_on, passport.expires_on) == (
        "SY",
        date(2015, 2, 1),
        date(2021, 1, 31),
    )
    assert passport.note == "Issued by Civil Registry, Aleppo; Forged copy seen in transit."
    assert karim.addresses == (Place(text="12 Example Street, 00000", city="Aleppo", country="SY"),)
    assert karim.listings == (
        Listing(
            authority="EU",
            program="TAQA",
            reference="2021/9901 (OJ L999)",
            listed_on=date(2021, 6, 15),
        ),
    )
    assert karim.topics == (Topic.TERRORISM, Topic.TERRORIST_FINANCING)
    assert karim.categories == (Category.SANCTIONED,)
    assert karim.notes is not None
    assert "UN reference: QDi.901" in karim.notes

    oleksandr = _get(db, "eu:910002")
    assert _names(oleksandr) == [
        (P, "Oleksandr Petrovych Hrytsenko"),
        (ORIG, "Александр Петрович Гриценко"),
        (ORIG, "Олександр Петрович Гриценко"),
        (A, "Alexander Gritsenko"),
    ]
    assert [(n.script, n.lang) for n in oleksandr.names] == [
        ("Latin", None),
        ("Cyrillic", "ru"),
        ("Cyrillic", "uk"),
        ("Latin", "en"),
    ]
    assert oleksandr.names[3].parts == ()  # title "-" is no title
    assert oleksandr.birth_dates == (
        BirthDate(kind=BirthDateKind.YEAR_MONTH, value="1965-03"),
        BirthDate(kind=BirthDateKind.APPROXIMATE, value="1966"),
    )
    assert oleksandr.nationalities == ("UA", "RU")
    assert _flags(oleksandr) == [
        (DocumentType.PASSPORT, "DP 0456789", (DocumentFlag.DIPLOMATIC, DocumentFlag.REVOKED)),
        (DocumentType.NATIONAL_ID, "45 01 778899", (DocumentFlag.EXPIRED,)),
    ]
    assert oleksandr.documents[1].note == "Name on document: Гриценко Александр Петрович"
    assert oleksandr.topics == (Topic.SANCTIONS,)

    leila = _get(db, "eu:910003")
    assert _names(leila) == [(P, "Leila Mansour Qasimi"), (W, "Umm Sara")]
    assert leila.gender is Gender.FEMALE
    # The Islamic-calendar entry also gives a Gregorian birthdate, which wins.
    assert leila.birth_dates == (
        BirthDate(kind=BirthDateKind.YEAR, value="1984"),
        BirthDate(kind=BirthDateKind.RANGE, value="1985", value_to="1988"),
        BirthDate(kind=BirthDateKind.FULL, value="1984-06-02"),
    )
    assert leila.nationalities == ("DZ",)

    foundation = _get(db, "eu:910004")
    assert foundation.kind is SubjectKind.ORGANIZATION
    assert _names(foundation) == [
        (P, "Northern Crescent Relief Foundation"),
        (ORIG, "مؤسسة الهلال الشمالي للإغاثة"),
        (W, "NCRF"),
    ]
    assert (foundation.gender, foundation.birth_dates) == (None, ())
    assert _flags(foundation) == [(DocumentType.REGISTRATION, "RN-44-1209", ())]
    assert foundation.addresses == (
        Place(
            text="Harbour Road 7, PO Box 4410",
            city="Tripoli",
            region="North Governorate",
            country="LB",
        ),
    )

    delisted = _get(db, "eu:910005")
    assert delisted.categories == ()
    assert delisted.notes == "Delisted by the EU with effect from 2024-03-01."
    assert _flags(delisted) == [(DocumentType.OTHER, "MAT-00917", ())]
    assert delisted.documents[0].note == "Chamber of commerce membership"

    again = _import(db, SAMPLE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("eu_truncated.xml", "line 15"),
        ("eu_billion_laughs.xml", "line 4"),
        ("eu_impossible_date.xml", "line 17, <birthdate>, field birthdate"),
        ("eu_impossible_month.xml", "line 17, <birthdate>, field monthOfYear"),
        ("eu_missing_logical_id.xml", "line 11, <sanctionEntity>, field logicalId"),
        ("eu_wrong_root.xml", "line 3, <CONSOLIDATED_LIST>"),
    ],
)
def test_malformed_file_names_the_place_and_changes_nothing(
    db: Database, name: str, where: str
) -> None:
    _import(db, SAMPLE)
    before = _get(db, "eu:910003")
    with db.uow() as uow:
        subjects, runs = uow.subjects.count(), len(uow.imports.all())

    bad = EU / name
    # Batches of one: records read before the fault are written, then must be rolled back.
    with pytest.raises(FormatError) as caught:
        _import(db, bad, batch_size=1)

    assert str(caught.value).startswith(f"{bad}, {where}: ")
    assert _get(db, "eu:910003") == before
    with db.uow() as uow:
        assert uow.subjects.find_id("eu:920001") is None
        assert (uow.subjects.count(), len(uow.imports.all())) == (subjects, runs)


def _person_born(tmp_path: Path, *birthdates: str) -> SubjectRecord:
    """Read a one-person file whose birthdate elements carry the given attributes."""
    summary = '<regulationSummary regulationType="r" publicationDate="2020-01-01" numberTitle="t"/>'
    births = "".join(
        f'<birthdate logicalId="{i}" {attrs} countryIso2Code="00" countryDescription="UNKNOWN"'
        f' regulationLanguage="en">{summary}</birthdate>'
        for i, attrs in enumerate(birthdates)
    )
    path = tmp_path / "one.xml"
    path.write_text(
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-01T00:00:00"'
        ' globalFileId="1"><sanctionEntity logicalId="1">'
        '<regulation logicalId="2" regulationType="r" organisationType="o"'
        ' publicationDate="2020-01-01" entryIntoForceDate="2020-01-01" numberTitle="t"'
        ' programme="IRN"/><subjectType code="person" classificationCode="P"/>'
        f'<nameAlias logicalId="3" wholeName="Yusuf Invented" strong="true"'
        f' regulationLanguage="en">{summary}</nameAlias>{births}</sanctionEntity></export>',
        encoding="utf-8",
    )
    progress: list[int] = []
    (item,) = read_eu(path, progress.append)
    assert sum(progress) == path.stat().st_size
    return item.record


def test_other_calendars_become_the_gregorian_years_they_overlap(tmp_path: Path) -> None:
    record = _person_born(
        tmp_path,
        'calendarType="ISLAMIC" yearRangeFrom="1395" yearRangeTo="1400"',
        'calendarType="ISLAMIC" year="1446" monthOfYear="2"',
        'calendarType="BUDDHIST" year="2513"',
        'calendarType="ETHIOPIC" year="1962"',
    )
    assert [(b.value, b.value_to, b.note) for b in record.birth_dates] == [
        ("1975", "1980", "Islamic calendar years 1395-1400"),
        ("2024", "2025", "Islamic calendar year 1446"),
        ("1970", None, "Buddhist calendar year 2513"),
        ("1969", "1970", "Ethiopic calendar year 1962"),
    ]

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from interlink.domain.codes import Category, Topic
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    Document,
    DocumentFlag,
    DocumentType,
    Gender,
    NameKind,
    NamePart,
    NamePartKind,
    Place,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError
from interlink.formats.ofac import OFAC_AUTHORITY, read_ofac
from interlink.formats.ofac_remarks import RemarkError, parse_dob, parse_remarks, split_remarks
from interlink.services.importing import ImportSummary, import_file
from interlink.store import Database
from tests.conftest import FIXTURES, SHARED_DATA

FULL_SET = SHARED_DATA / "watchlists" / "ofac_sdn_2021-07"
SMALL_SDN = SHARED_DATA / "watchlists" / "ofac_small" / "watchman_sdn.csv"
FIXTURE_SET = FIXTURES / "ofac" / "set"


def import_ofac(db: Database, path: Path, *, batch_size: int = 2000) -> ImportSummary:
    sdn = path / "sdn.csv" if path.is_dir() else path
    return import_file(
        db,
        read_ofac(path),
        fmt="ofac",
        path=sdn,
        owner=OFAC_AUTHORITY,
        batch_size=batch_size,
    )


def get(db: Database, uid: str) -> SubjectRecord:
    with db.uow() as uow:
        return uow.subjects.get(uid)


def names(record: SubjectRecord, kind: NameKind) -> list[str]:
    return [n.full for n in record.names if n.kind is kind]


def words(name: str) -> list[str]:
    """A name's words in any order: "LOGAN MOREY, Elvis" and "Elvis LOGAN MOREY" are equal."""
    return sorted(name.replace(",", " ").casefold().split())


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle) if len(row) > 1]


# -- the full July 2021 set ------------------------------------------------------------------------


def test_full_2021_set_imports_every_entry_and_alias(db: Database) -> None:
    entries = csv_rows(FULL_SET / "sdn.csv")
    aliases = csv_rows(FULL_SET / "alt.csv")
    assert len(entries) == 8976

    first = import_ofac(db, FULL_SET / "sdn.csv")

    assert (first.added, first.updated, first.unchanged) == (len(entries), 0, 0)
    with db.uow() as uow:
        assert uow.subjects.count() == len(entries)
        stored = {record.uid: record for record in uow.subjects.iter_records()}
    assert set(stored) == {f"ofac:{row[0]}" for row in entries}
    missing = [
        (row[0], row[3])
        for row in aliases
        if words(row[3]) not in [words(n.full) for n in stored[f"ofac:{row[0]}"].names]
    ]
    assert missing == []
    again = import_ofac(db, FULL_SET)
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(entries))


# -- records of the small set ----------------------------------------------------------------------


@pytest.fixture
def small(db: Database) -> Database:
    summary = import_ofac(db, SMALL_SDN)
    assert (summary.added, summary.updated) == (len(csv_rows(SMALL_SDN)), 0)
    return db


def test_person_with_remarks(small: Database) -> None:
    logan = get(small, "ofac:10278")

    assert logan.kind is SubjectKind.PERSON
    assert logan.owner == "US-OFAC"
    assert logan.primary_name.full == "Elvis Angus LOGAN MOREY"
    assert logan.primary_name.parts == (
        NamePart(kind=NamePartKind.GIVEN, value="Elvis Angus"),
        NamePart(kind=NamePartKind.FAMILY, value="LOGAN MOREY"),
    )
    assert names(logan, NameKind.WEAK_ALIAS) == ["BURTON BURGESS"]
    assert logan.birth_dates == (BirthDate(kind=BirthDateKind.FULL, value="1963-07-28"),)
    assert logan.places_of_birth == (Place(text="Toledo District, Belize", country="BZ"),)
    assert [(d.type, d.number, d.issuing_country, d.note) for d in logan.documents] == [
        (DocumentType.PASSPORT, "P0017003", "BZ", "Passport"),
        (DocumentType.NATIONAL_ID, "561-77-9011", "US", "SSN"),
    ]
    assert [(x.authority, x.program, x.reference) for x in logan.listings] == [
        ("OFAC", "SDNT", "10278")
    ]
    assert logan.topics == (Topic.DRUG_TRAFFICKING,)
    assert logan.categories == (Category.SANCTIONED,)
    assert logan.notes is None


def test_entity_with_aliases_in_alt_and_remarks(small: Database) -> None:
    hesa = get(small, "ofac:11195")

    assert hesa.kind is SubjectKind.ORGANIZATION
    assert hesa.primary_name.full == "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY"
    assert names(hesa, NameKind.ALIAS) == [
        "HESA TRADE CENTER",
        "IRAN AIRCRAFT MANUFACTURING INDUSTRIES",
        "IRAN AIRCRAFT MANUFACTURING COMPANY",
        "KARKHANEJATE SANAYE HAVAPAYMAIE IRAN",
    ]
    assert names(hesa, NameKind.WEAK_ALIAS) == [
        "HESA",
        "HTC",
        "IAMI",
        "IAMCO",
        "HAVA PEYMA SAZI-E IRAN",
        "HAVAPEYMA SAZI IRAN",
        "HAVAPEYMA SAZHRAN",
        "HEVAPEIMASAZI",
        "SHAHIN CO.",
    ]
    assert [(d.type, d.number, d.issuing_country) for d in hesa.documents] == [
        (DocumentType.NATIONAL_ID, "10100722073", "IR"),
        (DocumentType.REGISTRATION, "26740", "IR"),
    ]
    assert [x.program for x in hesa.listings] == ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"]
    assert hesa.topics == (Topic.NUCLEAR_SMUGGLING, Topic.SANCTIONS)
    assert hesa.categories == (Category.ORGANISATION, Category.SANCTIONED)
    assert len(hesa.addresses) == 5
    assert hesa.addresses[1] == Place(
        text="P.O. Box 14155-5568, No. 27 Shahamat Ave, Vallie Asr Sqr",
        city="Tehran 15946",
        country="IR",
    )
    assert hesa.notes == (
        "Additional Sanctions Information - Subject to Secondary Sanctions\n"
        "Linked To: MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS\n"
        "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS."
    )


def test_vessel_is_an_organization_noted_as_vessel(small: Database) -> None:
    tanker = get(small, "ofac:47371")

    assert tanker.kind is SubjectKind.ORGANIZATION
    assert tanker.primary_name.full == "NS LEADER"
    # watchman_alt.csv's row for ent_num 30221 names no entry of the file: it is skipped.
    assert [n.full for n in tanker.names] == ["NS LEADER"]
    assert [(d.type, d.number, d.note) for d in tanker.documents] == [
        (DocumentType.REGISTRATION, "IMO 9339301", "Identification Number"),
        (DocumentType.REGISTRATION, "636013272", "MMSI"),
    ]
    assert tanker.categories == (Category.SANCTIONED,)
    assert tanker.topics == (Topic.SANCTIONS,)
    assert (tanker.notes or "").splitlines() == [
        "OFAC type: vessel",
        "Vessel: call sign A8LU7; type Crude Oil Tanker; flag Gabon",
        "Secondary sanctions risk: See Section 11 of Executive Order 14024.",
        "Linked To: NS LEADER SHIPPING INCORPORATED.",
    ]


def test_aircraft_is_an_organization_noted_as_aircraft(small: Database) -> None:
    plane = get(small, "ofac:48727")

    assert plane.kind is SubjectKind.ORGANIZATION
    assert (plane.notes or "").splitlines()[0] == "OFAC type: aircraft"
    assert [(d.number, d.note) for d in plane.documents] == [
        ("1023409321", "Aircraft Manufacturer's Serial Number (MSN)")
    ]
    assert set(plane.topics) == {
        Topic.TERRORISM,
        Topic.TERRORIST_FINANCING,
        Topic.NUCLEAR_SMUGGLING,
        Topic.SANCTIONS,
    }


def test_remarks_continue_in_sdn_comments(small: Database) -> None:
    suex = get(small, "ofac:33151")

    notes = (suex.notes or "").splitlines()
    # sdn.csv ends "XBT 1B64QRxf", sdn_comments.csv goes on "aa35MVkf...": one address.
    assert "alt. Digital Currency Address - XBT 1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi" in notes
    assert names(suex, NameKind.WEAK_ALIAS) == ["SUCCESSFUL EXCHANGE"]
    assert [d.number for d in suex.documents] == ["07486049", "5299007NTWCC3U23WM81"]


def test_folder_with_utf8_names(db: Database) -> None:
    summary = import_ofac(db, FIXTURE_SET)

    assert (summary.added, summary.updated, summary.unchanged) == (3, 0, 0)
    bortnikov = get(db, "ofac:900001")
    assert [(n.full, n.kind, n.script) for n in bortnikov.names] == [
        ("Александр Васильевич БОРТНИКОВ", NameKind.PRIMARY, "Cyrillic"),
        ("Aleksandr Vasilyevich BORTNIKOV", NameKind.ALIAS, "Latin"),
    ]
    assert bortnikov.birth_dates == (BirthDate(kind=BirthDateKind.APPROXIMATE, value="1951"),)
    assert bortnikov.nationalities == ("RU",)
    assert bortnikov.gender is Gender.MALE
    assert bortnikov.topics == (Topic.TERRORISM, Topic.TERRORIST_FINANCING)
    assert bortnikov.addresses == (Place(text="Lubyanka 2", city="Moscow 107031", country="RU"),)
    cambis = get(db, "ofac:15719")
    assert [(n.full, n.kind) for n in cambis.names] == [
        ("Dimitris CAMBIS", NameKind.PRIMARY),
        ("Dimitrios Alexandros KAMPIS", NameKind.ALIAS),
        ("Gustav KLIMT", NameKind.WEAK_ALIAS),
    ]
    center = get(db, "ofac:15555")
    assert names(center, NameKind.PREVIOUS) == ["CENTER FOR THE STUDY OF ORGANIZED CRIME"]
    assert center.addresses == (Place(city="Tehran", country="IR"),)


def test_sibling_files_are_optional(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes((FIXTURE_SET / "sdn.csv").read_bytes())

    records = [item.record for item in read_ofac(sdn)]

    assert [r.uid for r in records] == ["ofac:15719", "ofac:900001", "ofac:15555"]
    assert [len(r.names) for r in records] == [2, 1, 1]


def test_continued_remarks_keep_the_space_at_the_cut(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(
        b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        b"\"a.k.a. 'AERO'; Website \"\r\n"
    )
    (tmp_path / "sdn_comments.csv").write_bytes(b"36,\"www.example.org; a.k.a. 'CARIB'.\"\r\n")

    [item] = read_ofac(tmp_path)

    assert names(item.record, NameKind.WEAK_ALIAS) == ["AERO", "CARIB"]
    assert item.record.notes == "Website www.example.org"


def test_progress_counts_the_bytes_of_every_file() -> None:
    read: list[int] = []

    list(read_ofac(FIXTURE_SET, read.append))

    assert sum(read) == sum(p.stat().st_size for p in FIXTURE_SET.iterdir())


def test_missing_sdn_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot be read") as caught:
        list(read_ofac(tmp_path))
    assert caught.value.location.file == str(tmp_path / "sdn.csv")


# -- the remarks parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28 Jul 1963", BirthDate(kind=BirthDateKind.FULL, value="1963-07-28")),
        ("Jul 1963", BirthDate(kind=BirthDateKind.YEAR_MONTH, value="1963-07")),
        ("1963", BirthDate(kind=BirthDateKind.YEAR, value="1963")),
        ("circa 1960", BirthDate(kind=BirthDateKind.APPROXIMATE, value="1960")),
        ("circa 07 Jul 1966", BirthDate(kind=BirthDateKind.APPROXIMATE, value="1966-07-07")),
        (
            "1960 to 1962",
            BirthDate(kind=BirthDateKind.RANGE, value="1960", value_to="1962"),
        ),
        (
            "Mar 1962 to Feb 1963",
            BirthDate(kind=BirthDateKind.RANGE, value="1962-03", value_to="1963-02"),
        ),
        (
            "circa 1979-1982",
            BirthDate(kind=BirthDateKind.RANGE, value="1979", value_to="1982", note="circa"),
        ),
        ("sometime in the 1970s", None),
    ],
)
def test_dob(text: str, expected: BirthDate | None) -> None:
    assert parse_dob(text) == expected


@pytest.mark.parametrize("text", ["31 Feb 1970", "29 Feb 1971", "1965 to 1960", "1750"])
def test_impossible_dob_is_an_error(text: str) -> None:
    with pytest.raises(RemarkError) as caught:
        parse_dob(text)
    assert caught.value.field == "Remarks/DOB"


def test_several_birth_dates() -> None:
    remarks = parse_remarks("DOB 1969; alt. DOB 10 Oct 1969; alt. DOB circa 1970.", person=True)

    assert remarks.birth_dates == [
        BirthDate(kind=BirthDateKind.YEAR, value="1969"),
        BirthDate(kind=BirthDateKind.FULL, value="1969-10-10"),
        BirthDate(kind=BirthDateKind.APPROXIMATE, value="1970"),
    ]
    assert remarks.notes == []


def test_person_facts() -> None:
    remarks = parse_remarks(
        "POB Saint-Petersburg (F.K.A. Leningrad), Russian Federation; alt. POB Kabul, Afghanistan; "
        "nationality Iran; citizen Syria; nationality possibly Palestinian; Gender Female.",
        person=True,
    )

    assert remarks.places_of_birth == [
        Place(text="Saint-Petersburg (F.K.A. Leningrad), Russian Federation", country="RU"),
        Place(text="Kabul, Afghanistan", country="AF"),
    ]
    assert remarks.nationalities == ["IR", "SY"]
    assert remarks.gender is Gender.FEMALE
    assert remarks.notes == ["nationality possibly Palestinian"]


def test_person_facts_of_an_organization_stay_in_the_notes() -> None:
    remarks = parse_remarks("DOB 1969; Gender Male; nationality Iran", person=False)

    assert remarks.birth_dates == []
    assert remarks.gender is None
    assert remarks.nationalities == ["IR"]
    assert remarks.notes == ["DOB 1969", "Gender Male"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Passport 0310857 (Eritrea) issued 21 Aug 2006 expires 20 Aug 2008",
            Document(
                type=DocumentType.PASSPORT,
                number="0310857",
                issuing_country="ER",
                issued_on=date(2006, 8, 21),
                expires_on=date(2008, 8, 20),
                note="Passport",
            ),
        ),
        (
            "alt. Passport RL 1794375 (Lebanon)",
            Document(
                type=DocumentType.PASSPORT,
                number="RL 1794375",
                issuing_country="LB",
                note="Passport",
            ),
        ),
        (
            "Diplomatic Passport 008827 (Iran) issued 1999",
            Document(
                type=DocumentType.PASSPORT,
                number="008827",
                issuing_country="IR",
                flags=(DocumentFlag.DIPLOMATIC,),
                note="Diplomatic Passport issued 1999",
            ),
        ),
        (
            "Cedula No. 16247821 (Colombia)",
            Document(
                type=DocumentType.NATIONAL_ID,
                number="16247821",
                issuing_country="CO",
                note="Cedula No.",
            ),
        ),
        (
            "NIT # 800146749-7 (Colombia)",
            Document(
                type=DocumentType.TAX_ID, number="800146749-7", issuing_country="CO", note="NIT"
            ),
        ),
        (
            "Business Registration Number 0582030 (Connecticut) (United States)",
            Document(
                type=DocumentType.REGISTRATION,
                number="0582030",
                issuing_country="US",
                note="Business Registration Number (Connecticut)",
            ),
        ),
        (
            "Vessel Registration Identification IMO 9486910",
            Document(
                type=DocumentType.REGISTRATION,
                number="IMO 9486910",
                note="Vessel Registration Identification",
            ),
        ),
    ],
)
def test_documents(text: str, expected: Document) -> None:
    remarks = parse_remarks(text, person=True)

    assert remarks.documents == [expected]
    assert remarks.notes == []


def test_impossible_document_date_is_an_error() -> None:
    with pytest.raises(RemarkError) as caught:
        parse_remarks("Passport A123 (Iran) issued 30 Feb 2001", person=True)
    assert caught.value.field == "Remarks/Passport"


def test_aliases_and_notes() -> None:
    remarks = parse_remarks(
        "a.k.a. 'ABU MANSUR'; f.k.a. 'KLIMT, Gustav'; Linked To: MAHAN AIR; "
        "Website www.gicdf.org; Digital Currency Address - XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz; "
        "Telephone No. (218) (0)214778301; a.k.a. ''FOOPIE''.",
        person=True,
    )

    assert remarks.aliases == [
        (NameKind.WEAK_ALIAS, "ABU MANSUR"),
        (NameKind.PREVIOUS, "KLIMT, Gustav"),
        (NameKind.WEAK_ALIAS, "'FOOPIE'"),
    ]
    assert remarks.notes == [
        "Linked To: MAHAN AIR",
        "Website www.gicdf.org",
        "Digital Currency Address - XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz",
        "Telephone No. (218) (0)214778301",
    ]


def test_split_keeps_parentheses_whole() -> None:
    assert split_remarks("DOB 1969; (data: Alt. DOB: 10 October 1969; Alt. POB: Keren);  ") == [
        "DOB 1969",
        "(data: Alt. DOB: 10 October 1969; Alt. POB: Keren)",
    ]


def test_truncated_remarks_keep_the_last_piece_as_a_note() -> None:
    remarks = parse_remarks("a.k.a. 'HESA'; a.k.a. 'snowsjo", person=True, truncated=True)

    assert remarks.aliases == [(NameKind.WEAK_ALIAS, "HESA")]
    assert remarks.notes == ["a.k.a. 'snowsjo", "(the source cut these remarks short)"]


# -- malformed files -------------------------------------------------------------------------------

GOOD_ROW = (
    b'10278,"LOGAN MOREY, Elvis","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    b'"DOB 28 Jul 1963."\r\n'
)


@pytest.mark.parametrize(
    ("bad_row", "field", "problem"),
    [
        (
            b'10279,"SMITH, John","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
            "Remarks",
            "column Remarks is missing",
        ),
        (
            b'10279,"JOS\xc9 SMITH",-0- ,"SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
            None,
            "is not UTF-8 (byte 0xc9 at column 11)",
        ),
        (
            b'10279,"SMITH, John","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
            b'"DOB 31 Feb 1970."\r\n',
            "Remarks/DOB",
            "'31 Feb 1970' is not a date",
        ),
    ],
    ids=["missing-column", "undecodable-byte", "impossible-dob"],
)
def test_malformed_file_fails_and_changes_nothing(
    small: Database, tmp_path: Path, bad_row: bytes, field: str | None, problem: str
) -> None:
    bad = tmp_path / "bad_sdn.csv"
    bad.write_bytes(GOOD_ROW + bad_row)
    with small.uow() as uow:
        before = (list(uow.subjects.iter_records()), uow.imports.all())

    with pytest.raises(FormatError) as caught:
        # One record a batch: the good first row is written before the bad one is read.
        import_ofac(small, bad, batch_size=1)

    assert caught.value.location.file == str(bad)
    assert caught.value.location.line == 2
    assert caught.value.location.field == field
    assert problem in caught.value.problem
    with small.uow() as uow:
        assert (list(uow.subjects.iter_records()), uow.imports.all()) == before


def test_short_alias_row_names_the_missing_column(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(GOOD_ROW)
    (tmp_path / "alt.csv").write_bytes(b'10278,1,"aka","BURGESS, Burton",-0- \r\n10278,2,"aka"\r\n')

    with pytest.raises(FormatError) as caught:
        list(read_ofac(tmp_path))

    assert str(caught.value) == (
        f"{tmp_path / 'alt.csv'}, line 2, field alt_name: "
        "has 3 fields of 5: column alt_name is missing"
    )

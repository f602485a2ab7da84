"""The flat CSV reader: a good file, every kind of error naming line and column, and the docs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    Document,
    DocumentFlag,
    DocumentType,
    Gender,
    Name,
    NameKind,
    Place,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError
from interlink.formats.subjects_csv import COLUMNS, read_csv
from interlink.services.importing import import_file
from interlink.store import Database
from tests.conftest import FIXTURES

WATCHLIST = FIXTURES / "subjects" / "watchlist.csv"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
HEADER = "uid,kind,name,birth_dates,nationalities,documents"


def write_csv(path: Path, *rows: str, encoding: str = "utf-8") -> Path:
    path.write_bytes("".join(row + "\r\n" for row in rows).encode(encoding))
    return path


def read_error(path: Path) -> FormatError:
    with pytest.raises(FormatError) as caught:
        list(read_csv(path))
    return caught.value


def test_a_file_with_every_column() -> None:
    items = list(read_csv(WATCHLIST))
    assert [(i.record.uid, i.location.line) for i in items] == [
        ("ru:fsb-2024-0017", 2),
        ("iq:isil-0001", 4),
        ("iq:isil-org", 5),
    ]
    assert items[0].record == SubjectRecord(
        uid="ru:fsb-2024-0017",
        kind=SubjectKind.PERSON,
        owner="RU-FSB",
        names=(
            Name(full="Бортников Александр Васильевич"),
            Name(full="BORTNIKOV Aleksandr Vasilyevich", kind=NameKind.ALIAS),
            Name(full="BORTNIKOV Alexander", kind=NameKind.ALIAS),
            Name(full="Sasha", kind=NameKind.WEAK_ALIAS),
            Name(full="Бортников-Молотов Александр", kind=NameKind.PREVIOUS),
        ),
        birth_dates=(
            BirthDate(kind=BirthDateKind.FULL, value="1951-11-15"),
            BirthDate(kind=BirthDateKind.YEAR_MONTH, value="1951-11"),
            BirthDate(kind=BirthDateKind.YEAR, value="1951"),
            BirthDate(kind=BirthDateKind.RANGE, value="1950", value_to="1952-06"),
            BirthDate(kind=BirthDateKind.APPROXIMATE, value="1951"),
        ),
        places_of_birth=(Place(text="Молотов, СССР"), Place(text="Perm")),
        nationalities=("RU", "KZ"),
        gender=Gender.MALE,
        documents=(
            Document(
                type=DocumentType.PASSPORT,
                number="72 1234567",
                issuing_country="RU",
                flags=(DocumentFlag.KNOWN_FALSE, DocumentFlag.REPORTED_LOST),
            ),
            Document(type=DocumentType.NATIONAL_ID, number="4509 123456"),
        ),
        categories=(Category.SUSPECT, Category.WANTED),
        topics=(Topic.TERRORISM, Topic.EXTREMISM),
        handling_code=HandlingCode.H3,
        handling_note="Border checks only; do not approach.",
        classification=Classification.CONFIDENTIAL,
        review_by=date(2027, 6, 30),
        notes='Two lines\nof notes, with "quotes".',
    )
    baghdadi, isil = items[1].record, items[2].record
    assert [(n.full, n.kind, n.script) for n in baghdadi.names] == [
        ("Abu Bakr al-Baghdadi", NameKind.PRIMARY, "Latin"),
        ("Ibrahim Awwad Ibrahim al-Badri", NameKind.ALIAS, "Latin"),
        ("أبو بكر البغدادي", NameKind.ORIGINAL_SCRIPT, "Arabic"),
        ("Abu Du'a", NameKind.WEAK_ALIAS, "Latin"),
    ]
    assert baghdadi.places_of_birth == (Place(text="سامراء"),)
    assert (baghdadi.owner, baghdadi.handling_code) == (None, HandlingCode.H2)
    assert isil.kind is SubjectKind.ORGANIZATION
    assert isil.primary_name.full == "الدولة الإسلامية في العراق والشام"
    assert isil.documents == (Document(type=DocumentType.REGISTRATION, number="QDe.115"),)


def test_a_csv_file_imports_and_reimports_unchanged(db: Database) -> None:
    with db.uow() as uow:
        for code, country in (("RU-FSB", "RU"), ("KZ-KNB", "KZ")):
            uow.agencies.add(
                AgencySpec(code=code, name=code, kind=AgencyKind.SECURITY, country=country)
            )
    first = import_file(db, read_csv(WATCHLIST), fmt="csv", path=WATCHLIST, owner="KZ-KNB")
    again = import_file(db, read_csv(WATCHLIST), fmt="csv", path=WATCHLIST, owner="KZ-KNB")
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    with db.uow() as uow:
        assert uow.subjects.get("iq:isil-0001").owner == "KZ-KNB"


def test_only_the_required_columns_in_any_order_and_case(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "min.csv", " Name ,UID,Kind", "Иван Петров,t:1,person", ",,")
    (item,) = read_csv(path)
    assert item.record == SubjectRecord(
        uid="t:1", kind=SubjectKind.PERSON, names=(Name(full="Иван Петров"),)
    )


def test_byte_order_mark_is_handled(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bom.csv", HEADER, "t:1,person,Иван Петров,,,", encoding="utf-8-sig"
    )
    assert [i.record.uid for i in read_csv(path)] == ["t:1"]


def test_a_missing_required_column_names_it_and_line_1(tmp_path: Path) -> None:
    error = read_error(write_csv(tmp_path / "s.csv", "uid,name", "t:1,Иван Петров"))
    assert (error.location.line, error.location.field) == (1, "kind")
    assert "line 1" in str(error)
    assert error.problem == "the required column kind is missing from the header"


def test_an_unknown_column_names_it_and_the_header_line(tmp_path: Path) -> None:
    error = read_error(write_csv(tmp_path / "s.csv", HEADER + ",Nickname", "t:1,person,A,,,,B"))
    assert (error.location.line, error.location.element, error.location.field) == (
        1,
        "column 7",
        "nickname",
    )
    assert error.problem.startswith("unknown column 'Nickname'; the columns are uid, kind, name")


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    error = read_error(write_csv(tmp_path / "s.csv", "uid,kind,name,uid", "t:1,person,A,t:2"))
    assert (error.location.line, error.location.field) == (1, "uid")
    assert error.problem == "column uid appears twice in the header"


def test_an_empty_file_has_no_header(tmp_path: Path) -> None:
    error = read_error(write_csv(tmp_path / "s.csv"))
    assert (error.location.line, error.problem) == (1, "is empty; the first row must be the header")


def test_a_short_row_names_its_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", HEADER, "t:1,person,Иван Петров,1970,RU,", "t:2,person")
    error = read_error(path)
    assert (error.location.line, error.problem) == (3, "has 2 fields; the header has 6")


def test_a_bad_date_in_row_4_names_line_4_and_birth_dates(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        HEADER,
        "t:1,person,Бортников Александр Васильевич,1951-11-15,RU,",
        "t:2,person,أبو بكر البغدادي,1971,IQ,",
        "t:3,person,Иван Петров,1970|1990-02-30,RU,",
    )
    error = read_error(path)
    assert (error.location.line, error.location.field) == (4, "birth_dates")
    assert error.problem == (
        "'1990-02-30': day 30 does not exist in 1990-02 (value 2 of 2: '1990-02-30')"
    )


def test_a_row_after_a_multiline_cell_has_its_own_first_line(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        "uid,kind,name,notes",
        't:1,person,Иван Петров,"one',
        'two"',
        "t:2,robot,أبو بكر البغدادي,",
    )
    error = read_error(path)
    assert (error.location.line, error.location.field) == (4, "kind")


@pytest.mark.parametrize(
    ("cells", "column", "problem"),
    [
        (",person,A,,,", "uid", "uid is required and the cell is empty"),
        ("t:1,person,A,,ru,", "nationalities", "'ru' is not an ISO 3166 alpha-2 country code"),
        ("t:1,person,A,,,passport", "documents", "'passport' is not a document: write type:"),
        ("t:1,person,A,,,passport:1:RU+stolen", "documents", "Input should be 'reported_lost'"),
        ("t:1,person,A,,,ticket:1", "documents", "Input should be 'passport'"),
        ("t:1,organization,A,1990,,", None, "an organization has no birth date or gender"),
        ("t:1,person,A,1990..1980,,", "birth_dates", "range 1990..1980 ends before it starts"),
        ("t:1,person,A,19.06.1951,,", "birth_dates", "'19.06.1951' is not a date of the form"),
    ],
)
def test_a_broken_rule_names_line_and_column(
    tmp_path: Path, cells: str, column: str | None, problem: str
) -> None:
    error = read_error(write_csv(tmp_path / "s.csv", HEADER, cells))
    assert (error.location.line, error.location.field) == (2, column)
    assert error.problem.startswith(problem)


def test_a_bad_alias_names_its_own_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        "uid,kind,name,aliases,weak_aliases",
        "t:1,person,Иван,Ваня,|" + "x" * 1001,
    )
    error = read_error(path)
    assert (error.location.line, error.location.field) == (2, "weak_aliases")
    assert error.problem.startswith("String should have at most 1000 characters")


def test_a_non_utf8_byte_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(HEADER.encode() + b"\r\nt:1,person,Ivan,,,\r\nt:2,person,Mu\xf1oz,,,\r\n")
    error = read_error(path)
    assert error.location.line == 3
    assert error.problem == "is not UTF-8 (byte 0xf1 at column 14)"


def test_broken_quoting_names_its_line(tmp_path: Path) -> None:
    error = read_error(write_csv(tmp_path / "s.csv", HEADER, 't:1,person,"Ivan" Petrov,,,'))
    assert error.location.line == 2
    assert error.problem.startswith("is not valid CSV: ")


def test_docs_list_every_column_in_order() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("\n## CSV\n") :]
    documented = re.findall(r"^\| `(\w+)` \| (?:yes|no) \|", section, flags=re.MULTILINE)
    assert documented == list(COLUMNS)


def test_docs_example_is_read_without_error(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    (example,) = re.findall(r"```csv\n(.*?)```", text, flags=re.DOTALL)
    path = tmp_path / "example.csv"
    path.write_text(example, encoding="utf-8")
    records = [item.record for item in read_csv(path)]
    assert [r.primary_name.script for r in records] == ["Cyrillic", "Latin", "Arabic"]

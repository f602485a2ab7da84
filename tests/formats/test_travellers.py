"""Traveller CSV and JSONL, the sniffing ``read_travellers``, and the docs that describe them."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from interlink.domain.subjects import Gender
from interlink.domain.travellers import Leg, TravelDocument, Traveller, TravellerRole
from interlink.exc import FormatError
from interlink.formats.paxlst import read_paxlst
from interlink.formats.pnrgov import read_pnrgov
from interlink.formats.travellers import (
    COLUMNS,
    read_travellers,
    read_travellers_csv,
    read_travellers_jsonl,
)
from tests.conftest import FIXTURES, SHARED_DATA

TRAVELLERS = FIXTURES / "travellers"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "travellers.md"

BORTNIKOV = Traveller(
    ref="XX100/1",
    name="Александр Бортников",
    surname="Бортников",
    given_names="Александр",
    birth_date="1951-11-15",
    gender=Gender.MALE,
    nationality="RU",
    documents=(
        TravelDocument(number="720000001", issuing_country="RU", expires_on=date(2030, 5, 1)),
    ),
    legs=(
        Leg(
            carrier="XX",
            number="100",
            origin="DUB",
            destination="JFK",
            departure=datetime(2024, 3, 15, 10, 0),
            arrival=datetime(2024, 3, 15, 12, 30),
        ),
    ),
    booking="QWE123",
    seat="14C",
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> FormatError:
    with pytest.raises(FormatError) as caught:
        list(read_travellers(path))
    return caught.value


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_rows_become_travellers() -> None:
    first, second, third = read_travellers_csv(TRAVELLERS / "travellers.csv")
    assert first.traveller == BORTNIKOV
    assert first.location.line == 2
    assert second.traveller == Traveller(
        ref="XX100/2",
        name="Abu Bakr AL-BAGHDADI",
        surname="AL-BAGHDADI",
        given_names="Abu Bakr",
        birth_date="1971",
        gender=Gender.MALE,
        nationality="IQ",
        role=TravellerRole.CREW,
    )
    # The blank row 4 is skipped; the location is still the row's own line.
    assert (third.location.line, third.traveller.name) == (5, "Jane Doe")


def test_csv_name_column_is_used_as_written(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "ref,name,gender\nA/1,Ali Hassan,F\n")
    (found,) = read_travellers_csv(path)
    assert (found.traveller.name, found.traveller.gender) == ("Ali Hassan", Gender.FEMALE)


@pytest.mark.parametrize(
    ("text", "line", "field", "problem"),
    [
        ("name\nAli\n", 1, None, "the header needs ref and name (or surname) columns"),
        ("ref,name,eyes\n", 1, "eyes", "unknown column 'eyes'; the columns are "),
        ("ref,name\n,Ali\n", 2, "ref", "ref is required and the cell is empty"),
        ("ref,name,nationality\nA/1,Ali,Atlantis\n", 2, "nationality", "'Atlantis' is not a"),
        ("ref,name,birth_date\nA/1,Ali,1990-02-30\n", 2, "birth_date", "'1990-02-30': day 30"),
        ("ref,name,document_expiry\nA/1,Ali,2030-01-01\n", 2, "document_number", "String should"),
        ("ref,name,departure\nA/1,Ali,soon\n", 2, "departure", "Input should be a valid"),
        ("ref,name\nA/1,Ali,extra\n", 2, None, "has 3 fields; the header has 2"),
    ],
)
def test_csv_errors_name_line_and_column(
    tmp_path: Path, text: str, line: int, field: str | None, problem: str
) -> None:
    error = error_of(write(tmp_path / "t.csv", text))
    assert (error.location.line, error.location.field) == (line, field)
    assert error.problem.startswith(problem)


# -- JSONL ----------------------------------------------------------------------------------------


def test_jsonl_lines_become_travellers() -> None:
    first, second = read_travellers_jsonl(TRAVELLERS / "travellers.jsonl")
    assert first.traveller == BORTNIKOV.model_copy(
        update={"legs": (BORTNIKOV.legs[0].model_copy(update={"arrival": None}),)}
    )
    assert (second.location.line, second.traveller.name) == (3, "أبو بكر البغدادي")
    assert second.traveller.role == TravellerRole.CREW


@pytest.mark.parametrize(
    ("line", "field", "problem"),
    [
        ('{"ref": "A/1", "name": ', None, "is not valid JSON: Expecting value at column 24"),
        ("[1]", None, "each line must be one JSON object"),
        ('{"ref": "A/1"}', "name", "Field required"),
        (
            '{"ref": "A/1", "name": "X", "documents": [{"number": "1", "issuing_country": "XX"}]}',
            "documents.0.issuing_country",
            "'XX' is not an ISO 3166 alpha-2 country code",
        ),
        ('{"ref": "A/1", "name": "X", "eyes": "blue"}', "eyes", "Extra inputs are not permitted"),
    ],
)
def test_jsonl_errors_name_line_and_dotted_field(
    tmp_path: Path, line: str, field: str | None, problem: str
) -> None:
    path = write(tmp_path / "t.jsonl", '{"ref": "A/0", "name": "Fine"}\n' + line + "\n")
    error = error_of(path)
    assert (error.location.line, error.location.field, error.problem) == (2, field, problem)


# -- sniffing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(SHARED_DATA.glob("paxlst/gtas_*")), ids=lambda path: path.name
)
def test_paxlst_is_recognised_by_content(path: Path) -> None:
    assert list(read_travellers(path)) == list(read_paxlst(path))


@pytest.mark.parametrize(
    "path", sorted(SHARED_DATA.glob("pnrgov/gtas_*")), ids=lambda path: path.name
)
def test_pnrgov_is_recognised_by_content(path: Path) -> None:
    assert list(read_travellers(path)) == list(read_pnrgov(path))


def test_strict_reaches_the_edifact_envelope() -> None:
    path = FIXTURES / "travellers" / "broken_unt_count.edi"
    assert len(list(read_travellers(path))) == 1
    with pytest.raises(FormatError, match="says the message has 15 segments; it has 13"):
        list(read_travellers(path, strict=True))


def test_csv_and_jsonl_are_recognised_by_extension_or_content(tmp_path: Path) -> None:
    jsonl = (TRAVELLERS / "travellers.jsonl").read_text(encoding="utf-8")
    csv = (TRAVELLERS / "travellers.csv").read_text(encoding="utf-8")
    assert len(list(read_travellers(TRAVELLERS / "travellers.jsonl"))) == 2
    assert len(list(read_travellers(TRAVELLERS / "travellers.csv"))) == 3
    assert len(list(read_travellers(write(tmp_path / "manifest", jsonl)))) == 2
    assert len(list(read_travellers(write(tmp_path / "manifest.txt", csv)))) == 3


def test_other_message_types_and_xml_are_refused(tmp_path: Path) -> None:
    cusres = write(tmp_path / "r.edi", "UNH+1+CUSRES:D:05B:UN:IATA'BGM+962'UNT+3+1'")
    assert error_of(cusres).location.field == "message type (UNH 2.1)"
    xml = SHARED_DATA / "pnrgov" / "saberls_test_pnr.xml"
    assert error_of(xml).problem == "XML traveller files are not supported"


# -- docs -----------------------------------------------------------------------------------------


def test_every_csv_column_and_traveller_field_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))
    assert set(COLUMNS) <= documented
    assert set(Traveller.model_fields) <= documented
    for role in TravellerRole:
        assert f"`{role.value}`" in text

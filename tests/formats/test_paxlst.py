"""PAXLST manifests as Travellers: the four GTAS samples in full for one traveller each, the
synthetic features file, and broken messages whose errors name file, segment, position and field."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from interlink.domain.subjects import DocumentType, Gender
from interlink.domain.travellers import Leg, TravelDocument, Traveller, TravellerRole
from interlink.exc import FormatError
from interlink.formats.paxlst import Passenger, read_paxlst, write_paxlst
from tests.conftest import FIXTURES, SHARED_DATA

PAXLST = SHARED_DATA / "paxlst"
TRAVELLERS = FIXTURES / "travellers"


def leg(carrier: str, number: str, origin: str, destination: str, dep: str, arr: str) -> Leg:
    return Leg(
        carrier=carrier,
        number=number,
        origin=origin,
        destination=destination,
        departure=datetime.fromisoformat(dep),
        arrival=datetime.fromisoformat(arr),
    )


def passport(number: str, country: str, expires: str) -> TravelDocument:
    return TravelDocument(
        number=number, issuing_country=country, expires_on=date.fromisoformat(expires)
    )


def travellers(path: Path) -> list[Traveller]:
    return [located.traveller for located in read_paxlst(path)]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("gtas_Test1.txt", 8),
        ("gtas_airline2.edi", 10),
        ("gtas_apisMessage.txt", 2),
        ("gtas_multiple_flight_leg_apis.txt", 2),
    ],
)
def test_each_shared_fixture_gives_its_travellers(name: str, count: int) -> None:
    assert len(travellers(PAXLST / name)) == count


def test_crew_list_without_una() -> None:
    found = travellers(PAXLST / "gtas_Test1.txt")
    assert found[0] == Traveller(
        ref="1402010600/1",
        name="Andrea Pat Steur",
        surname="Steur",
        given_names="Andrea Pat",
        birth_date="1978-07-06",
        gender=Gender.FEMALE,
        nationality="GB",
        residence="GB",
        role=TravellerRole.CREW,
        documents=(passport("123456789", "GB", "2061-02-18"),),
        legs=(leg("UA", "0989", "FRA", "IAD", "2017-01-27T17:25", "2017-01-28T07:10"),),
    )
    assert {t.role for t in found} == {TravellerRole.CREW}
    assert [t.surname for t in found][-1] == "Zschieschak"


def test_custom_separators_and_a_malformed_ung() -> None:
    found = travellers(PAXLST / "gtas_airline2.edi")
    assert found[-1] == Traveller(
        ref="1402111800/10",
        name="DANIEL LOWE",
        surname="LOWE",
        given_names="DANIEL",
        birth_date="1954-10-16",
        gender=Gender.MALE,
        nationality="US",
        documents=(passport("153284238", "US", "2018-02-21"),),
        legs=(leg("TN", "506", "BRE", "YEU", "2014-05-11T13:40", "2014-05-11T17:00"),),
        booking="QXGYLO",
    )
    assert {t.booking for t in found} == {"QXGYLO"}


def test_whitespace_noise_and_legs_narrowed_to_embarkation_and_debarkation() -> None:
    michael, cheryl = travellers(PAXLST / "gtas_apisMessage.txt")
    atl_ord = leg("AA", "123", "ATL", "ORD", "2007-02-19T15:40", "2007-02-19T17:40")
    ord_jfk = leg("AA", "124", "ORD", "JFK", "2007-02-19T18:40", "2007-02-19T19:55")
    assert michael == Traveller(
        ref="PAX001/1",
        name="MICHAEL CLARK",
        surname="CLARK",
        given_names="MICHAEL",
        birth_date="1972-09-07",
        gender=Gender.MALE,
        legs=(atl_ord, ord_jfk),
        booking="TYR123",
    )
    # Cheryl boards at ORD (LOC+178), so the ATL leg is not hers.
    assert cheryl.legs == (ord_jfk,)
    assert cheryl.birth_date == "1973-04-07"


def test_three_legs_documents_and_junk_after_unz() -> None:
    todd, kristin = read_paxlst(PAXLST / "gtas_multiple_flight_leg_apis.txt")
    assert todd.traveller == Traveller(
        ref="123456789/1",
        name="TODD BARRETT",
        surname="BARRETT",
        given_names="TODD",
        birth_date="1968-02-23",
        gender=Gender.MALE,
        nationality="FR",
        residence="FR",
        documents=(passport("YY3478621G", "FR", "2008-12-30"),),
        legs=(
            leg("QQ", "877", "MIA", "IAD", "2008-07-10T15:00", "2008-07-10T17:55"),
            leg("QQ", "827", "IAD", "JFK", "2008-08-10T18:30", "2008-08-10T19:30"),
            leg("QQ", "827", "JFK", "CDG", "2008-08-10T20:00", "2008-08-11T06:30"),
        ),
        booking="GJIO3RT",
    )
    assert todd.location.line == 21
    assert todd.location.element == "segment 21 (NAD) at column 1, byte offset 535"
    assert kristin.traveller.documents == (passport("TRQWE99800", "ES", "2009-09-16"),)


def test_escapes_wrapping_utf8_transit_crew_and_two_messages() -> None:
    sean, juergen, an = travellers(TRAVELLERS / "paxlst_features.edi")
    assert sean == Traveller(
        ref="M1/1",
        name="SEÁN PATRICK O'BRIEN",
        surname="O'BRIEN",
        given_names="SEÁN PATRICK",
        birth_date="1985-01-01",
        gender=Gender.MALE,
        nationality="IE",
        residence="IE",
        documents=(
            passport("PA1234567", "IE", "2030-01-01"),
            TravelDocument(
                type=DocumentType.VISA,
                number="V998877",
                issuing_country="US",
                expires_on=date(2025, 1, 1),
            ),
        ),
        legs=(leg("XX", "201", "DUB", "JFK", "2024-03-15T10:00", "2024-03-15T12:30"),),
        booking="ABC+123",
        seat="12A",
    )
    assert (juergen.ref, juergen.name, juergen.role) == (
        "M2/1",
        "JÜRGEN MÜLLER",
        TravellerRole.CREW_IN_TRANSIT,
    )
    # CCYYMMDD (format 102), and the ICAO code D for Germany.
    assert (juergen.birth_date, juergen.nationality) == ("1970-02-28", "DE")
    # 000229 is 2000, not 1900 (which had no 29 February) nor after the message date.
    assert (an.birth_date, an.gender, an.role) == ("2000-02-29", Gender.OTHER, TravellerRole.CREW)


def test_a_two_digit_birth_year_is_never_after_the_message() -> None:
    (jane,) = travellers(TRAVELLERS / "paxlst_minimal.edi")
    assert jane.birth_date == "1985-01-01"


def test_a_pnrgov_file_is_not_paxlst() -> None:
    with pytest.raises(FormatError) as caught:
        list(read_paxlst(SHARED_DATA / "pnrgov" / "gtas_pnrWithDoco.txt"))
    assert caught.value.location.field == "message type (UNH 2.1)"
    assert caught.value.problem == "the message is PNRGOV, not PAXLST"


@pytest.mark.parametrize(
    ("name", "line", "element", "field", "problem"),
    [
        (
            "broken_dob_date.edi",
            11,
            "segment 10 (DTM) at column 1, byte offset 212",
            "date of birth (DTM 1.2)",
            "'991332' is not a valid date: month must be in 1..12",
        ),
        (
            "broken_dob_future.edi",
            11,
            "segment 10 (DTM) at column 1, byte offset 212",
            "date of birth (DTM 1.2)",
            "2030-01-01 is after the message date 2024-03-15",
        ),
        (
            "broken_nad_no_name.edi",
            9,
            "segment 8 (NAD) at column 1, byte offset 183",
            "surname (NAD 4.1)",
            "the NAD has no name",
        ),
    ],
)
def test_a_broken_traveller_names_file_segment_position_and_field(
    name: str, line: int, element: str, field: str, problem: str
) -> None:
    path = TRAVELLERS / name
    with pytest.raises(FormatError) as caught:
        list(read_paxlst(path))
    assert str(caught.value) == f"{path}, line {line}, {element}, field {field}: {problem}"


def test_an_unknown_party_is_refused_not_skipped(tmp_path: Path) -> None:
    text = (TRAVELLERS / "paxlst_minimal.edi").read_text(encoding="utf-8")
    path = tmp_path / "party.edi"
    path.write_text(text.replace("NAD+FL+", "NAD+ZZ+"), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        list(read_paxlst(path))
    assert caught.value.location.element == "segment 8 (NAD) at column 1, byte offset 183"
    assert caught.value.location.field == "party qualifier (NAD 1.1)"


@pytest.mark.parametrize(
    ("old", "new", "element", "field", "problem"),
    [
        (
            "DTM+189:2403151000:201",
            "DTM+189:2403152500:201",
            "segment 5 (DTM) at column 1, byte offset 123",
            "departure (DTM 1.2)",
            "'2403152500' is not a valid date: hour must be in 0..23",
        ),
        (
            "DTM+329:850101",
            "DTM+329:1.1.85",
            "segment 10 (DTM) at column 1, byte offset 212",
            "date of birth (DTM 1.2)",
            "'1.1.85' is not YYMMDD, CCYYMMDD, YYMMDDHHMM or CCYYMMDDHHMM",
        ),
        (
            "ATT+2++F",
            "ATT+2++Q",
            "segment 9 (ATT) at column 1, byte offset 202",
            "gender (ATT 3.1)",
            "'Q' is not M, F, X or U",
        ),
    ],
)
def test_a_bad_value_names_its_segment_and_field(
    tmp_path: Path, old: str, new: str, element: str, field: str, problem: str
) -> None:
    text = (TRAVELLERS / "paxlst_minimal.edi").read_text(encoding="utf-8")
    path = tmp_path / "bad.edi"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        list(read_paxlst(path))
    location = caught.value.location
    assert (location.file, location.element, location.field) == (str(path), element, field)
    assert caught.value.problem == problem


def test_a_written_passenger_list_reads_back(tmp_path: Path) -> None:
    """The demo's PAXLST: written with pydifact, read by the project's reader, escapes and
    all (an apostrophe and a plus are EDIFACT's terminator and separator)."""
    prepared = datetime(2026, 11, 23, 6, 0)
    route = ("ALA", datetime(2026, 11, 23, 8, 5), "IST", datetime(2026, 11, 23, 14, 40))
    passengers = [
        Passenger("O'BRIEN", "SEAN+PATRICK", "DM0100", "P7100200"),
        Passenger("NURLANOVA", "AIGERIM", "DM0100"),
    ]
    path = tmp_path / "manifest.paxlst"
    path.write_text(write_paxlst("DEMO1", "KC911", route, passengers, prepared), encoding="ascii")
    read = [t.traveller for t in read_paxlst(path, strict=True)]
    assert [(t.ref, t.name, t.surname, t.booking) for t in read] == [
        ("DEMO1/1", "SEAN+PATRICK O'BRIEN", "O'BRIEN", "DM0100"),
        ("DEMO1/2", "AIGERIM NURLANOVA", "NURLANOVA", "DM0100"),
    ]
    assert read[0].documents == (TravelDocument(number="P7100200"),)
    assert read[1].documents == ()
    assert read[0].legs == (leg("KC", "911", "ALA", "IST", "2026-11-23T08:05", "2026-11-23T14:40"),)

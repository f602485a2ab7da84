"""PNRGOV pushes as Travellers: the five GTAS samples (one traveller each in full), infants, seats,
titles, and broken PNRs whose errors name file, segment, position and field."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from interlink.domain.subjects import DocumentType, Gender
from interlink.domain.travellers import Leg, TravelDocument, Traveller
from interlink.exc import FormatError
from interlink.formats.pnrgov import read_pnrgov, strip_title
from tests.conftest import FIXTURES, SHARED_DATA

PNRGOV = SHARED_DATA / "pnrgov"
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


def passport(number: str, country: str | None, expires: str) -> TravelDocument:
    return TravelDocument(
        number=number, issuing_country=country, expires_on=date.fromisoformat(expires)
    )


def travellers(path: Path) -> list[Traveller]:
    return [located.traveller for located in read_pnrgov(path)]


LHR_JFK = leg("DL", "324", "LHR", "JFK", "2010-12-12T09:15", "2010-12-12T12:30")
JFK_YVR = leg("DL", "330", "JFK", "YVR", "2010-12-12T22:00", "2010-12-12T23:30")
ET_WDH_ADD = ("ET", "834", "WDH", "ADD")


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("gtas_2_pnrs_basic.edi", 4),
        ("gtas_adult_and_infant.edi", 2),
        ("gtas_pnrMessageExample.txt", 5),
        ("gtas_pnrMessagePg76.txt", 2),
        ("gtas_pnrWithDoco.txt", 1),
    ],
)
def test_each_shared_fixture_gives_its_travellers(name: str, count: int) -> None:
    assert len(travellers(PNRGOV / name)) == count


def test_two_pnrs_in_one_message_wrapped_docs_and_history_ignored() -> None:
    found = read_pnrgov(PNRGOV / "gtas_2_pnrs_basic.edi")
    smith, jones, wayne, cooper = found
    assert smith.traveller == Traveller(
        ref="MFN4TI/1",
        name="JOHN SMITHJR",
        surname="SMITHJR",
        given_names="JOHN",
        birth_date="1964-07-12",
        gender=Gender.MALE,
        nationality="GB",
        documents=(passport("123456789", "GB", "2019-08-23"),),
        legs=(LHR_JFK, JFK_YVR),
        booking="MFN4TI",
        seat="15A",
    )
    assert smith.location.line == 18
    assert smith.location.element == "segment 15 (TIF) at column 1, byte offset 445"
    # DOCS without a document number still gives date of birth and nationality.
    assert (jones.traveller.documents, jones.traveller.birth_date) == ((), "1964-07-12")
    # The second PNR; its history (ABI ... TIF WAYNE JONMR) adds nobody.
    assert [wayne.traveller.ref, cooper.traveller.ref] == ["23456/1", "23456/2"]
    assert cooper.traveller.booking == wayne.traveller.booking == "23456"
    # A two-digit year of birth is never after the message (2010-12-09).
    assert cooper.traveller.birth_date == "1915-07-12"


def test_an_infant_tif_gets_the_infant_docs_filed_under_the_adult() -> None:
    mother, infant = travellers(PNRGOV / "gtas_adult_and_infant.edi")
    legs = (
        leg("AM", "709", "BOG", "MEX", "2013-05-15T01:05", "2013-05-15T05:57"),
        leg("AM", "445", "MEX", "CUN", "2013-05-19T15:00", "2013-05-19T17:10"),
        leg("AM", "718", "CUN", "BOG", "2013-05-23T01:35", "2013-05-23T05:00"),
    )
    assert mother == Traveller(
        ref="XXXYET/1",
        name="TESTNAMEONE TESTSURNAMEONE",
        surname="TESTSURNAMEONE",
        given_names="TESTNAMEONE",
        birth_date="1976-05-30",
        gender=Gender.FEMALE,
        nationality="CO",
        documents=(passport("52263000", "CO", "2015-10-31"),),
        legs=legs,
        booking="XXXYET",
    )
    assert infant == Traveller(
        ref="XXXYET/2",
        name="TESTNAMETWO TESTSURNAMETWO",
        surname="TESTSURNAMETWO",
        given_names="TESTNAMETWO",
        birth_date="2011-08-10",
        gender=Gender.FEMALE,
        nationality="CO",
        documents=(passport("AO234000", "CO", "2022-12-21"),),
        legs=legs,
        booking="XXXYET",
    )


def test_full_push_with_agency_payment_and_check_in() -> None:
    found = travellers(PNRGOV / "gtas_pnrMessageExample.txt")
    assert found[0] == Traveller(
        ref="7C789A/1",
        name="MOLLY LOBB",
        surname="LOBB",
        given_names="MOLLY",
        birth_date="1954-08-13",
        gender=Gender.FEMALE,
        documents=(passport("796428965", "GB", "2025-04-26"),),
        legs=(
            leg(*ET_WDH_ADD, "2018-09-27T14:20", "2018-09-27T21:20"),
            leg("ET", "706", "ADD", "FRA", "2018-09-27T23:20", "2018-09-28T05:31"),
            leg("UA", "988", "FRA", "IAD", "2018-09-28T12:20", "2018-09-28T15:05"),
        ),
        booking="7C789A",
        seat="22C",
    )
    # Seats written XXX are "none assigned"; the DOCS nationality is empty in this sample.
    assert [t.seat for t in found] == ["22C", None, None, None, None]
    assert [t.nationality for t in found] == [None] * 5
    assert [t.given_names for t in found] == ["MOLLY", "MATTHIAS", "BRANDON", "LUCA", "LIYA"]


def test_pnrgov_11_with_ung_wrapped_unh_and_empty_docs_fields() -> None:
    nina, charlotte = travellers(PNRGOV / "gtas_pnrMessagePg76.txt")
    assert nina == Traveller(
        ref="35K2IO/1",
        name="NINA DORON",
        surname="DORON",
        given_names="NINA",
        birth_date="1953-02-05",
        gender=Gender.FEMALE,
        legs=(leg("LH", "474", "MUC", "YUL", "2013-05-27T15:50", "2013-05-27T18:20"),),
        booking="35K2IO",
    )
    assert charlotte.birth_date == "1952-02-14"


def test_doco_gives_a_visa() -> None:
    (charles,) = travellers(PNRGOV / "gtas_pnrWithDoco.txt")
    assert charles.documents == (
        passport("602120901", "GB", "2021-01-30"),
        TravelDocument(type=DocumentType.VISA, number="8675309", issuing_country="LI"),
    )
    assert (charles.name, charles.birth_date, charles.seat) == (
        "CHARLES ACKARY",
        "1948-12-26",
        "23K",
    )
    assert charles.legs[0] == leg(*ET_WDH_ADD, "2018-05-11T14:20", "2018-05-11T21:20")


def test_an_infant_known_only_from_ssr_inft_is_a_traveller_of_its_own() -> None:
    layla, omar, karim = read_pnrgov(TRAVELLERS / "pnrgov_infant.edi")
    assert layla.traveller.name == "LAYLA HADDAD"
    assert omar.traveller.seat == "14C"
    assert karim.traveller == Traveller(
        ref="QWE123/3",
        name="KARIM HADDAD",
        surname="HADDAD",
        given_names="KARIM",
        birth_date="2024-01-05",
        gender=Gender.MALE,
        nationality="LB",
        documents=(passport("RL999999", "LB", "2029-01-05"),),
        legs=(leg("XX", "100", "DUB", "JFK", "2024-03-15T10:00", "2024-03-15T12:30"),),
        booking="QWE123",
    )
    assert karim.location.line == 12
    assert karim.location.element == "segment 10 (SSR) at column 1, byte offset 290"


def test_an_infant_known_only_from_its_docs_is_a_traveller_too(tmp_path: Path) -> None:
    text = (TRAVELLERS / "pnrgov_infant.edi").read_text(encoding="utf-8")
    path = tmp_path / "docs_only.edi"
    path.write_text(text.replace("SSR+INFT:HK:1:XX:::::HADDAD/KARIM/05JAN24'\n", ""))
    layla, _, karim = read_pnrgov(path)
    assert (karim.traveller.name, karim.traveller.birth_date) == ("KARIM HADDAD", "2024-01-05")
    assert karim.location.line == 12
    assert layla.traveller.documents == (passport("RL123456", "LB", "2030-01-01"),)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("MOLLYMRS", "MOLLY"),
        ("JOHNMR", "JOHN"),
        ("NINA MS", "NINA"),
        ("TESTNAMEONE MRS", "TESTNAMEONE"),
        ("WILLIAMS", "WILLIAMS"),
        ("AMR", "AMR"),
        ("ADAMS", "ADAMS"),
    ],
)
def test_titles_glued_to_given_names_are_removed(given: str, expected: str) -> None:
    assert strip_title(given) == expected


@pytest.mark.parametrize(
    ("name", "line", "element", "field", "problem"),
    [
        (
            "pnr_broken_docs.edi",
            15,
            "segment 13 (SSR) at column 1, byte offset 430",
            "DOCS date of birth (SSR 1.9)",
            "'31FEB88' is not a date: day is out of range for month",
        ),
        (
            "pnr_broken_tif.edi",
            14,
            "segment 12 (TIF) at column 1, byte offset 407",
            "surname (TIF 1.1)",
            "the TIF has no name",
        ),
        (
            "pnr_broken_tvl.edi",
            16,
            "segment 14 (TVL) at column 1, byte offset 502",
            "departure date (TVL 1.1)",
            "150324:2500 is not valid: hour must be in 0..23",
        ),
    ],
)
def test_a_broken_pnr_names_file_segment_position_and_field(
    name: str, line: int, element: str, field: str, problem: str
) -> None:
    path = TRAVELLERS / name
    with pytest.raises(FormatError) as caught:
        list(read_pnrgov(path))
    assert str(caught.value) == f"{path}, line {line}, {element}, field {field}: {problem}"


def test_a_pnr_without_a_record_locator_is_refused(tmp_path: Path) -> None:
    text = (TRAVELLERS / "pnrgov_infant.edi").read_text(encoding="utf-8")
    path = tmp_path / "no_rci.edi"
    path.write_text(text.replace("RCI+XX:QWE123::010324:1200'\n", "").replace("UNT+17", "UNT+16"))
    with pytest.raises(FormatError) as caught:
        list(read_pnrgov(path, strict=True))
    assert caught.value.location.element == "segment 6 (SRC) at column 1, byte offset 157"
    assert caught.value.problem == "the PNR has no RCI"

"""The EDIFACT syntax layer: separators, escapes, noise, positions in the original file, and an
envelope that is broken in every way a transmission breaks. Garbage never escapes as anything but
a FormatError."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlink.exc import FormatError
from interlink.formats.edifact import full_year, read_messages, tokenise
from interlink.formats.travellers import read_travellers
from tests.conftest import FIXTURES, SHARED_DATA

TRAVELLERS = FIXTURES / "travellers"


def tags(text: str) -> list[str]:
    return [segment.tag for segment in tokenise("x.edi", text)]


def error_of(path: Path, *, strict: bool = False) -> FormatError:
    with pytest.raises(FormatError) as caught:
        read_messages(path, strict=strict)
    return caught.value


# -- the syntax layer -----------------------------------------------------------------------------


def test_una_sets_the_separators() -> None:
    segments = list(tokenise("x.edi", "UNA:*.? $UNB*UNOA:4*A*B$UNH*1*PAXLST:D:05B$"))
    assert [s.tag for s in segments] == ["UNB", "UNH"]
    assert segments[1].elements == (("1",), ("PAXLST", "D", "05B"))


def test_the_release_character_escapes_separators() -> None:
    _, nad = tokenise("x.edi", "UNB+X'NAD+FL+++O?'BRIEN:A?:B?+C??'")
    assert nad.get(4, 1) == "O'BRIEN"
    assert nad.get(4, 2) == "A:B+C?"


def test_line_breaks_inside_a_segment_are_wrapping_and_whitespace_between_is_noise() -> None:
    text = " UNH+1+PNRGOV:11:1:IA+AUTZ0006SIN201305\r\n28'\r\n\r\n   BGM+745'  UNG +PAXLST+X'"
    segments = list(tokenise("x.edi", text))
    assert [s.tag for s in segments] == ["UNH", "BGM", "UNG"]
    assert segments[0].get(3) == "AUTZ0006SIN20130528"
    assert segments[2].get(1) == "PAXLST"


def test_everything_after_unz_is_ignored() -> None:
    assert tags("UNB+X'UNZ+1+1'\n13Nov09 and then some $$$") == ["UNB", "UNZ"]


def test_a_second_interchange_after_unz_is_read_on(tmp_path: Path) -> None:
    one = (TRAVELLERS / "paxlst_minimal.edi").read_text(encoding="utf-8")
    two = one.replace("M1", "M2").replace("UNB+UNOA", "UNA:*.? $UNB+UNOA").replace("'", "$")
    path = tmp_path / "two.edi"
    path.write_text(one + two.replace("+", "*") + "junk", encoding="utf-8")
    assert [m.ref for m in read_messages(path, strict=True)] == ["M1", "M2"]


def test_progress_is_told_every_byte(tmp_path: Path) -> None:
    path = TRAVELLERS / "paxlst_features.edi"
    seen: list[int] = []
    read_messages(path, seen.append)
    assert sum(seen) == path.stat().st_size


@pytest.mark.parametrize(
    ("yy", "month", "day", "past", "expected"),
    [
        (85, 1, 1, True, date(1985, 1, 1)),
        (24, 3, 15, True, date(2024, 3, 15)),  # born on the message date
        (24, 3, 16, True, date(1924, 3, 16)),
        (0, 2, 29, True, date(2000, 2, 29)),
        (30, 1, 1, False, date(2030, 1, 1)),
        (61, 2, 18, False, date(2061, 2, 18)),
        (90, 1, 1, False, date(1990, 1, 1)),
    ],
)
def test_two_digit_years_pivot_on_the_message_date(
    yy: int, month: int, day: int, past: bool, expected: date
) -> None:
    assert full_year(yy, month, day, date(2024, 3, 15), past=past) == expected


def test_29_february_takes_the_century_that_has_one() -> None:
    assert full_year(0, 2, 29, date(2150, 1, 1), past=True) == date(2000, 2, 29)
    with pytest.raises(ValueError):
        full_year(1, 2, 29, date(2024, 1, 1), past=True)


def test_a_missing_component_or_element_reads_as_empty() -> None:
    _, dtm = tokenise("x.edi", "UNB+X'DTM+189'")
    assert dtm.get(1, 2) == ""
    assert dtm.get(7) == ""


def test_each_segment_knows_its_line_column_and_byte_offset_in_the_original_file() -> None:
    path = TRAVELLERS / "paxlst_features.edi"
    raw = path.read_bytes()
    for message in read_messages(path):
        for segment in message.segments:
            assert raw[segment.offset : segment.offset + 3].decode() == segment.tag
            line = raw.decode("utf-8").splitlines()[segment.line - 1]
            assert line[segment.column - 1 :].startswith(segment.tag)


def test_segments_are_indexed_from_unh_in_each_message() -> None:
    first, second = read_messages(TRAVELLERS / "paxlst_features.edi", strict=True)
    assert [s.index for s in first.segments[:3]] == [1, 2, 3]
    assert second.segments[7].label() == "segment 8 (NAD) at column 1, byte offset 743"
    assert (first.ref, second.ref, first.type) == ("M1", "M2", "PAXLST")


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (SHARED_DATA / "paxlst").glob("gtas_*"))
    + sorted(p.name for p in (SHARED_DATA / "pnrgov").glob("gtas_*")),
)
def test_every_shared_edifact_fixture_reads(name: str) -> None:
    folder = "paxlst" if (SHARED_DATA / "paxlst" / name).exists() else "pnrgov"
    (message,) = read_messages(SHARED_DATA / folder / name)
    assert message.type == folder.upper()
    assert message.segments[0].tag == "UNH"
    assert message.segments[-1].tag == "UNT"


def test_the_shared_fixtures_mostly_miscount_their_segments() -> None:
    # Why UNT's count is only checked with strict=True.
    wrong = []
    for path in sorted(SHARED_DATA.glob("p*/gtas_*")):
        try:
            read_messages(path, strict=True)
        except FormatError as error:
            wrong.append((path.name, error.location.field))
    assert len(wrong) == 6
    assert wrong[0] == ("gtas_Test1.txt", "segment count (UNT 1.1)")


# -- a broken envelope says where -----------------------------------------------------------------


def test_garbage_is_not_edifact() -> None:
    error = error_of(TRAVELLERS / "broken_garbage.edi")
    assert str(error) == (
        f"{TRAVELLERS / 'broken_garbage.edi'}, line 1, column 1, byte offset 0: is not EDIFACT: "
        "it starts with 'Dear colleagues,\\nple', not UNA, UNB or UNH"
    )


def test_a_lower_case_tag_is_not_a_segment() -> None:
    error = error_of(TRAVELLERS / "broken_bad_tag.edi")
    assert error.location.line == 10
    assert error.location.element == "segment 9 ('att') at column 1, byte offset 202"
    assert "does not start with a segment tag" in error.problem


def test_a_file_ending_inside_a_segment_is_an_unterminated_message() -> None:
    error = error_of(TRAVELLERS / "broken_unterminated.edi")
    assert error.location.line == 13
    assert error.location.element == "segment 12 (CNT) at column 1, byte offset 239"
    assert error.problem.startswith("unterminated message: the file ends inside this segment")


def test_a_file_ending_before_unt_is_an_unterminated_message() -> None:
    error = error_of(TRAVELLERS / "broken_eof.edi")
    assert (error.location.line, error.location.field) == (12, "UNT")
    assert error.location.element == "segment 11 (NAT) at column 1, byte offset 228"
    assert error.problem == (
        "unterminated message 'M1' (UNH at line 2): no UNT and the file ends after this segment"
    )


def test_unz_inside_a_message_means_the_unt_is_missing() -> None:
    error = error_of(TRAVELLERS / "broken_no_unt.edi")
    assert str(error) == (
        f"{TRAVELLERS / 'broken_no_unt.edi'}, line 14, segment 13 (UNZ) at column 1, "
        "byte offset 249, field UNT: unterminated message 'M1' (UNH at line 2): no UNT before "
        "this UNZ"
    )


def test_a_segment_before_unh_means_the_unh_is_missing() -> None:
    error = error_of(TRAVELLERS / "broken_no_unh.edi")
    assert error.location.line == 2
    assert error.location.element == "segment 2 (BGM) at column 1, byte offset 53"
    assert "UNH" in error.problem


def test_a_wrong_unt_count_is_refused_when_strict() -> None:
    path = TRAVELLERS / "broken_unt_count.edi"
    assert len(read_messages(path)) == 1
    error = error_of(path, strict=True)
    assert str(error) == (
        f"{path}, line 14, segment 13 (UNT) at column 1, byte offset 249, "
        "field segment count (UNT 1.1): says the message has 15 segments; it has 13"
    )


def test_una_must_define_distinct_separators(tmp_path: Path) -> None:
    path = tmp_path / "una.edi"
    path.write_text("UNA::.? 'UNB+X'", encoding="utf-8")
    assert error_of(path).location.element == "UNA"


def test_a_file_with_only_an_envelope_holds_no_message(tmp_path: Path) -> None:
    path = tmp_path / "empty.edi"
    path.write_text("UNB+UNOA:4+A+B+240101:0000+1'UNZ+0+1'", encoding="utf-8")
    assert "holds no EDIFACT message" in error_of(path).problem


# -- garbage never escapes as anything but a FormatError ------------------------------------------

_HEADS = (
    "",
    "UNB+UNOA:4+A+B+240315:0900+1'",
    "UNA:+.? 'UNB+UNOA:4+A+B+240315:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'",
    "UNB+IATA:1+A+B+240315:0900+1'UNH+1+PNRGOV:13:1:IA'SRC'RCI+XX:ABC'",
)
_PIECES = (
    "'", "+", ":", "?", "\n", " ", "UNH+1+PAXLST'", "UNT+3+1'", "UNZ+1+1'", "NAD+FL+++A:B'",
    "NAD+FM'", "DTM+329:", "DTM+189:2403151000:201'", "991332", "TDT+20+XX1'", "LOC+92+DUB'",
    "DOC+P+1'", "TIF+A+BMR:IN:1'", "SSR+DOCS:HK::X:::::/P/GBR/1/GBR/12JUL64/MI/01JAN30/A/B'",
    "SSR+INFT:HK:1:X:::::C/D/", "TVL+150324:1000::1230+DUB+JFK+XX+1'", "SRC'", "ATT+2++Q'",
    "é", "\x00", "UNA",
)  # fmt: skip


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    head=st.sampled_from(_HEADS),
    pieces=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=5)), max_size=40),
)
def test_garbage_raises_only_format_errors(tmp_path: Path, head: str, pieces: list[str]) -> None:
    path = tmp_path / "garbage.edi"
    path.write_text(head + "".join(pieces), encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(FormatError):
        list(read_travellers(path))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200))
def test_random_bytes_raise_only_format_errors(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "random.edi"
    path.write_bytes(b"UNB+" + data)
    with contextlib.suppress(FormatError):
        list(read_travellers(path))

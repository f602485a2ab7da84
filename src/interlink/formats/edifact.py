"""The UN/EDIFACT syntax layer shared by PAXLST and PNRGOV: interchange -> messages -> segments.

Real files are noisier than the syntax allows (docs/travellers.md, STANDARDS §1.6), so the text
is pre-normalised before pydifact tokenises it:

- a leading byte-order mark, whitespace and line breaks between segments are dropped, and so are
  line breaks *inside* a segment (carriers wrap long segments at a fixed width);
- whitespace between a tag and its first separator is dropped (``UNG *PAXLST``);
- the UNA service string advice sets the separators (``UNA:*.? $``);
- after UNZ, another interchange (UNA/UNB) is read on and anything else is ignored (``13Nov09``
  trails a real file).

Each segment remembers where its tag stands in the *original* file (line, column, byte offset),
so a FormatError points there and not into the normalised text. Envelope rules are checked:
every segment lives between UNH and UNT, and with ``strict=True`` UNT's segment count and
reference must match. The count is not checked by default because real samples often get it
wrong (six of the nine GTAS fixtures do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pydifact.control.characters import Characters
from pydifact.exceptions import EDISyntaxError
from pydifact.token import Token
from pydifact.tokenizer import Tokenizer

from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, open_binary

DEFAULT_SEPARATORS = ":+.? '"
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")
_ENVELOPE = {"UNB", "UNG", "UNE", "UNZ"}


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: its tag, its elements as tuples of components, and where it stood."""

    tag: str
    elements: tuple[tuple[str, ...], ...]
    line: int
    column: int
    offset: int
    # Position in its message (UNH is 1); envelope segments count from the file's start.
    index: int = 0

    def get(self, element: int, component: int = 1) -> str:
        """Component ``component`` of element ``element`` (both from 1), stripped; "" if absent."""
        if element > len(self.elements):
            return ""
        parts = self.elements[element - 1]
        return parts[component - 1].strip() if component <= len(parts) else ""

    def label(self) -> str:
        """``segment 14 (NAD) at column 1, byte offset 345``: the element part of a Location."""
        return (
            f"segment {self.index} ({self.tag}) at column {self.column}, byte offset {self.offset}"
        )


@dataclass(frozen=True, slots=True)
class Message:
    """UNH to UNT inclusive, with the interchange facts its mapper needs."""

    file: str
    ref: str
    type: str
    segments: tuple[Segment, ...]
    # The interchange's preparation date (UNB): the "now" that two-digit years pivot on.
    prepared: date | None

    def at(self, segment: Segment, field: str | None = None) -> Location:
        """The Location of ``segment`` (and a field in it) in the original file."""
        return Location(self.file, segment.line, segment.label(), field)

    def error(self, segment: Segment, field: str | None, problem: str) -> FormatError:
        return FormatError(self.at(segment, field), problem)


def field_name(tag: str, element: int, component: int, meaning: str) -> str:
    """``date of birth (DTM 1.2)``: a field named by its meaning and its place in the segment."""
    return f"{meaning} ({tag} {element}.{component})"


def read_messages(
    path: Path, progress: ProgressFn | None = None, *, strict: bool = False
) -> list[Message]:
    """Every UNH..UNT message of the interchange in ``path``; FormatError for a broken envelope."""
    file = str(path)
    with open_binary(path, progress) as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # UNOC/UNOD interchanges are ISO 8859; latin-1 decodes any byte, offsets stay exact.
        text = raw.decode("latin-1")
    return list(_messages(file, text.removeprefix("\ufeff"), strict))


def read_typed_messages(
    path: Path, message_type: str, progress: ProgressFn | None = None, *, strict: bool = False
) -> Iterator[Message]:
    """The messages of ``read_messages``, each checked to be of ``message_type`` (UNH 2.1)."""
    for message in read_messages(path, progress, strict=strict):
        if message.type != message_type:
            raise message.error(
                message.segments[0],
                field_name("UNH", 2, 1, "message type"),
                f"the message is {message.type or 'untyped'}, not {message_type}",
            )
        yield message


def _messages(file: str, text: str, strict: bool) -> Iterator[Message]:
    prepared: date | None = None
    current: list[Segment] = []
    found = False
    for segment in tokenise(file, text):
        if segment.tag == "UNB":
            prepared = _unb_date(segment.get(4))
        if segment.tag == "UNH":
            if current:
                raise _unterminated(file, current, segment)
            current = [segment]
            continue
        if not current:
            if segment.tag not in _ENVELOPE:
                raise FormatError(
                    Location(file, segment.line, segment.label()),
                    "is outside a message: the UNH that should open the message is missing",
                )
            continue
        if segment.tag in _ENVELOPE:
            raise _unterminated(file, current, segment)
        current.append(segment)
        if segment.tag == "UNT":
            yield _message(file, current, prepared, strict)
            found = True
            current = []
    if current:
        raise _unterminated(file, current, None)
    if not found:
        raise FormatError(Location(file, 1), "holds no EDIFACT message (no UNH ... UNT)")


def _message(file: str, segments: list[Segment], prepared: date | None, strict: bool) -> Message:
    unh, unt = segments[0], segments[-1]
    message = Message(file, unh.get(1), unh.get(2).upper(), tuple(segments), prepared)
    if strict:
        count = unt.get(1)
        if not count.isdigit() or int(count) != len(segments):
            raise message.error(
                unt,
                field_name("UNT", 1, 1, "segment count"),
                f"says the message has {count or 'no'} segments; it has {len(segments)}",
            )
        if unt.get(2) != message.ref:
            raise message.error(
                unt,
                field_name("UNT", 2, 1, "message reference"),
                f"{unt.get(2)!r} does not match the UNH reference {message.ref!r}",
            )
    return message


def full_year(two_digits: int, month: int, day: int, reference: date, *, past: bool) -> date:
    """The date a two-digit year means next to ``reference``; ValueError if there is none.

    ``past`` (a date of birth): the latest century that does not put the date after
    ``reference``. Otherwise (expiry, travel): the century that brings it nearest ``reference``.
    """
    base = reference.year - reference.year % 100 + two_digits
    years = [base, base - 100]
    if not past:
        years = sorted([base - 100, base, base + 100], key=lambda y: abs(y - reference.year))
    problem = ValueError(f"{two_digits:02d}-{month:02d}-{day:02d} cannot be placed")
    for year in years:
        try:
            found = date(year, month, day)
        except ValueError as error:  # 29 February of a century that has none, or no such day
            problem = error
            continue
        if not past or found <= reference:
            return found
    raise problem


def _unterminated(file: str, message: list[Segment], found: Segment | None) -> FormatError:
    """The error for a message with no UNT, located where the UNT should have been."""
    unh, at = message[0], found or message[-1]
    where = f"before this {at.tag}" if found else "and the file ends after this segment"
    return FormatError(
        Location(file, at.line, at.label(), "UNT"),
        f"unterminated message {unh.get(1)!r} (UNH at line {unh.line}): no UNT {where}",
    )


def _unb_date(text: str) -> date | None:
    """UNB 0017: YYMMDD (syntax 3) or CCYYMMDD (syntax 4); None when unreadable."""
    try:
        if len(text) == 6 and text.isdigit():
            return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
        if len(text) == 8 and text.isdigit():
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return None


@dataclass(slots=True)
class _Cursor:
    """Line, column and byte offset of the character being read from the original text."""

    line: int = 1
    column: int = 1
    offset: int = 0
    index: int = 0  # in the decoded text

    def advance(self, char: str) -> None:
        self.index += 1
        self.offset += 1 if char < "\x80" else len(char.encode("utf-8"))
        if char == "\n":
            self.line, self.column = self.line + 1, 1
        else:
            self.column += 1


def tokenise(file: str, text: str) -> Iterator[Segment]:
    """The segments of ``text``, each with its place in ``text``; UNA is consumed.

    After UNZ, another interchange (UNA or UNB) is read on; anything else there is ignored.
    """
    cursor = _Cursor()
    # A segment's index counts from UNH inside a message, from the file's start outside one.
    ordinal, index = 0, 0
    while (separators := _interchange_start(file, text, cursor, first=ordinal == 0)) is not None:
        characters = Characters.from_str(separators)
        for body, where, terminated in _split(text, cursor, separators):
            ordinal += 1
            index = 1 if body.startswith("UNH") else index + 1 if index else 0
            segment = _segment(file, body, where, index or ordinal, characters)
            if segment.tag == "UNT":
                index = 0
            if not terminated and segment.tag != "UNZ":
                raise FormatError(
                    Location(file, segment.line, segment.label()),
                    "unterminated message: the file ends inside this segment, "
                    f"which has no terminator {separators[5]!r}",
                )
            yield segment
            if segment.tag == "UNZ":
                break
        else:
            return


def _interchange_start(file: str, text: str, cursor: _Cursor, *, first: bool) -> str | None:
    """Skip to the next interchange and return its separators; None when there is none."""
    while cursor.index < len(text) and text[cursor.index].isspace():
        cursor.advance(text[cursor.index])
    start = cursor.index
    if text.startswith("UNA", start):
        separators = _una(file, text[start : start + 9], cursor.line)
        for char in text[start : start + 9]:
            cursor.advance(char)
        return separators
    if text[start : start + 3] in ("UNB", "UNH"):
        return DEFAULT_SEPARATORS
    if first:
        raise FormatError(
            Location(file, cursor.line, f"column {cursor.column}, byte offset {cursor.offset}"),
            f"is not EDIFACT: it starts with {text[start : start + 20]!r}, not UNA, UNB or UNH",
        )
    return None  # junk after UNZ, as real files have


def _una(file: str, una: str, line: int) -> str:
    separators = una[3:]
    usable = len(separators) == 6 and not any(c.isalnum() or c in "\r\n" for c in separators)
    if not usable or len({separators[0], separators[1], separators[3], separators[5]}) != 4:
        raise FormatError(
            Location(file, line, "UNA", "service characters"),
            f"{una!r} does not define six distinct separators",
        )
    return separators


def _split(text: str, cursor: _Cursor, separators: str) -> Iterator[tuple[str, _Cursor, bool]]:
    """``(segment text, where its tag starts, terminated)`` from ``cursor`` on, honouring the
    release character. ``cursor`` moves along, so after a segment it stands just past it."""
    release, terminator = separators[3], separators[5]
    body: list[str] = []
    where: _Cursor | None = None
    escaped = False
    for char in text[cursor.index :]:
        if where is None and char.isspace():
            cursor.advance(char)
            continue
        if where is None:
            where = replace(cursor)
        cursor.advance(char)
        if char in "\r\n":
            continue  # a wrapped segment; an escape pending before the break stays pending
        if escaped:
            body.append(char)
            escaped = False
        elif char == release:
            body.append(char)
            escaped = True
        elif char == terminator:
            yield "".join(body), where, True
            body, where = [], None
        else:
            body.append(char)
    if where is not None:
        yield "".join(body), where, False


def _segment(file: str, body: str, where: _Cursor, number: int, characters: Characters) -> Segment:
    tag, rest = body[:3], body[3:].lstrip()
    label = f"segment {number} ({tag!r}) at column {where.column}, byte offset {where.offset}"
    if not _TAG.fullmatch(tag):
        raise FormatError(
            Location(file, where.line, label),
            f"is not EDIFACT: {body[:20]!r} does not start with a segment tag",
        )
    if rest and rest[0] != characters.data_separator:
        raise FormatError(
            Location(file, where.line, label),
            f"tag {tag} is followed by {rest[0]!r}, not the separator "
            f"{characters.data_separator!r}",
        )
    try:
        elements = _elements(rest[1:], characters) if rest else ()
    except EDISyntaxError as error:
        raise FormatError(Location(file, where.line, label), str(error)) from error
    return Segment(tag, elements, where.line, where.column, where.offset, number)


def _elements(data: str, characters: Characters) -> tuple[tuple[str, ...], ...]:
    """Split one segment's data (after the tag) into elements and components with pydifact."""
    elements: list[tuple[str, ...]] = []
    components = [""]
    for token in Tokenizer().get_tokens(data + characters.segment_terminator, characters):
        if token.type is Token.Type.CONTENT:
            components[-1] += token.value
        elif token.type is Token.Type.COMPONENT_SEPARATOR:
            components.append("")
        else:  # a data separator or the terminator closes the element
            elements.append(tuple(components))
            components = [""]
    return tuple(elements)

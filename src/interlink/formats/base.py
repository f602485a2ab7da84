"""What every reader shares: counted file access, located records, and errors that say where."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pydantic

from interlink.domain.subjects import SubjectRecord
from interlink.exc import FormatError, Location

# Called with the number of bytes read since the last call.
ProgressFn = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A record read from a file, with the place it was read from."""

    record: SubjectRecord
    location: Location


class _CountingReader(io.RawIOBase):
    def __init__(self, raw: BinaryIO, progress: ProgressFn) -> None:
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        if data:
            self._progress(len(data))
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_binary(path: Path, progress: ProgressFn | None = None) -> BinaryIO:
    """Open ``path`` for reading bytes, reporting bytes read to ``progress``."""
    try:
        raw = path.open("rb")
    except OSError as error:
        raise FormatError(Location(str(path)), f"cannot be read: {error.strerror}") from error
    if progress is None:
        return raw
    return io.BufferedReader(_CountingReader(raw, progress))


def open_text(path: Path, progress: ProgressFn | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` of a UTF-8 text file; a bad byte is a FormatError at its line.

    A leading byte-order mark is dropped. Line numbers start at 1.
    """
    with open_binary(path, progress) as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise FormatError(
                    Location(str(path), line=number),
                    f"is not UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})",
                ) from error
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text


def build_record(location: Location, fields: Mapping[str, Any]) -> SubjectRecord:
    """Validate ``fields`` into a record; a rule broken becomes a FormatError naming the field."""
    try:
        return SubjectRecord.model_validate(fields)
    except pydantic.ValidationError as error:
        raise validation_error(location, error) from error


def validation_error(location: Location, error: pydantic.ValidationError) -> FormatError:
    """The first problem pydantic found, as a FormatError whose field is the dotted path."""
    first = error.errors(include_url=False)[0]
    path = ".".join(str(part) for part in first["loc"])
    message = first["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    at = Location(location.file, location.line, location.element, path or location.field)
    return FormatError(at, message)

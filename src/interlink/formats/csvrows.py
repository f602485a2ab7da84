"""CSV shared by the project's CSV formats: rows with their lines, a checked header, and cells
written safe for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, open_text


def csv_rows(file: str, path: Path, progress: ProgressFn | None) -> Iterator[tuple[int, list[str]]]:
    """``(first line, cells)`` of each row that is not blank; quoted cells may span lines."""
    reader = csv.reader((text for _, text in open_text(path, progress)), strict=True)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FormatError(
                Location(file, line=reader.line_num), f"is not valid CSV: {error}"
            ) from error
        first, last = last + 1, reader.line_num
        if any(cell.strip() for cell in row):
            yield first, row


def csv_header(
    file: str, rows: Iterator[tuple[int, list[str]]], columns: Sequence[str]
) -> tuple[int, list[str]]:
    """The header's line and its lower-cased column names, each known and none repeated."""
    found = next(rows, None)
    if found is None:
        raise FormatError(Location(file, line=1), "is empty; the first row must be the header")
    line, cells = found
    header = [cell.strip().lower() for cell in cells]
    for position, column in enumerate(header, start=1):
        at = Location(file, line=line, element=f"column {position}", field=column or None)
        if column not in columns:
            raise FormatError(
                at, f"unknown column {cells[position - 1]!r}; the columns are {', '.join(columns)}"
            )
        if header.index(column) != position - 1:
            raise FormatError(at, f"column {column} appears twice in the header")
    return line, header


def csv_cells(
    file: str, rows: Iterator[tuple[int, list[str]]], header: Sequence[str]
) -> Iterator[tuple[Location, list[tuple[str, str]]]]:
    """The rows after the header as ``(location, [(column, cell), ...])``; a row with another
    number of fields than the header is an error at its first line."""
    for line, row in rows:
        location = Location(file, line=line)
        if len(row) != len(header):
            raise FormatError(location, f"has {len(row)} fields; the header has {len(header)}")
        yield location, list(zip(header, row, strict=True))


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula (a leading quote if it would)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text

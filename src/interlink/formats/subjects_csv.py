"""The project's flat CSV: one subject per row, for people who keep their lists in spreadsheets.

The columns (docs/formats.md has each one's rules and examples)::

    uid, kind, name                                     required
    aliases, original_script_names, weak_aliases,       names of each kind, "|"-separated
    previous_names
    birth_dates                                         "1951-06-19|1951-06|1951|1977..1982|~1963"
    places_of_birth, nationalities                      "|"-separated free text; ISO alpha-2 codes
    documents                                           "passport:72 1234567:RU+reported_lost|..."
    gender, categories, topics, handling_code, handling_note, classification, review_by,
    owner, notes

Only ``uid``, ``kind`` and ``name`` must be in the header; the other columns may be left out, in
any order. A blank cell means "not known" and gets the record's default. Rows whose cells are all
blank (spreadsheets leave them at the end) are skipped. A value breaking a rule is a FormatError
naming the row's first line and the CSV column, never the record's internal field path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic

from interlink.domain.subjects import NameKind, SubjectRecord
from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, SourceRecord, validation_error
from interlink.formats.csvrows import csv_cells, csv_header, csv_rows

# The columns holding names, in the order the names are kept on the record.
NAME_COLUMNS: dict[str, NameKind] = {
    "name": NameKind.PRIMARY,
    "aliases": NameKind.ALIAS,
    "original_script_names": NameKind.ORIGINAL_SCRIPT,
    "weak_aliases": NameKind.WEAK_ALIAS,
    "previous_names": NameKind.PREVIOUS,
}
# Columns whose cell holds several values separated by SEPARATOR.
LIST_COLUMNS = (
    "aliases",
    "original_script_names",
    "weak_aliases",
    "previous_names",
    "birth_dates",
    "places_of_birth",
    "nationalities",
    "documents",
    "categories",
    "topics",
)
# Columns copied to the record field of the same name as they are.
_PLAIN_COLUMNS = (
    "uid",
    "kind",
    "gender",
    "handling_code",
    "handling_note",
    "classification",
    "review_by",
    "owner",
    "notes",
)
COLUMNS: tuple[str, ...] = (
    "uid",
    "kind",
    "name",
    "aliases",
    "original_script_names",
    "weak_aliases",
    "previous_names",
    "birth_dates",
    "places_of_birth",
    "nationalities",
    "gender",
    "documents",
    "categories",
    "topics",
    "handling_code",
    "handling_note",
    "classification",
    "review_by",
    "owner",
    "notes",
)
REQUIRED_COLUMNS = ("uid", "kind", "name")
SEPARATOR = "|"

# A birth date's kind from the length of its ISO prefix; anything else fails as a "year".
_PRECISION = {10: "full", 7: "year_month"}


def read_csv(path: Path, progress: ProgressFn | None = None) -> Iterator[SourceRecord]:
    """Yield one record per non-blank row; the first row is the header.

    UTF-8 with or without a byte-order mark. A cell may hold line breaks when quoted; a record's
    line is the line its row starts on.
    """
    file = str(path)
    rows = csv_rows(file, path, progress)
    header = _header(file, rows)
    for location, pairs in csv_cells(file, rows, header):
        cells = {column: cell.strip() for column, cell in pairs}
        yield SourceRecord(_record(location, cells), location)


def _header(file: str, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    line, header = csv_header(file, rows, COLUMNS)
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise FormatError(
                Location(file, line=line, field=column),
                f"the required column {column} is missing from the header",
            )
    return header


def _record(location: Location, cells: dict[str, str]) -> SubjectRecord:
    for column in REQUIRED_COLUMNS:
        if not cells[column]:
            raise FormatError(_at(location, column), f"{column} is required and the cell is empty")
    items = {column: _split(cells.get(column, "")) for column in LIST_COLUMNS}
    items["name"] = [cells["name"]]
    # The column each entry of ``names`` came from, to name it in an error.
    name_columns = [column for column in NAME_COLUMNS for _ in items[column]]
    fields: dict[str, Any] = {
        column: cells[column] for column in _PLAIN_COLUMNS if cells.get(column)
    }
    fields["names"] = [
        {"full": value, "kind": kind.value}
        for column, kind in NAME_COLUMNS.items()
        for value in items[column]
    ]
    fields["birth_dates"] = [_birth_date(text) for text in items["birth_dates"]]
    fields["places_of_birth"] = [{"text": text} for text in items["places_of_birth"]]
    fields["documents"] = [
        _document(_at(location, "documents"), text) for text in items["documents"]
    ]
    for column in ("nationalities", "categories", "topics"):
        fields[column] = items[column]
    try:
        return SubjectRecord.model_validate(fields)
    except pydantic.ValidationError as error:
        located = validation_error(location, error)
        raise _column_error(location, located, items, name_columns) from error


def _column_error(
    location: Location,
    error: FormatError,
    items: dict[str, list[str]],
    name_columns: list[str],
) -> FormatError:
    """``error`` located by CSV column instead of the record's dotted field path."""
    path = error.location.field
    if path is None:
        return FormatError(location, error.problem)
    head, _, rest = path.partition(".")
    index_text = rest.partition(".")[0]
    if not index_text.isdigit():
        return FormatError(_at(location, head), error.problem)
    index = int(index_text)
    column = head
    if head == "names":
        column = name_columns[index]
        index = name_columns[:index].count(column)
    total = len(items.get(column, ()))
    problem = error.problem
    if total > 1:
        problem = f"{problem} (value {index + 1} of {total}: {items[column][index]!r})"
    return FormatError(_at(location, column), problem)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR) if part.strip()]


def _birth_date(text: str) -> dict[str, str]:
    """``1951-06-19``, ``1951-06``, ``1951``, ``1977..1982`` or ``~1963`` as BirthDate fields."""
    if ".." in text:
        start, _, end = text.partition("..")
        return {"kind": "range", "value": start.strip(), "value_to": end.strip()}
    if text.startswith("~"):
        return {"kind": "approximate", "value": text[1:].strip()}
    return {"kind": _PRECISION.get(len(text), "year"), "value": text}


def _document(location: Location, text: str) -> dict[str, Any]:
    """``type:number[:country][+flag...]`` as a Document's fields."""
    spec, *flags = text.split("+")
    parts = [part.strip() for part in spec.split(":")]
    if len(parts) not in (2, 3) or not all(parts):
        raise FormatError(
            location,
            f"{text!r} is not a document: write type:number or type:number:CC, "
            "flags appended as +flag",
        )
    document: dict[str, Any] = {"type": parts[0], "number": parts[1]}
    if len(parts) == 3:
        document["issuing_country"] = parts[2]
    if flags:
        document["flags"] = [flag.strip() for flag in flags]
    return document


def _at(location: Location, column: str) -> Location:
    return Location(location.file, location.line, location.element, column)

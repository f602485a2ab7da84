"""Traveller files for screening: CSV and JSONL readers, and ``read_travellers`` that sniffs.

Every reader yields ``LocatedTraveller``: the traveller and where it was read from, so an alert
can point back to the line or segment. docs/travellers.md describes the CSV and JSONL schemas.

``read_travellers`` picks the reader from the content first: a file starting with UNA, UNB or
UNH is EDIFACT, and each message goes to the PAXLST or PNRGOV mapper by its UNH message type
(one interchange may mix them). Otherwise the extension decides (``.jsonl``/``.ndjson``,
``.csv``), and for any other name a first character ``{`` means JSONL, anything else CSV.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from interlink.domain.countries import country_code
from interlink.domain.travellers import Traveller
from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, open_binary, open_text, validation_error
from interlink.formats.csvrows import csv_cells, csv_header, csv_rows


@dataclass(frozen=True, slots=True)
class LocatedTraveller:
    """A traveller and the place in its file it was read from."""

    traveller: Traveller
    location: Location


REQUIRED_COLUMNS = ("ref",)
# Columns copied as they are to the Traveller field of the same name.
PLAIN_COLUMNS = ("ref", "name", "surname", "given_names", "birth_date", "gender", "role")
COUNTRY_COLUMNS = ("nationality", "residence")
OPTIONAL_COLUMNS = ("booking", "seat")
DOCUMENT_COLUMNS = ("document_type", "document_number", "document_country", "document_expiry")
LEG_COLUMNS = ("carrier", "flight", "origin", "destination", "departure", "arrival")
COLUMNS: tuple[str, ...] = (
    PLAIN_COLUMNS + COUNTRY_COLUMNS + OPTIONAL_COLUMNS + DOCUMENT_COLUMNS + LEG_COLUMNS
)
# Short gender codes as manifests write them; the long forms are the Gender values.
GENDER_CODES = {"m": "male", "f": "female", "x": "other", "u": None}
_DOCUMENT_FIELDS = {
    "type": "document_type",
    "number": "document_number",
    "issuing_country": "document_country",
    "expires_on": "document_expiry",
}


def read_travellers(
    path: Path, progress: ProgressFn | None = None, *, strict: bool = False
) -> Iterator[LocatedTraveller]:
    """Yield the travellers of a PAXLST, PNRGOV, JSONL or CSV file, whichever ``path`` holds.

    ``strict`` checks EDIFACT UNT segment counts and references (edifact.py says why it is off).
    """
    # Imported here: paxlst and pnrgov import LocatedTraveller from this module.
    from interlink.formats.edifact import read_messages
    from interlink.formats.paxlst import paxlst_travellers
    from interlink.formats.pnrgov import pnrgov_travellers

    head = _head(path)
    if head[:3] in ("UNA", "UNB", "UNH"):
        for message in read_messages(path, progress, strict=strict):
            if message.type == "PAXLST":
                yield from paxlst_travellers(message)
            elif message.type == "PNRGOV":
                yield from pnrgov_travellers(message)
            else:
                raise message.error(
                    message.segments[0],
                    "message type (UNH 2.1)",
                    f"the message is {message.type!r}; travellers come in PAXLST or PNRGOV",
                )
    elif path.suffix.lower() in (".jsonl", ".ndjson") or (
        path.suffix.lower() != ".csv" and head.startswith("{")
    ):
        yield from read_travellers_jsonl(path, progress)
    elif head.startswith("<"):
        raise FormatError(Location(str(path), 1), "XML traveller files are not supported")
    else:
        yield from read_travellers_csv(path, progress)


def _head(path: Path) -> str:
    """The first non-blank characters of ``path`` (a BOM dropped), to sniff its format."""
    with open_binary(path) as handle:
        start = handle.read(64)
    return start.decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()


def read_travellers_jsonl(
    path: Path, progress: ProgressFn | None = None
) -> Iterator[LocatedTraveller]:
    """One Traveller JSON object per line; blank lines are skipped.

    Invalid JSON is a FormatError naming the line and column; a broken rule names the line and
    the field's dotted path (``documents.0.issuing_country``).
    """
    file = str(path)
    for number, line in open_text(path, progress):
        if not line.strip():
            continue
        location = Location(file, line=number)
        try:
            fields = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            raise FormatError(
                location, f"is not valid JSON: {error.msg} at column {error.colno}"
            ) from error
        if not isinstance(fields, dict):
            raise FormatError(location, "each line must be one JSON object")
        yield LocatedTraveller(_validate(location, fields), location)


def read_travellers_csv(
    path: Path, progress: ProgressFn | None = None
) -> Iterator[LocatedTraveller]:
    """One traveller per row after the header; one document and one leg per row at most.

    ``ref`` and ``name`` (or ``surname``) are required. Errors name the row's first line and the
    CSV column.
    """
    file = str(path)
    rows = csv_rows(file, path, progress)
    header = _header(file, rows)
    for location, pairs in csv_cells(file, rows, header):
        cells = {column: cell.strip() for column, cell in pairs if cell}
        yield LocatedTraveller(_from_cells(location, cells), location)


def _header(file: str, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    line, header = csv_header(file, rows, COLUMNS)
    if "ref" not in header or not ({"name", "surname"} & set(header)):
        raise FormatError(
            Location(file, line=line), "the header needs ref and name (or surname) columns"
        )
    return header


def _from_cells(location: Location, cells: dict[str, str]) -> Traveller:
    fields: dict[str, Any] = {key: cells[key] for key in PLAIN_COLUMNS if key in cells}
    if "ref" not in cells:
        raise FormatError(_at(location, "ref"), "ref is required and the cell is empty")
    if "name" not in cells:
        if "surname" not in cells:
            raise FormatError(_at(location, "name"), "a name (or surname) is required")
        fields["name"] = " ".join(cells[k] for k in ("given_names", "surname") if k in cells)
    if "gender" in cells:
        lower = cells["gender"].lower()
        fields["gender"] = GENDER_CODES.get(lower, lower)
    for column in COUNTRY_COLUMNS:
        if column in cells:
            fields[column] = _country(location, column, cells[column])
    fields.update({key: cells[key] for key in OPTIONAL_COLUMNS if key in cells})
    if any(key in cells for key in DOCUMENT_COLUMNS):
        document = {
            "type": cells.get("document_type", "passport"),
            "number": cells.get("document_number", ""),
            "expires_on": cells.get("document_expiry"),
        }
        if "document_country" in cells:
            document["issuing_country"] = _country(
                location, "document_country", cells["document_country"]
            )
        fields["documents"] = [document]
    if any(key in cells for key in LEG_COLUMNS):
        leg = {key: cells.get(key) for key in LEG_COLUMNS if key != "flight"}
        fields["legs"] = [{**leg, "number": cells.get("flight")}]
    try:
        return Traveller.model_validate(fields)
    except pydantic.ValidationError as error:
        located = validation_error(location, error)
        raise FormatError(
            _at(location, _column(located.location.field)), located.problem
        ) from error


def _column(path: str | None) -> str:
    """The CSV column that a Traveller field path (``documents.0.number``) came from."""
    head, _, rest = (path or "").partition(".")
    last = rest.rpartition(".")[2]
    if head == "documents":
        return _DOCUMENT_FIELDS.get(last, "document_number")
    if head == "legs":
        return "flight" if last == "number" else last
    return head


def _country(location: Location, column: str, value: str) -> str:
    code = country_code(value)
    if code is None:
        raise FormatError(_at(location, column), f"{value!r} is not a country code or name")
    return code


def _validate(location: Location, fields: dict[str, Any]) -> Traveller:
    try:
        return Traveller.model_validate(fields)
    except pydantic.ValidationError as error:
        raise validation_error(location, error) from error


def _at(location: Location, column: str) -> Location:
    return Location(location.file, location.line, location.element, column)

"""OFAC's SDN list in its legacy CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv).

The files have no header; ``-0-`` (often with a trailing space) is null; MS-DOS files end with a
Ctrl-Z (0x1A) line, which is skipped. They are ASCII: read as UTF-8, which ASCII is a subset of,
so a byte that is not UTF-8 fails the import at its line rather than being guessed at.

One sdn.csv row becomes one record, uid ``ofac:<ent_num>``; alt.csv and add.csv rows (small) are
read first and joined on ent_num, sdn_comments.csv continues a Remarks field cut at 1,000
characters. Rows of alt/add/comments whose ent_num is not in sdn.csv are skipped with a logged
warning (the sample files of moov-io/watchman have such rows). Mapping (STANDARDS.md 4.2, 4.4):

- SDN_Type: ``individual`` is a person; entity (null), ``vessel`` and ``aircraft`` are
  organizations, as the record has no vessel or aircraft kind: their notes say "OFAC type:
  vessel", with call sign, flag and the other vessel columns.
- names: an individual's "LAST, First[, Jr.]" becomes "First LAST Jr." with parts given/family,
  so the list's own string is ``f"{family}, {given}"``; other names are kept as written. alt.csv
  aka and nka rows are aliases, fka rows previous names; the remarks' a.k.a. are weak aliases
  (see ``ofac_remarks``) unless alt.csv has the same name already.
- Program "SDGT] [IFSR" is one listing per program (authority "OFAC", reference ent_num);
  topics: SDGT/SDT/FTO terrorism and terrorist financing, SDNT/SDNTK drug trafficking, NPWMD
  nuclear smuggling, CYBER* cybercrime, any other program sanctions. Every record is SANCTIONED,
  an entity also an ORGANISATION.
- Remarks: ``ofac_remarks.parse_remarks``; Title and what the remarks do not map go to notes.
- add.csv: a place with the address as text, the "city/state/postal" column as city and the
  country as a code ("Region: Crimea" becomes the region; an unknown country stays in the text).
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.codes import Category, Topic
from interlink.domain.subjects import (
    Listing,
    Name,
    NameKind,
    NamePart,
    NamePartKind,
    Place,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, SourceRecord, build_record, open_text
from interlink.formats.ofac_remarks import RemarkError, country_of, parse_remarks

__all__ = ["OFAC_AUTHORITY", "read_ofac"]

OFAC_AUTHORITY = AgencySpec(
    code="US-OFAC", name="US Treasury OFAC", kind=AgencyKind.LIST_AUTHORITY, country="US"
)

_log = logging.getLogger(__name__)

_SDN = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
_ALT = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
_ADD = (
    "ent_num",
    "add_num",
    "Address",
    "City/State/Province/Postal Code",
    "Country",
    "Add_remarks",
)
_COMMENTS = ("ent_num", "Remarks_Extended")
# Columns kept exactly as written (other values are trimmed).
_RAW = frozenset({"Remarks", "Remarks_Extended"})
# The other files of a set, named as OFAC names them: "sdn" in the sdn file's name replaced.
_SIBLINGS = ("alt", "add", "sdn_comments")

_TYPES = {
    None: "entity",
    "individual": "individual",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_ALT_KINDS = {"aka": NameKind.ALIAS, "nka": NameKind.ALIAS, "fka": NameKind.PREVIOUS}
_TERRORISM = (Topic.TERRORISM, Topic.TERRORIST_FINANCING)
_PROGRAM_TOPICS = {
    "SDGT": _TERRORISM,
    "SDT": _TERRORISM,
    "FTO": _TERRORISM,
    "SDNT": (Topic.DRUG_TRAFFICKING,),
    "SDNTK": (Topic.DRUG_TRAFFICKING,),
    "NPWMD": (Topic.NUCLEAR_SMUGGLING,),
}
_VESSEL_COLUMNS = (
    ("Call_Sign", "call sign"),
    ("Vess_type", "type"),
    ("Tonnage", "tonnage"),
    ("GRT", "gross registered tonnage"),
    ("Vess_flag", "flag"),
    ("Vess_owner", "owner"),
)
# OFAC's database cuts Remarks at this length; sdn_comments.csv holds the rest.
_REMARKS_LIMIT = 1000
# Columns the store keeps at 200 characters; a longer city stays in the place's text.
_SHORT = 200


@dataclass(frozen=True, slots=True)
class _Row:
    """One CSV row by column name, with nulls as None and the place it was read from."""

    values: dict[str, str | None]
    location: Location

    def get(self, column: str) -> str | None:
        return self.values[column]

    def at(self, column: str) -> Location:
        return Location(self.location.file, self.location.line, self.location.element, column)


@dataclass(frozen=True, slots=True)
class _Files:
    sdn: Path
    alt: Path | None
    add: Path | None
    comments: Path | None


def read_ofac(path: Path, progress: ProgressFn | None = None) -> Iterator[SourceRecord]:
    """Yield one record per sdn.csv row, in file order; records name no owner.

    ``path`` is a folder holding sdn.csv (and alt.csv, add.csv, sdn_comments.csv when present)
    or the sdn file itself, whose siblings are named by replacing "sdn" in its name
    (watchman_sdn.csv, watchman_alt.csv). Import with ``owner=OFAC_AUTHORITY``. A row with too
    few fields, a byte that is not UTF-8, bad quoting or an impossible date is a FormatError
    naming the file, line and column.
    """
    files = _locate(path)
    alts = _by_entry(files.alt, _ALT, progress)
    adds = _by_entry(files.add, _ADD, progress)
    comments = _by_entry(files.comments, _COMMENTS, progress)
    for plain in _rows(files.sdn, _SDN, progress):
        entry = plain.get("ent_num") or ""
        at = Location(plain.location.file, plain.location.line, f"entry {entry}")
        row = _Row(plain.values, at)
        record = _record(row, alts.pop(entry, []), adds.pop(entry, []), comments.pop(entry, []))
        yield SourceRecord(record, at)
    for rows in (alts, adds, comments):
        _warn_orphans(rows)


def _locate(path: Path) -> _Files:
    if path.is_dir():
        return _Files(path / "sdn.csv", *(_existing(path / f"{n}.csv") for n in _SIBLINGS))
    stem, found, tail = path.name.rpartition("sdn")
    if not found:
        return _Files(path, None, None, None)
    return _Files(path, *(_existing(path.with_name(f"{stem}{n}{tail}")) for n in _SIBLINGS))


def _existing(path: Path) -> Path | None:
    return path if path.exists() else None


# -- CSV -----------------------------------------------------------------------------------------


class _Lines:
    """The text lines of a file for ``csv.reader``, remembering the number of the last one."""

    def __init__(self, numbered: Iterator[tuple[int, str]]) -> None:
        self._numbered = numbered
        self.number = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        self.number, line = next(self._numbered)
        return line


def _rows(path: Path, columns: tuple[str, ...], progress: ProgressFn | None) -> Iterator[_Row]:
    """The rows of a headerless CSV file as ``columns``; a short or long row is a FormatError."""
    lines = _Lines(open_text(path, progress))
    reader = csv.reader(lines, strict=True)
    while True:
        first = lines.number + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FormatError(Location(str(path), lines.number), f"is not CSV: {error}") from error
        # A blank line, or the MS-DOS end-of-file mark on a line of its own.
        if not fields or fields == ["\x1a"]:
            continue
        at = Location(str(path), first)
        if len(fields) < len(columns):
            missing = columns[len(fields)]
            raise FormatError(
                Location(str(path), first, field=missing),
                f"has {len(fields)} fields of {len(columns)}: column {missing} is missing",
            )
        if len(fields) > len(columns):
            raise FormatError(at, f"has {len(fields)} fields; {len(columns)} expected")
        yield _Row({c: _value(c, v) for c, v in zip(columns, fields, strict=True)}, at)


def _value(column: str, field: str) -> str | None:
    text = field.strip()
    if not text or text == "-0-":
        return None
    # A Remarks field cut at a space goes on with that space in sdn_comments.csv: keep both.
    return field if column in _RAW else text


def _by_entry(
    path: Path | None, columns: tuple[str, ...], progress: ProgressFn | None
) -> dict[str, list[_Row]]:
    grouped: dict[str, list[_Row]] = {}
    if path is not None:
        for row in _rows(path, columns, progress):
            grouped.setdefault(row.get("ent_num") or "", []).append(row)
    return grouped


def _warn_orphans(rows: dict[str, list[_Row]]) -> None:
    orphans = [row for group in rows.values() for row in group]
    if orphans:
        first = orphans[0].location
        _log.warning(
            "%s: %d rows name an ent_num that is not in the sdn file (first at line %s); skipped",
            first.file,
            len(orphans),
            first.line,
        )


# -- records -------------------------------------------------------------------------------------


def _record(row: _Row, alts: list[_Row], adds: list[_Row], comments: list[_Row]) -> SubjectRecord:
    entry = row.get("ent_num")
    if entry is None:
        raise FormatError(row.at("ent_num"), "has no ent_num")
    sdn_type = _sdn_type(row)
    person = sdn_type == "individual"
    remarks_text = "".join(r for r in [row.get("Remarks"), *_texts(comments)] if r)
    truncated = not comments and len(row.get("Remarks") or "") >= _REMARKS_LIMIT
    try:
        remarks = parse_remarks(remarks_text, person=person, truncated=truncated)
    except RemarkError as error:
        raise FormatError(row.at(error.field), error.problem) from error
    programs = _programs(row.get("Program"))
    fields: dict[str, Any] = {
        "uid": f"ofac:{entry}",
        "kind": SubjectKind.PERSON if person else SubjectKind.ORGANIZATION,
        "names": _names(row, alts, remarks.aliases, person),
        "birth_dates": remarks.birth_dates,
        "places_of_birth": remarks.places_of_birth,
        "nationalities": remarks.nationalities,
        "gender": remarks.gender,
        "documents": remarks.documents,
        "addresses": list(dict.fromkeys(p for r in adds if (p := _address(r)) is not None)),
        "categories": [Category.SANCTIONED]
        + ([Category.ORGANISATION] if sdn_type == "entity" else []),
        "topics": _topics(programs),
        "listings": [Listing(authority="OFAC", program=p, reference=entry) for p in programs],
        "notes": "\n".join(_header_notes(row, sdn_type, alts) + remarks.notes) or None,
    }
    return build_record(row.location, fields)


def _sdn_type(row: _Row) -> str:
    value = row.get("SDN_Type")
    sdn_type = _TYPES.get(value.lower() if value else None)
    if sdn_type is None:
        raise FormatError(row.at("SDN_Type"), f"unknown SDN_Type {value!r}")
    return sdn_type


def _texts(rows: list[_Row]) -> list[str]:
    # The continuation is raw: "...XBT 1B64QRxf" + "aa35MVkf..." is one address.
    return [row.get("Remarks_Extended") or "" for row in rows]


def _programs(value: str | None) -> list[str]:
    """["NPWMD", "IFSR"] for "NPWMD] [IFSR"."""
    if value is None:
        return []
    programs = (p.strip(" []") for p in re.split(r"\]\s*\[", value))
    return list(dict.fromkeys(p for p in programs if p))


def _topics(programs: list[str]) -> list[Topic]:
    topics: list[Topic] = []
    for program in programs:
        if program.upper().startswith("CYBER"):
            topics.append(Topic.CYBERCRIME)
        else:
            topics.extend(_PROGRAM_TOPICS.get(program.upper(), (Topic.SANCTIONS,)))
    return topics or [Topic.SANCTIONS]


def _header_notes(row: _Row, sdn_type: str, alts: list[_Row]) -> list[str]:
    lines: list[str] = []
    if sdn_type in ("vessel", "aircraft"):
        lines.append(f"OFAC type: {sdn_type}")
    vessel = [f"{label} {v}" for column, label in _VESSEL_COLUMNS if (v := row.get(column))]
    if vessel:
        lines.append(f"Vessel: {'; '.join(vessel)}")
    if title := row.get("Title"):
        lines.append(f"Title: {title}")
    for alt in alts:
        if remark := alt.get("alt_remarks"):
            lines.append(f"Alias {alt.get('alt_name')}: {remark}")
    return lines


# -- names and addresses -------------------------------------------------------------------------


def _names(
    row: _Row, alts: list[_Row], remark_aliases: list[tuple[NameKind, str]], person: bool
) -> list[Name]:
    primary = row.get("SDN_Name")
    if primary is None:
        raise FormatError(row.at("SDN_Name"), "has no name")
    names = [_name(primary, NameKind.PRIMARY, person)]
    for alt in alts:
        alias = alt.get("alt_name")
        if alias is None:
            raise FormatError(alt.at("alt_name"), "has no alias name")
        kind = _ALT_KINDS.get((alt.get("alt_type") or "").lower(), NameKind.ALIAS)
        names.append(_name(alias, kind, person))
    unique = {(name.full, name.kind): name for name in reversed(names)}
    names = list(reversed(unique.values()))
    # A weak alias in the remarks often repeats a name alt.csv has: keep the stronger one.
    known = {_fold(name.full) for name in names}
    for kind, alias in remark_aliases:
        name = _name(alias, kind, person)
        if _fold(name.full) not in known:
            known.add(_fold(name.full))
            names.append(name)
    return names


def _name(listed: str, kind: NameKind, person: bool) -> Name:
    """A name as the list writes it; a person's "LAST, First, Jr." reads "First LAST Jr."."""
    if not person or "," not in listed:
        return Name(full=listed, kind=kind)
    family, given, *suffixes = (part.strip() for part in listed.split(","))
    if not family or not given:
        return Name(full=listed, kind=kind)
    parts = [
        NamePart(kind=NamePartKind.GIVEN, value=given),
        NamePart(kind=NamePartKind.FAMILY, value=family),
    ]
    full = " ".join([given, family, *(s for s in suffixes if s)])
    return Name(full=full, kind=kind, parts=parts)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _address(row: _Row) -> Place | None:
    text, city, country = row.get("Address"), row.get("City/State/Province/Postal Code"), None
    region = None
    if city is not None and len(city) > _SHORT:
        text, city = ", ".join(v for v in (text, city) if v), None
    if (named := row.get("Country")) is not None:
        country = country_of(named)
        if country is None and named.lower().startswith("region:"):
            region = named.split(":", 1)[1].strip()
        elif country is None:
            text = ", ".join(v for v in (text, named) if v)
    if remark := row.get("Add_remarks"):
        text = f"{text} ({remark})" if text else remark
    if not (text or city or region or country):
        return None
    return Place(text=text, city=city, region=region, country=country)

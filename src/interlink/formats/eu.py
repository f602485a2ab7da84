"""Reader for the EU Financial Sanctions Files (FSF) XML 1.1 export.

The file is ``export/sanctionEntity*`` in namespace ``http://eu.europa.ec/fpi/fsd/export``, with
nearly every fact in attributes. Each sanctionEntity becomes one record, uid ``eu:<logicalId>``,
owned by the EU list authority. Decisions worth knowing:

- Names: the first strong Latin-script nameAlias is primary; other strong ones are aliases, or
  original-script names when written in another script; ``strong="false"`` is a weak alias. A
  name given twice (as for another regulation language) is kept once, with its first kind.
- Birth dates: the ``birthdate`` attribute (always Gregorian) wins over ``year``/``monthOfYear``/
  ``dayOfMonth``, which win over ``yearRangeFrom``/``yearRangeTo``. A year in another calendar
  becomes the range of Gregorian years it overlaps, with the original year in the note.
- Country code "00" means unknown in this file and is dropped, like any code that is not ISO.
- A delisted entity (``delistingDate``) is still read, so that an earlier import of it is
  updated rather than left standing; it loses the SANCTIONED category and its notes say so.
- Remarks, designationDetails, nameAlias functions, unitedNationId and the delisting go to notes;
  contactInfo, additionalInformation and corrigenda are not read.
- Child elements are read as records of their own so that an error names the line of the very
  element at fault; they arrive before the sanctionEntity that holds them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from interlink.domain import dates
from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.codes import Category, Topic
from interlink.domain.countries import is_country_code
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    Document,
    DocumentFlag,
    DocumentType,
    Gender,
    Listing,
    Name,
    NameKind,
    NamePartKind,
    Place,
    SubjectKind,
    detect_script,
)
from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, SourceRecord, build_record, validation_error
from interlink.formats.xmlsafe import children, iter_records, local

__all__ = ["EU_AUTHORITY", "read_eu"]

EU_AUTHORITY = AgencySpec(
    code="EU-FSF",
    name="European Union (Financial Sanctions Files)",
    kind=AgencyKind.LIST_AUTHORITY,
    country=None,
)

# Counter-terrorism regimes: ISIL (Da'esh) and Al-Qaida (UN 1267), the Taliban (UN 1988) and the
# EU's own terrorist list (Common Position 2001/931). As in the UN and OFAC readers, a listing
# under one is terrorism and terrorist financing (these are asset freezes); any other, SANCTIONS.
_TERRORISM_PROGRAMMES = frozenset({"TAQA", "AFG", "TERR"})

_DOCUMENT_TYPES = {
    "passport": DocumentType.PASSPORT,
    "id": DocumentType.NATIONAL_ID,
    "ssn": DocumentType.NATIONAL_ID,
    "fiscalcode": DocumentType.TAX_ID,
    "regnumber": DocumentType.REGISTRATION,
}

_DOCUMENT_FLAGS = {
    "knownFalse": DocumentFlag.KNOWN_FALSE,
    "reportedLost": DocumentFlag.REPORTED_LOST,
    "revokedByIssuer": DocumentFlag.REVOKED,
    "knownExpired": DocumentFlag.EXPIRED,
    "diplomatic": DocumentFlag.DIPLOMATIC,
}

_GENDERS = {"M": Gender.MALE, "F": Gender.FEMALE}

# The children of a sanctionEntity read as records of their own, for their line numbers.
_DETAILS = frozenset(
    {"regulation", "nameAlias", "citizenship", "birthdate", "address", "identification"}
)

# The Hijri calendar counted in days from 1 Muharram 1 AH (19 July 622, proleptic Gregorian),
# with the arithmetic calendar's mean year of 10631/30 days: good to a day or two.
_HIJRI_EPOCH = date(622, 7, 19).toordinal()

_M = TypeVar("_M", bound=pydantic.BaseModel)
_T = TypeVar("_T")


class _Node:
    """An element and the line it starts on: reads its attributes and says where errors are."""

    __slots__ = ("element", "file", "line")

    def __init__(self, file: str, element: ET.Element, line: int) -> None:
        self.file = file
        self.element = element
        self.line = line

    @property
    def name(self) -> str:
        return local(self.element.tag)

    def location(self, field: str | None = None) -> Location:
        return Location(self.file, self.line, f"<{self.name}>", field)

    def error(self, field: str, problem: str) -> FormatError:
        return FormatError(self.location(field), problem)

    def attr(self, name: str) -> str | None:
        """The attribute with white space folded, or None when absent or blank."""
        value = " ".join(self.element.get(name, "").split())
        return value or None

    def flag(self, name: str, default: bool = False) -> bool:
        value = (self.attr(name) or str(default)).lower()
        if value not in ("true", "false", "1", "0"):
            raise self.error(name, f"{value!r} is not a boolean")
        return value in ("true", "1")

    def number(self, name: str) -> int | None:
        value = self.attr(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.error(name, f"{value!r} is not a whole number") from None

    def prefix(self, name: str, text: str) -> str:
        """``text`` checked as a partial ISO date; an impossible one is blamed on ``name``."""
        try:
            return dates.parse_partial_date(text)
        except ValueError as error:
            raise self.error(name, str(error)) from None

    def day(self, name: str) -> date | None:
        value = self.attr(name)
        if value is None:
            return None
        checked = self.prefix(name, value)
        if dates.precision(checked) != "day":
            raise self.error(name, f"{value!r} is not a full date")
        return date.fromisoformat(checked)

    def country(self) -> str | None:
        code = (self.attr("countryIso2Code") or "").upper()
        return code if is_country_code(code) else None

    def texts(self, child: str) -> list[str]:
        found = (" ".join((sub.text or "").split()) for sub in children(self.element, child))
        return [text for text in found if text]

    def build(self, model: type[_M], **fields: Any) -> _M:
        try:
            return model.model_validate(fields)
        except pydantic.ValidationError as error:
            raise validation_error(self.location(), error) from error


def read_eu(path: Path, progress: ProgressFn | None = None) -> Iterator[SourceRecord]:
    """Yield one record per sanctionEntity of an EU FSF XML 1.1 file, streaming."""
    file = str(path)
    details: list[_Node] = []
    names = _DETAILS | {"sanctionEntity"}
    for element, line in iter_records(path, root="export", records=names, progress=progress):
        node = _Node(file, element, line)
        if node.name != "sanctionEntity":
            details.append(node)
            continue
        stray = next((d for d in details if d.line < line), None)
        if stray is not None:
            raise FormatError(stray.location(), "is outside any <sanctionEntity>")
        yield _entity(node, details)
        details = []
    if details:
        raise FormatError(details[0].location(), "is outside any <sanctionEntity>")


def _entity(node: _Node, details: list[_Node]) -> SourceRecord:
    logical_id = node.attr("logicalId")
    if logical_id is None:
        raise node.error("logicalId", "is missing; every sanctionEntity needs one")
    kind = _subject_kind(node)
    found: dict[str, list[_Node]] = {name: [] for name in _DETAILS}
    for detail in details:
        found[detail.name].append(detail)
    names = _names(found["nameAlias"])
    if not names:
        raise node.error("nameAlias", "has no nameAlias with a name")
    is_person = kind is SubjectKind.PERSON
    births = found["birthdate"] if is_person else []
    programmes = [r.attr("programme") or "" for r in found["regulation"]]
    delisted = node.day("delistingDate")
    fields = {
        "uid": f"eu:{logical_id}",
        "kind": kind,
        "owner": None,
        "names": names,
        "birth_dates": _unique(b for b in map(_birth_date, births) if b is not None),
        "places_of_birth": _unique(p for p in map(_birth_place, births) if p is not None),
        "nationalities": [c for c in map(_Node.country, found["citizenship"]) if c],
        "gender": _gender(found["nameAlias"]) if is_person else None,
        "documents": _unique(d for d in map(_document, found["identification"]) if d),
        "addresses": _unique(a for a in map(_address, found["address"]) if a is not None),
        "categories": [] if delisted else [Category.SANCTIONED],
        "topics": _topics(programmes),
        "listings": _unique(_listing(r, node) for r in found["regulation"]),
        "notes": _notes(node, found["nameAlias"], delisted),
    }
    return SourceRecord(build_record(node.location(), fields), node.location())


def _subject_kind(node: _Node) -> SubjectKind:
    subject = children(node.element, "subjectType")
    if not subject:
        raise node.error("subjectType", "is missing")
    code = subject[0].get("code", "").strip().lower()
    person = code == "person" or subject[0].get("classificationCode") == "P"
    return SubjectKind.PERSON if person else SubjectKind.ORGANIZATION


def _unique(items: Iterable[_T]) -> list[_T]:
    return list(dict.fromkeys(items))


def _full_name(alias: _Node) -> str | None:
    parts = (alias.attr(a) for a in ("firstName", "middleName", "lastName"))
    return alias.attr("wholeName") or " ".join(p for p in parts if p) or None


def _names(aliases: list[_Node]) -> list[Name]:
    """Primary first, then the rest in file order; a name already taken is skipped."""
    named = [(alias, full) for alias in aliases if (full := _full_name(alias))]
    if not named:
        return []
    strong = [(a, f) for a, f in named if a.flag("strong", default=True)]
    latin = [(a, f) for a, f in strong if detect_script(f) == "Latin"]
    primary = (latin or strong or named)[0]
    ordered = [primary] + [item for item in named if item is not primary]
    names: dict[str, Name] = {}
    for item in ordered:
        alias, full = item
        kind = NameKind.PRIMARY if item is primary else _name_kind(alias, full)
        names.setdefault(full, _name(alias, full, kind))
    return list(names.values())


def _name_kind(alias: _Node, full: str) -> NameKind:
    if not alias.flag("strong", default=True):
        return NameKind.WEAK_ALIAS
    if detect_script(full) in ("Latin", "Common", "Mixed"):
        return NameKind.ALIAS
    return NameKind.ORIGINAL_SCRIPT


def _name(alias: _Node, full: str, kind: NameKind) -> Name:
    lang = alias.attr("nameLanguage")
    pairs = [
        (NamePartKind.TITLE, _title(alias.attr("title"))),
        (NamePartKind.GIVEN, alias.attr("firstName")),
        (NamePartKind.MIDDLE, alias.attr("middleName")),
        (NamePartKind.FAMILY, alias.attr("lastName")),
    ]
    parts = [{"kind": k, "value": v} for k, v in pairs if v]
    iso = lang.lower() if lang and len(lang) == 2 and lang.isalpha() else None
    return alias.build(Name, full=full, kind=kind, lang=iso, parts=parts)


def _title(value: str | None) -> str | None:
    """An honorific ("Sheikh", "Dr"): placeholders and long prose are not titles."""
    if value is None or len(value) > 100 or not any(ch.isalpha() for ch in value):
        return None
    return value


def _gender(aliases: list[_Node]) -> Gender | None:
    found = (_GENDERS.get(a.attr("gender") or "") for a in aliases)
    return next((g for g in found if g is not None), None)


def _birth_date(node: _Node) -> BirthDate | None:
    """The most precise date the element gives: birthdate, then year, then a year range."""
    circa = node.flag("circa")
    full = node.attr("birthdate")
    if full is not None:  # an xs:date, so Gregorian whatever calendarType says
        return BirthDate.from_prefix(node.prefix("birthdate", full), approximate=circa)
    calendar = (node.attr("calendarType") or "GREGORIAN").upper()
    year = node.number("year")
    if calendar == "GREGORIAN" and year is not None:
        return BirthDate.from_prefix(_year_prefix(node, year), approximate=circa)
    fields = ("year", "year") if year is not None else ("yearRangeFrom", "yearRangeTo")
    return _year_span(node, calendar, fields, circa)


def _year_span(
    node: _Node, calendar: str, fields: tuple[str, str], circa: bool
) -> BirthDate | None:
    """A year or a range of years in any calendar, as the Gregorian years it overlaps."""
    given = [n for n in map(node.number, fields) if n is not None]
    if not given:
        return None
    low, high = given[0], given[-1]  # a range open at one end is the one year it gives
    value = node.prefix(fields[0], f"{_gregorian_years(calendar, low)[0]:04d}")
    value_to = node.prefix(fields[1], f"{_gregorian_years(calendar, high)[1]:04d}")
    note = None
    if calendar != "GREGORIAN":
        span = f"year {low}" if low == high else f"years {low}-{high}"
        note = f"{calendar.title()} calendar {span}"
    if value == value_to:
        return BirthDate.from_prefix(value, approximate=circa, note=note)
    return node.build(
        BirthDate, kind=BirthDateKind.RANGE, value=value, value_to=value_to, note=note
    )


def _year_prefix(node: _Node, year: int) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD from year, monthOfYear and dayOfMonth; each field checked."""
    prefix = node.prefix("year", f"{year:04d}")
    month = node.number("monthOfYear")
    if month is None:
        return prefix
    prefix = node.prefix("monthOfYear", f"{prefix}-{month:02d}")
    day = node.number("dayOfMonth")
    if day is None:
        return prefix
    return node.prefix("dayOfMonth", f"{prefix}-{day:02d}")


def _gregorian_years(calendar: str, year: int) -> tuple[int, int]:
    """The first and last Gregorian year that ``year`` of ``calendar`` overlaps."""
    if calendar == "ISLAMIC":
        start = _HIJRI_EPOCH + (year - 1) * 10631 // 30
        end = _HIJRI_EPOCH + year * 10631 // 30 - 1
        return date.fromordinal(start).year, date.fromordinal(end).year
    if calendar == "BUDDHIST":
        return year - 543, year - 543
    # Coptic and Ethiopic years begin in late August or September.
    offset = {"COPTIC": 283, "ETHIOPIC": 7}.get(calendar, 0)
    return year + offset, year + offset + (1 if offset else 0)


def _birth_place(node: _Node) -> Place | None:
    return _place(node, node.attr("place"))


def _address(node: _Node) -> Place | None:
    po_box = node.attr("poBox")
    lines = [node.attr("street"), po_box and f"PO Box {po_box}", node.attr("zipCode")]
    return _place(node, ", ".join(x for x in [*lines, node.attr("place")] if x) or None)


def _place(node: _Node, text: str | None) -> Place | None:
    city, region, country = node.attr("city"), node.attr("region"), node.country()
    if not (text or city or region or country):
        return None
    return node.build(Place, text=text, city=city, region=region, country=country)


def _document(node: _Node) -> Document | None:
    number = node.attr("number") or node.attr("latinNumber")
    if number is None:
        return None
    doc_type = _DOCUMENT_TYPES.get((node.attr("identificationTypeCode") or "").lower())
    latin = node.attr("latinNumber")
    holder = node.attr("nameOnDocument")
    issuer = node.attr("issuedBy")
    notes = [
        node.attr("identificationTypeDescription") if doc_type is None else None,
        latin and latin != number and f"Latin number {latin}",
        holder and f"Name on document: {holder}",
        issuer and f"Issued by {issuer}",
        *node.texts("remark"),
    ]
    return node.build(
        Document,
        type=doc_type or DocumentType.OTHER,
        number=number,
        issuing_country=node.country(),
        issued_on=node.day("issueDate"),
        expires_on=node.day("validTo"),
        flags=[flag for name, flag in _DOCUMENT_FLAGS.items() if node.flag(name)],
        note="; ".join(n for n in notes if n) or None,
    )


def _listing(regulation: _Node, entity: _Node) -> Listing:
    listed_on = regulation.day("publicationDate") or entity.day("designationDate")
    return regulation.build(
        Listing,
        authority="EU",
        program=regulation.attr("programme"),
        reference=regulation.attr("numberTitle") or entity.attr("euReferenceNumber"),
        listed_on=listed_on,
    )


def _topics(programmes: list[str]) -> list[Topic]:
    if any(p.upper() in _TERRORISM_PROGRAMMES for p in programmes):
        return [Topic.TERRORISM, Topic.TERRORIST_FINANCING]
    return [Topic.SANCTIONS]


def _notes(entity: _Node, aliases: list[_Node], delisted: date | None) -> str | None:
    un_id = entity.attr("unitedNationId")
    functions = _unique(f for f in (a.attr("function") for a in aliases) if f)
    notes = [
        *entity.texts("remark"),
        entity.attr("designationDetails"),
        *(f"Function: {f}" for f in functions),
        un_id and f"UN reference: {un_id}",
        delisted and f"Delisted by the EU with effect from {delisted.isoformat()}.",
    ]
    return "\n".join(n for n in notes if n) or None

"""The UN Security Council Consolidated List (XML) read as subject records.

One ``INDIVIDUAL`` or ``ENTITY`` element becomes one record, uid ``un:<REFERENCE_NUMBER>``. The
mapping follows STANDARDS.md 4.1/4.4 and OpenSanctions' ``un_sc_sanctions`` crawler:

- names: FIRST..FOURTH_NAME make the primary name (parts given/second/third/fourth; the XSD
  default "na" is no name); NAME_ORIGINAL_SCRIPT is an original-script name; alias QUALITY Good,
  a.k.a. or empty is an alias, Low a weak alias, f.k.a. a previous name. ALIAS_NAME may hold
  several names split by ";". Identical (name, kind) pairs are kept once.
- birth dates: every TYPE_OF_DATE (EXACT, APPROXIMATELY, BETWEEN, empty) with DATE, YEAR or
  FROM_YEAR/TO_YEAR, as precise as given. An impossible date fails the import.
- countries are names ("Iran (Islamic Republic of)"); one that does not resolve to a code is
  kept as text (in the place, the document note, or the record notes), never a failure: the
  list carries free text there ("Sudan/South Sudan", "USSR (until 1991)").
- what has no field of its own (titles, designations, alias birth details, delisting, dates of
  birth given only as text, documents without a number) goes into ``notes`` after COMMENTS1.

Links are left out: COMMENTS1 cites other listings ("(QDe.004)"), but while streaming the reader
cannot know that the target is in the same file, and a link to an unknown uid fails the import.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from interlink.domain import dates
from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.countries import country_code
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
    NamePart,
    NamePartKind,
    Place,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, SourceRecord, build_record, validation_error
from interlink.formats.xmlsafe import children, iter_records, local, text

__all__ = ["UN_AUTHORITY", "read_un"]

UN_AUTHORITY = AgencySpec(
    code="UN-SC", name="UN Security Council", kind=AgencyKind.LIST_AUTHORITY, country=None
)

_RECORDS = frozenset({"INDIVIDUAL", "ENTITY"})
_PARTS = (
    ("FIRST_NAME", NamePartKind.GIVEN),
    ("SECOND_NAME", NamePartKind.SECOND),
    ("THIRD_NAME", NamePartKind.THIRD),
    ("FOURTH_NAME", NamePartKind.FOURTH),
)
# Good, a.k.a., empty and any unknown quality are plain aliases: no name is dropped for its label.
_QUALITY = {"low": NameKind.WEAK_ALIAS, "f.k.a.": NameKind.PREVIOUS, "fka": NameKind.PREVIOUS}
# Counter-terrorism regimes: ISIL (Da'esh) and Al-Qaida (1267/1989/2253), the Taliban (1988).
_CT_REGIMES = frozenset({"al-qaida", "taliban", "isil (da'esh) and al-qaida"})
_CT_PREFIXES = ("QD", "TA")
# Tried in order on the accent-free, case-folded type (passport before identity).
_DOCUMENT_WORDS = (
    (DocumentType.PASSPORT, ("passport", "passeport", "pasaporte")),
    (DocumentType.VISA, ("visa",)),
    (DocumentType.RESIDENCE_PERMIT, ("residence", "residencia", "sejour")),
    (DocumentType.DRIVING_LICENCE, ("driving", "driver", "conduire", "conducir")),
    (DocumentType.TAX_ID, ("tax", "fiscal", "impot")),
    (DocumentType.REGISTRATION, ("registration", "immatriculation", "registro")),
    (DocumentType.NATIONAL_ID, ("identification", "identity", "identite", "identidad")),
)
# xs:date allows a time-zone suffix, and the list uses it ("1960-01-01-05:00").
_XS_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")
# The store keeps city and region in 200 characters; a longer value stays in the place's text.
_SHORT = 200

_T = TypeVar("_T")


def read_un(path: Path, progress: ProgressFn | None = None) -> Iterator[SourceRecord]:
    """Yield one record per INDIVIDUAL and ENTITY, in file order; records name no owner.

    Import them with ``owner=UN_AUTHORITY``. Malformed XML, a missing REFERENCE_NUMBER or an
    impossible date is a FormatError naming the file, line, element and field.
    """
    found = iter_records(path, root="CONSOLIDATED_LIST", records=_RECORDS, progress=progress)
    for element, line in found:
        tag = local(element.tag)
        reference = text(element, "REFERENCE_NUMBER")
        at = Location(str(path), line, f"{tag} {reference}" if reference else f"<{tag}>")
        if reference is None:
            raise FormatError(_field(at, "REFERENCE_NUMBER"), "has no REFERENCE_NUMBER")
        yield SourceRecord(_record(element, tag, reference, at), at)


def _record(element: ET.Element, tag: str, reference: str, at: Location) -> SubjectRecord:
    person = tag == "INDIVIDUAL"
    program, delisted = text(element, "UN_LIST_TYPE"), text(element, "DELISTED_ON")
    notes = _header_notes(element, delisted)
    # A delisted entry keeps its listing as history but is no longer sanctioned.
    categories = [] if delisted else [Category.SANCTIONED]
    fields: dict[str, Any] = {
        "uid": f"un:{reference}",
        "kind": SubjectKind.PERSON if person else SubjectKind.ORGANIZATION,
        "topics": _topics(program, reference),
        "categories": categories if person else [*categories, Category.ORGANISATION],
        "handling_code": HandlingCode.H0,
        "classification": Classification.UNCLASSIFIED,
    }
    try:
        fields["names"] = _names(element, tag, person, at, notes)
        fields["addresses"] = _unique(map(_place, children(element, f"{tag}_ADDRESS")))
        fields["listings"] = [_listing(element, program, reference, at)]
        if person:
            fields |= _person_fields(element, at, notes)
    except pydantic.ValidationError as error:
        raise validation_error(at, error) from error
    fields["notes"] = "\n".join(notes) or None
    return build_record(at, fields)


def _person_fields(element: ET.Element, at: Location, notes: list[str]) -> dict[str, Any]:
    nationalities = []
    for name in _values(element, "NATIONALITY") + _texts(element, "NATIONALITY2"):
        if code := country_code(name):
            nationalities.append(code)
        else:
            notes.append(f"Nationality: {name}")
    gender = text(element, "GENDER") or ""
    if gender.casefold() not in ("", "male", "female"):
        notes.append(f"Gender: {gender}")
    documents = [_document(doc, notes) for doc in children(element, "INDIVIDUAL_DOCUMENT")]
    return {
        "birth_dates": _unique(
            _birth_date(dob, at, notes) for dob in children(element, "INDIVIDUAL_DATE_OF_BIRTH")
        ),
        "places_of_birth": _unique(map(_place, children(element, "INDIVIDUAL_PLACE_OF_BIRTH"))),
        "nationalities": nationalities,
        "gender": {"male": Gender.MALE, "female": Gender.FEMALE}.get(gender.casefold()),
        "documents": _unique(documents),
    }


def _names(
    element: ET.Element, tag: str, person: bool, at: Location, notes: list[str]
) -> list[Name]:
    names = [_primary(element, person, at)]
    if original := text(element, "NAME_ORIGINAL_SCRIPT"):
        names.append(Name(full=original, kind=NameKind.ORIGINAL_SCRIPT))
    for alias in children(element, f"{tag}_ALIAS"):
        names.extend(_alias(alias, notes))
    unique: dict[tuple[str, NameKind], Name] = {}
    for name in names:
        unique.setdefault((name.full, name.kind), name)
    return list(unique.values())


def _primary(element: ET.Element, person: bool, at: Location) -> Name:
    """Persons: the name parts in order; entities: FIRST_NAME is the whole name.

    A record without them is named by NAME_ORIGINAL_SCRIPT; one without either is refused.
    """
    parts = [
        NamePart(kind=kind, value=value)
        for child, kind in (_PARTS if person else _PARTS[:1])
        if (value := text(element, child)) and value.casefold() != "na"
    ]
    if parts:
        return Name(full=" ".join(p.value for p in parts), parts=parts if person else ())
    if original := text(element, "NAME_ORIGINAL_SCRIPT"):
        return Name(full=original)
    raise FormatError(_field(at, "FIRST_NAME"), "has no name")


def _alias(alias: ET.Element, notes: list[str]) -> list[Name]:
    """The names of one alias element; empty placeholders give none."""
    kind = _QUALITY.get((text(alias, "QUALITY") or "").casefold(), NameKind.ALIAS)
    raw = text(alias, "ALIAS_NAME") or ""
    names = [Name(full=part, kind=kind) for part in raw.split(";") if part.strip()]
    born = _join(text(alias, f) for f in ("DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"))
    extra = _join([f"born {born}" if born else None, text(alias, "NOTE")], "; ")
    if names and extra:
        notes.append(f"Alias {raw}: {extra}")
    return names


def _birth_date(dob: ET.Element, at: Location, notes: list[str]) -> BirthDate | None:
    """One INDIVIDUAL_DATE_OF_BIRTH as precise as given; None (note kept) when it has no date."""
    kind, note = (text(dob, "TYPE_OF_DATE") or "").upper(), text(dob, "NOTE")
    low, high = text(dob, "FROM_YEAR"), text(dob, "TO_YEAR")
    if low and high and low != high:
        with _date_field(at, "FROM_YEAR"):
            dates.parse_partial_date(low)
        with _date_field(at, "TO_YEAR"):
            return BirthDate(kind=BirthDateKind.RANGE, value=low, value_to=high, note=note)
    for field in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
        if value := text(dob, field):
            with _date_field(at, field):
                approximate = kind == "APPROXIMATELY"
                return BirthDate.from_prefix(_xs_date(value), approximate=approximate, note=note)
    if note:
        notes.append(f"Date of birth: {note}")
    return None


@contextmanager
def _date_field(at: Location, field: str) -> Iterator[None]:
    """Turn a ValueError about a birth date into a FormatError naming its field."""
    try:
        yield
    except ValueError as error:
        problem = str(error)
        if isinstance(error, pydantic.ValidationError):
            problem = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise FormatError(_field(at, f"INDIVIDUAL_DATE_OF_BIRTH/{field}"), problem) from error


def _place(element: ET.Element) -> Place | None:
    """A place of birth or an address; its text keeps every part, unknown countries too."""
    city, region, country = (text(element, f) for f in ("CITY", "STATE_PROVINCE", "COUNTRY"))
    parts = [text(element, "STREET"), city, region, text(element, "ZIP_CODE"), country]
    full = _join(parts)
    if (note := text(element, "NOTE")) and note not in parts:
        full = f"{full} ({note})" if full else note
    if not full:
        return None
    return Place(
        text=full,
        city=city if city and len(city) <= _SHORT else None,
        region=region if region and len(region) <= _SHORT else None,
        country=country_code(country) if country else None,
    )


def _document(doc: ET.Element, notes: list[str]) -> Document | None:
    """A document with a number; details of one without a number go to the record notes."""
    label, label2 = text(doc, "TYPE_OF_DOCUMENT"), text(doc, "TYPE_OF_DOCUMENT2")
    doc_type = _document_type(label)
    if doc_type is DocumentType.OTHER:
        doc_type = _document_type(label2)
    countries = [v for v in (text(doc, "ISSUING_COUNTRY"), text(doc, "COUNTRY_OF_ISSUE")) if v]
    codes = [code for name in countries if (code := country_code(name))]
    issued, city = text(doc, "DATE_OF_ISSUE"), text(doc, "CITY_OF_ISSUE")
    issued_on = _lenient_date(issued)
    note = _join(
        [
            label if doc_type is DocumentType.OTHER else None,
            label2,
            f"issued in {city}" if city else None,
            None if codes else _join(countries),
            f"date of issue {issued}" if issued and issued_on is None else None,
            text(doc, "NOTE"),
        ],
        "; ",
    )
    number = text(doc, "NUMBER")
    if number is None:
        if note or label:
            notes.append(f"Document without number: {_join([label, note], '; ')}")
        return None
    diplomatic = "diplomat" in _fold(_join([label, label2]))
    return Document(
        type=doc_type,
        number=number,
        issuing_country=codes[0] if codes else None,
        issued_on=issued_on,
        flags=[DocumentFlag.DIPLOMATIC] if diplomatic else [],
        note=note or None,
    )


def _document_type(label: str | None) -> DocumentType:
    folded = _fold(label or "")
    for doc_type, words in _DOCUMENT_WORDS:
        if any(word in folded for word in words):
            return doc_type
    return DocumentType.OTHER


def _listing(element: ET.Element, program: str | None, reference: str, at: Location) -> Listing:
    listed = text(element, "LISTED_ON")
    try:
        listed_on = None if listed is None else _full_date(listed)
    except ValueError as error:
        raise FormatError(_field(at, "LISTED_ON"), str(error)) from error
    return Listing(
        authority=UN_AUTHORITY.name, program=program, reference=reference, listed_on=listed_on
    )


def _topics(program: str | None, reference: str) -> list[Topic]:
    if (program or "").casefold() in _CT_REGIMES or reference.startswith(_CT_PREFIXES):
        return [Topic.TERRORISM, Topic.TERRORIST_FINANCING]
    return [Topic.SANCTIONS]


def _header_notes(element: ET.Element, delisted: str | None) -> list[str]:
    lines = [
        text(element, "COMMENTS1"),
        _labelled("Title", _values(element, "TITLE")),
        _labelled("Designation", _values(element, "DESIGNATION")),
        _labelled("Submitted by", _texts(element, "SUBMITTED_BY")),
        _labelled("Delisted on", [delisted] if delisted else []),
    ]
    return [line for line in lines if line]


def _values(element: ET.Element, child: str) -> list[str]:
    """The non-empty VALUE texts under every ``child`` (TITLE, NATIONALITY, ...)."""
    return [value for group in children(element, child) for value in _texts(group, "VALUE")]


def _texts(element: ET.Element, child: str) -> list[str]:
    """The folded, non-empty texts of every direct ``child``."""
    return [v for sub in children(element, child) if (v := " ".join((sub.text or "").split()))]


def _labelled(label: str, values: list[str]) -> str | None:
    return f"{label}: {'; '.join(values)}" if values else None


def _join(parts: Iterable[str | None], sep: str = ", ") -> str:
    return sep.join(part for part in parts if part)


def _unique(items: Iterable[_T | None]) -> list[_T]:
    """The items that are not None, each once, in first-seen order."""
    return list(dict.fromkeys(item for item in items if item is not None))


def _fold(value: str) -> str:
    """Case-folded with accents removed: 'Numéro de passeport' -> 'numero de passeport'."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _xs_date(value: str) -> str:
    match = _XS_DATE.fullmatch(value)
    return match.group(1) if match else value


def _full_date(value: str) -> date:
    """A YYYY-MM-DD date (time zone ignored); ValueError says what is wrong with it."""
    prefix = dates.parse_partial_date(_xs_date(value))
    if dates.precision(prefix) != "day":
        raise ValueError(f"{value!r} is not a full date (YYYY-MM-DD)")
    return date.fromisoformat(prefix)


def _lenient_date(value: str | None) -> date | None:
    """DATE_OF_ISSUE is free text in the XSD: a full date, or None and the caller keeps the text."""
    try:
        return None if value is None else _full_date(value)
    except ValueError:
        return None


def _field(at: Location, field: str) -> Location:
    return Location(at.file, at.line, at.element, field)

"""The Remarks field of OFAC's legacy CSV: the facts the columns lack, written as text.

A remark is a ``;``-separated run of pieces such as ``DOB 28 Jul 1963; POB Toledo District,
Belize; Passport P0017003 (Belize); a.k.a. 'BURTON BURGESS'; Linked To: MAHAN AIR.``. Each piece
is matched by one pattern per key; ``alt.`` in front of a key only says "another one":

- ``DOB`` (persons): "28 Jul 1963", "Jul 1963", "1963", "circa 1960", "circa 1979-1982",
  "1960 to 1962", "Mar 1962 to Feb 1963". A well-formed date that cannot exist ("31 Feb 1970")
  raises ``RemarkError`` with field ``Remarks/DOB``; a DOB in any other shape stays in the notes.
- ``POB`` (persons): a place; the country is the last comma-separated part, when it resolves.
- ``nationality`` / ``citizen``: a country; one that does not resolve stays in the notes.
- ``Gender Male|Female`` (persons).
- identity documents and registration numbers (``_DOCUMENT_LABELS``): ``LABEL NUMBER (Region)
  (Country) issued DATE expires DATE``. The label, regions and partial dates go to the document's
  note, so the list's wording is kept.
- ``a.k.a. 'X'`` / ``f.k.a. 'X'`` / ``n.k.a. 'X'``. OFAC puts its *weak* aliases here and its strong
  ones in alt.csv (entry 15719: the legacy XML has ``KLIMT, Gustav`` as category weak, the CSV has
  it only in the remarks), so an a.k.a. in the remarks is a weak alias.

Everything else (``Linked To:``, websites, e-mail and digital currency addresses, phone numbers,
titles, sanctions notices) is kept verbatim, one piece per line of the notes. Pieces inside
parentheses are never split: "(Following data derived from ...: Alt. DOB: ...; Alt. POB: ...)" is
one note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pydantic

from interlink.domain import dates
from interlink.domain.countries import country_code
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    Document,
    DocumentFlag,
    DocumentType,
    Gender,
    NameKind,
    Place,
)

__all__ = [
    "RemarkError",
    "Remarks",
    "country_of",
    "parse_date",
    "parse_dob",
    "parse_remarks",
    "split_remarks",
]


class RemarkError(ValueError):
    """A piece of the remarks holds an impossible value; ``field`` names it ("Remarks/DOB")."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


@dataclass(slots=True)
class Remarks:
    """What one Remarks field says, sorted into the record's fields."""

    birth_dates: list[BirthDate] = field(default_factory=list)
    places_of_birth: list[Place] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: Gender | None = None
    documents: list[Document] = field(default_factory=list)
    # (kind, name as the list writes it); the reader turns them into names.
    aliases: list[tuple[NameKind, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# Country spellings OFAC uses that the territory tables do not know.
_COUNTRY_ALIASES = {
    "bosnia-herzegovina": "BA",
    "bosina-herzegovina": "BA",
    "england": "GB",
    "uk": "GB",
}

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DATE = re.compile(r"(?:(?:(?P<day>\d{1,2}) )?(?P<month>[A-Za-z]{3}) )?(?P<year>\d{4})")
_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_DOB = re.compile(r"^DOB\s+(?P<value>.+)$")
_POB = re.compile(r"^POB\s+(?P<value>.+)$")
_NATIONALITY = re.compile(r"^(?:nationality|citizen)\s+(?P<value>.+)$")
_GENDER = re.compile(r"^Gender\s+(?P<value>Male|Female)$")
_ALIAS = re.compile(r"^(?P<kind>[afn]\.k\.a\.)\s+'(?P<name>.*[^\s'].*)'$")
_ALIAS_KINDS = {"a.k.a.": NameKind.WEAK_ALIAS, "f.k.a.": NameKind.PREVIOUS}
_DOC_TAIL = re.compile(
    r"^(?P<number>[^\s(].*?)(?P<groups>(?:\s*\([^()]*\))*)"
    r"(?:\s+issued\s+(?P<issued>[^()]+?))?(?:\s+expires\s+(?P<expires>[^()]+?))?$"
)
_GROUP = re.compile(r"\(([^()]*)\)")

_DOCUMENT_LABELS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.PASSPORT: ("Passport", "Diplomatic Passport", "Passport Booklet"),
    DocumentType.NATIONAL_ID: (
        "National ID No.",
        "Cedula No.",
        "D.N.I.",
        "Identification Number",
        "Personal ID Card",
        "Kenyan ID No.",
        "Tazkira National ID Card",
        "Numero de Identidad",
        "Citizen's Card Number",
        "Turkish Identification Number",
        "National Foreign ID Number",
        "C.U.R.P.",
        "Credencial electoral",
        "Electoral Registry No.",
        "I.F.E.",
        "LE Number",
        "C.U.I.",
        "SSN",
    ),
    DocumentType.TAX_ID: (
        "Tax ID No.",
        "R.F.C.",
        "RFC",
        "NIT",
        "RUC",
        "RIF",
        "C.U.I.T.",
        "C.I.F.",
        "V.A.T. Number",
        "Italian Fiscal Code",
        "US FEIN",
        "RTN",
        "Numero Unico de Identificacao Tributaria (NUIT)",
    ),
    DocumentType.REGISTRATION: (
        "Registration Number",
        "Registration ID",
        "Business Registration Number",
        "Business Registration Document",
        "Business Number",
        "Company Number",
        "UK Company Number",
        "Commercial Registry Number",
        "Public Registration Number",
        "Folio Mercantil No.",
        "Matricula Mercantil No",
        "C.R. No.",
        "Chamber of Commerce Number",
        "Dubai Chamber of Commerce Membership No.",
        "Certificate of Incorporation Number",
        "Legal Entity Number",
        "Trade License No.",
        "Government Gazette Number",
        "D-U-N-S Number",
        "Enterprise Number",
        "Branch Unit Number",
        "Unified Social Credit Code (USCC)",
        "United Social Credit Code Certificate (USCCC)",
        "Registered Charity No.",
        "SWIFT/BIC",
        "BIK (RU)",
        "Vessel Registration Identification",
        "MMSI",
        "Aircraft Tail Number",
        "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Serial Identification",
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
    ),
    DocumentType.RESIDENCE_PERMIT: ("Residency Number",),
    DocumentType.DRIVING_LICENCE: ("Driver's License No.",),
    DocumentType.VISA: ("VisaNumberID",),
    DocumentType.OTHER: (
        "Travel Document Number",
        "Birth Certificate Number",
        "Cartilla de Servicio Militar Nacional",
        "C.U.I.P.",
        "Immigration No.",
        "File Number",
        "Pilot License Number",
        "SRE Permit No.",
        "Afghan Money Service Provider License Number",
    ),
}
_DOCUMENT_TYPES = {
    label: doc_type for doc_type, labels in _DOCUMENT_LABELS.items() for label in labels
}
# Longest first, so "Passport Booklet" wins over "Passport"; "NIT #" and "Fiscal Code:" allowed.
_DOCUMENT = re.compile(
    "^(?P<label>"
    + "|".join(re.escape(label) for label in sorted(_DOCUMENT_TYPES, key=len, reverse=True))
    + r")(?:\s*[:#])?\s+(?P<rest>.+)$"
)


def parse_remarks(text: str | None, *, person: bool, truncated: bool = False) -> Remarks:
    """Sort a Remarks field into facts and notes.

    Birth dates, places of birth and gender are read for persons only; for anything else those
    pieces stay in the notes. ``truncated`` says the source cut the field short, so its last
    piece is kept as a note and not read as a fact. Raises ``RemarkError`` on an impossible date.
    """
    remarks = Remarks()
    pieces = split_remarks(text or "")
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        if last and truncated:
            remarks.notes.append(piece)
            remarks.notes.append("(the source cut these remarks short)")
        # OFAC ends every Remarks field with a full stop, which belongs to no value.
        elif not _read_piece(piece.removesuffix(".") if last else piece, person, remarks):
            remarks.notes.append(piece)
    remarks.documents = list(dict.fromkeys(remarks.documents))
    remarks.birth_dates = list(dict.fromkeys(remarks.birth_dates))
    remarks.places_of_birth = list(dict.fromkeys(remarks.places_of_birth))
    return remarks


def split_remarks(text: str) -> list[str]:
    """The pieces between semicolons that are outside parentheses, trimmed, empty ones left out."""
    pieces: list[str] = []
    depth = 0
    start = 0
    for position, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            pieces.append(text[start:position])
            start = position + 1
    pieces.append(text[start:])
    return [stripped for piece in pieces if (stripped := " ".join(piece.split()))]


def _read_piece(piece: str, person: bool, remarks: Remarks) -> bool:
    """Add what ``piece`` states to ``remarks``; False when it is not a fact this reader knows."""
    body = _ALT.sub("", piece)
    if person and (match := _DOB.match(body)):
        birth = parse_dob(match["value"])
        if birth is not None:
            remarks.birth_dates.append(birth)
        return birth is not None
    if person and (match := _POB.match(body)):
        remarks.places_of_birth.append(_place_of_birth(match["value"]))
        return True
    if match := _NATIONALITY.match(body):
        code = country_of(match["value"])
        if code is not None:
            remarks.nationalities.append(code)
        return code is not None
    if person and (match := _GENDER.match(body)):
        remarks.gender = Gender(match["value"].lower())
        return True
    if match := _ALIAS.match(body):
        kind = _ALIAS_KINDS.get(match["kind"].lower(), NameKind.ALIAS)
        remarks.aliases.append((kind, match["name"]))
        return True
    if match := _DOCUMENT.match(body):
        document = _document(match["label"], match["rest"])
        if document is not None:
            remarks.documents.append(document)
        return document is not None
    return False


# -- dates ---------------------------------------------------------------------------------------


def parse_date(text: str, field: str) -> str | None:
    """The ISO prefix of "28 Jul 1963", "Jul 1963" or "1963"; None for any other shape.

    A date of the right shape that cannot exist raises ``RemarkError`` naming ``field``.
    """
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    month_name = match["month"]
    if month_name is None:
        prefix = match["year"]
    elif (month := _MONTHS.get(month_name.lower())) is None:
        return None
    elif match["day"] is None:
        prefix = f"{match['year']}-{month:02d}"
    else:
        prefix = f"{match['year']}-{month:02d}-{int(match['day']):02d}"
    try:
        return dates.parse_partial_date(prefix)
    except ValueError as error:
        raise RemarkError(field, f"{text.strip()!r} is not a date: {error}") from error


def parse_dob(text: str) -> BirthDate | None:
    """A birth date as the remarks write it (after "DOB "), or None for a shape not known."""
    field = "Remarks/DOB"
    value = " ".join(text.split())
    approximate = value.lower().startswith("circa ")
    if approximate:
        value = value[len("circa ") :]
    low_text, separator, high_text = _split_range(value)
    low = parse_date(low_text, field)
    high = parse_date(high_text, field) if separator else None
    if low is None or (separator and high is None):
        return None
    try:
        if high is None:
            return BirthDate.from_prefix(low, approximate=approximate)
        if dates.earliest(high) < dates.earliest(low):
            raise RemarkError(field, f"{text.strip()!r} ends before it starts")
        note = "circa" if approximate else None
        return BirthDate(kind=BirthDateKind.RANGE, value=low, value_to=high, note=note)
    except pydantic.ValidationError as error:
        problem = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise RemarkError(field, problem) from error


def _split_range(value: str) -> tuple[str, str, str]:
    """("1960", "to", "1962") for "1960 to 1962" and for "1979-1982"; else (value, "", "")."""
    low, separator, high = value.partition(" to ")
    if separator:
        return low, separator, high
    years = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", value)
    if years:
        return years[1], "-", years[2]
    return value, "", ""


def _full_date(text: str, field: str) -> date | None:
    prefix = parse_date(text, field)
    if prefix is None or dates.precision(prefix) != "day":
        return None
    return dates.earliest(prefix)


# -- places, countries, documents ----------------------------------------------------------------


def country_of(name: str) -> str | None:
    """The ISO code of a country as OFAC writes it ("Korea, North", "Bosnia-Herzegovina")."""
    text = " ".join(name.split())
    return _COUNTRY_ALIASES.get(text.lower()) or country_code(text)


def _place_of_birth(text: str) -> Place:
    """The place as written; the country is its last comma-separated part when that resolves."""
    last = text.rsplit(",", 1)[-1]
    return Place(text=text, country=country_of(last))


def _document(label: str, rest: str) -> Document | None:
    """A document from "NUMBER (Region) (Country) issued DATE expires DATE", or None."""
    match = _DOC_TAIL.match(rest)
    if match is None:
        return None
    field = f"Remarks/{label}"
    groups = [group.strip() for group in _GROUP.findall(match["groups"])]
    country = next((code for group in reversed(groups) if (code := country_of(group))), None)
    note = [label, *(f"({group})" for group in groups if country_of(group) != country)]
    issued = expires = None
    if match["issued"]:
        issued = _full_date(match["issued"], field)
        if issued is None:
            note.append(f"issued {match['issued']}")
    if match["expires"]:
        expires = _full_date(match["expires"], field)
        if expires is None:
            note.append(f"expires {match['expires']}")
    number = match["number"].strip()
    doc_type = _DOCUMENT_TYPES[label]
    if number.upper().startswith("IMO "):
        doc_type = DocumentType.REGISTRATION
    flags = [DocumentFlag.DIPLOMATIC] if label.startswith("Diplomatic") else []
    return Document(
        type=doc_type,
        number=number,
        issuing_country=country,
        issued_on=issued,
        expires_on=expires,
        flags=flags,
        note=" ".join(note),
    )

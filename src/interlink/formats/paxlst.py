"""UN/EDIFACT PAXLST (API passenger and crew lists) as Travellers.

The mapper is group-aware (STANDARDS §1.2): TDT opens a flight leg whose LOC/DTM give places and
times; NAD (other than the reporting party, MS) opens a traveller whose ATT, DTM, LOC, NAT and
RFF follow; DOC opens one of the traveller's documents, whose DTM+36 and LOC+91 follow it.

- Name: NAD C080, surname first, then given and middle names. ``name`` is "GIVEN SURNAME".
- Role: NAD FL passenger, FM crew, DDU passenger in transit, DDT crew in transit.
- Dates of birth (DTM+329) with a two-digit year take the latest century that puts them on or
  before the interchange date (UNB); expiry and travel dates the nearest century.
- Countries (NAT, LOC+174, LOC+91) are ISO alpha-3 or ICAO codes, folded to alpha-2; a code that
  names no country is left out rather than refused.
- Legs: every TDT group of the message, narrowed to the traveller's embarkation (LOC+178) to
  debarkation (LOC+179) when both are airports of the route.
- ``ref`` is "<UNH message reference>/<n>", n counting travellers from 1 in the message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pydantic

from interlink.domain.countries import country_code
from interlink.domain.subjects import DocumentType, Gender
from interlink.domain.travellers import Leg, Traveller, TravellerRole
from interlink.formats.base import ProgressFn, validation_error
from interlink.formats.edifact import Message, Segment, field_name, full_year, read_typed_messages
from interlink.formats.travellers import LocatedTraveller

ROLES = {
    "FL": TravellerRole.PASSENGER,
    "FM": TravellerRole.CREW,
    "DDU": TravellerRole.PASSENGER_IN_TRANSIT,
    "DDT": TravellerRole.CREW_IN_TRANSIT,
}
DOCUMENT_TYPES = {
    "P": DocumentType.PASSPORT,
    "V": DocumentType.VISA,
    "I": DocumentType.NATIONAL_ID,
    "IP": DocumentType.NATIONAL_ID,
    "AC": DocumentType.NATIONAL_ID,
    "A": DocumentType.RESIDENCE_PERMIT,
    "C": DocumentType.RESIDENCE_PERMIT,
}
GENDERS = {"M": Gender.MALE, "F": Gender.FEMALE, "X": Gender.OTHER, "U": None}
# ICAO 9303 codes that are not ISO 3166 alpha-3 but still name one country.
ICAO_COUNTRIES = {"D": "DE", "GBD": "GB", "GBN": "GB", "GBO": "GB", "GBP": "GB", "GBS": "GB"}


def read_paxlst(
    path: Path, progress: ProgressFn | None = None, *, strict: bool = False
) -> Iterator[LocatedTraveller]:
    """Yield every traveller of every PAXLST message in ``path``, located at its NAD segment.

    ``strict`` also checks UNT's segment count and reference (edifact.py says why it is off).
    """
    for message in read_typed_messages(path, "PAXLST", progress, strict=strict):
        yield from paxlst_travellers(message)


def paxlst_travellers(message: Message) -> Iterator[LocatedTraveller]:
    """The travellers of one PAXLST message."""
    reference = message.prepared or date.today()
    legs: list[_LegParts] = []
    groups: list[list[Segment]] = []
    in_group = False
    for segment in message.segments[1:-1]:
        if segment.tag == "NAD":
            in_group = segment.get(1) != "MS"
            if in_group:
                groups.append([segment])
        elif segment.tag in ("CNT", "TDT"):
            in_group = False
            if segment.tag == "TDT":
                legs.append(_LegParts.from_tdt(segment))
        elif in_group:
            groups[-1].append(segment)
        elif legs and segment.tag in ("LOC", "DTM"):
            legs[-1].add(message, segment, reference)
    route = [leg.build() for leg in legs]
    for number, group in enumerate(groups, start=1):
        ref = f"{message.ref}/{number}"
        yield LocatedTraveller(_traveller(message, group, route, ref), message.at(group[0]))


@dataclass(slots=True)
class _LegParts:
    carrier: str | None
    number: str | None
    places: dict[str, str | None] = field(default_factory=dict)
    times: dict[str, datetime] = field(default_factory=dict)

    @classmethod
    def from_tdt(cls, tdt: Segment) -> _LegParts:
        flight, carrier = tdt.get(2), tdt.get(5)
        if not carrier and len(flight) > 2 and flight[2:].isdigit():
            carrier = flight[:2]
        if carrier and flight.startswith(carrier):
            flight = flight[len(carrier) :]
        return cls(carrier or None, flight or None)

    def add(self, message: Message, segment: Segment, reference: date) -> None:
        qualifier = segment.get(1)
        if segment.tag == "LOC":
            role = {"125": "origin", "87": "destination"}.get(qualifier)
            if qualifier == "92":  # a routing leg: the first place is where it leaves from
                role = "destination" if "origin" in self.places else "origin"
            if role:
                self.places[role] = segment.get(2) or None
        elif qualifier in ("189", "232"):
            moment = parse_datetime(message, segment, reference)
            self.times["departure" if qualifier == "189" else "arrival"] = moment

    def build(self) -> Leg:
        return Leg(carrier=self.carrier, number=self.number, **self.places, **self.times)


def _traveller(message: Message, group: list[Segment], route: list[Leg], ref: str) -> Traveller:
    nad = group[0]
    role = ROLES.get(nad.get(1))
    if role is None:
        raise message.error(
            nad,
            field_name("NAD", 1, 1, "party qualifier"),
            f"{nad.get(1)!r} is not a traveller (FL, FM, DDU, DDT) or the reporting party (MS)",
        )
    surname = nad.get(4, 1)
    given = " ".join(part for part in (nad.get(4, i) for i in range(2, 6)) if part)
    if not surname:
        raise message.error(nad, field_name("NAD", 4, 1, "surname"), "the NAD has no name")
    reference = message.prepared or date.today()
    fields: dict[str, Any] = {
        "ref": ref,
        "name": f"{given} {surname}" if given else surname,
        "surname": surname,
        "given_names": given or None,
        "role": role,
    }
    documents: list[dict[str, Any]] = []
    ends: dict[str, str] = {}
    for segment in group[1:]:
        qualifier = segment.get(1)
        if segment.tag == "DOC":
            documents.append(_document(message, segment))
        elif segment.tag == "ATT" and qualifier == "2":
            fields["gender"] = _gender(message, segment)
        elif segment.tag == "NAT":
            fields["nationality"] = country_of(segment.get(2))
        elif segment.tag == "RFF" and qualifier in ("AVF", "SEA"):
            key = "booking" if qualifier == "AVF" else "seat"
            fields[key] = segment.get(1, 2) or None
        elif segment.tag == "DTM" and qualifier == "329" and not documents:
            fields["birth_date"] = _birth_date(message, segment, reference)
        elif segment.tag == "DTM" and qualifier == "36" and documents:
            expiry = parse_datetime(message, segment, reference)
            documents[-1]["expires_on"] = expiry.date()
        elif segment.tag == "LOC" and qualifier == "91" and documents:
            documents[-1]["issuing_country"] = country_of(segment.get(2))
        elif segment.tag == "LOC" and qualifier == "174":
            fields["residence"] = country_of(segment.get(2))
        elif segment.tag == "LOC" and qualifier in ("178", "179"):
            ends[qualifier] = segment.get(2)
    fields["documents"] = documents
    fields["legs"] = _own_legs(route, ends.get("178"), ends.get("179"))
    try:
        return Traveller.model_validate(fields)
    except pydantic.ValidationError as error:
        raise validation_error(message.at(nad), error) from error


def _own_legs(route: list[Leg], embark: str | None, debark: str | None) -> list[Leg]:
    """The part of the route from ``embark`` to ``debark``; all of it when they are not on it."""
    starts = [i for i, leg in enumerate(route) if leg.origin == embark]
    ends = [i for i, leg in enumerate(route) if leg.destination == debark]
    if not starts or not ends or starts[0] > ends[-1]:
        return route
    return route[starts[0] : ends[-1] + 1]


def _document(message: Message, doc: Segment) -> dict[str, Any]:
    number = doc.get(2)
    if not number:
        raise message.error(doc, field_name("DOC", 2, 1, "document number"), "the DOC has none")
    return {"type": DOCUMENT_TYPES.get(doc.get(1).upper(), DocumentType.OTHER), "number": number}


def _gender(message: Message, att: Segment) -> Gender | None:
    code = att.get(3).upper()
    if code not in GENDERS:
        raise message.error(att, field_name("ATT", 3, 1, "gender"), f"{code!r} is not M, F, X or U")
    return GENDERS[code]


def country_of(code: str) -> str | None:
    """ISO alpha-2 for an alpha-3, alpha-2 or ICAO country code; None when it names none."""
    code = code.strip().upper()
    return ICAO_COUNTRIES.get(code) or (country_code(code) if code else None)


def _birth_date(message: Message, dtm: Segment, reference: date) -> str:
    born = parse_datetime(message, dtm, reference).date()
    if born > reference:
        raise message.error(
            dtm,
            field_name("DTM", 1, 2, "date of birth"),
            f"{born.isoformat()} is after the message date {reference.isoformat()}",
        )
    return born.isoformat()


# DTM 2379 format qualifiers and the length of their values; a value without one goes by length.
_FORMATS = {"101": 6, "102": 8, "201": 10, "203": 12}
_BY_LENGTH = {length: code for code, length in _FORMATS.items()}
_DTM_MEANINGS = {"329": "date of birth", "36": "expiry date", "189": "departure", "232": "arrival"}


def parse_datetime(message: Message, dtm: Segment, reference: date) -> datetime:
    """DTM C507: YYMMDD, CCYYMMDD, YYMMDDHHMM or CCYYMMDDHHMM; FormatError naming DTM 1.2.

    A two-digit year pivots on ``reference``: into the past for a date of birth (DTM+329), to
    the nearest century for anything else (expiry, departure, arrival).
    """
    text, code = dtm.get(1, 2), dtm.get(1, 3)
    where = field_name("DTM", 1, 2, _DTM_MEANINGS.get(dtm.get(1), "date"))
    code = code if code in _FORMATS else _BY_LENGTH.get(len(text), "")
    if not text.isdigit() or _FORMATS.get(code) != len(text):
        raise message.error(
            dtm, where, f"{text!r} is not YYMMDD, CCYYMMDD, YYMMDDHHMM or CCYYMMDDHHMM"
        )
    year_digits = 4 if code in ("102", "203") else 2
    month = int(text[year_digits : year_digits + 2])
    day = int(text[year_digits + 2 : year_digits + 4])
    hour, minute = (int(text[-4:-2]), int(text[-2:])) if code in ("201", "203") else (0, 0)
    try:
        if year_digits == 4:
            day_of = date(int(text[:4]), month, day)
        else:
            past = dtm.get(1) == "329"
            day_of = full_year(int(text[:2]), month, day, reference, past=past)
        return datetime(day_of.year, day_of.month, day_of.day, hour, minute)
    except ValueError as error:
        raise message.error(dtm, where, f"{text!r} is not a valid date: {error}") from error


# Writing: a passenger list of one flight, as a carrier sends it (the demo's manifest).


@dataclass(frozen=True, slots=True)
class Passenger:
    """A passenger as a PAXLST carries one: names in Latin capitals, the booking they travel
    on (companions share it) and a passport."""

    surname: str
    given: str
    booking: str
    passport: str | None = None


def write_paxlst(
    reference: str,
    flight: str,
    route: tuple[str, datetime, str, datetime],
    passengers: list[Passenger],
    prepared: datetime,
) -> str:
    """One PAXLST interchange (UNOA, D:05B) of ``flight`` from ``route``'s airport and time of
    departure to its airport and time of arrival, with ``passengers``; pydifact writes the
    EDIFACT, escapes included."""
    from pydifact.segmentcollection import Interchange
    from pydifact.segmentcollection import Message as Edifact
    from pydifact.segments import Segment as Written

    origin, departure, destination, arrival = route
    stamp = "%y%m%d%H%M"
    message = Edifact(reference, ("PAXLST", "D", "05B", "UN", "IATA"))
    message.add_segment(Written("BGM", "745"))
    message.add_segment(Written("NAD", "MS", "", "", "INTERLINK DEMO"))
    message.add_segment(Written("TDT", "20", flight, "", "", flight[:2]))
    message.add_segment(Written("LOC", "125", origin))
    message.add_segment(Written("DTM", ["189", departure.strftime(stamp), "201"]))
    message.add_segment(Written("LOC", "87", destination))
    message.add_segment(Written("DTM", ["232", arrival.strftime(stamp), "201"]))
    for p in passengers:
        message.add_segment(Written("NAD", "FL", "", "", [p.surname, p.given]))
        message.add_segment(Written("RFF", ["AVF", p.booking]))
        if p.passport:
            message.add_segment(Written("DOC", ["P", "110", "111"], p.passport))
    message.add_segment(Written("CNT", ["42", str(len(passengers))]))
    interchange = Interchange(
        sender="INTERLINK",
        recipient="DEMO",
        control_reference=reference,
        syntax_identifier=("UNOA", 4),
        timestamp=prepared,
    )
    interchange.add_message(message)
    return interchange.serialize(break_lines=True) + "\n"

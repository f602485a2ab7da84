"""IATA PNRGOV (EDIFACT PNR push) as Travellers: one per passenger, infants included.

The mapper is group-aware (STANDARDS §2.2). SRC opens a PNR; its first RCI gives the record
locator. TIF opens a passenger (Gr2) whose SSRs follow: DOCS gives date of birth, gender,
nationality and passport; DOCO a visa; INFT an infant's name and date of birth. TVL opens an
itinerary segment (Gr5); TIF/SSD inside it are check-in data (the seat). EQN (split PNRs), MSG
(non-air segments) and ABI (history) end the parts that describe the current booking.

- ``name`` is "GIVEN SURNAME" from TIF, with the title AIRIMP glues on (``MOLLYMRS``) removed.
- Infants are travellers of their own: a TIF of type IN, or else an SSR INFT or a DOCS with
  gender MI/FI, matched by name (spaces ignored: wrapping breaks names). Carriers file those
  SSRs under the adult; they never describe the adult.
- Legs: the PNR's air TVLs; a PNR without any gets the flight the message is pushed for.
- Two-digit years: dates of birth take the latest century on or before the interchange date,
  others the nearest. ``ref`` is "<record locator>/<n>", n counting the PNR's travellers from 1;
  ``booking`` is the record locator, which companions share.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pydantic

from interlink.domain.subjects import DocumentType, Gender
from interlink.domain.travellers import Leg, Traveller
from interlink.formats.base import ProgressFn, validation_error
from interlink.formats.edifact import Message, Segment, field_name, full_year, read_typed_messages
from interlink.formats.paxlst import DOCUMENT_TYPES, country_of
from interlink.formats.travellers import LocatedTraveller

GENDERS: dict[str, Gender | None] = {"M": Gender.MALE, "F": Gender.FEMALE, "X": Gender.OTHER}
GENDERS |= {"MI": Gender.MALE, "FI": Gender.FEMALE, "U": None, "": None}
# Titles AIRIMP writes after the given name, with or without a space; longest first.
TITLES = ("MSTR", "MISS", "MRS", "MR", "MS", "DR", "PROF")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def read_pnrgov(
    path: Path, progress: ProgressFn | None = None, *, strict: bool = False
) -> Iterator[LocatedTraveller]:
    """Yield every traveller of every PNR in ``path``, located at its TIF (or SSR INFT)."""
    for message in read_typed_messages(path, "PNRGOV", progress, strict=strict):
        yield from pnrgov_travellers(message)


def pnrgov_travellers(message: Message) -> Iterator[LocatedTraveller]:
    """The travellers of one PNRGOV message, PNR by PNR."""
    pnrs: list[list[Segment]] = []
    pushed: list[Leg] = []
    for segment in message.segments[1:-1]:
        if segment.tag == "SRC":
            pnrs.append([segment])
        elif pnrs:
            pnrs[-1].append(segment)
        elif segment.tag == "TVL" and not pushed:
            pushed.append(_leg(message, segment))
    for pnr in pnrs:
        yield from _Pnr(message, pushed).read(pnr)


@dataclass(slots=True)
class _Person:
    tif: Segment
    ssrs: list[Segment] = field(default_factory=list)
    seat: str | None = None

    @property
    def infant(self) -> bool:
        return self.tif.get(2, 2) in ("IN", "INF")


@dataclass(slots=True)
class _Pnr:
    message: Message
    pushed: list[Leg]
    locator: str = ""
    people: list[_Person] = field(default_factory=list)
    legs: list[Leg] = field(default_factory=list)

    def read(self, segments: list[Segment]) -> Iterator[LocatedTraveller]:
        phase = "pnr"
        checked_in: _Person | None = None
        for segment in segments[1:]:
            tag = segment.tag
            if tag in ("EQN", "MSG", "ABI"):
                phase = "done"  # split PNRs, non-air segments, history: not this booking
            elif tag == "RCI" and not self.locator:
                self.locator = segment.get(1, 2)
            elif tag == "TIF" and phase in ("pnr", "people"):
                phase = "people"
                self.people.append(_Person(segment))
            elif tag == "SSR" and phase == "people":
                self.people[-1].ssrs.append(segment)
            elif tag == "TVL" and phase != "done":
                phase = "itinerary"
                self.legs.append(_leg(self.message, segment))
                checked_in = None
            elif tag == "TIF" and phase == "itinerary":
                checked_in = self._find(segment)
            elif tag == "SSD" and checked_in is not None:
                self._seat(checked_in, segment.get(1))
        if not self.locator:
            raise self.message.error(segments[0], "record locator (RCI 1.2)", "the PNR has no RCI")
        yield from self._travellers()

    def _find(self, tif: Segment) -> _Person | None:
        for person in self.people:
            if _compact(person.tif.get(1)) == _compact(tif.get(1)) and person.tif.get(2) == tif.get(
                2
            ):
                return person
        return None

    def _seat(self, person: _Person, seat: str) -> None:
        """Keep the seat on the pushed flight, else the first one; XXX means none assigned."""
        if not seat or seat.strip("X") == "":
            return
        on_pushed = bool(self.pushed) and _same_flight(self.legs[-1], self.pushed[0])
        if person.seat is None or on_pushed:
            person.seat = seat

    def _travellers(self) -> Iterator[LocatedTraveller]:
        ssrs = [ssr for person in self.people for ssr in person.ssrs]
        entries: list[tuple[Segment, dict[str, Any], list[Segment]]] = []
        for person in self.people:
            key = _key(person.tif.get(1), person.tif.get(2)) if person.infant else None
            own = [s for s in person.ssrs if _infant_key(s) is None]
            own += [s for s in ssrs if key and _infant_key(s) == key]
            entries.append((person.tif, self._from_tif(person), own))
        known = {_key(p.tif.get(1), p.tif.get(2)) for p in self.people if p.infant}
        for ssr in ssrs:  # infants known only from an SSR INFT or an infant's DOCS
            key = _infant_key(ssr)
            if key is None or key in known or key.startswith("/"):
                continue  # not about an infant, already a traveller, or without a name
            known.add(key)
            own = [s for s in ssrs if _infant_key(s) == key]
            entries.append((ssr, _names(*_infant_names(ssr)), own))
        for number, (segment, fields, own) in enumerate(entries, start=1):
            fields |= {"ref": f"{self.locator}/{number}", "booking": self.locator}
            fields["legs"] = self.legs or self.pushed
            yield LocatedTraveller(self._build(segment, fields, own), self.message.at(segment))

    def _from_tif(self, person: _Person) -> dict[str, Any]:
        surname = person.tif.get(1)
        if not surname:
            raise self.message.error(
                person.tif, field_name("TIF", 1, 1, "surname"), "the TIF has no name"
            )
        return _names(surname, person.tif.get(2)) | {"seat": person.seat}

    def _build(self, at: Segment, fields: dict[str, Any], ssrs: list[Segment]) -> Traveller:
        documents: list[dict[str, Any]] = []
        for ssr in ssrs:
            parts = _ssr_text(ssr).split("/")
            if ssr.get(1) == "DOCS":
                documents += self._docs(ssr, parts, fields)
            elif ssr.get(1) == "DOCO" and len(parts) > 2 and parts[1] == "V" and parts[2]:
                issuer = country_of(parts[5]) if len(parts) > 5 else None
                visa = {"type": DocumentType.VISA, "number": parts[2], "issuing_country": issuer}
                documents.append(visa)
            elif ssr.get(1) == "INFT" and len(parts) > 2 and "birth_date" not in fields:
                fields["birth_date"] = self._date(ssr, parts[2], "date of birth")
        fields["documents"] = documents
        try:
            return Traveller.model_validate(fields)
        except pydantic.ValidationError as error:
            raise validation_error(self.message.at(at), error) from error

    def _docs(self, ssr: Segment, parts: list[str], fields: dict[str, Any]) -> list[dict[str, Any]]:
        """Fill ``fields`` from DOCS /type/issuer/number/nationality/DOB/gender/expiry/names."""
        parts = [part.strip() for part in parts] + [""] * 7
        kind, issuer, number, nationality, born, gender, expiry = parts[:7]
        if born:
            fields.setdefault("birth_date", self._date(ssr, born, "date of birth"))
        if gender.upper() not in GENDERS:
            raise self.message.error(
                ssr, "DOCS gender (SSR 1.9)", f"{gender!r} is not M, F, MI, FI, X or U"
            )
        fields.setdefault("gender", GENDERS[gender.upper()])
        if nationality:
            fields.setdefault("nationality", country_of(nationality))
        if not number:
            return []
        document = {
            "type": DOCUMENT_TYPES.get(kind.upper(), DocumentType.OTHER),
            "number": number,
            "issuing_country": country_of(issuer) if issuer else None,
        }
        if expiry:
            document["expires_on"] = self._date(ssr, expiry, "expiry date")
        return [document]

    def _date(self, ssr: Segment, text: str, meaning: str) -> str:
        """DDMMMYY as ISO. A date of birth takes the latest century not after the message date,
        any other date the nearest one."""
        reference = self.message.prepared or date.today()
        month = text[2:5].upper()
        try:
            if len(text) != 7 or not (text[:2] + text[5:]).isdigit() or month not in _MONTHS:
                raise ValueError("expected DDMMMYY")
            birth = meaning == "date of birth"
            found = full_year(
                int(text[5:]), _MONTHS.index(month) + 1, int(text[:2]), reference, past=birth
            )
        except ValueError as error:
            raise self.message.error(
                ssr, f"{ssr.get(1)} {meaning} (SSR 1.9)", f"{text!r} is not a date: {error}"
            ) from error
        return found.isoformat()


def _leg(message: Message, tvl: Segment) -> Leg:
    """TVL ddmmyy:hhmm:ddmmyy:hhmm+DEP+ARR+carrier+number; an empty arrival date is the same day
    (the next when the arrival time is earlier). ``280918:1220:1505`` (no arrival date) is read
    as a time, as carriers write it."""
    reference = message.prepared or date.today()
    dep_day, dep_time, arr_day, arr_time = (tvl.get(1, i) for i in range(1, 5))
    if len(arr_day) == 4 and not arr_time:
        arr_day, arr_time = "", arr_day
    departure = _moment(message, tvl, dep_day, dep_time, reference, "departure")
    arrival = _moment(message, tvl, arr_day or dep_day, arr_time, reference, "arrival")
    if departure and arrival and not arr_day and arrival < departure:
        arrival += timedelta(days=1)
    return Leg(
        carrier=tvl.get(4) or None,
        number=tvl.get(5) or None,
        origin=tvl.get(2) or None,
        destination=tvl.get(3) or None,
        departure=departure if dep_time else None,
        arrival=arrival if arr_time else None,
    )


def _moment(
    message: Message, tvl: Segment, day: str, time: str, reference: date, meaning: str
) -> datetime | None:
    if not day:
        return None
    try:
        if len(day) != 6 or not day.isdigit() or (time and (len(time) != 4 or not time.isdigit())):
            raise ValueError("expected DDMMYY and HHMM")
        found = full_year(int(day[4:]), int(day[2:4]), int(day[:2]), reference, past=False)
        hour, minute = (int(time[:2]), int(time[2:])) if time else (0, 0)
        return datetime(found.year, found.month, found.day, hour, minute)
    except ValueError as error:
        raise message.error(
            tvl, field_name("TVL", 1, 1, f"{meaning} date"), f"{day}:{time} is not valid: {error}"
        ) from error


def _names(surname: str, given: str) -> dict[str, Any]:
    surname, given = surname.strip(), strip_title(given.strip())
    return {
        "name": f"{given} {surname}" if given else surname,
        "surname": surname,
        "given_names": given or None,
    }


def strip_title(given: str) -> str:
    """``MOLLYMRS`` -> ``MOLLY``, ``NINA MS`` -> ``NINA``; a name too short to hold one stays."""
    words = given.split()
    if len(words) > 1 and words[-1] in TITLES:
        return " ".join(words[:-1])
    for title in TITLES:
        if title != "MS" and given.endswith(title) and len(given) - len(title) >= 2:
            return given[: -len(title)].strip()
    return given


def _same_flight(leg: Leg, other: Leg) -> bool:
    return (leg.carrier, leg.number, leg.origin) == (other.carrier, other.number, other.origin)


def _ssr_text(ssr: Segment) -> str:
    """The free text of an SSR (element 1 from component 9 on), without a leading slash."""
    text = ":".join(ssr.elements[0][8:]) if ssr.elements else ""
    return text.strip().removeprefix("/")


def _infant_names(ssr: Segment) -> tuple[str, str]:
    """``(surname, given names)`` of the infant an SSR INFT or an infant's DOCS is about."""
    parts = _ssr_text(ssr).split("/") + [""] * 9
    return (parts[0], parts[1]) if ssr.get(1) == "INFT" else (parts[7], parts[8])


def _infant_key(ssr: Segment) -> str | None:
    """Who an SSR INFT or an infant's DOCS (gender MI/FI) is about; None for any other SSR."""
    if ssr.get(1) == "INFT":
        return _key(*_infant_names(ssr))
    parts = _ssr_text(ssr).split("/")
    if ssr.get(1) == "DOCS" and len(parts) > 5 and parts[5].strip().upper() in ("MI", "FI"):
        return _key(*_infant_names(ssr))
    return None


def _key(surname: str, given: str) -> str:
    return f"{_compact(surname)}/{_compact(strip_title(given.strip()))}"


def _compact(name: str) -> str:
    """A surname without spaces: line wrapping breaks names (``TESTSURNA MEONE``)."""
    return "".join(name.split()).upper()

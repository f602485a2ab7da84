"""Travellers as manifests and bookings describe them: who, on which legs, with which documents.

A ``Traveller`` is what screening checks against the watchlist. Readers of PAXLST, PNRGOV, CSV
and JSONL all yield it; ``ref`` identifies the traveller within its source so that alerts and
movement reports can point back to it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interlink.domain import dates
from interlink.domain.countries import is_country_code
from interlink.domain.subjects import DocumentType, Gender


class TravellerRole(StrEnum):
    PASSENGER = "passenger"
    CREW = "crew"
    # Crew member on the flight deck / in transit, as PAXLST distinguishes them.
    CREW_IN_TRANSIT = "crew_in_transit"
    PASSENGER_IN_TRANSIT = "passenger_in_transit"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _country(value: str | None) -> str | None:
    if value is not None and not is_country_code(value):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
    return value


class TravelDocument(_Model):
    type: DocumentType = DocumentType.PASSPORT
    number: Annotated[str, Field(min_length=1, max_length=100)]
    issuing_country: str | None = None
    expires_on: date | None = None

    _check_country = field_validator("issuing_country")(_country)


class Leg(_Model):
    """One flight or crossing: carrier and number, IATA airports (or other place codes), times."""

    carrier: str | None = None
    number: str | None = None
    origin: str | None = None
    destination: str | None = None
    departure: datetime | None = None
    arrival: datetime | None = None


class Traveller(_Model):
    """A person on a manifest or booking, with what the source says about them."""

    # Unique within the source: e.g. "<message ref>/<n>" for PAXLST, "<locator>/<n>" for a PNR.
    ref: Annotated[str, Field(min_length=1, max_length=200)]
    # The name as the source writes it, and its parts where the source splits them.
    name: Annotated[str, Field(min_length=1, max_length=500)]
    surname: str | None = None
    given_names: str | None = None
    birth_date: str | None = None
    gender: Gender | None = None
    nationality: str | None = None
    residence: str | None = None
    role: TravellerRole = TravellerRole.PASSENGER
    documents: tuple[TravelDocument, ...] = ()
    legs: tuple[Leg, ...] = ()
    # Booking reference (PNR record locator): travellers sharing it travel together.
    booking: str | None = None
    seat: str | None = None

    _check_countries = field_validator("nationality", "residence")(_country)

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: str | None) -> str | None:
        return None if value is None else dates.parse_partial_date(value)

"""Encounters (movement reports): where and when a flagged subject was met, on which route,
with which document and companions.

An owner flags a subject "report movements". A report goes back to the owner when another
agency confirms a screening alert on that subject, or when an officer records a check by hand.
Everything here is pure: the report's shape and how it is drawn from a manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from interlink.domain.travellers import Leg, TravelDocument, Traveller


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Companion(_Model):
    """Someone travelling with the subject: on the same booking (or, without one, the same
    flight under the same family name)."""

    name: Annotated[str, Field(min_length=1, max_length=500)]
    ref: Annotated[str | None, Field(max_length=200)] = None
    documents: tuple[TravelDocument, ...] = Field(default=(), max_length=10)
    booking: Annotated[str | None, Field(max_length=50)] = None


class Route(_Model):
    origin: Annotated[str | None, Field(max_length=100)] = None
    destination: Annotated[str | None, Field(max_length=100)] = None
    legs: tuple[Leg, ...] = Field(default=(), max_length=20)


class Movement(_Model):
    """What a report says: place and time, route, the document used, companions."""

    place: Annotated[str, Field(min_length=1, max_length=200)]
    at: AwareDatetime
    route: Route = Route()
    document: TravelDocument | None = None
    companions: tuple[Companion, ...] = Field(default=(), max_length=50)
    traveller: Annotated[str | None, Field(max_length=500)] = None


class CheckSpec(_Model):
    """A check recorded by hand: the subject (a uid the officer sees in full, or the reference
    of a blind hit), the movement, and why."""

    subject: Annotated[str, Field(min_length=1, max_length=200)]
    movement: Movement
    note: Annotated[str | None, Field(max_length=2000)] = None


def _surname(traveller: Traveller) -> str:
    if traveller.surname:
        return traveller.surname.casefold()
    parts = traveller.name.split()
    return parts[-1].casefold() if parts else ""


def _flight(traveller: Traveller) -> tuple[object, ...] | None:
    if not traveller.legs:
        return None
    leg = traveller.legs[0]
    day = leg.departure.date() if leg.departure else None
    return (leg.carrier, leg.number, leg.origin, day)


def companions(traveller: Traveller, others: Sequence[Traveller]) -> list[Companion]:
    """Who travels with ``traveller`` among ``others`` (a manifest): the travellers on the same
    booking; without a booking, those on the same first flight under the same family name."""
    if traveller.booking:
        same = [t for t in others if t.booking == traveller.booking]
    else:
        flight = _flight(traveller)
        surname = _surname(traveller)
        same = [
            t
            for t in others
            if flight is not None and _flight(t) == flight and surname and _surname(t) == surname
        ]
    return [
        Companion(name=t.name, ref=t.ref, documents=t.documents, booking=t.booking)
        for t in same
        if t.ref != traveller.ref
    ]


def movement_of(traveller: Traveller, others: Sequence[Traveller], seen_at: datetime) -> Movement:
    """The movement a manifest shows of ``traveller``: arriving at the last leg's destination
    (its arrival, or else the first leg's departure, or else ``seen_at``), by its legs, on its
    first document, with its companions."""
    legs = traveller.legs
    first, last = (legs[0], legs[-1]) if legs else (None, None)
    when = (last.arrival if last else None) or (first.departure if first else None) or seen_at
    if when.tzinfo is None:  # manifests give local times without a zone: kept as written
        when = when.replace(tzinfo=seen_at.tzinfo)
    place = (last.destination if last else None) or (first.origin if first else None)
    return Movement(
        place=place or "unknown",
        at=when,
        route=Route(
            origin=first.origin if first else None,
            destination=last.destination if last else None,
            legs=legs,
        ),
        document=traveller.documents[0] if traveller.documents else None,
        companions=tuple(companions(traveller, others)),
        traveller=traveller.name,
    )

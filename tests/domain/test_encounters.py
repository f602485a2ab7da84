"""How a movement is drawn from a manifest: route from the legs, the first document, and the
companions (same booking; without one, same first flight and family name)."""

from __future__ import annotations

from datetime import UTC, datetime

from interlink.domain.encounters import companions, movement_of
from interlink.domain.travellers import Leg, TravelDocument, Traveller

SEEN = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
KC917 = Leg(
    carrier="KC",
    number="917",
    origin="ALA",
    destination="IST",
    departure=datetime(2026, 11, 22, 7, 5),
    arrival=datetime(2026, 11, 22, 10, 40),
)
TK350 = Leg(
    carrier="TK",
    number="350",
    origin="IST",
    destination="AMS",
    departure=datetime(2026, 11, 22, 12, 0),
    arrival=datetime(2026, 11, 22, 14, 55),
)


def traveller(ref: str, name: str, **extra: object) -> Traveller:
    return Traveller.model_validate({"ref": ref, "name": name, "legs": [KC917], **extra})


def test_the_route_runs_from_the_first_leg_to_the_last_on_the_first_document() -> None:
    passport = TravelDocument(number="N1234567", issuing_country="KZ")
    t = traveller("1", "Aidos Serikov", legs=[KC917, TK350], documents=[passport])
    m = movement_of(t, [t], SEEN)
    assert (m.place, m.route.origin, m.route.destination) == ("AMS", "ALA", "AMS")
    assert m.at == datetime(2026, 11, 22, 14, 55, tzinfo=UTC)  # the last arrival
    assert m.document == passport and m.route.legs == (KC917, TK350)


def test_without_legs_the_report_keeps_the_time_it_was_seen() -> None:
    t = Traveller(ref="1", name="Aidos Serikov")
    m = movement_of(t, [t], SEEN)
    assert (m.place, m.at, m.document) == ("unknown", SEEN, None)


def test_companions_share_the_booking_or_else_the_flight_and_family_name() -> None:
    booked = [traveller(str(i), n, booking="QX7Y2L") for i, n in enumerate(["A B", "C D", "E F"])]
    other = traveller("9", "G H", booking="ZZZZZZ")
    assert [c.name for c in companions(booked[0], [*booked, other])] == ["C D", "E F"]

    alone = traveller("1", "Dana Serikova", surname="Serikova")
    family = traveller("2", "Aidos Serikova", surname="SERIKOVA")
    stranger = traveller("3", "Olzhas Bekov", surname="Bekov")
    later = traveller("4", "Nurlan Serikova", surname="Serikova", legs=[TK350])
    found = companions(alone, [alone, family, stranger, later])
    assert [c.ref for c in found] == ["2"]

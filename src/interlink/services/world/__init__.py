"""A deterministic synthetic world: agencies, agreements, users and a stream of subjects.

``generate_world(seed, subjects)`` gives the same world for the same arguments in every process:
every choice comes from ``random.Random`` seeded with the seed (never ``hash()`` or set order),
and dates are counted from a fixed ``as_of`` day, not today. Subjects are generated lazily by
``World.subjects()``, each with the ground truth of the spellings planted for it, so screening
and speed benchmarks can run on a million of them in flat memory.

No generated subject is a real person: names are common given names and family names combined
at random, the family names curated common ones or composed from common roots and suffixes (see
``pools`` and ``surnames``), never a well-known person's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from random import Random

from interlink.domain.agencies import AgencySpec, AgreementSpec, UserSpec
from interlink.services.world.agencies import build_agencies, build_agreements, build_users
from interlink.services.world.subjects import stream_subjects
from interlink.services.world.types import GeneratedSubject, Origin, Variant, VariantKind

__all__ = [
    "AS_OF",
    "GeneratedSubject",
    "Origin",
    "Variant",
    "VariantKind",
    "World",
    "generate_world",
]

# The day the world is generated "on": agreements have expired before it, reviews fall after it.
AS_OF = date(2026, 1, 1)


@dataclass(frozen=True)
class World:
    """Agencies, agreements (and which are suspended, with the reason), users, and ``size``
    subjects to stream with ``subjects()``."""

    seed: int
    size: int
    as_of: date
    agencies: list[AgencySpec]
    agreements: list[AgreementSpec]
    suspended: list[tuple[str, str]]
    users: list[UserSpec]

    def subjects(self) -> Iterator[GeneratedSubject]:
        """The subjects, generated afresh on each call; only link targets are remembered."""
        return stream_subjects(self.seed, self.size, self.agencies, self.as_of)


def generate_world(seed: int, subjects: int) -> World:
    """The world for ``seed`` with ``subjects`` subjects (generated when iterated)."""
    if subjects < 0:
        raise ValueError("the number of subjects cannot be negative")
    agencies = build_agencies(Random(f"interlink-world:{seed}:agencies"))
    agreements, suspended = build_agreements(
        Random(f"interlink-world:{seed}:agreements"), agencies, AS_OF
    )
    users = build_users(Random(f"interlink-world:{seed}:users"), agencies)
    return World(seed, subjects, AS_OF, agencies, agreements, suspended, users)

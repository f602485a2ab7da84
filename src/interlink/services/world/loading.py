"""A generated world written into a hub's database: its agencies, users (all with one password
hash), agreements and suspensions, and its subjects as one import."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from interlink.exc import Location
from interlink.formats.base import SourceRecord
from interlink.services.importing import ImportSummary, import_records
from interlink.services.world import World
from interlink.services.world.traffic import Watched
from interlink.store import Database


@dataclass
class Loaded:
    made: ImportSummary
    # Held-out spellings of up to four listed persons (a manifest's travellers), and the
    # subjects behind them with a spelling each, who travel in the demo traffic.
    spellings: list[str] = field(default_factory=list)
    watched: list[Watched] = field(default_factory=list)


def load_world(db: Database, world: World, password_hash: str, actor: str = "demo") -> Loaded:
    """Write ``world`` into ``db``; every user gets ``password_hash``."""
    with db.uow() as uow:
        for spec in world.agencies:
            uow.agencies.ensure(spec)
        for user in world.users:
            uow.users.add(user, uow.agencies.get(user.agency), password_hash)
        for agreement in world.agreements:
            uow.agreements.add(agreement)
        for code, reason in world.suspended:
            uow.agreements.suspend(code, reason, datetime.now(UTC))
    spellings: list[str] = []
    watched: list[Watched] = []

    def records() -> Iterator[SourceRecord]:
        for g in world.subjects():
            if g.held_out and len(spellings) < 4 and g.record.kind.value == "person":
                spellings.append(g.held_out[0].text)
                watched.append(Watched(g.record.uid, g.record.owner or "", g.held_out[-1].text))
            yield SourceRecord(g.record, Location(f"demo world {world.seed}"))

    made = import_records(
        db,
        records(),
        fmt="demo",
        source=f"demo world, seed {world.seed}",
        sha256=hashlib.sha256(f"demo world {world.seed} {world.size}".encode()).hexdigest(),
        actor=actor,
    )
    return Loaded(made, spellings, watched)

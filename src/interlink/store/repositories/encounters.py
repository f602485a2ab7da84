"""Movement flags and encounters (movement reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from interlink.domain.encounters import Movement
from interlink.store.tables import encounters, movement_flags


@dataclass(frozen=True, slots=True)
class Encounter:
    id: int
    subject_uid: str
    owner: str
    reporter: str
    reported_by: str
    source: str  # "alert" or "check"
    alert_id: int | None
    movement: Movement
    note: str | None
    delivered: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Flag:
    subject_uid: str
    agency: str
    set_by: str
    set_at: datetime


def _encounter(row: Any) -> Encounter:
    return Encounter(
        row.id,
        row.subject_uid,
        row.owner,
        row.reporter,
        row.reported_by,
        row.source,
        row.alert_id,
        Movement.model_validate_json(row.movement),
        row.note,
        row.delivered,
        row.created_at,
    )


class EncounterRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def flag(self, uid: str) -> Flag | None:
        row = self._conn.execute(
            select(movement_flags).where(movement_flags.c.subject_uid == uid)
        ).first()
        return Flag(row.subject_uid, row.agency, row.set_by, row.set_at) if row else None

    def set_flag(self, uid: str, agency: str, by: str, at: datetime, on: bool) -> None:
        self._conn.execute(delete(movement_flags).where(movement_flags.c.subject_uid == uid))
        if on:
            self._conn.execute(
                movement_flags.insert(),
                {"subject_uid": uid, "agency": agency, "set_by": by, "set_at": at},
            )

    def add(
        self,
        uid: str,
        owner: str,
        reporter: str,
        reported_by: str,
        source: str,
        alert_id: int | None,
        movement: Movement,
        note: str | None,
        delivered: bool,
        at: datetime,
    ) -> Encounter:
        new_id = self._conn.execute(
            encounters.insert().returning(encounters.c.id),
            {
                "subject_uid": uid,
                "owner": owner,
                "reporter": reporter,
                "reported_by": reported_by,
                "source": source,
                "alert_id": alert_id,
                "place": movement.place,
                "occurred_at": movement.at,
                "movement": movement.model_dump_json(),
                "note": note,
                "delivered": delivered,
                "created_at": at,
            },
        ).scalar_one()
        found = self.get(new_id)
        assert found is not None
        return found

    def get(self, encounter_id: int) -> Encounter | None:
        row = self._conn.execute(select(encounters).where(encounters.c.id == encounter_id)).first()
        return _encounter(row) if row else None

    def of_alert(self, alert_id: int) -> Encounter | None:
        row = self._conn.execute(
            select(encounters).where(encounters.c.alert_id == alert_id)
        ).first()
        return _encounter(row) if row else None

    def reported_by(self, agency: str, limit: int, offset: int) -> list[Encounter]:
        """The encounters ``agency`` reported, newest first."""
        query = (
            select(encounters)
            .where(encounters.c.reporter == agency)
            .order_by(encounters.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_encounter(r) for r in self._conn.execute(query)]

    def received(
        self, owner: str, uid: str | None, limit: int, offset: int, newest_first: bool = False
    ) -> list[Encounter]:
        """The reports ``owner`` received (of one subject when ``uid`` is given), in the
        order the movements happened (the latest first when ``newest_first``)."""
        query = select(encounters).where(encounters.c.owner == owner, encounters.c.delivered)
        if uid is not None:
            query = query.where(encounters.c.subject_uid == uid)
        order = (encounters.c.occurred_at, encounters.c.id)
        query = (
            query.order_by(*(c.desc() for c in order) if newest_first else order)
            .limit(limit)
            .offset(offset)
        )
        return [_encounter(r) for r in self._conn.execute(query)]

    def facts(self, start: datetime, end: datetime) -> list[tuple[str, str, datetime, bool]]:
        """Reporter, owner, when and whether delivered, of the movements in [start, end)."""
        e = encounters.c
        query = select(e.reporter, e.owner, e.occurred_at, e.delivered).where(
            e.occurred_at >= start, e.occurred_at < end
        )
        return [(a, b, c, bool(d)) for a, b, c, d in self._conn.execute(query)]

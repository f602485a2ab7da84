"""Import runs: one row per file imported, with what it changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from interlink.store.tables import import_runs


@dataclass(frozen=True, slots=True)
class ImportRun:
    id: int
    format: str
    file_name: str
    file_sha256: str
    started_at: datetime
    finished_at: datetime
    added: int
    updated: int
    unchanged: int


class ImportRunRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def start(
        self, fmt: str, file_name: str, sha256: str, owner_id: int | None, at: datetime
    ) -> int:
        return int(
            self._conn.execute(
                import_runs.insert().returning(import_runs.c.id),
                {
                    "format": fmt,
                    "file_name": file_name,
                    "file_sha256": sha256,
                    "owner_agency_id": owner_id,
                    "started_at": at,
                    "finished_at": at,
                    "added": 0,
                    "updated": 0,
                    "unchanged": 0,
                },
            ).scalar_one()
        )

    def finish(
        self, run_id: int, at: datetime, *, added: int, updated: int, unchanged: int
    ) -> None:
        self._conn.execute(
            import_runs.update()
            .where(import_runs.c.id == run_id)
            .values(finished_at=at, added=added, updated=updated, unchanged=unchanged)
        )

    def all(self) -> list[ImportRun]:
        rows = self._conn.execute(select(import_runs).order_by(import_runs.c.id))
        return [
            ImportRun(
                r.id,
                r.format,
                r.file_name,
                r.file_sha256,
                r.started_at,
                r.finished_at,
                r.added,
                r.updated,
                r.unchanged,
            )
            for r in rows
        ]

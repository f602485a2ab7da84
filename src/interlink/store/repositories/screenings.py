"""Screening runs on the hub, their alerts and triage decisions.

A run is claimed by one worker at a time (``claim``: a conditional update, so two workers cannot
both take it) and keeps its claim alive with each batch (``progress``, which commits the
batch's alerts and the count of travellers screened together). A run whose heartbeat went
stale, its worker gone, can be claimed again and goes on from ``screened``; an alert is unique
per (run, traveller position, subject), so a batch screened twice stores its alerts once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update

from interlink.store.tables import (
    alert_decisions,
    screening_alerts,
    screening_manifests,
    screening_runs,
)


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AlertStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    FALSE_POSITIVE = "false_positive"
    NEEDS_INFORMATION = "needs_information"


@dataclass(frozen=True, slots=True)
class ScreeningRun:
    id: int
    agency: str
    created_by: str
    purpose: str
    filename: str
    format: str
    sha256: str
    status: RunStatus
    travellers: int
    screened: int
    alerts: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewAlert:
    position: int
    traveller_ref: str
    traveller_key: str
    traveller_name: str
    source: str
    subject_uid: str
    owner: str
    level: str
    score: float
    matched_name: str | None
    explanation: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Alert(NewAlert):
    """A stored alert: what the run found (``NewAlert``), and its triage."""

    id: int
    run_id: int
    status: AlertStatus
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Decision:
    status: AlertStatus
    decided_by: str
    decided_at: datetime
    note: str | None


def _run(row: Any) -> ScreeningRun:
    return ScreeningRun(
        row.id,
        row.agency,
        row.created_by,
        row.purpose,
        row.filename,
        row.format,
        row.sha256,
        RunStatus(row.status),
        row.travellers,
        row.screened,
        row.alerts,
        row.error,
        row.created_at,
        row.started_at,
        row.finished_at,
        row.heartbeat_at,
    )


def _alert(row: Any) -> Alert:
    values = dict(row._mapping)  # the table's columns are the dataclass's fields
    values["explanation"] = json.loads(row.explanation) if row.explanation else None
    values["status"] = AlertStatus(row.status)
    return Alert(**values)


class ScreeningRepository:
    def __init__(self, connection: Connection, insert_ignore: Any) -> None:
        self._conn = connection
        self._insert_ignore = insert_ignore

    # Runs.

    def add_run(
        self,
        *,
        agency: str,
        created_by: str,
        purpose: str,
        filename: str,
        format: str,
        sha256: str,
        travellers: int,
        content: bytes,
        at: datetime,
    ) -> ScreeningRun:
        """A queued run and its manifest."""
        run_id = self._conn.execute(
            screening_runs.insert().returning(screening_runs.c.id),
            {
                "agency": agency,
                "created_by": created_by,
                "purpose": purpose,
                "filename": filename,
                "format": format,
                "sha256": sha256,
                "status": RunStatus.QUEUED.value,
                "travellers": travellers,
                "screened": 0,
                "alerts": 0,
                "created_at": at,
            },
        ).scalar_one()
        self._conn.execute(screening_manifests.insert(), {"run_id": run_id, "content": content})
        found = self.get(run_id)
        assert found is not None
        return found

    def get(self, run_id: int) -> ScreeningRun | None:
        row = self._conn.execute(
            select(screening_runs).where(screening_runs.c.id == run_id)
        ).one_or_none()
        return None if row is None else _run(row)

    def for_agency(self, agency: str, limit: int, offset: int) -> list[ScreeningRun]:
        """An agency's runs, newest first."""
        query = (
            select(screening_runs)
            .where(screening_runs.c.agency == agency)
            .order_by(screening_runs.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_run(r) for r in self._conn.execute(query)]

    def manifest(self, run_id: int) -> bytes:
        content = self._conn.execute(
            select(screening_manifests.c.content).where(screening_manifests.c.run_id == run_id)
        ).scalar_one()
        return bytes(content)

    def _claimable(self, stale_before: datetime) -> Any:
        return or_(
            screening_runs.c.status == RunStatus.QUEUED.value,
            and_(
                screening_runs.c.status == RunStatus.RUNNING.value,
                screening_runs.c.heartbeat_at < stale_before,
            ),
        )

    def claimable(self, stale_before: datetime) -> list[int]:
        """Runs waiting for a worker: queued, or running with a heartbeat older than
        ``stale_before`` (their worker died)."""
        query = (
            select(screening_runs.c.id)
            .where(self._claimable(stale_before))
            .order_by(screening_runs.c.id)
        )
        return list(self._conn.execute(query).scalars())

    def claim(
        self, run_id: int, worker: str, now: datetime, stale_before: datetime
    ) -> ScreeningRun | None:
        """Take the run for ``worker`` if it is claimable; None if another has it or it ended."""
        taken = self._conn.execute(
            update(screening_runs)
            .where(screening_runs.c.id == run_id, self._claimable(stale_before))
            .values(
                status=RunStatus.RUNNING.value,
                claimed_by=worker,
                heartbeat_at=now,
                started_at=func.coalesce(screening_runs.c.started_at, now),
            )
        )
        return self.get(run_id) if taken.rowcount == 1 else None

    def progress(
        self, run_id: int, worker: str, screened: int, alerts: Sequence[NewAlert], now: datetime
    ) -> bool:
        """Store a batch's alerts and the travellers screened so far, if ``worker`` still
        holds the run (False when it lost its claim: nothing is written)."""
        held = self._conn.execute(
            update(screening_runs)
            .where(
                screening_runs.c.id == run_id,
                screening_runs.c.claimed_by == worker,
                screening_runs.c.status == RunStatus.RUNNING.value,
            )
            .values(screened=screened, heartbeat_at=now)
        )
        if held.rowcount != 1:
            return False
        self._insert_ignore(
            screening_alerts,
            [
                asdict(a)
                | {
                    "run_id": run_id,
                    "source": a.source[:300],
                    "explanation": None if a.explanation is None else json.dumps(a.explanation),
                    "status": AlertStatus.OPEN.value,
                }
                for a in alerts
            ],
        )
        count = self._conn.execute(
            select(func.count()).where(screening_alerts.c.run_id == run_id)
        ).scalar_one()
        self._conn.execute(
            update(screening_runs).where(screening_runs.c.id == run_id).values(alerts=count)
        )
        return True

    def end(
        self, run_id: int, worker: str, status: RunStatus, now: datetime, error: str | None = None
    ) -> bool:
        """Mark the run done or failed, if ``worker`` still holds it."""
        ended = self._conn.execute(
            update(screening_runs)
            .where(screening_runs.c.id == run_id, screening_runs.c.claimed_by == worker)
            .values(status=status.value, finished_at=now, heartbeat_at=now, error=error)
        )
        return ended.rowcount == 1

    # Alerts.

    def alert_subjects(
        self, run_id: int, status: AlertStatus | None = None
    ) -> list[tuple[int, str]]:
        """(alert id, subject uid) of a run's alerts in order, to filter before a page."""
        query = select(screening_alerts.c.id, screening_alerts.c.subject_uid).where(
            screening_alerts.c.run_id == run_id
        )
        if status is not None:
            query = query.where(screening_alerts.c.status == status.value)
        return [(i, u) for i, u in self._conn.execute(query.order_by(screening_alerts.c.id))]

    def alerts(self, ids: Sequence[int]) -> list[Alert]:
        """The alerts of ``ids``, in id order."""
        if not ids:
            return []
        query = (
            select(screening_alerts)
            .where(screening_alerts.c.id.in_(list(ids)))
            .order_by(screening_alerts.c.id)
        )
        return [_alert(r) for r in self._conn.execute(query)]

    def alert(self, alert_id: int) -> Alert | None:
        found = self.alerts([alert_id])
        return found[0] if found else None

    def decide(
        self, alert_id: int, status: AlertStatus, by: str, at: datetime, note: str | None
    ) -> None:
        """A triage decision: kept in the history, and the alert's status from now on."""
        self._conn.execute(
            alert_decisions.insert(),
            {"alert_id": alert_id, "status": status.value, "decided_by": by, "decided_at": at,
             "note": note},
        )  # fmt: skip
        self._conn.execute(
            update(screening_alerts)
            .where(screening_alerts.c.id == alert_id)
            .values(status=status.value, decided_by=by, decided_at=at, note=note)
        )

    def decisions(self, alert_id: int) -> list[Decision]:
        query = (
            select(alert_decisions)
            .where(alert_decisions.c.alert_id == alert_id)
            .order_by(alert_decisions.c.id)
        )
        return [
            Decision(AlertStatus(r.status), r.decided_by, r.decided_at, r.note)
            for r in self._conn.execute(query)
        ]

    def alert_facts(self, start: datetime, end: datetime) -> list[tuple[str, str, datetime, int]]:
        """Per run started in [start, end) and owner: the run's agency, the owner, when the
        run started, how many alerts (for statistics)."""
        r, a = screening_runs.c, screening_alerts.c
        query = (
            select(r.agency, a.owner, r.created_at, func.count())
            .join(screening_alerts, a.run_id == r.id)
            .where(r.created_at >= start, r.created_at < end)
            .group_by(r.id, r.agency, a.owner, r.created_at)
        )
        return [(x, y, z, int(n)) for x, y, z, n in self._conn.execute(query)]

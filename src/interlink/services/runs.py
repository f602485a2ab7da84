"""Screening runs on the hub: a manifest uploaded, screened in the background, alerts triaged.

An officer uploads a manifest (PAXLST, PNRGOV, CSV or JSONL). It is read whole before anything
is stored, so a malformed one is refused with the place at fault (file, line, segment, field)
and leaves no run behind. The run, its manifest and its progress live in the database: the
worker that accepted it screens it in a background thread, batch by batch, each batch's alerts
committed with the count of travellers done; a run whose worker died is taken up by any worker
from where it stopped (``take_up``).

What a run may find is what its agency may see, decided by the policy for the officer who
started it (agency and clearance) batch by batch: subjects seen in full give alerts with the
match and its explanation, subjects seen only as hits give alerts with the owner and an opaque
reference, at the default threshold only; the agency's own false-positive judgements suppress
their pairs. Reading alerts applies the policy again: an alert on a subject the agency no longer
sees is left out, and one it now sees only as a hit shows no more than a hit.

Every alert is an audit event on its subject (the owner's access report shows it), and the
owner of a subject hit by another agency is notified.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from interlink.audit import AuditAction, NewEvent
from interlink.exc import NotFoundError, ValidationError
from interlink.matching import DEFAULT_CONFIG
from interlink.policy import Permission, Visibility, permits, require
from interlink.services.access import access_view, levels
from interlink.services.accounts import Principal, audit_event
from interlink.services.manifests import read_manifest
from interlink.services.screening import traveller_key, traveller_query
from interlink.services.text import check_purpose, safe_filename
from interlink.store.repositories.judgements import Judgement
from interlink.store.repositories.notifications import NewNotification
from interlink.store.repositories.screenings import (
    Alert,
    AlertStatus,
    Decision,
    NewAlert,
    RunStatus,
    ScreeningRun,
)

if TYPE_CHECKING:
    from interlink.services.hub import Hub

log = logging.getLogger("interlink.screening")

# Travellers screened per batch: one search of the index and one commit each.
BATCH = 128
# A running run whose heartbeat is older than this lost its worker: another may take it up.
STALE = timedelta(minutes=2)
TOP = 10


def _may_read_runs(who: Principal) -> None:
    """Runs and their alerts are read by those who run screenings or triage alerts."""
    if not permits(who.roles, Permission.RUN_SCREENING):
        require(who.roles, Permission.TRIAGE_ALERTS)


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert as the reader may see it now: the match in full, or only a hit."""

    alert: Alert
    level: Visibility
    reference: str


class Runs:
    """The hub's screening runs: upload, background screening, progress, alerts, triage."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="interlink-screening")
        self._futures: list[Future[None]] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # Starting, running and taking up runs.

    def start(
        self, who: Principal, purpose: str, filename: str | None, content: bytes
    ) -> ScreeningRun:
        """Read the manifest whole (refusing a bad one), store the run, screen it in the
        background; the run as queued."""
        require(who.roles, Permission.RUN_SCREENING)
        why = check_purpose(purpose)
        limit = self._hub.settings.max_manifest_bytes
        if len(content) > limit:
            raise ValidationError(f"the manifest is {len(content)} bytes; at most {limit}")
        name = safe_filename(filename)
        manifest = read_manifest(content, name)
        now = self._hub.clock()
        with self._hub.db.uow() as uow:
            run = uow.screenings.add_run(
                agency=who.agency,
                created_by=who.username,
                purpose=why,
                filename=name,
                format=manifest.format,
                sha256=hashlib.sha256(content).hexdigest(),
                travellers=len(manifest.travellers),
                content=content,
                at=now,
            )
            uow.audit.append(self._run_event(who, run, "uploaded"))
        self.submit(run.id)
        return run

    def submit(self, run_id: int) -> None:
        with self._lock:
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(self._pool.submit(self.execute, run_id))

    def wait(self, timeout: float | None = None) -> None:
        """Until every run submitted here has ended (tests; a clean shutdown)."""
        with self._lock:
            pending = list(self._futures)
        wait_for(pending, timeout)

    def take_up(self) -> list[int]:
        """Submit every run waiting for a worker (queued, or abandoned by a dead one)."""
        now = self._hub.clock()
        with self._hub.db.uow(read_only=True) as uow:
            waiting = uow.screenings.claimable(now - STALE)
        for run_id in waiting:
            self.submit(run_id)
        return waiting

    def execute(self, run_id: int, max_batches: int | None = None) -> None:
        """Claim the run and screen what is left of it (``max_batches`` stops early, leaving
        it claimed as a dead worker would: for tests)."""
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            run = uow.screenings.claim(run_id, self.worker, now, now - STALE)
        if run is None:
            return
        try:
            self._screen(run, max_batches)
        except Exception:
            log.exception("screening run %s failed", run_id)
            with hub.db.uow() as uow:
                uow.screenings.end(
                    run_id,
                    self.worker,
                    RunStatus.FAILED,
                    hub.clock(),
                    "internal error while screening; the hub's log has the cause",
                )

    def _screen(self, run: ScreeningRun, max_batches: int | None) -> None:
        hub = self._hub
        with hub.db.uow(read_only=True) as uow:
            found_user = uow.users.credentials(run.created_by)
            content = uow.screenings.manifest(run.id)
            suppressed = uow.judgements.false_positives(run.agency)
        if found_user is None or not permits(found_user[0].roles, Permission.RUN_SCREENING):
            with hub.db.uow() as uow:
                uow.screenings.end(
                    run.id,
                    self.worker,
                    RunStatus.FAILED,
                    hub.clock(),
                    f"{run.created_by} may no longer run screenings (disabled, or roles changed)",
                )
            return
        who = Principal.from_user(found_user[0])
        travellers = read_manifest(content, run.filename).travellers
        threshold = DEFAULT_CONFIG.threshold
        position = run.screened
        for done, start in enumerate(range(position, len(travellers), BATCH)):
            if max_batches is not None and done >= max_batches:
                return
            batch = travellers[start : start + BATCH]
            view = hub.view(who)  # agreements suspended mid-run take effect at the next batch
            queries = [traveller_query(item.traveller) for item in batch]
            found = hub.gallery.screen(
                view, queries, top=TOP, threshold=threshold, hit_threshold=threshold
            )
            alerts: list[NewAlert] = []
            events: list[NewEvent] = []
            notices: list[NewNotification] = []
            now = hub.clock()
            for offset, (item, matches) in enumerate(zip(batch, found, strict=True)):
                traveller = item.traveller
                key = traveller_key(traveller)
                for f in matches:
                    uid = f.match.uid
                    if (key, uid) in suppressed:
                        continue
                    full = f.level is Visibility.FULL
                    reference = hub.reference(uid)
                    alerts.append(
                        NewAlert(
                            position=position + offset,
                            traveller_ref=traveller.ref,
                            traveller_key=key,
                            traveller_name=traveller.name,
                            source=str(item.location),
                            subject_uid=uid,
                            owner=f.owner,
                            level=f.level.value,
                            score=round(f.match.score, 4),
                            matched_name=f.match.name if full else None,
                            explanation=f.match.explanation.to_dict() if full else None,
                        )
                    )
                    events.append(
                        audit_event(
                            who,
                            AuditAction.SCREEN,
                            object_type="subject",
                            ref=uid,
                            owner=f.owner,
                            purpose=run.purpose,
                            at=now,
                            detail={"run": run.id, "level": f.level.value, "reference": reference},
                        )
                    )
                    if f.owner != run.agency and not f.published:
                        notices.append(
                            NewNotification(
                                agency=f.owner,
                                kind="hit",
                                subject_uid=uid,
                                reference=reference,
                                by_agency=run.agency,
                                by_username=run.created_by,
                                action=AuditAction.SCREEN.value,
                                purpose=run.purpose,
                                detail={"run": run.id, "level": f.level.value},
                                at=now,
                            )
                        )
            position += len(batch)
            with hub.db.uow() as uow:
                if not uow.screenings.progress(run.id, self.worker, position, alerts, now):
                    log.warning("screening run %s was taken over by another worker", run.id)
                    return
                uow.audit.append_many(events)
                uow.notifications.add_many(notices)
        with hub.db.uow() as uow:
            if uow.screenings.end(run.id, self.worker, RunStatus.DONE, hub.clock()):
                ended = uow.screenings.get(run.id)
                assert ended is not None
                uow.audit.append(self._run_event(who, ended, "screened"))

    def _run_event(self, who: Principal, run: ScreeningRun, what: str) -> NewEvent:
        return audit_event(
            who,
            AuditAction.SCREEN,
            object_type="screening_run",
            ref=str(run.id),
            owner=run.agency,
            purpose=run.purpose,
            at=self._hub.clock(),
            detail={
                "what": what,
                "file": run.filename,
                "sha256": run.sha256,
                "travellers": run.travellers,
                "alerts": run.alerts if what == "screened" else None,
            },
        )

    # Reading runs and alerts.

    def _own_run(self, who: Principal, run_id: int) -> ScreeningRun:
        """The caller's agency's run; "no run" for another agency's, as for a missing one."""
        _may_read_runs(who)
        with self._hub.db.uow(read_only=True) as uow:
            run = uow.screenings.get(run_id) if 0 < run_id < 2**31 else None
        if run is None or run.agency != who.agency:
            raise NotFoundError(f"no screening run {run_id}")
        return run

    def runs(self, who: Principal, limit: int, offset: int) -> list[ScreeningRun]:
        """The agency's runs, newest first."""
        _may_read_runs(who)
        with self._hub.db.uow(read_only=True) as uow:
            return uow.screenings.for_agency(who.agency, limit, offset)

    def run(self, who: Principal, run_id: int) -> ScreeningRun:
        return self._own_run(who, run_id)

    def alerts(
        self,
        who: Principal,
        run_id: int,
        status: AlertStatus | None,
        limit: int,
        offset: int,
    ) -> list[AlertView]:
        """A page of a run's alerts that the caller sees now (at ``full`` or ``hit``); those
        on subjects it no longer sees are left out before paging, so a page says nothing of
        them."""
        run = self._own_run(who, run_id)
        hub = self._hub
        with hub.db.uow(read_only=True) as uow:
            view = access_view(uow, who.viewer(), hub.clock().date())
            pairs = uow.screenings.alert_subjects(run.id, status)
            seen = levels(uow, view, sorted({uid for _, uid in pairs}))
            visible = [i for i, uid in pairs if uid in seen]
            page = uow.screenings.alerts(visible[offset : offset + limit])
        shown = [AlertView(a, seen[a.subject_uid], hub.reference(a.subject_uid)) for a in page]
        hub.record(
            [self._read_event(who, run, a, "alerts") for a in shown],
        )
        return shown

    def _visible_alert(self, who: Principal, alert_id: int) -> tuple[ScreeningRun, AlertView]:
        hub = self._hub
        with hub.db.uow(read_only=True) as uow:
            alert = uow.screenings.alert(alert_id) if 0 < alert_id < 2**31 else None
            run = uow.screenings.get(alert.run_id) if alert is not None else None
            level = Visibility.NONE
            if alert is not None:
                view = access_view(uow, who.viewer(), hub.clock().date())
                level = levels(uow, view, [alert.subject_uid]).get(
                    alert.subject_uid, Visibility.NONE
                )
        if alert is None or run is None or run.agency != who.agency or level is Visibility.NONE:
            raise NotFoundError(f"no alert {alert_id}")
        return run, AlertView(alert, level, hub.reference(alert.subject_uid))

    def alert(self, who: Principal, alert_id: int) -> tuple[AlertView, list[Decision]]:
        """One alert the caller's agency raised and still sees, with its decisions."""
        _may_read_runs(who)
        run, shown = self._visible_alert(who, alert_id)
        with self._hub.db.uow(read_only=True) as uow:
            history = uow.screenings.decisions(alert_id)
        self._hub.record([self._read_event(who, run, shown, "alert")])
        return shown, history

    def decide(
        self, who: Principal, alert_id: int, status: AlertStatus, note: str | None
    ) -> tuple[AlertView, list[Decision]]:
        """Triage: confirmed, false positive, needs information (or open again). A false
        positive suppresses the (traveller, subject) pair in the agency's later runs; any
        other decision takes that back."""
        require(who.roles, Permission.TRIAGE_ALERTS)
        if note is not None and "\x00" in note:
            raise ValidationError("note: the NUL character (\\u0000) is not allowed")
        run, shown = self._visible_alert(who, alert_id)
        alert = shown.alert
        now = self._hub.clock()
        judgement = {
            AlertStatus.FALSE_POSITIVE: Judgement.FALSE_POSITIVE,
            AlertStatus.CONFIRMED: Judgement.CONFIRMED,
        }.get(status, Judgement.WITHDRAWN)
        with self._hub.db.uow() as uow:
            uow.screenings.decide(alert_id, status, who.username, now, note)
            was_suppressing = alert.status is AlertStatus.FALSE_POSITIVE
            if judgement is not Judgement.WITHDRAWN or was_suppressing:
                uow.judgements.record(
                    alert.traveller_key,
                    alert.subject_uid,
                    judgement,
                    decided_by=who.username,
                    at=now,
                    note=note,
                    agency=who.agency,
                )
            uow.audit.append(
                audit_event(
                    who,
                    AuditAction.TRIAGE,
                    object_type="subject",
                    ref=alert.subject_uid,
                    owner=alert.owner,
                    purpose=run.purpose,
                    at=now,
                    detail={"run": run.id, "alert": alert.id, "status": status.value},
                )
            )
            updated = uow.screenings.alert(alert_id)
            assert updated is not None
            if status is AlertStatus.CONFIRMED:  # a movement report, the owner's if it asks
                self._hub.encounters.from_alert(uow, who, run, updated)
            history = uow.screenings.decisions(alert_id)
        return AlertView(updated, shown.level, shown.reference), history

    def _read_event(
        self, who: Principal, run: ScreeningRun, shown: AlertView, what: str
    ) -> NewEvent:
        return audit_event(
            who,
            AuditAction.READ,
            object_type="subject",
            ref=shown.alert.subject_uid,
            owner=shown.alert.owner,
            purpose=run.purpose,
            at=self._hub.clock(),
            detail={"what": what, "run": run.id, "alert": shown.alert.id,
                    "level": shown.level.value},
        )  # fmt: skip

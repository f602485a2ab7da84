"""Screening runs: upload a manifest, follow its progress, read and triage its alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.api.routes.subjects import PurposeQuery
from interlink.api.schemas import ResultPublic
from interlink.exc import TooLargeError
from interlink.policy import Visibility
from interlink.services.runs import AlertView
from interlink.store.repositories.screenings import AlertStatus, Decision, ScreeningRun

router = APIRouter(tags=["screening"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class RunPublic(BaseModel):
    id: int
    agency: str
    created_by: str
    purpose: str
    filename: str
    format: str
    sha256: str
    status: str
    travellers: int
    screened: int
    progress: Annotated[float, Field(description="Share of the travellers screened, 0 to 1")]
    alerts: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class TravellerPublic(BaseModel):
    ref: str
    name: str
    source: str
    position: int


class DecisionPublic(BaseModel):
    status: str
    decided_by: str
    decided_at: datetime
    note: str | None


class AlertPublic(BaseModel):
    id: int
    run: int
    traveller: TravellerPublic
    subject: ResultPublic
    status: str
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    history: list[DecisionPublic] | None = None


class AlertPage(BaseModel):
    items: list[AlertPublic]
    limit: int
    offset: int


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: AlertStatus
    note: Annotated[str | None, Field(max_length=2000)] = None


def run_public(run: ScreeningRun) -> RunPublic:
    return RunPublic(
        id=run.id,
        agency=run.agency,
        created_by=run.created_by,
        purpose=run.purpose,
        filename=run.filename,
        format=run.format,
        sha256=run.sha256,
        status=run.status.value,
        travellers=run.travellers,
        screened=run.screened,
        progress=round(run.screened / run.travellers, 4) if run.travellers else 1.0,
        alerts=run.alerts,
        error=run.error,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
    )


def alert_public(shown: AlertView, history: list[Decision] | None = None) -> AlertPublic:
    a = shown.alert
    if shown.level is Visibility.FULL:
        subject = ResultPublic(
            level="full",
            owner=a.owner,
            reference=shown.reference,
            uid=a.subject_uid,
            score=a.score,
            name=a.matched_name,
            explanation=a.explanation,
        )
    else:
        subject = ResultPublic(level=shown.level.value, owner=a.owner, reference=shown.reference)
    return AlertPublic(
        id=a.id,
        run=a.run_id,
        traveller=TravellerPublic(
            ref=a.traveller_ref, name=a.traveller_name, source=a.source, position=a.position
        ),
        subject=subject,
        status=a.status.value,
        decided_by=a.decided_by,
        decided_at=a.decided_at,
        note=a.note,
        history=(
            None
            if history is None
            else [
                DecisionPublic(
                    status=d.status.value, decided_by=d.decided_by, decided_at=d.decided_at,
                    note=d.note,
                )
                for d in history
            ]
        ),
    )  # fmt: skip


_MANIFEST_BODY = {
    "requestBody": {
        "required": True,
        "description": "The manifest file itself: PAXLST or PNRGOV (EDIFACT), CSV or JSONL.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post(
    "/screenings",
    response_model=RunPublic,
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=_MANIFEST_BODY,
    responses={413: {"description": "The manifest is over the size limit"}},
)
async def start_screening(
    request: Request,
    who: CurrentPrincipal,
    hub: HubDep,
    purpose: PurposeQuery,
    filename: Annotated[
        str, Query(max_length=200, description="The file's name: .csv and .jsonl decide")
    ] = "manifest",
) -> RunPublic:
    """Screen a manifest in the background against what your agency may see. The body is the
    file. A malformed manifest is refused whole (422 naming file, line, segment and field);
    follow the run at `GET /screenings/{id}`."""
    limit = hub.settings.max_manifest_bytes
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLargeError(f"the manifest is over the limit of {limit} bytes")
        chunks.append(chunk)
    run = await run_in_threadpool(hub.runs.start, who, purpose, filename, b"".join(chunks))
    return run_public(run)


@router.get("/screenings", response_model=list[RunPublic])
def list_screenings(
    who: CurrentPrincipal,
    hub: HubDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[RunPublic]:
    """Your agency's screening runs, newest first."""
    return [run_public(r) for r in hub.runs.runs(who, limit, offset)]


@router.get("/screenings/{run_id}", response_model=RunPublic)
def read_screening(run_id: Id, who: CurrentPrincipal, hub: HubDep) -> RunPublic:
    """A run's status and progress (queued, running, done, failed)."""
    return run_public(hub.runs.run(who, run_id))


@router.get("/screenings/{run_id}/alerts", response_model=AlertPage)
def list_alerts(
    run_id: Id,
    who: CurrentPrincipal,
    hub: HubDep,
    status: AlertStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AlertPage:
    """A run's alerts, as much of each as you may see now."""
    shown = hub.runs.alerts(who, run_id, status, limit, offset)
    return AlertPage(items=[alert_public(a) for a in shown], limit=limit, offset=offset)


@router.get("/alerts/{alert_id}", response_model=AlertPublic)
def read_alert(alert_id: Id, who: CurrentPrincipal, hub: HubDep) -> AlertPublic:
    """One alert, with every triage decision on it."""
    shown, history = hub.runs.alert(who, alert_id)
    return alert_public(shown, history)


@router.post("/alerts/{alert_id}/decision", response_model=AlertPublic)
def decide_alert(alert_id: Id, body: DecisionIn, who: CurrentPrincipal, hub: HubDep) -> AlertPublic:
    """Triage: confirmed, false positive or needs information (open takes a decision back).
    Who decided and when is kept, every decision in order. A false positive no longer alerts
    in your agency's later runs."""
    shown, history = hub.runs.decide(who, alert_id, body.status, body.note)
    return alert_public(shown, history)

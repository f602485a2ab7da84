"""Screening on the desk: upload a manifest, watch the run, triage its alerts in one click.

The pages call ``hub.runs`` as the API's screening routes do: the run is the agency's own,
its alerts are those the agency still sees (a hit shows only the owner and the reference), and
each decision is recorded with who and when. Confirming an alert on a flagged subject reports
the movement to its owner.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from interlink.exc import FormatError, TooLargeError, ValidationError
from interlink.policy import Permission, require
from interlink.store.repositories.screenings import AlertStatus, RunStatus
from interlink.web.pages import PURPOSES, Desk, DeskDep
from interlink.web.render import page
from interlink.web.session import CsrfField, check_csrf

router = APIRouter(include_in_schema=False)

DECISIONS = (
    (AlertStatus.CONFIRMED, "Confirm"),
    (AlertStatus.FALSE_POSITIVE, "False positive"),
    (AlertStatus.NEEDS_INFORMATION, "Needs information"),
)
_CHUNK = 1024 * 1024


def _screening_page(
    request: Request, desk: Desk, error: str | None = None, purpose: str = ""
) -> HTMLResponse:
    """The upload form and the agency's runs; a refused upload's ``error`` on the form, which
    keeps its ``purpose``."""
    runs = desk.hub.runs.runs(desk.who, 20, 0)
    context = desk.context(runs=runs, purposes=PURPOSES, error=error, purpose=purpose)
    return page(request, "screening.html", context, status=422 if error else 200)


@router.get("/screening", response_class=HTMLResponse)
def screenings(request: Request, desk: DeskDep) -> HTMLResponse:
    require(desk.who.roles, Permission.RUN_SCREENING)
    return _screening_page(request, desk)


@router.post("/screening", response_class=HTMLResponse)
async def upload(
    request: Request,
    desk: DeskDep,
    manifest: UploadFile,
    purpose: Annotated[str, Form(max_length=500)] = "",
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    limit = desk.hub.settings.max_manifest_bytes
    chunks: list[bytes] = []
    size = 0
    while chunk := await manifest.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLargeError(f"the manifest is over the limit of {limit} bytes")
        chunks.append(chunk)
    try:
        run = await run_in_threadpool(
            desk.hub.runs.start, desk.who, purpose, manifest.filename, b"".join(chunks)
        )
    except (FormatError, ValidationError) as error:
        return await run_in_threadpool(_screening_page, request, desk, str(error), purpose)
    return RedirectResponse(f"/screening/{run.id}", status_code=303)


def _run_context(desk: Desk, run_id: int, status: str | None) -> dict[str, object]:
    run = desk.hub.runs.run(desk.who, run_id)
    finished = run.status in (RunStatus.DONE, RunStatus.FAILED)
    chosen = AlertStatus(status) if status in {s.value for s in AlertStatus} else None
    alerts = desk.hub.runs.alerts(desk.who, run_id, chosen, 200, 0) if finished else []
    percent = round(100 * run.screened / run.travellers) if run.travellers else 100
    return desk.context(
        run=run,
        finished=finished,
        alerts=alerts,
        percent=percent,
        decisions=DECISIONS,
        status=chosen.value if chosen else "",
        statuses=[s.value for s in AlertStatus],
        may_triage=desk.may(Permission.TRIAGE_ALERTS),
    )


@router.get("/screening/{run_id}", response_class=HTMLResponse)
def run_page(
    request: Request,
    desk: DeskDep,
    run_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    status: Annotated[str | None, Query(max_length=30)] = None,
) -> HTMLResponse:
    context = _run_context(desk, run_id, status)
    # While the run goes on, HTMX asks for its progress every second and swaps it in; once it
    # has finished, the answer is the whole run with its alerts.
    if request.headers.get("hx-request"):
        return page(request, "_run.html", context)
    return page(request, "run.html", context)


@router.post("/alerts/{alert_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request,
    desk: DeskDep,
    alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    status: Annotated[AlertStatus, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    shown, _history = desk.hub.runs.decide(desk.who, alert_id, status, note.strip() or None)
    if request.headers.get("hx-request"):
        return page(
            request,
            "_alert.html",
            desk.context(a=shown, decisions=DECISIONS, may_triage=True),
        )
    return RedirectResponse(f"/screening/{shown.alert.run_id}", status_code=303)

"""Subjects: read, list, export, search and the blind hit/no-hit check, all through the policy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.api.schemas import (
    HitIn,
    HitOut,
    ResultPublic,
    SearchIn,
    SearchOut,
    SubjectItem,
    SubjectPage,
)
from interlink.policy import Visibility
from interlink.services.accounts import Principal
from interlink.services.hub import Hub, SearchHit

router = APIRouter(tags=["subjects"])

_Body = TypeVar("_Body", SearchIn, HitIn)

PurposeQuery = Annotated[
    str, Query(min_length=3, max_length=500, description="Why you ask: recorded in the audit log.")
]


def ask_search(hub: Hub, who: Principal, body: SearchIn) -> Future[list[SearchHit]]:
    """``Hub.ask`` for a search's body (this route's and ``api.hot``'s)."""
    return _ask(hub, who, body, top=body.top, threshold=body.threshold)


def ask_hits(hub: Hub, who: Principal, body: HitIn) -> Future[list[SearchHit]]:
    """``Hub.ask`` for a hit check's body (this route's and ``api.hot``'s)."""
    return _ask(hub, who, body, top=10, hit_check=True)


def _ask(
    hub: Hub,
    who: Principal,
    body: SearchIn | HitIn,
    *,
    top: int,
    threshold: float = 0.0,
    hit_check: bool = False,
) -> Future[list[SearchHit]]:
    return hub.ask(
        who,
        body.purpose,
        body.name,
        birth_date=body.birth_date,
        nationality=body.nationality,
        gender=body.gender,
        top=top,
        threshold=threshold,
        hit_check=hit_check,
    )


def search_out(found: list[SearchHit]) -> SearchOut:
    return SearchOut(results=[result_public(h) for h in found])


def hits_out(found: list[SearchHit]) -> HitOut:
    return HitOut(hit=bool(found), results=[result_public(h) for h in found])


async def _searched(
    hub: Hub,
    who: Principal,
    ask: Callable[[Hub, Principal, _Body], Future[list[SearchHit]]],
    body: _Body,
) -> list[SearchHit]:
    """``ask``, then its answer awaited while the searcher batches the query with the
    others waiting and the journal commits its audit events: no thread is held meanwhile.
    The request is checked and handed over here, on the event loop, when the caller's view
    is kept in memory; when it must be read from the database, on the worker's threads."""
    if hub.kept_view(who) is not None:
        answer = ask(hub, who, body)
    else:
        answer = await run_in_threadpool(ask, hub, who, body)
    return await asyncio.wrap_future(answer)


def result_public(hit: SearchHit) -> ResultPublic:
    """A search result as much as the caller may see: at ``hit``, the owner and reference."""
    if hit.level is not Visibility.FULL or hit.found is None:
        return ResultPublic(level=hit.level.value, owner=hit.owner, reference=hit.reference)
    match = hit.found.match
    return ResultPublic(
        level=hit.level.value,
        owner=hit.owner,
        reference=hit.reference,
        uid=match.uid,
        score=round(match.score, 4),
        name=match.name,
        explanation=match.explanation.to_dict(),
    )


@router.get("/subjects", response_model=SubjectPage)
def list_subjects(
    who: CurrentPrincipal,
    hub: HubDep,
    purpose: PurposeQuery,
    owner: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> SubjectPage:
    """The subjects you see in full, in uid order."""
    page = hub.list_subjects(who, purpose, owner, limit, offset)
    items = [
        SubjectItem(uid=r.uid, owner=r.owner, kind=r.kind.value, primary_name=r.names[0].full)
        for r in page
    ]
    return SubjectPage(items=items, limit=limit, offset=offset)


@router.get("/subjects/export", response_class=StreamingResponse)
def export_subjects(who: CurrentPrincipal, hub: HubDep, purpose: PurposeQuery) -> StreamingResponse:
    """Every subject you see in full, as JSON lines."""
    lines = hub.export_subjects(who, purpose)
    return StreamingResponse(lines, media_type="application/x-ndjson")


@router.get("/subjects/{uid}")
def read_subject(
    uid: Annotated[str, Path(max_length=200)],
    who: CurrentPrincipal,
    hub: HubDep,
    purpose: PurposeQuery,
) -> dict[str, Any]:
    """One subject, if you see it in full; 404 otherwise, as for a subject that does not exist."""
    return hub.read_subject(who, uid, purpose).model_dump(mode="json")


@router.post("/search", response_model=SearchOut)
async def search(body: SearchIn, who: CurrentPrincipal, hub: HubDep) -> SearchOut:
    """Fuzzy multilingual search over what you see: any script, any spelling, ranked, each
    result explained. Subjects you may only hit on appear as hits (owner and reference) when
    they reach the default threshold."""
    return search_out(await _searched(hub, who, ask_search, body))


@router.post("/hits", response_model=HitOut)
async def hit_check(body: HitIn, who: CurrentPrincipal, hub: HubDep) -> HitOut:
    """Blind hit/no-hit: does anything you may see or hit on match, at or above the default
    threshold? Hits carry only the owner and a reference; the owner's access report shows who
    asked."""
    return hits_out(await _searched(hub, who, ask_hits, body))

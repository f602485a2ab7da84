"""The audit trail, for auditors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.api.schemas import AccessPublic

router = APIRouter(tags=["audit"])


@router.get("/audit/accesses", response_model=list[AccessPublic])
def accesses(
    who: CurrentPrincipal,
    hub: HubDep,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
) -> list[AccessPublic]:
    """Who accessed your agency's records, and why (auditors). Times without a zone are UTC."""
    since, until = (t.replace(tzinfo=UTC) if t and t.tzinfo is None else t for t in (since, until))
    return [AccessPublic.model_validate(a) for a in hub.accesses(who, since, until)]

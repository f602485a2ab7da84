"""Subjects written by their owner: create, replace, soft-delete, and the history of versions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.domain.subjects import SubjectRecord

router = APIRouter(tags=["subjects"])

Uid = Annotated[str, Path(max_length=200)]


class VersionPublic(BaseModel):
    version: int
    at: datetime
    change: str
    changed_by: str
    agency: str | None
    content_hash: str
    reason: str | None
    source: str | None
    record: dict[str, Any] | None


@router.post("/subjects", status_code=status.HTTP_201_CREATED)
def create_subject(record: SubjectRecord, who: CurrentPrincipal, hub: HubDep) -> dict[str, Any]:
    """Create a subject owned by your agency. Give `uid` as `"new"` for a fresh one, or a uid
    under your agency's prefix (`kz-knb:...`)."""
    return hub.create_subject(who, record).model_dump(mode="json")


@router.put("/subjects/{uid}")
def update_subject(
    uid: Uid, record: SubjectRecord, who: CurrentPrincipal, hub: HubDep
) -> dict[str, Any]:
    """Replace your agency's subject by the record given (a new version; the old ones stay)."""
    return hub.update_subject(who, uid, record).model_dump(mode="json")


@router.delete("/subjects/{uid}", status_code=status.HTTP_204_NO_CONTENT)
def delete_subject(
    uid: Uid,
    who: CurrentPrincipal,
    hub: HubDep,
    reason: Annotated[str, Query(min_length=3, max_length=1000)],
) -> None:
    """Soft-delete your agency's subject: partners no longer see it; you keep its history."""
    hub.delete_subject(who, uid, reason)


@router.get("/subjects/{uid}/history", response_model=list[VersionPublic])
def history(
    uid: Uid,
    who: CurrentPrincipal,
    hub: HubDep,
    purpose: Annotated[str, Query(min_length=3, max_length=500)],
) -> list[VersionPublic]:
    """Every version of a subject you see in full: who changed it, when, how."""
    return [
        VersionPublic(
            version=v.version,
            at=v.at,
            change=v.change,
            changed_by=v.changed_by,
            agency=v.agency,
            content_hash=v.content_hash,
            reason=v.reason,
            source=v.source,
            record=v.record.model_dump(mode="json") if v.record else None,
        )
        for v in hub.history(who, uid, purpose)
    ]

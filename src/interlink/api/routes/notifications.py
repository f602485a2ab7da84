"""Notifications: what your agency is told when another agency hits one of its records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel

from interlink.api.deps import CurrentPrincipal, HubDep

router = APIRouter(tags=["notifications"])


class NotificationPublic(BaseModel):
    id: int
    kind: str
    subject_uid: str
    reference: str
    by_agency: str
    by_username: str
    action: str
    purpose: str | None
    detail: dict[str, Any] | None
    at: datetime
    read_at: datetime | None
    read_by: str | None


@router.get("/notifications", response_model=list[NotificationPublic])
def list_notifications(
    who: CurrentPrincipal,
    hub: HubDep,
    unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[NotificationPublic]:
    """Hits on your agency's records by other agencies (hit checks, screening alerts, hit-only
    search results): which record, who, when and why. Newest first."""
    return [
        NotificationPublic(
            id=n.id,
            kind=n.kind,
            subject_uid=n.subject_uid,
            reference=n.reference,
            by_agency=n.by_agency,
            by_username=n.by_username,
            action=n.action,
            purpose=n.purpose,
            detail=n.detail,
            at=n.at,
            read_at=n.read_at,
            read_by=n.read_by,
        )
        for n in hub.notifications(who, unread, limit, offset)
    ]


@router.post("/notifications/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def read_notification(
    notification_id: Annotated[int, Path(ge=1, le=2**31 - 1)], who: CurrentPrincipal, hub: HubDep
) -> None:
    """Mark a notification read (the first reader and time are kept)."""
    hub.read_notification(who, notification_id)

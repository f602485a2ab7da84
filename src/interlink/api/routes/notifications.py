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
    subject_uid: str | None
    reference: str | None
    request_id: int | None
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
    """What your agency is told, newest first: hits on its records by other agencies (hit
    checks, screening alerts, hit-only search results: which record, who, when and why), and
    the news of its requests (received, reminded, overdue, answered, refused, an answer to
    release)."""
    found = hub.notifications(who, unread, limit, offset)
    return [NotificationPublic.model_validate(n, from_attributes=True) for n in found]


@router.post("/notifications/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def read_notification(
    notification_id: Annotated[int, Path(ge=1, le=2**31 - 1)], who: CurrentPrincipal, hub: HubDep
) -> None:
    """Mark a notification read (the first reader and time are kept)."""
    hub.read_notification(who, notification_id)

"""Notifications: each user's inbox, its live stream (server-sent events), and the agency's
webhooks."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.exc import AuthError
from interlink.services.accounts import Principal
from interlink.services.hub import Hub
from interlink.store.repositories.notifications import Delivery, Webhook

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
    """Your inbox, newest first: what your agency is told, of the kinds your roles are told
    of. Hits on its records by other agencies (hit checks, screening alerts, hit-only search
    results: which record, who, when and why) and movement reports; the news of its requests
    (received, acknowledged, answered, refused, closed, reminder, overdue); answers waiting
    for your release. `unread` and the read marks are your own."""
    found = hub.notifications(who, unread, limit, offset)
    return [NotificationPublic.model_validate(n, from_attributes=True) for n in found]


@router.post("/notifications/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def read_notification(
    notification_id: Annotated[int, Path(ge=1, le=2**31 - 1)], who: CurrentPrincipal, hub: HubDep
) -> None:
    """Mark a notification of your inbox read, for you."""
    hub.read_notification(who, notification_id)


# How often a stream looks for new notifications, says it is alive when there are none, and
# checks its token again (whether or not there is news).
STREAM_POLL = 1.0
STREAM_KEEPALIVE = 15.0
STREAM_RECHECK = timedelta(seconds=15)


@router.get(
    "/notifications/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def stream_notifications(
    request: Request,
    who: CurrentPrincipal,
    hub: HubDep,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", max_length=20, description="Resume after this id"),
    ] = None,
) -> StreamingResponse:
    """Your inbox live, as server-sent events: `id` (the notification's), `event` (its kind)
    and `data` (the notification as JSON). From now on, or after `Last-Event-ID`. The stream
    ends when your token stops being valid."""
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return await event_stream(request, hub, who, token, last_event_id)


def _recheck_due(hub: Hub, checked: tuple[datetime, float]) -> bool:
    """Whether a stream's token, last checked at ``checked`` (by the hub's clock and the
    monotonic one), is due another check: ``STREAM_RECHECK`` later by either. The hub's clock
    is the one tests move and tokens expire by; the monotonic one keeps a clock held still
    from keeping a stream open."""
    at, monotonic = checked
    now = hub.clock()
    return (
        not at <= now < at + STREAM_RECHECK
        or time.monotonic() - monotonic >= STREAM_RECHECK.total_seconds()
    )


async def event_stream(
    request: Request, hub: Hub, who: Principal, token: str, last_event_id: str | None
) -> StreamingResponse:
    """``who``'s inbox as server-sent events, from now or after ``last_event_id``, until the
    client goes or ``token`` (the API's, or the desk's session) stops being valid: checked
    again at least every ``STREAM_RECHECK``, however busy the stream."""
    after = await run_in_threadpool(hub.stream_position, who, last_event_id)

    async def events() -> AsyncIterator[str]:
        nonlocal after
        yield "retry: 3000\n\n"
        quiet = 0.0
        checked = (hub.clock(), time.monotonic())
        while not await request.is_disconnected():
            if _recheck_due(hub, checked):
                try:  # a revoked or expired token ends the stream, news flowing or not
                    await run_in_threadpool(hub.principal, token)
                except AuthError:
                    return
                checked = (hub.clock(), time.monotonic())
            found = await run_in_threadpool(hub.notifications_after, who, after)
            for n in found:
                data = json.dumps(n.public(), ensure_ascii=False)
                yield f"id: {n.id}\nevent: {n.kind}\ndata: {data}\n\n"
                after = n.id
            if found:
                quiet = 0.0
                continue
            await asyncio.sleep(STREAM_POLL)
            quiet += STREAM_POLL
            if quiet >= STREAM_KEEPALIVE:
                yield ": keep-alive\n\n"
                quiet = 0.0

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: Annotated[str, Field(min_length=8, max_length=2000)]
    kinds: Annotated[
        list[str] | None, Field(max_length=20, description="Notification kinds; all if left out")
    ] = None


class WebhookPublic(BaseModel):
    id: int
    url: str
    kinds: list[str] | None
    created_by: str
    created_at: datetime
    disabled_at: datetime | None


class WebhookCreated(WebhookPublic):
    secret: Annotated[
        str, Field(description="Shown this once: verify `Interlink-Signature` with it")
    ]


class DeliveryPublic(BaseModel):
    id: int
    notification: int
    status: Annotated[str, Field(description="pending, delivering, delivered or failed")]
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


def _webhook(hook: Webhook) -> WebhookPublic:
    return WebhookPublic(
        id=hook.id,
        url=hook.url,
        kinds=sorted(hook.kinds) if hook.kinds is not None else None,
        created_by=hook.created_by,
        created_at=hook.created_at,
        disabled_at=hook.disabled_at,
    )


def _delivery(d: Delivery) -> DeliveryPublic:
    return DeliveryPublic(
        id=d.id,
        notification=d.notification_id,
        status=d.status,
        attempts=d.attempts,
        next_attempt_at=d.next_attempt_at,
        last_status=d.last_status,
        last_error=d.last_error,
        delivered_at=d.delivered_at,
        created_at=d.created_at,
    )


WebhookId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/webhooks", response_model=WebhookCreated, status_code=status.HTTP_201_CREATED)
def create_webhook(body: WebhookIn, who: CurrentPrincipal, hub: HubDep) -> WebhookCreated:
    """Post your agency's notifications to a URL of yours (agency admins). Each delivery is
    signed: `Interlink-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under
    the secret shown here once; `Interlink-Delivery` is the same on every attempt of one
    delivery, so apply each once. Failures are retried with backoff, then set aside."""
    hook, secret = hub.webhooks.create(who, body.url, body.kinds)
    return WebhookCreated(**_webhook(hook).model_dump(), secret=secret)


@router.get("/webhooks", response_model=list[WebhookPublic])
def list_webhooks(who: CurrentPrincipal, hub: HubDep) -> list[WebhookPublic]:
    """Your agency's webhooks (agency admins)."""
    return [_webhook(h) for h in hub.webhooks.of_agency(who)]


@router.delete("/webhooks/{webhook_id}", response_model=WebhookPublic)
def disable_webhook(webhook_id: WebhookId, who: CurrentPrincipal, hub: HubDep) -> WebhookPublic:
    """Stop a webhook: nothing more is posted to it."""
    return _webhook(hub.webhooks.disable(who, webhook_id))


@router.get("/webhooks/{webhook_id}/deliveries", response_model=list[DeliveryPublic])
def list_deliveries(
    webhook_id: WebhookId,
    who: CurrentPrincipal,
    hub: HubDep,
    status: Annotated[str | None, Query(pattern="^(pending|delivering|delivered|failed)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[DeliveryPublic]:
    """A webhook's deliveries, newest first; `failed` ones were set aside after the last
    attempt."""
    return [_delivery(d) for d in hub.webhooks.deliveries(who, webhook_id, status, limit, offset)]


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/replay", response_model=DeliveryPublic
)
def replay_delivery(
    webhook_id: WebhookId, delivery_id: WebhookId, who: CurrentPrincipal, hub: HubDep
) -> DeliveryPublic:
    """Send a set-aside delivery again, from its first attempt."""
    return _delivery(hub.webhooks.replay(who, webhook_id, delivery_id))

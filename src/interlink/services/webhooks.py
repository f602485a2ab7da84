"""Webhooks: an agency's notifications posted to its own systems, signed, retried, never lost.

An agency admin registers a URL (``create``) and is shown its signing secret once: an HMAC of
the webhook's id under the hub's secret, so no secret is stored. Every notification of the
agency (of the kinds the webhook asks for) gets a delivery in the same transaction that writes
it: the outbox. Each worker's delivery thread claims due deliveries with a lease and posts them:

    POST <url>
    Content-Type: application/json
    Interlink-Delivery: <delivery id, the same on every attempt>
    Interlink-Event: <notification kind>
    Interlink-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>

A 2xx answer delivers it. Anything else, a timeout or a refused address, is retried after 10 s,
1 min, 5 min, 30 min and 2 h; after ``INTERLINK_WEBHOOK_ATTEMPTS`` attempts the delivery is set
aside (``failed``), where an admin can replay it. A worker that dies mid-delivery leaves its
lease to run out (the timeout and 5 s), and another worker, or the restarted one, sends the same
delivery again: sending is at least once, and the unchanged ``Interlink-Delivery`` id lets the
receiver apply each delivery exactly once.

Addresses on private, loopback or link-local networks are refused unless
``INTERLINK_WEBHOOK_ALLOW_PRIVATE`` is set, at registration and again before each attempt (the
hub must not be made to post into its own network).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx2

from interlink.audit import AuditAction, NewEvent
from interlink.exc import ConflictError, NotFoundError, ValidationError
from interlink.policy import NOTICE_KINDS, Permission, require
from interlink.services.accounts import Principal, audit_event
from interlink.store.repositories.notifications import Delivery, Webhook

if TYPE_CHECKING:
    from interlink.services.hub import Hub

log = logging.getLogger("interlink.webhooks")

BACKOFF = (
    timedelta(seconds=10),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
_MAX_ID = 2**31 - 1


def retry_at(attempts: int, now: datetime, limit: int) -> datetime | None:
    """When to try again after ``attempts`` failed attempts; None once ``limit`` is reached."""
    if attempts >= limit:
        return None
    return now + BACKOFF[min(attempts, len(BACKOFF)) - 1]


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Interlink-Signature`` header of ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """Whether ``header`` signs ``body`` under ``secret`` (what a receiver checks)."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        expected = sign(secret, int(fields.get("t", "")), body)
    except ValueError:
        return False
    return hmac.compare_digest(expected, header)


def refused_address(url: str, allow_private: bool) -> str | None:
    """Why ``url`` may not receive webhooks, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an http or https URL with a host"
    if parts.username or parts.password:
        return "no user or password in the URL"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return f"{parts.hostname} does not resolve"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return f"{parts.hostname} is on a private, loopback or reserved network ({address})"
    return None


class Webhooks:
    """An agency's webhooks, and this worker's delivery thread."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._nudge = threading.Event()  # set: a pass at once (a replay)
        self._thread: threading.Thread | None = None

    def secret(self, webhook_id: int) -> str:
        key = self._hub.settings.require_secrets().encode()
        return hmac.new(key, f"webhook:{webhook_id}".encode(), hashlib.sha256).hexdigest()

    # The admin's side.

    def create(
        self, who: Principal, url: str, kinds: Collection[str] | None
    ) -> tuple[Webhook, str]:
        """Register a webhook of the caller's agency: it and its secret (shown this once)."""
        require(who.roles, Permission.CONFIGURE_AGENCY)
        unknown = sorted(set(kinds or ()) - NOTICE_KINDS)
        if unknown:
            raise ValidationError(
                f"kinds: {', '.join(unknown)} unknown (known: {', '.join(sorted(NOTICE_KINDS))})"
            )
        why = refused_address(url, self._hub.settings.webhook_allow_private)
        if why is not None:
            raise ValidationError(f"url: {why}")
        now = self._hub.clock()
        with self._hub.db.uow() as uow:
            made = uow.notifications.add_webhook(who.agency, url, kinds, who.username, now)
            uow.audit.append(self._event(who, AuditAction.AGENCY_UPDATE, made, now, url=url))
        return made, self.secret(made.id)

    def _event(
        self, who: Principal, action: AuditAction, hook: Webhook, at: datetime, **detail: object
    ) -> NewEvent:
        return audit_event(
            who,
            action,
            object_type="webhook",
            ref=str(hook.id),
            owner=hook.agency,
            at=at,
            detail=detail,
        )

    def of_agency(self, who: Principal) -> list[Webhook]:
        require(who.roles, Permission.CONFIGURE_AGENCY)
        with self._hub.db.uow(read_only=True) as uow:
            return uow.notifications.webhooks([who.agency])

    def _own(self, who: Principal, webhook_id: int) -> Webhook:
        require(who.roles, Permission.CONFIGURE_AGENCY)
        with self._hub.db.uow(read_only=True) as uow:
            found = uow.notifications.webhook(webhook_id) if 0 < webhook_id <= _MAX_ID else None
        if found is None or found.agency != who.agency:
            raise NotFoundError(f"no webhook {webhook_id}")
        return found

    def disable(self, who: Principal, webhook_id: int) -> Webhook:
        hook = self._own(who, webhook_id)
        now = self._hub.clock()
        with self._hub.db.uow() as uow:
            uow.notifications.disable_webhook(hook.id, now)
            uow.audit.append(self._event(who, AuditAction.AGENCY_UPDATE, hook, now, disabled=True))
            done = uow.notifications.webhook(hook.id)
        assert done is not None
        return done

    def deliveries(
        self, who: Principal, webhook_id: int, status: str | None, limit: int, offset: int
    ) -> list[Delivery]:
        hook = self._own(who, webhook_id)
        with self._hub.db.uow(read_only=True) as uow:
            return uow.notifications.deliveries(hook.id, status, limit, offset)

    def replay(self, who: Principal, webhook_id: int, delivery_id: int) -> Delivery:
        """Send a set-aside delivery again, from its first attempt."""
        hook = self._own(who, webhook_id)
        now = self._hub.clock()
        with self._hub.db.uow() as uow:
            found = uow.notifications.delivery(delivery_id) if 0 < delivery_id <= _MAX_ID else None
            if found is None or found.webhook_id != hook.id:
                raise NotFoundError(f"no delivery {delivery_id} of webhook {webhook_id}")
            if not uow.notifications.replay(found.id, now):
                raise ConflictError(f"delivery {delivery_id} is {found.status}, not failed")
            uow.audit.append(
                self._event(who, AuditAction.AGENCY_UPDATE, hook, now, replay=found.id)
            )
            done = uow.notifications.delivery(found.id)
        assert done is not None
        self._wake()
        return done

    # Delivering.

    def _post(
        self, hook: Webhook, delivery_id: int, body: bytes, kind: str
    ) -> tuple[bool, int | None, str | None]:
        settings = self._hub.settings
        why = refused_address(hook.url, settings.webhook_allow_private)
        if why is not None:
            return False, None, f"refused: {why}"
        stamp = int(self._hub.clock().timestamp())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Interlink-Webhook/1",
            "Interlink-Delivery": str(delivery_id),
            "Interlink-Event": kind,
            "Interlink-Signature": sign(self.secret(hook.id), stamp, body),
        }
        try:
            with httpx2.Client(
                timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False
            ) as client:
                answer = client.post(hook.url, content=body, headers=headers)
        except httpx2.HTTPError as error:
            return False, None, f"{type(error).__name__}: {error}"[:500]
        if 200 <= answer.status_code < 300:
            return True, answer.status_code, None
        return False, answer.status_code, f"HTTP {answer.status_code}"

    def deliver_due(self, limit: int = 20) -> int:
        """Attempt the deliveries due now (one pass): how many were attempted."""
        hub = self._hub
        settings = hub.settings
        lease = timedelta(seconds=settings.webhook_timeout_seconds + 5)
        now = hub.clock()
        with hub.db.uow(read_only=True) as uow:
            due = uow.notifications.due(now, limit)
        attempted = 0
        for delivery_id in due:
            now = hub.clock()
            with hub.db.uow() as uow:
                if not uow.notifications.claim(delivery_id, self.worker, now, lease):
                    continue
                delivery = uow.notifications.delivery(delivery_id)
                assert delivery is not None
                hook = uow.notifications.webhook(delivery.webhook_id)
                notice = uow.notifications.get(delivery.notification_id)
            assert hook is not None and notice is not None
            body = json.dumps(notice.public(), ensure_ascii=False).encode()
            attempted += 1
            if hook.disabled_at is None:
                ok, status, error = self._post(hook, delivery.id, body, notice.kind)
                done_at = hub.clock()
                later = None
                if not ok:
                    later = retry_at(delivery.attempts + 1, done_at, settings.webhook_attempts)
            else:  # set aside at once: nothing more is posted to a disabled webhook
                ok, status, error = False, None, "the webhook is disabled"
                done_at, later = hub.clock(), None
            with hub.db.uow() as uow:
                uow.notifications.settle(
                    delivery.id, self.worker, delivered=ok, at=done_at, http_status=status,
                    error=error, retry_at=later,
                )  # fmt: skip
            if not ok:
                log.warning("webhook %s delivery %s failed: %s", hook.id, delivery.id, error)
        return attempted

    def _wake(self) -> None:
        self._nudge.set()

    def start(self, every: float = 1.0) -> None:
        """Deliver in a background thread, a pass every ``every`` seconds, until ``stop``."""
        if self._thread is not None:
            return

        def run() -> None:
            while not self._stop.is_set():
                try:
                    while self.deliver_due() and not self._stop.is_set():
                        pass
                except Exception:  # a database hiccup must not end the thread; next pass
                    log.exception("delivering webhooks failed; retrying")
                self._nudge.wait(every)
                self._nudge.clear()

        self._stop.clear()
        self._thread = threading.Thread(target=run, name="interlink-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._nudge.set()
            self._thread.join()
            self._thread = None

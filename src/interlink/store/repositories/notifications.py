"""Notifications, each user's read marks, and webhooks with their outbox of deliveries.

A notification is written with one delivery per matching webhook of its agency in the same
transaction (the outbox), so that whatever is told is also posted, after a restart too. A
delivery is claimed with a lease (a conditional update: one worker at a time), and a lease that
ran out, its worker gone, is claimed again.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from interlink.store.tables import (
    notification_reads,
    notifications,
    webhook_deliveries,
    webhooks,
)


@dataclass(frozen=True, slots=True)
class NewNotification:
    """What an agency is told. ``subject_uid`` and ``reference`` name the subject hit (hits,
    alerts, movement reports); ``request_id`` the request whose news it is."""

    agency: str
    kind: str
    subject_uid: str | None
    reference: str | None
    by_agency: str
    by_username: str
    action: str
    purpose: str | None
    detail: dict[str, Any] | None
    at: datetime
    request_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Notification(NewNotification):
    """A stored notification, with the reader's own read mark (``for_user``) or the first
    reader's."""

    id: int
    read_at: datetime | None
    read_by: str | None

    def public(self) -> dict[str, Any]:
        """The JSON form, as the API lists it and a webhook posts it."""
        return {
            "id": self.id,
            "agency": self.agency,
            "kind": self.kind,
            "subject_uid": self.subject_uid,
            "reference": self.reference,
            "request_id": self.request_id,
            "by_agency": self.by_agency,
            "by_username": self.by_username,
            "action": self.action,
            "purpose": self.purpose,
            "detail": self.detail,
            "at": self.at.isoformat(),
        }


def _notification(row: Any, read_at: datetime | None, read_by: str | None) -> Notification:
    return Notification(
        id=row.id,
        agency=row.agency,
        kind=row.kind,
        subject_uid=row.subject_uid,
        reference=row.reference,
        by_agency=row.by_agency,
        by_username=row.by_username,
        action=row.action,
        purpose=row.purpose,
        detail=json.loads(row.detail) if row.detail else None,
        at=row.at,
        request_id=row.request_id,
        read_at=read_at,
        read_by=read_by,
    )


@dataclass(frozen=True, slots=True)
class Webhook:
    id: int
    agency: str
    url: str
    kinds: frozenset[str] | None  # None: every kind
    created_by: str
    created_at: datetime
    disabled_at: datetime | None

    def wants(self, kind: str) -> bool:
        return self.disabled_at is None and (self.kinds is None or kind in self.kinds)


def _webhook(row: Any) -> Webhook:
    kinds = frozenset(row.kinds.split(",")) if row.kinds else None
    return Webhook(
        row.id, row.agency, row.url, kinds, row.created_by, row.created_at, row.disabled_at
    )


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    webhook_id: int
    notification_id: int
    status: str  # pending, delivering, delivered, failed
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


def _delivery(row: Any) -> Delivery:
    return Delivery(
        row.id,
        row.webhook_id,
        row.notification_id,
        row.status,
        row.attempts,
        row.next_attempt_at,
        row.last_status,
        row.last_error,
        row.delivered_at,
        row.created_at,
    )


class NotificationRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add_many(self, items: Sequence[NewNotification]) -> None:
        """Store notifications, and a delivery for each active webhook that wants one."""
        if not items:
            return
        hooks = self.webhooks({n.agency for n in items}, active=True)
        rows = [
            {
                "agency": n.agency,
                "kind": n.kind,
                "subject_uid": n.subject_uid,
                "reference": n.reference,
                "by_agency": n.by_agency,
                "by_username": n.by_username,
                "action": n.action,
                "purpose": n.purpose,
                "detail": json.dumps(n.detail) if n.detail else None,
                "at": n.at,
                "request_id": n.request_id,
            }
            for n in items
        ]
        if not hooks:  # no ids needed: one plain insert of every row
            self._conn.execute(notifications.insert(), rows)
            return
        made = self._conn.execute(
            notifications.insert().returning(
                notifications.c.id, notifications.c.agency, notifications.c.kind,
                sort_by_parameter_order=True,
            ),
            rows,
        ).all()  # fmt: skip
        by_agency: dict[str, list[Webhook]] = {}
        for hook in hooks:
            by_agency.setdefault(hook.agency, []).append(hook)
        at = items[0].at
        deliveries = [
            {
                "webhook_id": hook.id,
                "notification_id": notification_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": at,
                "created_at": at,
            }
            for notification_id, agency, kind in made
            for hook in by_agency.get(agency, [])
            if hook.wants(kind)
        ]
        if deliveries:
            self._conn.execute(webhook_deliveries.insert(), deliveries)

    def for_user(
        self,
        agency: str,
        username: str,
        kinds: Collection[str],
        *,
        unread: bool = False,
        after: int = 0,
        limit: int = 50,
        offset: int = 0,
        oldest_first: bool = False,
    ) -> list[Notification]:
        """A user's inbox: the agency's notifications of ``kinds`` (newer than ``after``),
        with the user's own read marks; newest first unless ``oldest_first``."""
        mark = notification_reads.c
        query = (
            select(notifications, mark.read_at.label("my_read_at"))
            .outerjoin(
                notification_reads,
                and_(mark.notification_id == notifications.c.id, mark.username == username),
            )
            .where(
                notifications.c.agency == agency,
                notifications.c.kind.in_(sorted(kinds)),
                notifications.c.id > after,
            )
        )
        if unread:
            query = query.where(mark.read_at.is_(None))
        order = notifications.c.id if oldest_first else notifications.c.id.desc()
        query = query.order_by(order).limit(limit).offset(offset)
        return [
            _notification(r, r.my_read_at, username if r.my_read_at else None)
            for r in self._conn.execute(query)
        ]

    def last_id(self) -> int:
        return int(
            self._conn.execute(select(func.coalesce(func.max(notifications.c.id), 0))).scalar_one()
        )

    def get(self, notification_id: int) -> Notification | None:
        row = self._conn.execute(
            select(notifications).where(notifications.c.id == notification_id)
        ).first()
        return _notification(row, row.read_at, row.read_by) if row else None

    def mark_read(
        self, notification_id: int, agency: str, kinds: Collection[str], by: str, at: datetime
    ) -> bool:
        """Mark one of the user's inbox notifications read for that user (the agency's first
        reader is kept too); False when the inbox holds no such notification."""
        exists = self._conn.execute(
            select(notifications.c.id).where(
                notifications.c.id == notification_id,
                notifications.c.agency == agency,
                notifications.c.kind.in_(sorted(kinds)),
            )
        ).one_or_none()
        if exists is None:
            return False
        self._conn.execute(
            update(notifications)
            .where(notifications.c.id == notification_id, notifications.c.read_at.is_(None))
            .values(read_at=at, read_by=by)
        )
        mark = notification_reads.c
        self._conn.execute(
            delete(notification_reads).where(
                mark.notification_id == notification_id, mark.username == by
            )
        )
        self._conn.execute(
            notification_reads.insert(),
            {"notification_id": notification_id, "username": by, "read_at": at},
        )
        return True

    # Webhooks.

    def add_webhook(
        self, agency: str, url: str, kinds: Collection[str] | None, by: str, at: datetime
    ) -> Webhook:
        new_id = self._conn.execute(
            webhooks.insert().returning(webhooks.c.id),
            {
                "agency": agency,
                "url": url,
                "kinds": ",".join(sorted(kinds)) if kinds else None,
                "created_by": by,
                "created_at": at,
            },
        ).scalar_one()
        found = self.webhook(new_id)
        assert found is not None
        return found

    def webhook(self, webhook_id: int) -> Webhook | None:
        row = self._conn.execute(select(webhooks).where(webhooks.c.id == webhook_id)).first()
        return _webhook(row) if row else None

    def webhooks(self, agencies: Collection[str], *, active: bool = False) -> list[Webhook]:
        query = select(webhooks).where(webhooks.c.agency.in_(sorted(agencies)))
        if active:
            query = query.where(webhooks.c.disabled_at.is_(None))
        return [_webhook(r) for r in self._conn.execute(query.order_by(webhooks.c.id))]

    def disable_webhook(self, webhook_id: int, at: datetime) -> None:
        self._conn.execute(
            update(webhooks)
            .where(webhooks.c.id == webhook_id, webhooks.c.disabled_at.is_(None))
            .values(disabled_at=at)
        )

    def deliveries(
        self, webhook_id: int, status: str | None, limit: int, offset: int
    ) -> list[Delivery]:
        d = webhook_deliveries.c
        query = select(webhook_deliveries).where(d.webhook_id == webhook_id)
        if status is not None:
            query = query.where(d.status == status)
        query = query.order_by(d.id.desc()).limit(limit).offset(offset)
        return [_delivery(r) for r in self._conn.execute(query)]

    def delivery(self, delivery_id: int) -> Delivery | None:
        row = self._conn.execute(
            select(webhook_deliveries).where(webhook_deliveries.c.id == delivery_id)
        ).first()
        return _delivery(row) if row else None

    def due(self, now: datetime, limit: int) -> list[int]:
        """Deliveries to attempt now: pending and due, or claimed by a worker whose lease ran
        out (it died mid-delivery)."""
        d = webhook_deliveries.c
        query = (
            select(d.id)
            .where(
                or_(
                    and_(d.status == "pending", d.next_attempt_at <= now),
                    and_(d.status == "delivering", d.lease_until < now),
                )
            )
            .order_by(d.next_attempt_at, d.id)
            .limit(limit)
        )
        return [r.id for r in self._conn.execute(query)]

    def claim(self, delivery_id: int, worker: str, now: datetime, lease: timedelta) -> bool:
        """Take a due delivery for ``lease``: False if another worker has it."""
        d = webhook_deliveries.c
        done = self._conn.execute(
            update(webhook_deliveries)
            .where(
                d.id == delivery_id,
                or_(
                    and_(d.status == "pending", d.next_attempt_at <= now),
                    and_(d.status == "delivering", d.lease_until < now),
                ),
            )
            .values(status="delivering", lease_until=now + lease, claimed_by=worker)
        )
        return done.rowcount == 1

    def settle(
        self,
        delivery_id: int,
        worker: str,
        *,
        delivered: bool,
        at: datetime,
        http_status: int | None,
        error: str | None,
        retry_at: datetime | None,
    ) -> None:
        """Record an attempt of a delivery this worker holds: delivered, to be retried at
        ``retry_at``, or set aside (``failed``) when there is none."""
        d = webhook_deliveries.c
        status = "delivered" if delivered else ("pending" if retry_at else "failed")
        self._conn.execute(
            update(webhook_deliveries)
            .where(d.id == delivery_id, d.claimed_by == worker, d.status == "delivering")
            .values(
                status=status,
                attempts=d.attempts + 1,
                last_status=http_status,
                last_error=error,
                delivered_at=at if delivered else None,
                next_attempt_at=retry_at or at,
                lease_until=None,
            )
        )

    def replay(self, delivery_id: int, at: datetime) -> bool:
        """Put a set-aside delivery back in line, its attempts counted afresh."""
        d = webhook_deliveries.c
        done = self._conn.execute(
            update(webhook_deliveries)
            .where(d.id == delivery_id, d.status == "failed")
            .values(status="pending", attempts=0, next_attempt_at=at, last_error=None)
        )
        return done.rowcount == 1

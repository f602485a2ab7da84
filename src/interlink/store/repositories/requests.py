"""Requests for information: the request, one track per recipient, the history, answers and
attachments. Status changes are conditional updates, so two officers acting at once cannot both
move a track."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, or_, select, update

from interlink.domain.codes import HandlingCode, Priority, Topic
from interlink.domain.requests import TrackStatus
from interlink.store.tables import (
    info_requests,
    request_answers,
    request_attachments,
    request_events,
    request_subjects,
    request_tracks,
)


@dataclass(frozen=True, slots=True)
class Track:
    """One recipient's side of a request."""

    agency: str
    status: TrackStatus
    due_at: datetime
    remind_at: datetime
    reminded_at: datetime | None
    escalated_at: datetime | None
    acknowledged_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    reason: str | None

    def overdue(self, now: datetime) -> bool:
        return self.status.open and now > self.due_at


@dataclass(frozen=True, slots=True)
class InfoRequest:
    id: int
    sender: str
    created_by: str
    topic: Topic
    priority: Priority
    question: str
    created_at: datetime
    tracks: tuple[Track, ...]
    subjects: tuple[str, ...]

    def track(self, agency: str) -> Track | None:
        return next((t for t in self.tracks if t.agency == agency), None)


@dataclass(frozen=True, slots=True)
class RequestEvent:
    track: str | None
    event: str
    by_agency: str | None
    by_username: str | None
    at: datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class AttachmentMeta:
    id: int
    answer_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    request_id: int
    agency: str
    text: str
    handling_code: HandlingCode
    created_by: str
    created_at: datetime
    released_by: str | None
    released_at: datetime | None
    attachments: tuple[AttachmentMeta, ...] = ()

    @property
    def held(self) -> bool:
        """Waiting for a second officer's release: seen by its own agency only."""
        return self.released_at is None


@dataclass(frozen=True, slots=True)
class NewFile:
    filename: str
    content_type: str
    data: bytes


def _track(row: Any) -> Track:
    return Track(
        row.agency,
        TrackStatus(row.status),
        row.due_at,
        row.remind_at,
        row.reminded_at,
        row.escalated_at,
        row.acknowledged_at,
        row.answered_at,
        row.ended_at,
        row.reason,
    )


# Which timestamp each status sets on its track.
_STAMPS = {
    TrackStatus.ACKNOWLEDGED: "acknowledged_at",
    TrackStatus.ANSWERED: "answered_at",
    TrackStatus.CLOSED: "ended_at",
    TrackStatus.REFUSED: "ended_at",
}


class RequestRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add(
        self,
        sender: str,
        created_by: str,
        topic: Topic,
        priority: Priority,
        question: str,
        at: datetime,
        tracks: Sequence[tuple[str, datetime, datetime]],
        subjects: Sequence[str],
    ) -> int:
        """Store a request with its tracks (agency, due, remind at) and subjects: its id."""
        new_id: int = self._conn.execute(
            info_requests.insert().returning(info_requests.c.id),
            {
                "sender": sender,
                "created_by": created_by,
                "topic": topic.value,
                "priority": priority.value,
                "question": question,
                "created_at": at,
            },
        ).scalar_one()
        self._conn.execute(
            request_tracks.insert(),
            [
                {
                    "request_id": new_id,
                    "agency": agency,
                    "status": TrackStatus.SENT.value,
                    "due_at": due,
                    "remind_at": remind,
                }
                for agency, due, remind in tracks
            ],
        )
        if subjects:
            self._conn.execute(
                request_subjects.insert(),
                [
                    {"request_id": new_id, "position": i, "subject_uid": uid}
                    for i, uid in enumerate(subjects)
                ],
            )
        return new_id

    def add_files(self, request_id: int, answer_id: int | None, files: Iterable[NewFile]) -> None:
        rows = [
            {
                "request_id": request_id,
                "answer_id": answer_id,
                "filename": f.filename,
                "content_type": f.content_type,
                "size": len(f.data),
                "sha256": hashlib.sha256(f.data).hexdigest(),
                "content": f.data,
            }
            for f in files
        ]
        if rows:
            self._conn.execute(request_attachments.insert(), rows)

    def get(self, request_id: int) -> InfoRequest | None:
        found = self._load([request_id])
        return found[0] if found else None

    def _load(self, ids: Sequence[int]) -> list[InfoRequest]:
        if not ids:
            return []
        rows = {
            r.id: r
            for r in self._conn.execute(select(info_requests).where(info_requests.c.id.in_(ids)))
        }
        tracks: dict[int, list[Track]] = {}
        for row in self._conn.execute(
            select(request_tracks)
            .where(request_tracks.c.request_id.in_(ids))
            .order_by(request_tracks.c.agency)
        ):
            tracks.setdefault(row.request_id, []).append(_track(row))
        subjects: dict[int, list[str]] = {}
        for row in self._conn.execute(
            select(request_subjects)
            .where(request_subjects.c.request_id.in_(ids))
            .order_by(request_subjects.c.position)
        ):
            subjects.setdefault(row.request_id, []).append(row.subject_uid)
        return [
            InfoRequest(
                r.id,
                r.sender,
                r.created_by,
                Topic(r.topic),
                Priority(r.priority),
                r.question,
                r.created_at,
                tuple(tracks.get(r.id, [])),
                tuple(subjects.get(r.id, [])),
            )
            for i in ids
            if (r := rows.get(i)) is not None
        ]

    def listing(
        self,
        agency: str,
        *,
        sent: bool,
        status: TrackStatus | None,
        overdue_at: datetime | None,
        limit: int,
        offset: int,
        open_by_deadline: bool = False,
    ) -> list[InfoRequest]:
        """Requests ``agency`` sent (``sent``) or received, newest first; only those with a
        track in ``status``, or overdue at ``overdue_at``, when given (for a received request,
        the agency's own track). ``open_by_deadline``: the received requests whose track is
        open, the soonest deadline first."""
        if open_by_deadline and not sent:
            own = and_(
                request_tracks.c.request_id == info_requests.c.id,
                request_tracks.c.agency == agency,
            )
            opened = (
                select(info_requests.c.id)
                .join(request_tracks, own)
                .where(
                    request_tracks.c.status.in_(
                        [TrackStatus.SENT.value, TrackStatus.ACKNOWLEDGED.value]
                    )
                )
                .order_by(request_tracks.c.due_at, info_requests.c.id)
                .limit(limit)
                .offset(offset)
            )
            return self._load([r.id for r in self._conn.execute(opened)])
        track = [request_tracks.c.request_id == info_requests.c.id]
        if not sent:
            track.append(request_tracks.c.agency == agency)
        if status is not None:
            track.append(request_tracks.c.status == status.value)
        if overdue_at is not None:
            track.append(
                request_tracks.c.status.in_(
                    [TrackStatus.SENT.value, TrackStatus.ACKNOWLEDGED.value]
                )
            )
            track.append(request_tracks.c.due_at < overdue_at)
        query = select(info_requests.c.id).where(exists().where(and_(*track)))
        if sent:
            query = query.where(info_requests.c.sender == agency)
        query = query.order_by(info_requests.c.id.desc()).limit(limit).offset(offset)
        return self._load([r.id for r in self._conn.execute(query)])

    def move(
        self,
        request_id: int,
        agency: str,
        to: TrackStatus,
        allowed_from: Iterable[TrackStatus],
        at: datetime,
        reason: str | None = None,
    ) -> bool:
        """Move ``agency``'s track to ``to`` if it is in one of ``allowed_from``: False if not."""
        values: dict[str, Any] = {"status": to.value, _STAMPS[to]: at}
        if reason is not None:
            values["reason"] = reason
        done = self._conn.execute(
            update(request_tracks)
            .where(
                request_tracks.c.request_id == request_id,
                request_tracks.c.agency == agency,
                request_tracks.c.status.in_([s.value for s in allowed_from]),
            )
            .values(**values)
        )
        return done.rowcount == 1

    def note(
        self,
        request_id: int,
        track: str | None,
        event: str,
        by_agency: str | None,
        by_username: str | None,
        at: datetime,
        note: str | None = None,
    ) -> None:
        """Add to the request's history."""
        self._conn.execute(
            request_events.insert(),
            {
                "request_id": request_id,
                "track": track,
                "event": event,
                "by_agency": by_agency,
                "by_username": by_username,
                "at": at,
                "note": note,
            },
        )

    def history(self, request_id: int) -> list[RequestEvent]:
        query = (
            select(request_events)
            .where(request_events.c.request_id == request_id)
            .order_by(request_events.c.id)
        )
        return [
            RequestEvent(r.track, r.event, r.by_agency, r.by_username, r.at, r.note)
            for r in self._conn.execute(query)
        ]

    def add_answer(
        self,
        request_id: int,
        agency: str,
        text: str,
        code: HandlingCode,
        by: str,
        at: datetime,
        released: bool,
    ) -> int:
        new_id: int = self._conn.execute(
            request_answers.insert().returning(request_answers.c.id),
            {
                "request_id": request_id,
                "agency": agency,
                "text": text,
                "handling_code": code.value,
                "created_by": by,
                "created_at": at,
                "released_by": by if released else None,
                "released_at": at if released else None,
            },
        ).scalar_one()
        return new_id

    def release(self, answer_id: int, by: str, at: datetime) -> bool:
        """Release a held answer: False if it was released already."""
        done = self._conn.execute(
            update(request_answers)
            .where(request_answers.c.id == answer_id, request_answers.c.released_at.is_(None))
            .values(released_by=by, released_at=at)
        )
        return done.rowcount == 1

    def answers(
        self, request_id: int, files: Sequence[AttachmentMeta] | None = None
    ) -> list[Answer]:
        """The request's answers with their attachments (``files``: the request's, when the
        caller has read them already)."""
        by_answer: dict[int | None, list[AttachmentMeta]] = {}
        for meta in self.files(request_id) if files is None else files:
            by_answer.setdefault(meta.answer_id, []).append(meta)
        query = (
            select(request_answers)
            .where(request_answers.c.request_id == request_id)
            .order_by(request_answers.c.id)
        )
        return [
            Answer(
                r.id,
                r.request_id,
                r.agency,
                r.text,
                HandlingCode(r.handling_code),
                r.created_by,
                r.created_at,
                r.released_by,
                r.released_at,
                tuple(by_answer.get(r.id, [])),
            )
            for r in self._conn.execute(query)
        ]

    def files(self, request_id: int) -> list[AttachmentMeta]:
        """The attachments of a request and of its answers, without their content."""
        a = request_attachments.c
        query = (
            select(a.id, a.answer_id, a.filename, a.content_type, a.size, a.sha256)
            .where(a.request_id == request_id)
            .order_by(a.id)
        )
        return [AttachmentMeta(*row) for row in self._conn.execute(query)]

    def content(self, request_id: int, attachment_id: int) -> bytes | None:
        a = request_attachments.c
        found = self._conn.execute(
            select(a.content).where(a.request_id == request_id, a.id == attachment_id)
        ).scalar_one_or_none()
        return bytes(found) if found is not None else None

    def due(self, now: datetime) -> list[tuple[int, str, str]]:
        """Open tracks due a reminder or an escalation at ``now``: (request, agency, what)."""
        t = request_tracks.c
        open_ = t.status.in_([TrackStatus.SENT.value, TrackStatus.ACKNOWLEDGED.value])
        query = select(t.request_id, t.agency, t.due_at, t.reminded_at).where(
            open_,
            or_(
                and_(t.reminded_at.is_(None), t.remind_at <= now),
                and_(t.escalated_at.is_(None), t.due_at < now),
            ),
        )
        found = []
        for request_id, agency, due_at, reminded_at in self._conn.execute(query):
            if due_at < now:
                found.append((request_id, agency, "escalated"))
            elif reminded_at is None:
                found.append((request_id, agency, "reminded"))
        return found

    def claim(self, request_id: int, agency: str, what: str, at: datetime) -> bool:
        """Mark a track reminded or escalated, once: False if another worker did."""
        t = request_tracks.c
        column = t.escalated_at if what == "escalated" else t.reminded_at
        values: dict[str, Any] = {"escalated_at" if what == "escalated" else "reminded_at": at}
        if what == "escalated":  # an escalation stands for the reminder not yet sent
            values["reminded_at"] = func.coalesce(t.reminded_at, at)
        done = self._conn.execute(
            update(request_tracks)
            .where(t.request_id == request_id, t.agency == agency, column.is_(None))
            .values(**values)
        )
        return done.rowcount == 1

    def track_facts(
        self, start: datetime, end: datetime
    ) -> list[tuple[str, str, datetime, datetime, str, datetime | None, datetime | None]]:
        """Every track of the requests sent in [start, end): sender, recipient, sent, due,
        status, answered, ended (for statistics)."""
        r, t = info_requests.c, request_tracks.c
        query = (
            select(r.sender, t.agency, r.created_at, t.due_at, t.status, t.answered_at, t.ended_at)
            .join(request_tracks, t.request_id == r.id)
            .where(r.created_at >= start, r.created_at < end)
            .order_by(r.id, t.agency)
        )
        return [tuple(row) for row in self._conn.execute(query)]

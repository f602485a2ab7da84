"""Requests for information between agencies, on the hub.

An officer sends a request to one or more agencies on a topic. Each recipient must be covered:
an agreement in force between the two agencies must list the topic, or the request is refused
and says which recipient is not covered. The request's priority sets each recipient's deadline
(``domain.requests``), the shortest any covering agreement sets. The subjects it concerns are
given by uid (one the sender sees in full) or by the opaque reference of a blind hit (one the
sender sees only as a hit, owned by a recipient: asking the owner is what a hit is for).

Who sees what: the sender's agency sees every track, every released answer and the whole
history; a recipient sees the request, its own track, its own answers (held ones too) and the
history of its own track. Each reader sees the concerned subjects as the policy lets its agency
see them: in full (uid and name), as a hit (owner and reference) or not at all, uncounted.
Every read and change is an audit event; the subjects shown are events on those subjects, in
their owners' access reports.

Answers under H2 or H3 wait for a second officer of the answering agency to release them when
that agency asks for four eyes (on by default): until then the sender sees nothing of them and
the track is not answered. Reminders come when three quarters of the time to answer has passed,
and an escalation when the deadline passes (``tick``, run by the hub every 30 seconds and by
tests with their own clock): both are notifications, and notes in the history. The reminder is
for the recipient's officers who handle requests; the escalation goes to both agencies, where
their agency admins are told of it too (``policy.permissions.NOTICES``). A notice carries the
request's id, topic and priority, never its question, subjects or answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from interlink.audit import AuditAction, NewEvent
from interlink.domain.agencies import AgencyKind
from interlink.domain.codes import Priority, Topic
from interlink.domain.requests import (
    ANSWERABLE,
    DEFAULT_RESPONSE_HOURS,
    RECIPIENT_MOVES,
    RELEASE_CODES,
    SENDER_MOVES,
    AnswerSpec,
    AttachmentIn,
    RequestSpec,
    TrackStatus,
    check_attachment,
    deadline,
    reminder_due,
)
from interlink.exc import ConflictError, ForbiddenError, NotFoundError, ValidationError
from interlink.policy import AccessView, Permission, Visibility, require
from interlink.services.access import access_view, levels, visible_marks
from interlink.services.accounts import Principal, audit_event
from interlink.services.text import refuse_nul, safe_filename
from interlink.store.repositories.agreements import Agreement
from interlink.store.repositories.notifications import NewNotification
from interlink.store.repositories.requests import (
    Answer,
    AttachmentMeta,
    InfoRequest,
    NewFile,
    RequestEvent,
    Track,
)
from interlink.store.uow import UnitOfWork

if TYPE_CHECKING:
    from interlink.services.hub import Hub

_MAX_ID = 2**31 - 1
# Who the hub's own notices (reminders, escalations) come from.
SYSTEM = "interlink"


@dataclass(frozen=True, slots=True)
class SubjectShown:
    """A concerned subject as the reader may see it."""

    level: Visibility
    owner: str
    reference: str
    uid: str | None  # None at ``hit``
    name: str | None


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as one agency may see it."""

    request: InfoRequest
    side: str  # "sender" or "recipient"
    to: tuple[str, ...]
    tracks: tuple[Track, ...]
    subjects: tuple[SubjectShown, ...]
    attachments: tuple[AttachmentMeta, ...]
    answers: tuple[Answer, ...] = ()
    history: tuple[RequestEvent, ...] = ()


def covering(
    agreements: Sequence[Agreement], sender: str, to: str, topic: Topic
) -> list[Agreement]:
    """The agreements that let ``sender`` ask ``to`` about ``topic`` (in force on the day)."""
    return [
        a
        for a in agreements
        if sender in a.parties and to in a.parties and any(t.topic is topic for t in a.terms)
    ]


def response_hours(agreements: Sequence[Agreement]) -> dict[Priority, int]:
    """The hours to answer under ``agreements``, per priority: the shortest any of them sets."""
    return {
        p: min(a.response_hours.get(p, DEFAULT_RESPONSE_HOURS[p]) for a in agreements)
        for p in Priority
    }


class Requests:
    """The hub's requests for information (see the module docstring)."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    # Helpers.

    def _files(self, items: Sequence[AttachmentIn], where: str) -> list[NewFile]:
        """The attachments decoded and checked: allowed types by content, size in total."""
        limit = self._hub.settings.max_attachment_bytes
        files, total = [], 0
        for i, item in enumerate(items):
            try:
                data = item.data()
                check_attachment(item.filename, item.content_type, data)
            except ValueError as error:
                raise ValidationError(f"{where}.attachments.{i}: {error}") from None
            total += len(data)
            if total > limit:
                raise ValidationError(
                    f"{where}.attachments: over the limit of {limit} bytes in all"
                )
            name = safe_filename(item.filename, default=f"attachment-{i + 1}")
            files.append(NewFile(name, item.content_type, data))
        return files

    def _event(
        self, who: Principal, action: AuditAction, request: InfoRequest, **detail: object
    ) -> NewEvent:
        return audit_event(
            who,
            action,
            object_type="request",
            ref=str(request.id),
            owner=request.sender,
            purpose=f"request {request.id}: {request.topic.value}",
            at=self._hub.clock(),
            detail=detail,
        )

    def _notice(
        self, who: Principal | None, to: str, kind: str, request: InfoRequest, **detail: object
    ) -> NewNotification:
        return NewNotification(
            agency=to,
            kind=kind,
            subject_uid=None,
            reference=None,
            by_agency=who.agency if who else request.sender,
            by_username=who.username if who else SYSTEM,
            action=f"request_{kind}",
            purpose=request.topic.value,
            detail={"priority": request.priority.value, **detail},
            at=self._hub.clock(),
            request_id=request.id,
        )

    def _visible(self, uow: UnitOfWork, who: Principal, request_id: int) -> InfoRequest:
        """The request if the caller's agency sent or received it; else "no request"."""
        require(who.roles, Permission.READ_REQUESTS)
        found = uow.requests.get(request_id) if 0 < request_id <= _MAX_ID else None
        if found is None or (found.sender != who.agency and found.track(who.agency) is None):
            raise NotFoundError(f"no request {request_id}")
        return found

    def _received(
        self, uow: UnitOfWork, who: Principal, request_id: int
    ) -> tuple[InfoRequest, Track]:
        """A request the caller's agency received, and its track."""
        request = self._visible(uow, who, request_id)
        track = request.track(who.agency)
        if track is None:
            raise ForbiddenError(f"request {request_id} was sent by your agency, not to it")
        return request, track

    def _access(self, uow: UnitOfWork, who: Principal) -> AccessView:
        return access_view(uow, who.viewer(), self._hub.clock().date())

    def _again(self, uow: UnitOfWork, who: Principal, request_id: int) -> RequestView:
        """The request read again after a change, whole, as the caller may see it."""
        request = uow.requests.get(request_id)
        assert request is not None
        return self._view(uow, who, self._access(uow, who), request, whole=True)

    def _resolve(
        self, uow: UnitOfWork, view: AccessView, spec: RequestSpec
    ) -> list[tuple[str, str]]:
        """The concerned subjects as (uid, owner): a uid the sender sees in full, or the
        reference of a subject a recipient owns that the sender sees at least as a hit."""
        uids = [s for s in spec.subjects if not s.startswith("ref-")]
        seen = visible_marks(uow, view, uids) if uids else {}
        owned: dict[str, tuple[str, str]] = {}
        if len(uids) < len(spec.subjects):
            for owner in spec.to:
                for held in levels(uow, view, owner=owner):
                    owned[self._hub.reference(held)] = (held, owner)
        found: list[tuple[str, str]] = []
        for i, given in enumerate(spec.subjects):
            if given.startswith("ref-"):
                pair = owned.get(given)
            else:
                level, marks = seen.get(given, (Visibility.NONE, None))
                pair = (given, marks.owner) if marks and level is Visibility.FULL else None
            if pair is None:
                raise ValidationError(f"subjects.{i}: no subject {given}")
            found.append(pair)
        return found

    def _shown(self, uow: UnitOfWork, view: AccessView, uids: Sequence[str]) -> list[SubjectShown]:
        seen = visible_marks(uow, view, list(uids)) if uids else {}
        full = [u for u, (level, _) in seen.items() if level is Visibility.FULL]
        names = {r.uid: r.primary_name.full for r in uow.subjects.get_many(full)}
        out = []
        for uid in uids:
            if uid not in seen:
                continue
            level, marks = seen[uid]
            at_full = level is Visibility.FULL
            out.append(
                SubjectShown(
                    level,
                    marks.owner,
                    self._hub.reference(uid),
                    uid if at_full else None,
                    names.get(uid) if at_full else None,
                )
            )
        return out

    def _papers(
        self, uow: UnitOfWork, who: Principal, request: InfoRequest
    ) -> tuple[tuple[Answer, ...], tuple[AttachmentMeta, ...]]:
        """The answers the caller's agency may read (its own, held ones too; the sender, every
        released one) and the attachments it may read (the request's, and those answers')."""
        sender = request.sender == who.agency
        files = uow.requests.files(request.id)
        answers = tuple(
            a
            for a in uow.requests.answers(request.id, files)
            if a.agency == who.agency or (sender and not a.held)
        )
        readable = {a.id for a in answers}
        return answers, tuple(f for f in files if f.answer_id is None or f.answer_id in readable)

    def _view(
        self,
        uow: UnitOfWork,
        who: Principal,
        view: AccessView,
        request: InfoRequest,
        *,
        whole: bool,
    ) -> RequestView:
        """``request`` as the caller's agency may see it (``view``: its view of the policy);
        with answers and history if ``whole``."""
        sender = request.sender == who.agency
        tracks = (
            request.tracks if sender else tuple(t for t in request.tracks if t.agency == who.agency)
        )
        answers, files = self._papers(uow, who, request)
        history: tuple[RequestEvent, ...] = ()
        if whole:
            history = tuple(
                e
                for e in uow.requests.history(request.id)
                if sender or e.track in (None, who.agency)
            )
        return RequestView(
            request,
            "sender" if sender else "recipient",
            tuple(t.agency for t in request.tracks),
            tracks,
            tuple(self._shown(uow, view, request.subjects)),
            files,
            answers if whole else (),
            history,
        )

    def _read_events(self, who: Principal, shown: RequestView) -> list[NewEvent]:
        """The read of a request, and of each subject it showed."""
        read = self._event(who, AuditAction.READ, shown.request, side=shown.side)
        return [read, *self._subject_events(who, shown)]

    def _subject_events(self, who: Principal, shown: RequestView) -> list[NewEvent]:
        """A read of each subject a request showed (the owners' access reports), by its uid
        also when shown as a blind hit: the owner's report names its own records."""
        request = shown.request
        uid_of = {self._hub.reference(uid): uid for uid in request.subjects}
        return [
            audit_event(
                who,
                AuditAction.READ,
                object_type="subject",
                ref=uid_of[s.reference],
                owner=s.owner,
                purpose=f"request {request.id}: {request.topic.value}",
                at=self._hub.clock(),
                detail={"request": request.id, "level": s.level.value},
            )
            for s in shown.subjects
        ]

    # Sending and reading.

    def send(self, who: Principal, spec: RequestSpec) -> RequestView:
        require(who.roles, Permission.SEND_REQUESTS)
        refuse_nul(spec.model_dump(exclude={"attachments"}), "body")
        refuse_nul([a.filename for a in spec.attachments], "attachments")
        if who.agency in spec.to:
            raise ValidationError("to: a request goes to other agencies, not your own")
        files = self._files(spec.attachments, "body")
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            known = {a.code: a for a in uow.agencies.all()}
            for code in spec.to:
                if code not in known or known[code].kind is AgencyKind.LIST_AUTHORITY:
                    raise ValidationError(f"to: no agency {code} to ask")
            in_force = [a for a in uow.agreements.all(who.agency) if a.in_force(now.date())]
            tracks = []
            for code in spec.to:
                covers = covering(in_force, who.agency, code, spec.topic)
                if not covers:
                    raise ForbiddenError(
                        f"no agreement in force between {who.agency} and {code} covers "
                        f"{spec.topic.value}: the request is refused"
                    )
                due = deadline(now, spec.priority, response_hours(covers))
                tracks.append((code, due, reminder_due(now, due)))
            view = self._access(uow, who)
            subjects = self._resolve(uow, view, spec)
            request_id = uow.requests.add(
                who.agency,
                who.username,
                spec.topic,
                spec.priority,
                spec.question,
                now,
                tracks,
                [uid for uid, _ in subjects],
            )
            uow.requests.add_files(request_id, None, files)
            uow.requests.note(request_id, None, "sent", who.agency, who.username, now)
            request = uow.requests.get(request_id)
            assert request is not None
            events = [
                self._event(
                    who,
                    AuditAction.REQUEST_SEND,
                    request,
                    to=list(spec.to),
                    priority=spec.priority.value,
                    subjects=len(subjects),
                    attachments=len(files),
                )
            ]
            events += [
                audit_event(
                    who,
                    AuditAction.REQUEST_SEND,
                    object_type="subject",
                    ref=uid,
                    owner=owner,
                    purpose=f"request {request_id}: {spec.topic.value}",
                    at=now,
                    detail={"request": request_id},
                )
                for uid, owner in subjects
            ]
            uow.audit.append_many(events)
            uow.notifications.add_many(
                [
                    self._notice(who, t.agency, "request", request, due_at=t.due_at.isoformat())
                    for t in request.tracks
                ]
            )
            return self._view(uow, who, view, request, whole=True)

    def listing(
        self,
        who: Principal,
        box: str,
        status: TrackStatus | None,
        overdue: bool,
        limit: int,
        offset: int,
        *,
        open_by_deadline: bool = False,
    ) -> list[RequestView]:
        """The agency's received (``inbox``) or sent (``outbox``) requests, newest first; with
        ``open_by_deadline``, the received ones still open, the soonest deadline first."""
        require(who.roles, Permission.READ_REQUESTS)
        if box not in ("inbox", "outbox"):
            raise ValidationError("box: inbox or outbox")
        with self._hub.db.uow(read_only=True) as uow:
            found = uow.requests.listing(
                who.agency,
                sent=box == "outbox",
                status=status,
                overdue_at=self._hub.clock() if overdue else None,
                limit=limit,
                offset=offset,
                open_by_deadline=open_by_deadline,
            )
            view = self._access(uow, who)
            shown = [self._view(uow, who, view, r, whole=False) for r in found]
        events = [
            audit_event(
                who,
                AuditAction.LIST,
                object_type="requests",
                ref=box,
                owner=who.agency,
                at=self._hub.clock(),
                detail={"returned": len(shown)},
            )
        ]
        for each in shown:
            events += self._subject_events(who, each)
        self._hub.record(events)
        return shown

    def get(self, who: Principal, request_id: int) -> RequestView:
        with self._hub.db.uow(read_only=True) as uow:
            request = self._visible(uow, who, request_id)
            shown = self._view(uow, who, self._access(uow, who), request, whole=True)
        self._hub.record(self._read_events(who, shown))
        return shown

    def attachment(
        self, who: Principal, request_id: int, attachment_id: int
    ) -> tuple[AttachmentMeta, bytes]:
        """An attachment the caller's agency may see (of the request, or of an answer it
        sees), with its content."""
        with self._hub.db.uow(read_only=True) as uow:
            request = self._visible(uow, who, request_id)
            _answers, files = self._papers(uow, who, request)
            meta = next((f for f in files if f.id == attachment_id), None)
            data = uow.requests.content(request.id, attachment_id) if meta else None
        if meta is None or data is None:
            raise NotFoundError(f"no attachment {attachment_id} on request {request_id}")
        self._hub.record(
            [
                self._event(
                    who,
                    AuditAction.READ,
                    request,
                    attachment=meta.id,
                    filename=meta.filename,
                    sha256=meta.sha256,
                )
            ]
        )
        return meta, data

    # The recipient's moves.

    def _move(
        self,
        who: Principal,
        request_id: int,
        to: TrackStatus,
        action: AuditAction,
        reason: str | None = None,
    ) -> RequestView:
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            request, track = self._received(uow, who, request_id)
            if not uow.requests.move(request.id, who.agency, to, RECIPIENT_MOVES[to], now, reason):
                raise ConflictError(
                    f"request {request_id} is {track.status.value} for {who.agency}: "
                    f"it cannot be {to.value} now"
                )
            uow.requests.note(
                request.id, who.agency, to.value, who.agency, who.username, now, reason
            )
            uow.audit.append(self._event(who, action, request, reason=reason))
            uow.notifications.add_many([self._notice(who, request.sender, to.value, request)])
            return self._again(uow, who, request.id)

    def acknowledge(self, who: Principal, request_id: int) -> RequestView:
        require(who.roles, Permission.ANSWER_REQUESTS)
        return self._move(
            who, request_id, TrackStatus.ACKNOWLEDGED, AuditAction.REQUEST_ACKNOWLEDGE
        )

    def refuse(self, who: Principal, request_id: int, reason: str) -> RequestView:
        require(who.roles, Permission.ANSWER_REQUESTS)
        refuse_nul(reason, "reason")
        if len(reason.strip()) < 3:
            raise ValidationError("reason: say why the request is refused")
        return self._move(
            who, request_id, TrackStatus.REFUSED, AuditAction.REQUEST_REFUSE, reason.strip()
        )

    def answer(
        self, who: Principal, request_id: int, spec: AnswerSpec
    ) -> tuple[RequestView, Answer]:
        """Answer for the caller's agency. Under H2 or H3, where the agency asks for four
        eyes, the answer is held until another officer releases it (``release``)."""
        require(who.roles, Permission.ANSWER_REQUESTS)
        refuse_nul(spec.text, "text")
        refuse_nul([a.filename for a in spec.attachments], "attachments")
        files = self._files(spec.attachments, "body")
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            request, track = self._received(uow, who, request_id)
            if track.status not in ANSWERABLE:
                raise ConflictError(
                    f"request {request_id} is {track.status.value}: no more answers"
                )
            agency = uow.agencies.get(who.agency)
            held = agency.four_eyes and spec.handling_code in RELEASE_CODES
            answer_id = uow.requests.add_answer(
                request.id,
                who.agency,
                spec.text,
                spec.handling_code,
                who.username,
                now,
                released=not held,
            )
            uow.requests.add_files(request.id, answer_id, files)
            uow.audit.append(
                self._event(
                    who,
                    AuditAction.REQUEST_ANSWER,
                    request,
                    answer=answer_id,
                    handling_code=spec.handling_code.value,
                    held=held,
                    attachments=len(files),
                )
            )
            if held:
                uow.requests.note(
                    request.id,
                    who.agency,
                    "held",
                    who.agency,
                    who.username,
                    now,
                    f"answer {answer_id} waits for a second officer's release",
                )
                notice = self._notice(who, who.agency, "release", request, answer=answer_id)
                uow.notifications.add_many([notice])
            else:
                self._answered(uow, who, request, answer_id, now)
            shown = self._again(uow, who, request.id)
        made = next(a for a in shown.answers if a.id == answer_id)
        return shown, made

    def _answered(
        self, uow: UnitOfWork, who: Principal, request: InfoRequest, answer_id: int, now: datetime
    ) -> None:
        """An answer reaches the sender: the track is answered (if it was open) and noted."""
        uow.requests.move(
            request.id,
            who.agency,
            TrackStatus.ANSWERED,
            RECIPIENT_MOVES[TrackStatus.ANSWERED],
            now,
        )
        uow.requests.note(
            request.id, who.agency, "answered", who.agency, who.username, now, f"answer {answer_id}"
        )
        uow.notifications.add_many(
            [self._notice(who, request.sender, "answered", request, answer=answer_id)]
        )

    def release(self, who: Principal, request_id: int, answer_id: int) -> RequestView:
        """The second officer releases a held answer: not its author."""
        require(who.roles, Permission.RELEASE_ANSWERS)
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            request = self._visible(uow, who, request_id)
            answer = next(
                (
                    a
                    for a in uow.requests.answers(request.id)
                    if a.id == answer_id and a.agency == who.agency
                ),
                None,
            )
            if answer is None:
                raise NotFoundError(f"no answer {answer_id} on request {request_id}")
            if answer.created_by == who.username:
                raise ForbiddenError("four eyes: another officer must release your answer")
            track = request.track(who.agency)
            if track is None or track.status not in ANSWERABLE:
                status = track.status.value if track else "not yours"
                raise ConflictError(f"request {request_id} is {status}: the answer cannot go")
            if not uow.requests.release(answer.id, who.username, now):
                raise ConflictError(f"answer {answer_id} was released already")
            uow.requests.note(
                request.id,
                who.agency,
                "released",
                who.agency,
                who.username,
                now,
                f"answer {answer_id}",
            )
            uow.audit.append(
                self._event(
                    who,
                    AuditAction.REQUEST_RELEASE,
                    request,
                    answer=answer_id,
                    author=answer.created_by,
                )
            )
            self._answered(uow, who, request, answer_id, now)
            return self._again(uow, who, request.id)

    # The sender's move.

    def close(
        self, who: Principal, request_id: int, agency: str | None, note: str | None
    ) -> RequestView:
        """Close the request for one recipient, or for every recipient whose track has not
        ended."""
        require(who.roles, Permission.SEND_REQUESTS)
        if note is not None:
            refuse_nul(note, "note")
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            request = self._visible(uow, who, request_id)
            if request.sender != who.agency:
                raise ForbiddenError(f"request {request_id} is closed by the agency that sent it")
            allowed = SENDER_MOVES[TrackStatus.CLOSED]
            chosen = [t for t in request.tracks if agency is None or t.agency == agency]
            if agency is not None and not chosen:
                raise NotFoundError(f"request {request_id} was not sent to {agency}")
            closing = [t for t in chosen if t.status in allowed]
            if not closing:
                raise ConflictError(f"request {request_id} has nothing left to close")
            closed = []
            for t in closing:
                if uow.requests.move(request.id, t.agency, TrackStatus.CLOSED, allowed, now, note):
                    uow.requests.note(
                        request.id, t.agency, "closed", who.agency, who.username, now, note
                    )
                    closed.append(t.agency)
            uow.audit.append(self._event(who, AuditAction.REQUEST_CLOSE, request, tracks=closed))
            uow.notifications.add_many(
                [self._notice(who, code, "closed", request) for code in closed]
            )
            return self._again(uow, who, request.id)

    # Deadlines.

    def tick(self, now: datetime | None = None) -> int:
        """Send the reminders and escalations due at ``now`` (the hub's clock): each once,
        whichever worker gets there first. Returns how many were sent."""
        hub = self._hub
        now = now or hub.clock()
        sent = 0
        with hub.db.uow() as uow:
            for request_id, agency, what in uow.requests.due(now):
                if not uow.requests.claim(request_id, agency, what, now):
                    continue
                request = uow.requests.get(request_id)
                assert request is not None
                track = request.track(agency)
                assert track is not None
                due = track.due_at.isoformat()
                uow.requests.note(request_id, agency, what, None, SYSTEM, now, f"due {due}")
                if what == "reminded":
                    notices = [self._notice(None, agency, "reminder", request, due_at=due)]
                else:
                    notices = [
                        self._notice(None, agency, "overdue", request, due_at=due),
                        self._notice(
                            None, request.sender, "overdue", request, due_at=due, track=agency
                        ),
                    ]
                uow.notifications.add_many(notices)
                sent += 1
        return sent

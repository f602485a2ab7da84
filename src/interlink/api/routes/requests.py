"""Requests for information: send, read, acknowledge, answer (four eyes), refuse and close."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.api.downloads import download_headers
from interlink.domain.agencies import Code
from interlink.domain.requests import AnswerSpec, RequestSpec, TrackStatus
from interlink.services.requests import RequestView
from interlink.store.repositories.requests import Answer, AttachmentMeta

router = APIRouter(tags=["requests"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class TrackPublic(BaseModel):
    agency: str
    status: str
    due_at: datetime
    overdue: bool
    acknowledged_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    reason: str | None
    reminded_at: datetime | None
    escalated_at: datetime | None


class SubjectRefPublic(BaseModel):
    level: Annotated[str, Field(description="`full`: uid and name; `hit`: owner and reference")]
    owner: str
    reference: str
    uid: str | None
    name: str | None


class AttachmentPublic(BaseModel):
    id: int
    answer: int | None
    filename: str
    content_type: str
    size: int
    sha256: str


class AnswerPublic(BaseModel):
    id: int
    agency: str
    text: str
    handling_code: str
    created_by: str
    created_at: datetime
    held: Annotated[bool, Field(description="Waiting for a second officer's release")]
    released_by: str | None
    released_at: datetime | None
    attachments: list[AttachmentPublic]


class EventPublic(BaseModel):
    track: str | None
    event: str
    by_agency: str | None
    by_username: str | None
    at: datetime
    note: str | None


class RequestPublic(BaseModel):
    id: int
    side: Annotated[str, Field(description="`sender` or `recipient`: which side you are on")]
    sender: str
    created_by: str
    to: list[str]
    topic: str
    priority: str
    question: str
    created_at: datetime
    tracks: Annotated[
        list[TrackPublic], Field(description="Every recipient's for the sender; your own else")
    ]
    subjects: list[SubjectRefPublic]
    attachments: list[AttachmentPublic]
    answers: list[AnswerPublic] | None = None
    history: list[EventPublic] | None = None


class RefuseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=3, max_length=2000)]


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency: Annotated[
        Code | None, Field(description="One recipient; every open one if left out")
    ] = None
    note: Annotated[str | None, Field(max_length=2000)] = None


def _file(meta: AttachmentMeta) -> AttachmentPublic:
    return AttachmentPublic(
        id=meta.id,
        answer=meta.answer_id,
        filename=meta.filename,
        content_type=meta.content_type,
        size=meta.size,
        sha256=meta.sha256,
    )


def _answer(answer: Answer) -> AnswerPublic:
    return AnswerPublic(
        id=answer.id,
        agency=answer.agency,
        text=answer.text,
        handling_code=answer.handling_code.value,
        created_by=answer.created_by,
        created_at=answer.created_at,
        held=answer.held,
        released_by=answer.released_by,
        released_at=answer.released_at,
        attachments=[_file(f) for f in answer.attachments],
    )


def request_public(shown: RequestView, now: datetime, *, whole: bool = True) -> RequestPublic:
    r = shown.request
    return RequestPublic(
        id=r.id,
        side=shown.side,
        sender=r.sender,
        created_by=r.created_by,
        to=list(shown.to),
        topic=r.topic.value,
        priority=r.priority.value,
        question=r.question,
        created_at=r.created_at,
        tracks=[
            TrackPublic(
                agency=t.agency,
                status=t.status.value,
                due_at=t.due_at,
                overdue=t.overdue(now),
                acknowledged_at=t.acknowledged_at,
                answered_at=t.answered_at,
                ended_at=t.ended_at,
                reason=t.reason,
                reminded_at=t.reminded_at,
                escalated_at=t.escalated_at,
            )
            for t in shown.tracks
        ],
        subjects=[
            SubjectRefPublic(
                level=s.level.value, owner=s.owner, reference=s.reference, uid=s.uid, name=s.name
            )
            for s in shown.subjects
        ],
        attachments=[_file(f) for f in shown.attachments if f.answer_id is None],
        answers=[_answer(a) for a in shown.answers] if whole else None,
        history=(
            [
                EventPublic(
                    track=e.track,
                    event=e.event,
                    by_agency=e.by_agency,
                    by_username=e.by_username,
                    at=e.at,
                    note=e.note,
                )
                for e in shown.history
            ]
            if whole
            else None
        ),
    )


@router.post("/requests", response_model=RequestPublic, status_code=status.HTTP_201_CREATED)
def send_request(body: RequestSpec, who: CurrentPrincipal, hub: HubDep) -> RequestPublic:
    """Ask one or more agencies. Each must share an agreement in force with yours that covers
    the topic (403 naming the one that does not). The priority sets each recipient's deadline:
    urgent 8 hours, high 3 days, normal 7 days, unless an agreement sets its own. Subjects: a
    uid you see in full, or the `reference` of a blind hit on a recipient's record.
    Attachments: PDF, PNG, JPEG, plain text or CSV, recognised by content, base64-encoded."""
    return request_public(hub.requests.send(who, body), hub.clock())


@router.get("/requests", response_model=list[RequestPublic])
def list_requests(
    who: CurrentPrincipal,
    hub: HubDep,
    box: Annotated[str, Query(pattern="^(inbox|outbox)$")] = "inbox",
    status: TrackStatus | None = None,
    overdue: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[RequestPublic]:
    """Requests your agency received (`inbox`) or sent (`outbox`), newest first; filtered by
    a track's status, or to those overdue now."""
    found = hub.requests.listing(who, box, status, overdue, limit, offset)
    now = hub.clock()
    return [request_public(r, now, whole=False) for r in found]


@router.get("/requests/{request_id}", response_model=RequestPublic)
def read_request(request_id: Id, who: CurrentPrincipal, hub: HubDep) -> RequestPublic:
    """A request with its answers and history, as much as your agency may see."""
    return request_public(hub.requests.get(who, request_id), hub.clock())


@router.post("/requests/{request_id}/acknowledge", response_model=RequestPublic)
def acknowledge_request(request_id: Id, who: CurrentPrincipal, hub: HubDep) -> RequestPublic:
    """Tell the sender your agency has the request in hand."""
    return request_public(hub.requests.acknowledge(who, request_id), hub.clock())


@router.post(
    "/requests/{request_id}/answers",
    response_model=AnswerPublic,
    status_code=status.HTTP_201_CREATED,
)
def answer_request(
    request_id: Id, body: AnswerSpec, who: CurrentPrincipal, hub: HubDep
) -> AnswerPublic:
    """Answer for your agency. Under H2 or H3, if your agency asks for four eyes, the answer is
    `held` until another officer releases it; the sender sees it from then."""
    _shown, made = hub.requests.answer(who, request_id, body)
    return _answer(made)


@router.post("/requests/{request_id}/answers/{answer_id}/release", response_model=RequestPublic)
def release_answer(
    request_id: Id, answer_id: Id, who: CurrentPrincipal, hub: HubDep
) -> RequestPublic:
    """Release a held answer: a second officer of the answering agency, not its author."""
    return request_public(hub.requests.release(who, request_id, answer_id), hub.clock())


@router.post("/requests/{request_id}/refuse", response_model=RequestPublic)
def refuse_request(
    request_id: Id, body: RefuseIn, who: CurrentPrincipal, hub: HubDep
) -> RequestPublic:
    """Refuse to answer, saying why."""
    return request_public(hub.requests.refuse(who, request_id, body.reason), hub.clock())


@router.post("/requests/{request_id}/close", response_model=RequestPublic)
def close_request(
    request_id: Id, body: CloseIn, who: CurrentPrincipal, hub: HubDep
) -> RequestPublic:
    """Close the request (the sender): for one recipient, or for every one not ended."""
    shown = hub.requests.close(who, request_id, body.agency, body.note)
    return request_public(shown, hub.clock())


@router.get(
    "/requests/{request_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_attachment(
    request_id: Id, attachment_id: Id, who: CurrentPrincipal, hub: HubDep
) -> Response:
    """An attachment, as a download (never shown inline)."""
    meta, data = hub.requests.attachment(who, request_id, attachment_id)
    return Response(
        content=data,
        media_type=meta.content_type,
        headers=download_headers(meta.filename),
    )

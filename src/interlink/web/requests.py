"""Requests for information on the desk: inbox and outbox with deadlines, a request's page,
sending one, and answering, refusing, releasing and closing.

Each page calls ``hub.requests`` as the API's request routes do, so a recipient sees its own
track only, an answer held for a second officer's release reaches the sender only once
released, and every read and move is in the audit trail. Files travel as multipart uploads;
their type is recognised by content, as the API does with the declared one.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

import pydantic
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from interlink.api.downloads import download_headers
from interlink.domain.agencies import AgencyKind
from interlink.domain.codes import HandlingCode, Priority, Topic
from interlink.domain.requests import (
    ANSWERABLE,
    ATTACHMENT_TYPES,
    MAX_ATTACHMENTS,
    AnswerSpec,
    AttachmentIn,
    RequestSpec,
    TrackStatus,
    sniff,
)
from interlink.exc import ForbiddenError, ValidationError
from interlink.policy import Permission, require
from interlink.services.requests import RequestView
from interlink.web.forms import field_errors, form_text
from interlink.web.pages import Desk, DeskDep
from interlink.web.render import page
from interlink.web.session import CsrfField, check_csrf

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
_CHUNK = 1024 * 1024
ACCEPT = ",".join([".pdf", ".png", ".jpg", ".jpeg", ".txt", ".csv", *ATTACHMENT_TYPES])


# Files: read within the hub's limit, typed by their content.


async def _attachments(form: FormData, field: str, limit: int) -> list[AttachmentIn]:
    """The files of ``field``, base64-encoded as the API takes them; the type is what the
    content is (a text file named ``.csv`` is CSV). An empty file input sends nothing."""
    uploads = [f for f in form.getlist(field) if isinstance(f, UploadFile) and f.filename]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(f"{field}: {MAX_ATTACHMENTS} files at most")
    found, total = [], 0
    for upload in uploads:
        chunks = []
        while chunk := await upload.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise ValidationError(f"{field}: over the limit of {limit} bytes in all")
            chunks.append(chunk)
        data = b"".join(chunks)
        name = upload.filename or "attachment"
        kind = sniff(data)
        if kind is None:
            kinds = ", ".join(ATTACHMENT_TYPES.values())
            raise ValidationError(f"{field}: {name} is none of the types allowed: {kinds}")
        if kind == "text/plain" and name.lower().endswith(".csv"):
            kind = "text/csv"
        found.append(
            AttachmentIn(filename=name, content_type=kind, content=base64.b64encode(data).decode())
        )
    return found


# The inbox and the outbox.


@router.get("/requests", response_class=HTMLResponse)
def boxes(
    request: Request,
    desk: DeskDep,
    box: Annotated[str, Query(pattern="^(inbox|outbox)$")] = "inbox",
    status: TrackStatus | None = None,
    overdue: bool = False,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """The agency's received or sent requests, newest first, with each track's deadline."""
    found = desk.hub.requests.listing(desk.who, box, status, overdue, PAGE_SIZE + 1, offset)
    return page(
        request,
        "requests.html",
        desk.context(
            box=box,
            status=status.value if status else "",
            statuses=list(TrackStatus),
            overdue=overdue,
            requests=found[:PAGE_SIZE],
            more=len(found) > PAGE_SIZE,
            offset=offset,
            page_size=PAGE_SIZE,
            now=desk.hub.clock(),
            may_send=desk.may(Permission.SEND_REQUESTS),
        ),
    )


# Sending.


def _partners(desk: Desk) -> list[tuple[Any, list[str]]]:
    """The agencies a request may go to, each with the topics an agreement in force covers
    between the two: those with one first. Every other agency but the list authorities
    follows (the hub refuses, naming it, a recipient no agreement covers)."""
    today = desk.hub.clock().date()
    topics: dict[str, set[str]] = {}
    for agreement in desk.hub.agreements(desk.who):
        if agreement.in_force(today):
            for party in agreement.parties:
                topics.setdefault(party, set()).update(t.topic.value for t in agreement.terms)
    others = [
        (a, sorted(topics.get(a.code, ())))
        for a in desk.hub.agencies(desk.who)
        if a.code != desk.who.agency and a.kind is not AgencyKind.LIST_AUTHORITY
    ]
    return sorted(others, key=lambda pair: (not pair[1], pair[0].code))


def _new_page(
    request: Request,
    desk: Desk,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "request_new.html",
        desk.context(
            values=values,
            errors=errors or {},
            partners=_partners(desk),
            topics=list(Topic),
            priorities=list(Priority),
            accept=ACCEPT,
            allowed=", ".join(ATTACHMENT_TYPES.values()),
            limit=desk.hub.settings.max_attachment_bytes,
        ),
        status=status,
    )


@router.get("/requests/new", response_class=HTMLResponse)
def new_request(
    request: Request,
    desk: DeskDep,
    subject: Annotated[list[str] | None, Query(max_length=50)] = None,
    to: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """The form, with the subjects (uids or hit references) and recipients it was opened for."""
    require(desk.who.roles, Permission.SEND_REQUESTS)
    values = {
        "to": [t for t in (to or []) if len(t) <= 32],
        "topic": Topic.TERRORISM.value,
        "priority": Priority.NORMAL.value,
        "question": "",
        "subjects": "\n".join(s for s in (subject or []) if len(s) <= 200),
    }
    return _new_page(request, desk, values)


@router.post("/requests/new", response_class=HTMLResponse)
async def send_request(request: Request, desk: DeskDep) -> Response:
    async with request.form(max_files=MAX_ATTACHMENTS + 1, max_fields=200) as form:
        return await _send(request, desk, form)


async def _send(request: Request, desk: Desk, form: FormData) -> Response:
    check_csrf(desk.hub, request, form_text(form, "csrf"))
    require(desk.who.roles, Permission.SEND_REQUESTS)
    values: dict[str, Any] = {
        "to": [v for v in form.getlist("to") if isinstance(v, str)],
        "topic": form_text(form, "topic"),
        "priority": form_text(form, "priority"),
        "question": form_text(form, "question"),
        "subjects": form_text(form, "subjects"),
    }
    subjects = [line.strip() for line in values["subjects"].splitlines() if line.strip()]
    try:
        files = await _attachments(form, "attachments", desk.hub.settings.max_attachment_bytes)
        spec = RequestSpec(
            to=tuple(values["to"]),
            topic=values["topic"],
            priority=values["priority"] or Priority.NORMAL,
            question=values["question"],
            subjects=tuple(subjects),
            attachments=tuple(files),
        )
        shown = await run_in_threadpool(desk.hub.requests.send, desk.who, spec)
    except (pydantic.ValidationError, ValidationError) as error:
        errors = field_errors(error)
        return await run_in_threadpool(_new_page, request, desk, values, errors, 422)
    except ForbiddenError as error:
        # No agreement covers the topic with one of the recipients: said next to the choice.
        return await run_in_threadpool(_new_page, request, desk, values, {"to": str(error)}, 403)
    return RedirectResponse(f"/requests/{shown.request.id}", status_code=303)


# One request.


def _request_page(
    request: Request,
    desk: Desk,
    shown: RequestView,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    who = desk.who
    track = shown.request.track(who.agency) if shown.side == "recipient" else None
    return page(
        request,
        "request.html",
        desk.context(
            shown=shown,
            r=shown.request,
            track=track,
            now=desk.hub.clock(),
            errors=errors or {},
            values=values or {},
            codes=list(HandlingCode),
            may_answer=(
                track is not None
                and track.status in ANSWERABLE
                and desk.may(Permission.ANSWER_REQUESTS)
            ),
            may_refuse=(
                track is not None and track.status.open and desk.may(Permission.ANSWER_REQUESTS)
            ),
            may_acknowledge=(
                track is not None
                and track.status is TrackStatus.SENT
                and desk.may(Permission.ANSWER_REQUESTS)
            ),
            may_release=desk.may(Permission.RELEASE_ANSWERS),
            may_close=(
                shown.side == "sender"
                and desk.may(Permission.SEND_REQUESTS)
                and any(t.status in ANSWERABLE for t in shown.tracks)
            ),
            accept=ACCEPT,
            allowed=", ".join(ATTACHMENT_TYPES.values()),
        ),
        status=status,
    )


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def read_request(request: Request, desk: DeskDep, request_id: int) -> HTMLResponse:
    return _request_page(request, desk, desk.hub.requests.get(desk.who, request_id))


@router.post("/requests/{request_id}/acknowledge")
def acknowledge(
    request: Request,
    desk: DeskDep,
    request_id: int,
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.requests.acknowledge(desk.who, request_id)
    return RedirectResponse(f"/requests/{request_id}", status_code=303)


@router.post("/requests/{request_id}/answer", response_class=HTMLResponse)
async def answer(request: Request, desk: DeskDep, request_id: int) -> Response:
    async with request.form(max_files=MAX_ATTACHMENTS + 1, max_fields=200) as form:
        return await _answer(request, desk, request_id, form)


async def _answer(request: Request, desk: Desk, request_id: int, form: FormData) -> Response:
    check_csrf(desk.hub, request, form_text(form, "csrf"))
    values = {"text": form_text(form, "text"), "handling_code": form_text(form, "handling_code")}
    try:
        files = await _attachments(form, "attachments", desk.hub.settings.max_attachment_bytes)
        spec = AnswerSpec(
            text=values["text"],
            handling_code=values["handling_code"] or HandlingCode.H0,
            attachments=tuple(files),
        )
        await run_in_threadpool(desk.hub.requests.answer, desk.who, request_id, spec)
    except (pydantic.ValidationError, ValidationError) as error:
        errors = {f"answer-{k}": v for k, v in field_errors(error).items()}
        shown = await run_in_threadpool(desk.hub.requests.get, desk.who, request_id)
        return await run_in_threadpool(_request_page, request, desk, shown, errors, values, 422)
    return RedirectResponse(f"/requests/{request_id}#answers", status_code=303)


@router.post("/requests/{request_id}/refuse", response_class=HTMLResponse)
def refuse(
    request: Request,
    desk: DeskDep,
    request_id: int,
    reason: Annotated[str, Form(max_length=2000)] = "",
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    try:
        desk.hub.requests.refuse(desk.who, request_id, reason)
    except ValidationError as error:
        errors = {f"refuse-{k}": v for k, v in field_errors(error).items()}
        shown = desk.hub.requests.get(desk.who, request_id)
        return _request_page(request, desk, shown, errors, {"reason": reason}, 422)
    return RedirectResponse(f"/requests/{request_id}", status_code=303)


@router.post("/requests/{request_id}/answers/{answer_id}/release")
def release(
    request: Request,
    desk: DeskDep,
    request_id: int,
    answer_id: int,
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.requests.release(desk.who, request_id, answer_id)
    return RedirectResponse(f"/requests/{request_id}#answers", status_code=303)


@router.post("/requests/{request_id}/close")
def close(
    request: Request,
    desk: DeskDep,
    request_id: int,
    agency: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.requests.close(desk.who, request_id, agency or None, note.strip() or None)
    return RedirectResponse(f"/requests/{request_id}", status_code=303)


@router.get("/requests/{request_id}/attachments/{attachment_id}")
def attachment(desk: DeskDep, request_id: int, attachment_id: int) -> Response:
    """A file, as a download (never shown inline), as the API serves it."""
    meta, data = desk.hub.requests.attachment(desk.who, request_id, attachment_id)
    return Response(data, media_type=meta.content_type, headers=download_headers(meta.filename))

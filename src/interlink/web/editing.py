"""Creating and editing subjects on the desk, with validation messages next to the field.

The pages write through the hub's ``create_subject``, ``update_subject`` and
``delete_subject``, as the API's editing routes do: only the owning agency edits its subjects
(a partner that sees one in full is refused, an agency that does not see it gets "no subject"),
and every write is a new version with who, when and the reason given. A record is read for
editing under the purpose "watchlist maintenance": the edit itself is the purpose.

Addresses: ``/subjects/new`` (this router comes before the subject page's, whose
``/subjects/{uid:path}`` would take it), and ``/edit/subjects/{uid}`` and
``/delete/subjects/{uid}``, which a uid with ``:`` or ``/`` cannot confuse with a subject's page.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import pydantic
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.subjects import DocumentType, Gender, NameKind, SubjectKind, SubjectRecord
from interlink.exc import ConflictError, ForbiddenError, NotFoundError, ValidationError
from interlink.policy import Permission, require
from interlink.services.editing import uid_prefix
from interlink.web.forms import form_text
from interlink.web.pages import Desk, DeskDep
from interlink.web.render import page
from interlink.web.session import check_csrf
from interlink.web.subject_form import MAX_ROWS, ROWS, SubjectForm, blank_row

router = APIRouter(include_in_schema=False)

MAINTENANCE = "watchlist maintenance"
_TEMPLATE = "edit.html"


async def _posted(request: Request) -> FormData:
    return await request.form()


PostedDep = Annotated[FormData, Depends(_posted)]
Uid = Annotated[str, Path(max_length=200)]


def subject_address(uid: str) -> str:
    """The subject's page, opened for the purpose the edit had."""
    return f"/subjects/{quote(uid)}?purpose={quote(MAINTENANCE)}"


def _choices(desk: Desk) -> dict[str, Any]:
    """What the selects and checkboxes offer; classifications up to the user's clearance."""
    return {
        "subject_kinds": list(SubjectKind),
        "name_kinds": list(NameKind),
        "genders": list(Gender),
        "document_types": list(DocumentType),
        "topics": list(Topic),
        "categories": list(Category),
        "handling_codes": list(HandlingCode),
        "classifications": [c for c in Classification if c.rank <= desk.who.clearance.rank],
    }


def _form_page(
    request: Request,
    desk: Desk,
    form: SubjectForm,
    record: SubjectRecord | None,
    *,
    status: int = 200,
    delete_error: str | None = None,
    delete_reason: str = "",
) -> HTMLResponse:
    """The form, new (``record`` None) or over ``record``, with what a refused save said."""
    action = "/subjects/new" if record is None else f"/edit/subjects/{quote(record.uid)}"
    context = desk.context(
        form=form,
        record=record,
        action=action,
        base=record.content_hash() if record is not None else "",
        prefix=uid_prefix(desk.who.agency),
        subject_page=subject_address(record.uid) if record is not None else "",
        delete_error=delete_error,
        delete_reason=delete_reason,
        max_rows=MAX_ROWS,
        **_choices(desk),
    )
    return page(request, _TEMPLATE, context, status=status)


def _editable(desk: Desk, uid: str) -> SubjectRecord:
    """The live record of ``uid`` if the user may edit it: the hub's own answers otherwise
    (no subject: 404; a partner's: 403)."""
    require(desk.who.roles, Permission.EDIT_SUBJECTS)
    record = desk.hub.read_subject(desk.who, uid, MAINTENANCE)
    if record.owner != desk.who.agency:
        raise ForbiddenError(f"subject {uid} belongs to {record.owner}; only its owner edits it")
    return record


def _added(desk: Desk, form: SubjectForm) -> dict[str, Any] | None:
    """The provenance of what this save adds, when the user names a source."""
    source = form.value("source").strip()
    if not source:
        return None
    return {"added_by": desk.who.username, "added_at": desk.hub.clock(), "source": source}


def _record(desk: Desk, form: SubjectForm, base: SubjectRecord | None) -> SubjectRecord | None:
    """The record the form makes, or None with the form's errors set."""
    form.check_clearance(desk.who.clearance)
    try:
        record = SubjectRecord.model_validate(form.to_data(base, _added(desk, form)))
    except pydantic.ValidationError as error:
        form.take_validation(error)
        return None
    return None if form.has_errors() else record


def _asked_for_a_row(form: SubjectForm, data: FormData) -> bool:
    """An "add a name" (or a birth date, a document) without HTMX: the form comes back with
    one more row, and nothing is saved."""
    section = form_text(data, "add")
    if section not in ROWS:
        return False
    form.more[section] = 1
    return True


@router.get("/subjects/new", response_class=HTMLResponse)
def new_subject(request: Request, desk: DeskDep) -> HTMLResponse:
    require(desk.who.roles, Permission.EDIT_SUBJECTS)
    return _form_page(request, desk, SubjectForm.blank(), None)


@router.post("/subjects/new", response_class=HTMLResponse)
def create_subject(request: Request, desk: DeskDep, data: PostedDep) -> Response:
    check_csrf(desk.hub, request, form_text(data, "csrf"))
    require(desk.who.roles, Permission.EDIT_SUBJECTS)
    form = SubjectForm.from_form(data, new=True)
    if _asked_for_a_row(form, data):
        return _form_page(request, desk, form, None)
    record = _record(desk, form, None)
    if record is not None:
        try:
            made = desk.hub.create_subject(desk.who, record, form.value("reason"))
        except ValidationError as error:
            form.take_hub_error(str(error))
        else:
            return RedirectResponse(subject_address(made.uid), status_code=303)
    return _form_page(request, desk, form, None, status=422)


@router.get("/edit/subjects/{uid:path}", response_class=HTMLResponse)
def edit_subject(request: Request, desk: DeskDep, uid: Uid) -> HTMLResponse:
    record = _editable(desk, uid)
    return _form_page(request, desk, SubjectForm.from_record(record), record)


@router.post("/edit/subjects/{uid:path}", response_class=HTMLResponse)
def save_subject(request: Request, desk: DeskDep, uid: Uid, data: PostedDep) -> Response:
    check_csrf(desk.hub, request, form_text(data, "csrf"))
    current = _editable(desk, uid)
    form = SubjectForm.from_form(data, new=False)
    if _asked_for_a_row(form, data):
        return _form_page(request, desk, form, current)
    if form_text(data, "base") != current.content_hash():
        # Someone saved the subject since this form was opened: saving now would undo their
        # change to what the form shows. The form comes back over the record as it is now.
        form.notices.append(
            "Someone changed this subject after you opened the form. Open its page to see "
            "the change; saving again replaces it in the fields this form shows."
        )
        return _form_page(request, desk, form, current, status=ConflictError.status)
    record = _record(desk, form, current)
    if record is not None:
        try:
            desk.hub.update_subject(desk.who, uid, record, form.value("reason"))
        except ValidationError as error:
            form.take_hub_error(str(error))
        else:
            return RedirectResponse(subject_address(uid), status_code=303)
    return _form_page(request, desk, form, current, status=422)


@router.post("/delete/subjects/{uid:path}", response_class=HTMLResponse)
def delete_subject(request: Request, desk: DeskDep, uid: Uid, data: PostedDep) -> Response:
    check_csrf(desk.hub, request, form_text(data, "csrf"))
    reason = form_text(data, "reason")
    try:
        if len(reason) > 1000:
            raise ValidationError("reason: at most 1000 characters")
        desk.hub.delete_subject(desk.who, uid, reason)
    except ValidationError as error:
        current = _editable(desk, uid)
        message = str(error).removeprefix("reason: ")
        return _form_page(
            request,
            desk,
            SubjectForm.from_record(current),
            current,
            status=422,
            delete_error=message[:1].upper() + message[1:],
            delete_reason=reason,
        )
    return RedirectResponse("/", status_code=303)


@router.get("/edit/rows/{section}", response_class=HTMLResponse)
def one_more_row(
    request: Request,
    desk: DeskDep,
    section: str,
    index: Annotated[int, Query(ge=0, le=999)] = 0,
) -> HTMLResponse:
    """One more blank row of a section, and the "add" button that asks for the next (HTMX)."""
    require(desk.who.roles, Permission.EDIT_SUBJECTS)
    if section not in ROWS:
        raise NotFoundError(f"no rows {section}")
    row = (index, blank_row(section, index))
    context = desk.context(form=SubjectForm(), section=section, row=row, **_choices(desk))
    return page(request, "_edit_row.html", context)

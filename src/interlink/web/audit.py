"""The audit trail on the desk, for auditors: who accessed the agency's records, and the
status of the audit chain's verification.

The trail is the API's access report (``hub.access_page``, a hundred lines at a time, newest
first, read down an index; ``hub.access_report`` whole as CSV), and each reading of it is an
audit event as the API's is. The chain is verified when the auditor asks (``hub.verify_audit``:
it reads every event of the log), never on a page's load; the page shows this worker's last
verification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from interlink.api.downloads import download_headers
from interlink.exc import ValidationError
from interlink.policy import Permission, require
from interlink.services.auditing import ACTIONS, AccessFilter, access_csv
from interlink.web.forms import field_errors
from interlink.web.pages import Desk, DeskDep
from interlink.web.render import page
from interlink.web.session import CsrfField, check_csrf

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100

DateQuery = Annotated[str, Query(max_length=40)]
AgencyQuery = Annotated[str, Query(max_length=40)]
ActionQuery = Annotated[str, Query(max_length=40)]


@dataclass(frozen=True, slots=True)
class _Form:
    """The filter form as entered, kept to be shown again."""

    since: str
    until: str
    agency: str
    action: str

    def query(self, **more: object) -> str:
        """The address's query of the filters given (and ``more``), for links and the CSV."""
        values: dict[str, object] = {
            "since": self.since.strip(),
            "until": self.until.strip(),
            "agency": self.agency.strip(),
            "action": self.action,
            **more,
        }
        return urlencode({k: v for k, v in values.items() if v})


def _day(text: str, field: str, errors: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[field] = "not a date: write it as YYYY-MM-DD"
        return None


def _filter(form: _Form) -> tuple[AccessFilter | None, dict[str, str]]:
    """The hub's filter of the form, or the messages by field. ``until`` is a last day,
    included: the filter ends at the next midnight (UTC)."""
    errors: dict[str, str] = {}
    first, last = _day(form.since, "since", errors), _day(form.until, "until", errors)
    if first is not None and last is not None and last < first:
        errors["until"] = "the last day comes before the first"
    if errors:
        return None, errors
    since = datetime.combine(first, time.min, UTC) if first else None
    until = None
    if last is not None and last < date.max:  # the last day of the calendar: no end
        until = datetime.combine(last + timedelta(days=1), time.min, UTC)
    try:
        return AccessFilter.checked(since, until, form.agency, form.action), {}
    except ValidationError as error:
        return None, field_errors(error)


def _trail_page(request: Request, desk: Desk, form: _Form, before: int | None) -> HTMLResponse:
    wanted, errors = _filter(form)
    found = None if wanted is None else desk.hub.access_page(desk.who, wanted, before, PAGE_SIZE)
    context: dict[str, Any] = desk.context(
        form=form,
        errors=errors,
        actions=ACTIONS,
        rows=found.rows if found else [],
        older=form.query(before=found.older) if found and found.older else None,
        newest=("/audit?" + form.query()).rstrip("?") if before is not None else None,
        csv_query=form.query(),
        may_verify=desk.may(Permission.VERIFY_AUDIT),
        page_size=PAGE_SIZE,
    )
    return page(request, "audit.html", context, status=422 if errors else 200)


@router.get("/audit", response_class=HTMLResponse)
def trail(
    request: Request,
    desk: DeskDep,
    since: DateQuery = "",
    until: DateQuery = "",
    agency: AgencyQuery = "",
    action: ActionQuery = "",
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> HTMLResponse:
    """Who accessed the agency's records and why, newest first, a hundred at a time."""
    require(desk.who.roles, Permission.READ_AUDIT)
    return _trail_page(request, desk, _Form(since, until, agency, action), before)


@router.get("/audit.csv")
def trail_csv(
    desk: DeskDep,
    since: DateQuery = "",
    until: DateQuery = "",
    agency: AgencyQuery = "",
    action: ActionQuery = "",
) -> Response:
    """Every line of the trail with the page's filters, newest first, as a CSV download."""
    require(desk.who.roles, Permission.READ_AUDIT)
    wanted, errors = _filter(_Form(since, until, agency, action))
    if wanted is None:
        raise ValidationError("; ".join(f"{field}: {message}" for field, message in errors.items()))
    rows = desk.hub.access_report(desk.who, wanted)
    stamp = desk.hub.clock().strftime("%Y%m%dT%H%M%SZ")
    filename = f"interlink-accesses-{desk.who.agency}-{stamp}.csv"
    return StreamingResponse(
        access_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers=download_headers(filename),  # an agency's code is letters, digits, - and _
    )


# The chain.


@router.get("/audit/chain", response_class=HTMLResponse)
def chain(request: Request, desk: DeskDep) -> HTMLResponse:
    """This worker's last verification of the audit chain, and the button to verify it now."""
    check = desk.hub.last_verification(desk.who)
    return page(request, "audit_chain.html", desk.context(check=check))


@router.post("/audit/chain", response_class=HTMLResponse)
def verify_chain(request: Request, desk: DeskDep, csrf: CsrfField = "") -> Response:
    check_csrf(desk.hub, request, csrf)
    check = desk.hub.verify_audit(desk.who)
    if request.headers.get("hx-request"):
        return page(request, "_audit_chain.html", desk.context(check=check))
    return RedirectResponse("/audit/chain", status_code=303)

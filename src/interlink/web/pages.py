"""The analyst's desk: server-rendered pages over the same hub services as the API.

Every page asks the hub as its user, through the methods the API routes call, so the access
policy, the role permissions and the audit trail are the API's own: no page reads the database
by itself. A page that needs a purpose (a search, a subject's record) asks for one, as the API
does, and the purpose travels with the links it gives.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from interlink.api.deps import HubDep, client_address
from interlink.api.routes.notifications import event_stream
from interlink.api.routes.statistics import chart_response
from interlink.api.routes.subjects import result_public
from interlink.api.schemas import ResultPublic
from interlink.domain.agencies import AgencyKind
from interlink.domain.subjects import SubjectRecord
from interlink.exc import InterlinkError, NotFoundError, ThrottledError, ValidationError
from interlink.policy import Permission, permits
from interlink.reports.charts import CHARTS
from interlink.services.accounts import Principal
from interlink.services.hub import Hub
from interlink.store.repositories.screenings import AlertStatus, RunStatus
from interlink.web.forms import FORM, field_errors
from interlink.web.render import page
from interlink.web.session import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    CsrfField,
    check_csrf,
    check_login_nonce,
    clear_cookie,
    csrf_token,
    new_login_nonce,
    page_principal,
    set_cookie,
)

router = APIRouter(include_in_schema=False)

PURPOSES = (
    "counter-terrorism investigation",
    "border screening",
    "answering a partner's request",
    "watchlist maintenance",
)


@dataclass(frozen=True)
class Desk:
    """The user at the desk, with the hub, the session's token and its CSRF token."""

    hub: Hub
    who: Principal
    token: str
    csrf: str

    def context(self, **values: Any) -> dict[str, Any]:
        return {"who": self.who, "csrf": self.csrf, **values}

    def may(self, permission: Permission) -> bool:
        return permits(self.who.roles, permission)


def get_desk(request: Request, hub: HubDep) -> Desk:
    who, token = page_principal(hub, request)
    return Desk(hub, who, token, csrf_token(hub, token))


DeskDep = Annotated[Desk, Depends(get_desk)]


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (``//evil``) or a scheme."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


# Login and logout.


def _login_page(
    request: Request,
    *,
    error: str | None = None,
    username: str = "",
    status: int = 200,
    next: str | None = None,
) -> HTMLResponse:
    """The login form; ``next`` (else the address's own) is where a login goes on to."""
    nonce = new_login_nonce()
    response = page(
        request,
        "login.html",
        {
            "error": error,
            "username": username,
            "nonce": nonce,
            "next": _safe_next(next if next is not None else request.query_params.get("next")),
        },
        status=status,
    )
    set_cookie(response, LOGIN_COOKIE, nonce, max_age=3600)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    hub: HubDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    nonce: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if not check_login_nonce(request, nonce):
        return _login_page(
            request,
            error="The login form expired or came from another site. Please try again.",
            username=username,
            status=403,
            next=next,
        )
    if not username.strip() or not password:
        return _login_page(
            request, error="Give your user name and password.", status=422, next=next
        )
    try:
        token, _record = hub.login(username.strip(), password, client_address(request))
    except ThrottledError as error:
        minutes = max(1, round(error.retry_after / 60))
        return _login_page(
            request,
            error=f"Too many failed logins. Try again in {minutes} minute(s).",
            username=username,
            status=429,
            next=next,
        )
    except InterlinkError:
        return _login_page(
            request, error="Wrong user name or password.", username=username, status=401, next=next
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_cookie(response, SESSION_COOKIE, token, max_age=SESSION_SECONDS)
    clear_cookie(response, LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, desk: DeskDep, csrf: CsrfField = "") -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.logout(desk.token)
    response = RedirectResponse("/login", status_code=303)
    clear_cookie(response, SESSION_COOKIE)
    return response


# The dashboard.


def _this_year(hub: Hub) -> str:
    return str(hub.clock().year)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, desk: DeskDep) -> HTMLResponse:
    hub, who = desk.hub, desk.who
    now = hub.clock()
    notices = hub.notifications(who, True, 8, 0) if desk.may(Permission.READ_NOTIFICATIONS) else []
    due: list[Any] = []
    overdue: list[Any] = []
    if desk.may(Permission.READ_REQUESTS):
        # The open requests received, however old, the soonest deadline first.
        received = hub.requests.listing(who, "inbox", None, False, 20, 0, open_by_deadline=True)
        for view in received:
            track = view.request.track(who.agency)
            if track is not None:
                (overdue if track.overdue(now) else due).append((view, track))
        for view in hub.requests.listing(who, "outbox", None, True, 20, 0):
            for track in view.request.tracks:
                if track.overdue(now):
                    overdue.append((view, track))
    overdue.sort(key=lambda pair: pair[1].due_at)
    movements = (
        hub.encounters.received(who, None, 8, 0, newest_first=True)
        if desk.may(Permission.READ_SUBJECTS)
        else []
    )
    runs = hub.runs.runs(who, 5, 0) if desk.may(Permission.RUN_SCREENING) else []
    # My alerts: those of the recent runs still waiting for a decision.
    alerts = [
        (run, shown)
        for run in runs
        if run.status is RunStatus.DONE and run.alerts
        for shown in hub.runs.alerts(who, run.id, AlertStatus.OPEN, 10, 0)
    ][:10]
    charts = desk.may(Permission.READ_STATISTICS)
    return page(
        request,
        "dashboard.html",
        desk.context(
            now=now,
            notices=notices,
            due=due[:10],
            overdue=overdue[:10],
            movements=movements,
            runs=runs,
            alerts=alerts,
            charts=charts,
            period=_this_year(hub),
        ),
    )


# Search.


def _search_context(
    desk: Desk,
    name: str,
    purpose: str,
    birth_date: str,
    nationality: str,
    gender: str,
    likely: bool,
) -> dict[str, Any]:
    results: list[ResultPublic] = []
    errors: dict[str, str] = {}
    searched = bool(name.strip())
    if searched:
        try:
            found = desk.hub.search(
                desk.who,
                purpose,
                name,
                birth_date=birth_date.strip() or None,
                nationality=nationality.strip().upper() or None,
                gender=gender or None,
                top=20,
                threshold=0.5 if likely else 0.0,
            )
            results = [result_public(h) for h in found]
        except ValidationError as error:
            errors = field_errors(error)
            if FORM in errors:  # a refusal naming no field is the name's
                errors["name"] = errors.pop(FORM)
            searched = False
    return desk.context(
        name=name,
        purpose=purpose,
        birth_date=birth_date,
        nationality=nationality,
        gender=gender,
        likely=likely,
        purposes=PURPOSES,
        results=results,
        searched=searched,
        errors=errors,
        purpose_query=urlencode({"purpose": purpose}),
        may_send=desk.may(Permission.SEND_REQUESTS),
        may_edit=desk.may(Permission.EDIT_SUBJECTS),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    desk: DeskDep,
    name: Annotated[str, Query(max_length=500)] = "",
    purpose: Annotated[str, Query(max_length=500)] = PURPOSES[0],
    birth_date: Annotated[str, Query(max_length=20)] = "",
    nationality: Annotated[str, Query(max_length=3)] = "",
    gender: Annotated[str, Query(max_length=10)] = "",
    likely: bool = False,
) -> HTMLResponse:
    """Ranked results, best first (20 at most), or only those at or above the default
    threshold (``likely``); results the agency sees only as hits come at the threshold."""
    context = _search_context(desk, name, purpose, birth_date, nationality, gender, likely)
    # HTMX asks for the results alone as the user types; a plain request gets the whole page.
    template = "_results.html" if request.headers.get("hx-request") else "search.html"
    return page(request, template, context)


# A subject.


def _names_by_script(record: SubjectRecord) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for name in record.names:
        groups[name.script or "Common"].append(name)
    order = {"Latin": 0, "Cyrillic": 1, "Arabic": 2}
    return sorted(groups.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))


def _check_uid(uid: str) -> None:
    """A subject's address too long to be one names no subject (404, as an unknown one)."""
    if len(uid) > 200:
        raise NotFoundError(f"no subject {uid[:200]}")


@router.get("/subjects/{uid:path}", response_class=HTMLResponse)
def subject(
    request: Request,
    desk: DeskDep,
    uid: str,
    purpose: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    _check_uid(uid)
    if not purpose.strip():
        # No read happens before the purpose is stated; the form says nothing of the record.
        return page(
            request,
            "purpose.html",
            desk.context(uid=uid, purposes=PURPOSES, action=f"/subjects/{quote(uid)}"),
        )
    record = desk.hub.read_subject(desk.who, uid, purpose)
    own = record.owner == desk.who.agency
    history = desk.hub.history(desk.who, uid, purpose)
    movements = desk.hub.encounters.received(desk.who, uid, 200, 0) if own else []
    # Only the owner's analysts see, and set, whether movements are reported: a partner is
    # told nothing of the flag (``services.encounters``).
    may_flag = own and desk.may(Permission.EDIT_SUBJECTS)
    flag = desk.hub.encounters.flag_of(desk.who, uid) if may_flag else None
    # A partner's record may be asked about; a list authority's (a public list) may not.
    askable = (
        not own
        and desk.may(Permission.SEND_REQUESTS)
        and any(
            a.code == record.owner and a.kind is not AgencyKind.LIST_AUTHORITY
            for a in desk.hub.agencies(desk.who)
        )
    )
    return page(
        request,
        "subject.html",
        desk.context(
            record=record,
            own=own,
            askable=askable,
            may_edit=own and desk.may(Permission.EDIT_SUBJECTS),
            may_flag=may_flag,
            flag=flag,
            groups=_names_by_script(record),
            history=history,
            movements=movements,
            purpose=purpose,
            purpose_query=urlencode({"purpose": purpose}),
            today=desk.hub.clock().date(),
        ),
    )


@router.post("/subjects/{uid:path}/report-movements", response_class=HTMLResponse)
def report_movements(
    request: Request,
    desk: DeskDep,
    uid: str,
    report: Annotated[str, Form(max_length=10)] = "",
    purpose: Annotated[str, Form(max_length=500)] = "",
    csrf: CsrfField = "",
) -> Response:
    """Ask for movement reports on one of the agency's subjects, or stop, as the API's
    ``PUT /subjects/{uid}/report-movements``; back to the subject (its flag alone for HTMX)."""
    check_csrf(desk.hub, request, csrf)
    _check_uid(uid)
    if report not in ("on", "off"):
        raise ValidationError("report: on or off")
    flag = desk.hub.encounters.flag(desk.who, uid, report == "on")
    if request.headers.get("hx-request"):
        context = desk.context(record_uid=uid, flag=flag, purpose=purpose)
        return page(request, "_movement_flag.html", context)
    target = f"/subjects/{quote(uid)}?{urlencode({'purpose': purpose})}#moves-h"
    return RedirectResponse(target, status_code=303)


# Notifications.


@router.get("/notifications", response_class=HTMLResponse)
def notifications(
    request: Request,
    desk: DeskDep,
    unread: bool = False,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> HTMLResponse:
    found = desk.hub.notifications(desk.who, unread, 50, offset)
    return page(
        request,
        "notifications.html",
        desk.context(notices=found, unread_only=unread),
    )


@router.get("/notifications/live")
async def live_notifications(request: Request, desk: DeskDep) -> StreamingResponse:
    """The inbox as server-sent events for the page's script, as the API streams it; it ends
    when the session does."""
    last = request.headers.get("last-event-id")
    return await event_stream(request, desk.hub, desk.who, desk.token, last)


@router.post("/notifications/{notification_id}/read")
def read_notification(
    request: Request,
    desk: DeskDep,
    notification_id: int,
    csrf: CsrfField = "",
) -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.read_notification(desk.who, notification_id)
    if request.headers.get("hx-request"):
        return HTMLResponse('<span class="muted small">read</span>')
    return RedirectResponse("/notifications", status_code=303)


# Small charts for the dashboard, drawn from what the agency may see.


@router.get("/charts/{name}.svg")
def chart(desk: DeskDep, name: str, period: Annotated[str, Query(max_length=20)]) -> Response:
    if name not in CHARTS:
        raise NotFoundError(f"no chart {name}")
    return chart_response(desk.hub, desk.who, name, "svg", period)


# Statistics for the council, as the agency may see them.


@router.get("/statistics", response_class=HTMLResponse)
def statistics(
    request: Request,
    desk: DeskDep,
    period: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    chosen = period.strip() or _this_year(desk.hub)
    try:
        found = desk.hub.statistics(desk.who, chosen, "page")
    except ValidationError as error:
        return page(
            request,
            "statistics.html",
            desk.context(stats=None, period=chosen, error=str(error), charts=()),
            status=422,
        )
    return page(
        request,
        "statistics.html",
        desk.context(stats=found, period=chosen, error=None, charts=tuple(CHARTS)),
    )

"""Agency administration on the desk: the agency's settings, its users, tokens, agreements
and webhooks.

The pages are an agency admin's (``Permission.MANAGE_USERS``, which the hub admin holds too,
with no tokens but their own, no agreements and no webhooks) and call the hub as the API's
account, agreement and webhook routes do: the same permission checks, the same audit events,
and another agency's users, tokens, agreements and webhooks are not there to see. A token's or
a webhook's secret is shown once, in the answer to the form that made it: never again, and
never in an address.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

import pydantic
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from interlink.api.routes.agreements import agreement_public
from interlink.api.routes.notifications import WebhookIn
from interlink.api.schemas import TokenCreate, UserCreate
from interlink.domain.agencies import AgreementSpec, Role
from interlink.domain.codes import Classification, Priority, SharingLevel, Topic
from interlink.domain.requests import DEFAULT_RESPONSE_HOURS
from interlink.exc import ConflictError, NotFoundError, ValidationError
from interlink.policy import NOTICE_KINDS, Permission, may_manage_user, require
from interlink.store.repositories.agencies import Agency
from interlink.store.repositories.notifications import Delivery, Webhook
from interlink.web.forms import FORM, field_errors
from interlink.web.pages import Desk, DeskDep
from interlink.web.render import page
from interlink.web.session import CsrfField, check_csrf

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form(max_length=1000)]
Choices = Annotated[list[str] | None, Form()]
AgreementCode = Annotated[str, Path(max_length=32)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

# What a redirect after a change says, by a fixed key: no text of the address is shown.
DONE = {
    "four-eyes": "The setting is saved.",
    "proposed": "Agreement proposed: it comes into force once every other party accepts it.",
    "accepted": "Agreement accepted.",
    "suspended": "Agreement suspended: it opens nothing until it is resumed.",
    "resumed": "Agreement resumed.",
    "webhook-disabled": "Webhook disabled: nothing more is posted to it.",
    "replayed": "Delivery put back in line: it is sent again from its first attempt.",
}
# The failed deliveries shown per webhook, newest first.
SET_ASIDE_SHOWN = 50
LEVELS = (("", "not covered"), (SharingLevel.HIT.value, "hit"), (SharingLevel.FULL.value, "full"))
# Pydantic's words for a pattern, in a person's.
_PATTERNS = {
    "username": "2 to 64 characters: lower-case letters, digits, '.', '_' and '-', "
    "starting with a letter or a digit",
    "code": "2 to 32 characters: capital letters, digits, '_' and '-', "
    "starting with a letter or a digit",
}
# The agreement's rules across fields, by the field a person corrects.
_AGREEMENT_RULES = {
    "valid_to is before valid_from": "valid_to",
    "an agency is named twice among the parties": "parties",
    "a topic is listed twice; each topic has one sharing level": "terms",
}


def _errors(error: pydantic.ValidationError | ValidationError) -> dict[str, str]:
    found = field_errors(error)
    for field, hint in _PATTERNS.items():
        if found.get(field, "").startswith("String should match pattern"):
            found[field] = hint
    return found


def _sections(desk: Desk) -> list[tuple[str, str]]:
    shown = [("/admin", "Overview"), ("/admin/users", "Users"), ("/admin/tokens", "Tokens")]
    if desk.may(Permission.MANAGE_AGREEMENTS):
        shown.append(("/admin/agreements", "Agreements"))
    if desk.may(Permission.CONFIGURE_AGENCY):
        shown.append(("/admin/webhooks", "Webhooks"))
    return shown


def _context(desk: Desk, done: str = "", **values: Any) -> dict[str, Any]:
    return desk.context(sections=_sections(desk), done=DONE.get(done), **values)


def _own_agency(desk: Desk) -> Agency:
    found = next((a for a in desk.hub.agencies(desk.who) if a.code == desk.who.agency), None)
    if found is None:
        raise NotFoundError(f"no agency {desk.who.agency}")
    return found


# The overview and the agency's settings.


def _overview(
    request: Request, desk: Desk, done: str = "", errors: dict[str, str] | None = None
) -> HTMLResponse:
    require(desk.who.roles, Permission.MANAGE_USERS)
    hub, who = desk.hub, desk.who
    now = hub.clock()
    found = hub.agreements(who) if desk.may(Permission.MANAGE_AGREEMENTS) else []
    hooks = _webhooks(desk) if desk.may(Permission.CONFIGURE_AGENCY) else []
    context = _context(
        desk,
        done,
        agency=_own_agency(desk),
        users=len(hub.users(who)),
        tokens=sum(1 for t in hub.tokens(who) if t.state(now) == "active"),
        agreements=len(found),
        in_force=sum(1 for a in found if a.in_force(now.date())),
        awaiting=[a.code for a in found if who.agency in a.pending],
        webhooks=sum(1 for h, _ in hooks if h.disabled_at is None),
        set_aside=sum(len(failed) for _, failed in hooks),
        may_configure=desk.may(Permission.CONFIGURE_AGENCY),
        may_agreements=desk.may(Permission.MANAGE_AGREEMENTS),
        errors=errors or {},
    )
    return page(request, "admin.html", context, status=422 if errors else 200)


@router.get("/admin", response_class=HTMLResponse)
def overview(
    request: Request, desk: DeskDep, done: Annotated[str, Query(max_length=30)] = ""
) -> HTMLResponse:
    return _overview(request, desk, done)


@router.post("/admin/agency", response_class=HTMLResponse)
def configure(
    request: Request, desk: DeskDep, four_eyes: Text = "", csrf: CsrfField = ""
) -> Response:
    check_csrf(desk.hub, request, csrf)
    if four_eyes not in ("on", "off"):
        return _overview(request, desk, errors={"four_eyes": "choose on or off"})
    desk.hub.configure_agency(desk.who, desk.who.agency, four_eyes == "on")
    return RedirectResponse("/admin?done=four-eyes", status_code=303)


# Users.


def _users_page(
    request: Request,
    desk: Desk,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    created: str = "",
) -> HTMLResponse:
    who = desk.who
    users = desk.hub.users(who)
    # The hub admin creates users of any agency (an agency's first admin); others, their own.
    agencies = (
        [a.code for a in desk.hub.agencies(who)] if desk.may(Permission.MANAGE_AGENCIES) else []
    )
    context = _context(
        desk,
        users=users,
        created=created if any(u.username == created for u in users) else "",
        roles=[r for r in Role if may_manage_user(who.roles, who.agency, who.agency, (r,))],
        clearances=[c.value for c in Classification],
        agencies=agencies,
        form=form or {"roles": [], "clearance": Classification.RESTRICTED.value},
        errors=errors or {},
    )
    return page(request, "admin_users.html", context, status=422 if errors else 200)


@router.get("/admin/users", response_class=HTMLResponse)
def users(
    request: Request, desk: DeskDep, created: Annotated[str, Query(max_length=64)] = ""
) -> HTMLResponse:
    return _users_page(request, desk, created=created)


@router.post("/admin/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    desk: DeskDep,
    username: Text = "",
    display_name: Text = "",
    roles: Choices = None,
    clearance: Text = "",
    agency: Text = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    password_again: Annotated[str, Form(max_length=1024)] = "",
    csrf: CsrfField = "",
) -> Response:
    """Create a user of the agency with an initial password; the password is never shown
    again, not even on a refused form."""
    check_csrf(desk.hub, request, csrf)
    require(desk.who.roles, Permission.MANAGE_USERS)
    form = {
        "username": username.strip(),
        "display_name": display_name.strip(),
        "roles": roles or [],
        "clearance": clearance,
        "agency": agency,
    }
    errors = {} if password == password_again else {"password_again": "the passwords differ"}
    try:
        body = UserCreate.model_validate({**form, "agency": agency or None, "password": password})
        if not errors:
            desk.hub.create_user(desk.who, body.to_spec(desk.who.agency), body.password)
    except pydantic.ValidationError as error:
        errors = _errors(error) | errors
    except ConflictError as error:  # the name is taken
        errors["username"] = str(error)
    if errors:
        return _users_page(request, desk, form, errors)
    created = urlencode({"created": form["username"]})
    return RedirectResponse(f"/admin/users?{created}", status_code=303)


# Tokens.


def _tokens_page(
    request: Request,
    desk: Desk,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    require(desk.who.roles, Permission.MANAGE_USERS)
    hub, who = desk.hub, desk.who
    # An agency admin issues tokens for the agency's users; the hub admin, for itself.
    holders = (
        [u.username for u in hub.users(who)]
        if desk.may(Permission.MANAGE_TOKENS)
        else [who.username]
    )
    context = _context(
        desk,
        tokens=sorted(hub.tokens(who), key=lambda t: t.id, reverse=True),
        now=hub.clock(),
        holders=holders,
        lifetime=hub.settings.token_lifetime_days,
        form=form or {"username": who.username, "days": ""},
        errors=errors or {},
    )
    return page(request, "admin_tokens.html", context, status=422 if errors else 200)


@router.get("/admin/tokens", response_class=HTMLResponse)
def tokens(request: Request, desk: DeskDep) -> HTMLResponse:
    return _tokens_page(request, desk)


@router.post("/admin/tokens", response_class=HTMLResponse)
def issue_token(
    request: Request,
    desk: DeskDep,
    name: Text = "",
    days: Annotated[str, Form(max_length=10)] = "",
    username: Annotated[str, Form(max_length=64)] = "",
    csrf: CsrfField = "",
) -> Response:
    """Issue a token and show its secret in this answer, the only time it is shown: a
    redirect would have to carry it in its address."""
    check_csrf(desk.hub, request, csrf)
    require(desk.who.roles, Permission.MANAGE_USERS)
    form = {"name": name.strip(), "days": days.strip(), "username": username}
    errors: dict[str, str] = {}
    lifetime: int | None = None
    if form["days"]:
        try:
            lifetime = int(form["days"])
        except ValueError:
            errors["days"] = "a whole number of days"
    try:
        body = TokenCreate(name=form["name"], days=lifetime, username=username or None)
        if not errors:
            token, record = desk.hub.issue_token(desk.who, body.name, body.days, body.username)
    except pydantic.ValidationError as error:
        errors = _errors(error) | errors
    except ValidationError as error:  # the hub's limits: the lifetime, the name
        errors["days" if "days" in str(error) else "name"] = str(error)
    if errors:
        return _tokens_page(request, desk, form, errors)
    context = _context(desk, token=token, record=record)
    return page(request, "admin_token_issued.html", context)


@router.post("/admin/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke_token(
    request: Request, desk: DeskDep, token_id: RowId, csrf: CsrfField = ""
) -> Response:
    check_csrf(desk.hub, request, csrf)
    require(desk.who.roles, Permission.MANAGE_USERS)
    revoked = desk.hub.revoke_token(desk.who, token_id)
    if request.headers.get("hx-request"):
        context = desk.context(t=revoked, now=desk.hub.clock())
        return page(request, "_admin_token.html", context)
    return RedirectResponse("/admin/tokens", status_code=303)


# Agreements.


def _partners(desk: Desk) -> list[Agency]:
    return [a for a in desk.hub.agencies(desk.who) if a.code != desk.who.agency]


def _agreements_page(
    request: Request,
    desk: Desk,
    done: str = "",
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    require(desk.who.roles, Permission.MANAGE_AGREEMENTS)
    today = desk.hub.clock().date()
    found = [agreement_public(a, today) for a in desk.hub.agreements(desk.who)]
    context = _context(
        desk,
        done,
        agreements=found,
        awaiting=[a for a in found if desk.who.agency in a.pending],
        partners=_partners(desk),
        topics=list(Topic),
        levels=LEVELS,
        priorities=[(p.value, DEFAULT_RESPONSE_HOURS[p]) for p in Priority],
        form=form or {"parties": [], "terms": {}, "hours": {}, "valid_from": today.isoformat()},
        errors=errors or {},
    )
    return page(request, "admin_agreements.html", context, status=422 if errors else 200)


@router.get("/admin/agreements", response_class=HTMLResponse)
def agreements(
    request: Request, desk: DeskDep, done: Annotated[str, Query(max_length=30)] = ""
) -> HTMLResponse:
    return _agreements_page(request, desk, done)


def _hours_errors(error: pydantic.ValidationError) -> dict[str, str]:
    """The messages on ``response_hours``, by the priority's own field."""
    return {
        f"hours_{item['loc'][1]}": str(item["msg"])
        for item in error.errors()
        if item["loc"][:1] == ("response_hours",) and len(item["loc"]) > 1
    }


def _agreement_errors(error: pydantic.ValidationError) -> dict[str, str]:
    found = _errors(error)
    found.pop("response_hours", None)
    found.update(_hours_errors(error))
    if found.get("parties", "").startswith("Tuple should have at least"):
        found["parties"] = "choose at least one other party"
    if found.get("terms", "").startswith("Tuple should have at least"):
        found["terms"] = "choose a sharing level for at least one topic"
    for field in ("valid_from", "valid_to"):
        if field in found and "date" in found[field]:
            found[field] = "a date: YYYY-MM-DD"
    rule = _AGREEMENT_RULES.get(found.get(FORM, ""))
    if rule is not None:
        found[rule] = found.pop(FORM)
    return found


@router.post("/admin/agreements", response_class=HTMLResponse)
def propose(
    request: Request,
    desk: DeskDep,
    code: Text = "",
    title: Text = "",
    parties: Choices = None,
    terms: Choices = None,
    valid_from: Annotated[str, Form(max_length=20)] = "",
    valid_to: Annotated[str, Form(max_length=20)] = "",
    hours_urgent: Annotated[str, Form(max_length=10)] = "",
    hours_high: Annotated[str, Form(max_length=10)] = "",
    hours_normal: Annotated[str, Form(max_length=10)] = "",
    csrf: CsrfField = "",
) -> Response:
    """Propose an agreement between the caller's agency and the parties chosen, covering each
    topic given a level (one select per topic, ``topic:level``)."""
    check_csrf(desk.hub, request, csrf)
    require(desk.who.roles, Permission.MANAGE_AGREEMENTS)
    chosen: dict[str, str] = {}
    for term in terms or []:
        topic, _, level = term.partition(":")
        if topic:
            chosen[topic] = level
    given = {"urgent": hours_urgent, "high": hours_high, "normal": hours_normal}
    form: dict[str, Any] = {
        "code": code.strip(),
        "title": title.strip(),
        "parties": parties or [],
        "terms": chosen,
        "valid_from": valid_from.strip(),
        "valid_to": valid_to.strip(),
        "hours": {p: h.strip() for p, h in given.items() if h.strip()},
    }
    try:
        spec = AgreementSpec.model_validate(
            {
                "code": form["code"],
                "title": form["title"],
                "parties": [desk.who.agency, *form["parties"]],
                "terms": [{"topic": t, "level": lv} for t, lv in chosen.items()],
                "valid_from": form["valid_from"] or None,
                "valid_to": form["valid_to"] or None,
                "response_hours": form["hours"],
            }
        )
        made = desk.hub.propose_agreement(desk.who, spec)
    except pydantic.ValidationError as error:
        return _agreements_page(request, desk, form=form, errors=_agreement_errors(error))
    except ValidationError as error:
        return _agreements_page(request, desk, form=form, errors=_errors(error))
    except ConflictError as error:
        return _agreements_page(request, desk, form=form, errors={"code": str(error)})
    return _to_agreement(made.code, "proposed")


def _to_agreement(code: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/agreements/{quote(code)}?done={done}", status_code=303)


def _agreement_page(
    request: Request,
    desk: Desk,
    code: str,
    done: str = "",
    reason: str = "",
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    require(desk.who.roles, Permission.MANAGE_AGREEMENTS)
    today = desk.hub.clock().date()
    found = next((a for a in desk.hub.agreements(desk.who) if a.code == code), None)
    if found is None:
        raise NotFoundError(f"no agreement {code}")
    context = _context(
        desk,
        done,
        a=agreement_public(found, today),
        awaiting=desk.who.agency in found.pending,
        reason=reason,
        errors=errors or {},
    )
    return page(request, "admin_agreement.html", context, status=422 if errors else 200)


@router.get("/admin/agreements/{code}", response_class=HTMLResponse)
def agreement(
    request: Request,
    desk: DeskDep,
    code: AgreementCode,
    done: Annotated[str, Query(max_length=30)] = "",
) -> HTMLResponse:
    return _agreement_page(request, desk, code, done)


@router.post("/admin/agreements/{code}/accept")
def accept(request: Request, desk: DeskDep, code: AgreementCode, csrf: CsrfField = "") -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.accept_agreement(desk.who, code)
    return _to_agreement(code, "accepted")


@router.post("/admin/agreements/{code}/suspend", response_class=HTMLResponse)
def suspend(
    request: Request, desk: DeskDep, code: AgreementCode, reason: Text = "", csrf: CsrfField = ""
) -> Response:
    check_csrf(desk.hub, request, csrf)
    try:
        desk.hub.suspend_agreement(desk.who, code, reason)
    except ValidationError as error:
        return _agreement_page(request, desk, code, reason=reason, errors=_errors(error))
    return _to_agreement(code, "suspended")


@router.post("/admin/agreements/{code}/resume")
def resume(request: Request, desk: DeskDep, code: AgreementCode, csrf: CsrfField = "") -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.resume_agreement(desk.who, code)
    return _to_agreement(code, "resumed")


# Webhooks: the agency's notifications posted to its own systems (``services.webhooks``).


def _webhooks(desk: Desk) -> list[tuple[Webhook, list[Delivery]]]:
    """The agency's webhooks, newest first, each with its deliveries set aside as failed."""
    hooks = sorted(desk.hub.webhooks.of_agency(desk.who), key=lambda h: h.id, reverse=True)
    return [
        (h, desk.hub.webhooks.deliveries(desk.who, h.id, "failed", SET_ASIDE_SHOWN, 0))
        for h in hooks
    ]


def _webhooks_page(
    request: Request,
    desk: Desk,
    done: str = "",
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    context = _context(
        desk,
        done,
        hooks=_webhooks(desk),
        kinds=sorted(NOTICE_KINDS),
        shown=SET_ASIDE_SHOWN,
        form=form or {"url": "", "kinds": []},
        errors=errors or {},
    )
    return page(request, "admin_webhooks.html", context, status=422 if errors else 200)


@router.get("/admin/webhooks", response_class=HTMLResponse)
def webhooks(
    request: Request, desk: DeskDep, done: Annotated[str, Query(max_length=30)] = ""
) -> HTMLResponse:
    return _webhooks_page(request, desk, done)


@router.post("/admin/webhooks", response_class=HTMLResponse)
def create_webhook(
    request: Request,
    desk: DeskDep,
    url: Annotated[str, Form(max_length=2000)] = "",
    kinds: Choices = None,
    csrf: CsrfField = "",
) -> Response:
    """Register a webhook and show its signing secret in this answer, the only time it is
    shown: a redirect would have to carry it in its address."""
    check_csrf(desk.hub, request, csrf)
    require(desk.who.roles, Permission.CONFIGURE_AGENCY)
    form: dict[str, Any] = {"url": url.strip(), "kinds": kinds or []}
    try:
        body = WebhookIn(url=form["url"], kinds=form["kinds"] or None)
        hook, secret = desk.hub.webhooks.create(desk.who, body.url, body.kinds)
    except (pydantic.ValidationError, ValidationError) as error:
        return _webhooks_page(request, desk, form=form, errors=_errors(error))
    context = _context(desk, hook=hook, secret=secret)
    return page(request, "admin_webhook_created.html", context)


@router.post("/admin/webhooks/{webhook_id}/disable")
def disable_webhook(
    request: Request, desk: DeskDep, webhook_id: RowId, csrf: CsrfField = ""
) -> Response:
    check_csrf(desk.hub, request, csrf)
    desk.hub.webhooks.disable(desk.who, webhook_id)
    return RedirectResponse("/admin/webhooks?done=webhook-disabled", status_code=303)


@router.post("/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/replay")
def replay_delivery(
    request: Request, desk: DeskDep, webhook_id: RowId, delivery_id: RowId, csrf: CsrfField = ""
) -> Response:
    """Send a set-aside delivery again, from its first attempt, as the API's replay does."""
    check_csrf(desk.hub, request, csrf)
    desk.hub.webhooks.replay(desk.who, webhook_id, delivery_id)
    return RedirectResponse("/admin/webhooks?done=replayed", status_code=303)

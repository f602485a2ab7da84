"""Who is at the browser: a session cookie that holds a login token, and CSRF tokens.

The session is a login token of the hub (hashed at rest, one day, revoked at logout), carried
in a cookie that scripts cannot read (``HttpOnly``), sent only over HTTPS or to the loopback
(``Secure``: browsers treat 127.0.0.1 and localhost as secure) and never on a request another
site starts (``SameSite=Strict``). Every form and every HTMX request that changes something
carries a CSRF token derived from the session token with the hub's secret; the login form, before
any session, carries a random value that must equal a cookie of its own (double submit).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Form, Request
from starlette.responses import Response

from interlink.exc import AuthError, InterlinkError
from interlink.services.accounts import Principal
from interlink.services.hub import Hub

SESSION_COOKIE = "interlink_session"
LOGIN_COOKIE = "interlink_login"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
# The CSRF token as a form sends it (HTMX sends it in ``CSRF_HEADER``).
CsrfField = Annotated[str, Form(max_length=200)]
SESSION_SECONDS = 86_400


class LoginRequired(Exception):
    """No session, or an expired or revoked one: the page sends the browser to the login."""


class CsrfError(InterlinkError):
    status = 403


def set_cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", secure=True, httponly=True, samesite="strict")


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def page_principal(hub: Hub, request: Request) -> tuple[Principal, str]:
    """The user of the session and its token, or ``LoginRequired``."""
    token = session_token(request)
    if token is None:
        raise LoginRequired
    try:
        return hub.principal(token), token
    except AuthError:
        raise LoginRequired from None


def csrf_token(hub: Hub, session: str) -> str:
    return hub.keyed_digest("csrf", session)[:40]


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


def _same_origin(request: Request) -> bool:
    """A state-changing request whose ``Origin`` (or, failing it, ``Referer``) names another
    site is refused; browsers send one of them on every such request."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return True
    parts = urlsplit(claimed)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


def check_csrf(hub: Hub, request: Request, submitted: str | None) -> None:
    """Refuse (403) a change whose CSRF token is missing or wrong, or that comes from
    another origin."""
    token = session_token(request)
    given = submitted or request.headers.get(CSRF_HEADER) or ""
    if (
        token is None
        or not _same_origin(request)
        or not hmac.compare_digest(given.encode(), csrf_token(hub, token).encode())
    ):
        raise CsrfError("the form is stale or from another site: reload the page and try again")


def check_login_nonce(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(LOGIN_COOKIE) or ""
    given = submitted or ""
    return bool(cookie) and _same_origin(request) and hmac.compare_digest(given, cookie)

"""Templates and the page's frame: Jinja2 with escaping always on, versioned static assets, and
the headers every page carries.

Every page is rendered from a template under ``templates/`` with ``autoescape`` on for every
file, so a name such as ``<script>alert(1)</script>`` is shown as text. Static assets are served
under ``/static`` with a digest of their content in the address (``?v=``), cached for a year by
the browser; pages are never cached (``no-store``), since they hold what a user's clearance
lets them see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from interlink.policy import Permission, permits
from interlink.services.accounts import Principal

STATIC_DIR = Path(str(files("interlink.web") / "static"))

# No inline script or style anywhere: every script and stylesheet is a file of this origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make a form's Origin "null"
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@cache
def _asset_version(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    return f"/static/{path}?v={_asset_version(path)}"


class Assets(StaticFiles):
    """The vendored assets, cached a year: their address changes with their content."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_cached(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"cache-control", b"public, max-age=31536000, immutable"))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_cached)


def _when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC") if value.tzinfo else value.isoformat(" ")
    return value.isoformat()


def _signed(value: float) -> str:
    return f"{value:+.2f}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("interlink.web", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static_url
    env.filters["when"] = _when
    env.filters["signed"] = _signed
    return env


NAV = (
    ("/", "Dashboard", None),
    ("/search", "Search", Permission.SEARCH_SUBJECTS),
    ("/screening", "Screening", Permission.RUN_SCREENING),
    ("/requests", "Requests", Permission.READ_REQUESTS),
    ("/statistics", "Statistics", Permission.READ_STATISTICS),
    ("/notifications", "Notifications", Permission.READ_NOTIFICATIONS),
    ("/audit", "Audit", Permission.READ_AUDIT),
    # The hub admin verifies the chain without reading any agency's trail.
    ("/audit/chain", "Audit chain", Permission.VERIFY_AUDIT),
    ("/admin", "Administration", Permission.MANAGE_USERS),
)


def nav_for(who: Principal) -> list[tuple[str, str]]:
    shown = [(h, label) for h, label, need in NAV if need is None or permits(who.roles, need)]
    if any(h == "/audit" for h, _ in shown):  # the trail's page leads to the chain's
        shown = [(h, label) for h, label in shown if h != "/audit/chain"]
    return shown


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
) -> HTMLResponse:
    """``template`` rendered with ``context`` and the frame's own values (the user, the
    navigation, the CSRF token), with the page headers."""
    frame: dict[str, Any] = {
        "request": request,
        "path": request.url.path,
        "who": None,
        "nav": [],
        "csrf": "",
    }
    frame.update(context)
    who = frame["who"]
    if who is not None and not frame["nav"]:
        frame["nav"] = nav_for(who)
    # Notifications arrive live where the navigation offers them.
    frame["live"] = any(href == "/notifications" for href, _label in frame["nav"])
    html = environment().get_template(template).render(frame)
    response = HTMLResponse(html, status_code=status)
    response.headers.update(PAGE_HEADERS)
    response.headers["Cache-Control"] = "no-store"
    return response

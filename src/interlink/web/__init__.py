"""The analyst's desk: web pages (Jinja2 and HTMX, every asset vendored) beside the API.

``mount_web(app)`` adds the pages, the static assets and the pages' error handling to the app
that ``create_app`` builds; the pages call the same hub services as the API routes.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from interlink.web import admin, audit, editing, requests, screening
from interlink.web.pages import router
from interlink.web.render import STATIC_DIR, Assets, page
from interlink.web.session import SESSION_COOKIE, LoginRequired, clear_cookie

__all__ = ["error_page", "is_page", "mount_web"]

_NOT_PAGES = ("/api/", "/docs", "/redoc", "/openapi.json", "/health")

_TITLES = {
    401: "Please log in",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    413: "Too large",
    422: "Please check what you entered",
    429: "Too many attempts",
}


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(_NOT_PAGES)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    """An error of a page, as a page: the same words as the API's ``detail``."""
    if status >= 500:
        detail = "Something went wrong on the hub. The error is logged; please try again."
    title = _TITLES.get(status, "Error")
    return page(request, "error.html", {"title": title, "detail": detail}, status=status)


async def _login_required(request: Request, _error: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("hx-request"):
        response: Response = Response(status_code=204, headers={"HX-Redirect": "/login"})
    else:
        response = RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
    clear_cookie(response, SESSION_COOKIE)
    return response


class _CompressPages:
    """Pages and assets gzipped for slow links; the API's answers left as they are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api/"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def mount_web(app: FastAPI) -> None:
    # Editing first: its addresses (``/subjects/new``) would else match a subject's page.
    app.include_router(editing.router)
    app.include_router(router)
    app.include_router(screening.router)
    app.include_router(requests.router)
    app.include_router(audit.router)
    app.include_router(admin.router)
    app.mount("/static", Assets(directory=STATIC_DIR), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_middleware(_CompressPages)

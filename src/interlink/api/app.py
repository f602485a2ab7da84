"""The app factory: ``create_app(settings)`` wires the routes, the error map and the hub.

Nothing happens at import. The hub (database, migrations, the gallery index) is opened in the
lifespan, so each uvicorn worker builds its own; ``create_app`` itself refuses settings without
the secrets (outside demo mode) before anything starts.

Every error is ``{"detail": "..."}``: ``InterlinkError`` subclasses carry their status
(``interlink.exc``), request validation gives 422 naming the field, and anything unexpected
a 500 that says nothing of the cause (the log has it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

# A module, not its names: the pages import the API's routes, so either package may load first.
from interlink import web
from interlink.api.hot import HotRoutes, replay_body
from interlink.api.routes import (
    accounts,
    agreements,
    audit,
    editing,
    encounters,
    notifications,
    requests,
    screening,
    statistics,
    subjects,
)
from interlink.exc import AuthError, InterlinkError, ThrottledError
from interlink.services.hub import Clock, Hub, utc_now
from interlink.settings import Settings

log = logging.getLogger("interlink.api")

API = "/api/v1"


def _problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def _interlink_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, InterlinkError)
    if error.status >= 500:
        log.error("server-side error: %s", error)
    if web.is_page(request):
        return web.error_page(request, error.status, str(error))
    headers = None
    if isinstance(error, ThrottledError):
        headers = {"Retry-After": str(error.retry_after)}
    elif isinstance(error, AuthError):
        headers = {"WWW-Authenticate": "Bearer"}
    if error.status >= 500:
        return _problem(500, "internal error")
    return _problem(error.status, str(error), headers)


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()))
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    detail = "; ".join(problems) or "invalid request"
    return web.error_page(request, 422, detail) if web.is_page(request) else _problem(422, detail)


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    if web.is_page(request):
        return web.error_page(request, 500, "")
    return _problem(500, "internal error")


async def _answer_error(request: Request, error: Exception) -> Response:
    """What the exception handlers answer for ``error`` (``HotRoutes``: a search it took
    that failed)."""
    if isinstance(error, InterlinkError):
        return await _interlink_error(request, error)
    return await _unexpected(request, error)


class _RefuseNul:
    """A NUL character in the path or the query is refused (422) before any route: PostgreSQL
    stores none in text, and no uid, purpose or filter needs one. Bodies: see ``schemas._In``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        where = self._nul_in(scope) if scope["type"] == "http" else None
        if where is None:
            await self.app(scope, receive, send)
        else:
            detail = f"{where}: the NUL character (\\u0000) is not allowed"
            await _problem(422, detail)(scope, receive, send)

    @staticmethod
    def _nul_in(scope: Scope) -> str | None:
        if "\x00" in scope["path"]:
            return "path"
        for name, value in QueryParams(scope.get("query_string", b"")).multi_items():
            if "\x00" in name + value:
                return "query." + name.replace("\x00", "\\u0000")
        return None


class _LimitBody:
    """Bodies of the requests under ``prefix`` over ``limit`` bytes are refused (413) before
    any route reads them; the body is read here and handed on whole."""

    def __init__(self, app: ASGIApp, prefix: str, limit: int) -> None:
        self.app = app
        self.prefix = prefix
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if size > self.limit:
                detail = f"the body is over the limit of {self.limit} bytes"
                await _problem(413, detail)(scope, receive, send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        await self.app(scope, replay_body(b"".join(chunks), receive), send)


_CREATES = {("POST", "/subjects"), ("POST", "/users"), ("POST", "/agreements")}
_NAMES_OBJECTS = {("POST", "/tokens"), ("POST", "/users"), ("POST", "/agreements")}
_CHANGES_STATE = (
    "/accept",
    "/suspend",
    "/resume",
    "/decision",
    "/acknowledge",
    "/answers",
    "/release",
    "/refuse",
    "/close",
    "/replay",
)


def _document_statuses(routes: Sequence[BaseRoute]) -> None:
    """The statuses a route answers besides 401, 403 and 422, in the OpenAPI document: 404 for
    an object in the path that does not exist or is not visible, 409 where a uniqueness or
    state rule can refuse, 429 for the throttled login."""
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        path = route.path
        methods = route.methods or set()
        if "{" in path or any((m, path) in _NAMES_OBJECTS for m in methods):
            route.responses.setdefault(404, {"description": "No such object, or not yours to see"})
        if any((m, path) in _CREATES for m in methods) or path.endswith(_CHANGES_STATE):
            route.responses.setdefault(
                409, {"description": "It exists already, or its state forbids the change"}
            )
        if path == "/auth/login":
            route.responses.setdefault(
                429, {"description": "Too many failed logins; see Retry-After"}
            )


def create_app(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    hub: Hub | None = None,
    hot_routes: bool = True,
) -> FastAPI:
    """The hub's HTTP API on ``settings``. ``hub`` (tests) replaces the one opened at start;
    without ``hot_routes`` (tests), every hit check and search goes through FastAPI's route."""
    settings.require_secrets()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Requests run on a few threads: the work is Python under one interpreter lock, and
        # 40 threads contending for it answered half as many hit checks (docs/benchmarks.md).
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        opened = hub or Hub.open(settings, clock, workers=None)
        if hub is None:
            opened.follow()  # subjects written through other workers appear within a second
            opened.runs.take_up()  # runs left queued or abandoned by a dead worker
            opened.webhooks.start()  # the outbox: what was left undelivered goes out now
        app.state.hub = opened
        try:
            yield
        finally:
            if hub is None:
                opened.close()

    app = FastAPI(
        title="Interlink",
        summary="A shared watchlist, screening and cooperation hub",
        version="0.1.0",
        lifespan=lifespan,
        responses={
            401: {"description": "No token, or a wrong, expired or revoked one"},
            403: {"description": "Your roles do not allow this"},
            422: {"description": "A field is missing or malformed; the detail names it"},
        },
    )
    routers = (
        accounts,
        agreements,
        subjects,
        editing,
        screening,
        encounters,
        requests,
        notifications,
        statistics,
        audit,
    )
    for router in (r.router for r in routers):
        _document_statuses(router.routes)
        app.include_router(router, prefix=API)
    if hot_routes:  # first added, so innermost: inside every other middleware
        app.add_middleware(HotRoutes, prefix=API, errors=_answer_error)
    app.add_middleware(_RefuseNul)
    # A request or an answer carries its attachments in base64: a third larger, plus the text.
    app.add_middleware(
        _LimitBody,
        prefix=API + "/requests",
        limit=settings.max_attachment_bytes * 4 // 3 + 2**20,
    )
    # A manifest uploaded through the desk's form: the file, its multipart frame and fields.
    app.add_middleware(_LimitBody, prefix="/screening", limit=settings.max_manifest_bytes + 2**20)
    # Files sent with a request or an answer through the desk's forms.
    app.add_middleware(_LimitBody, prefix="/requests", limit=settings.max_attachment_bytes + 2**20)
    web.mount_web(app)  # the pages: after the API, so that no page path shadows a route
    app.add_exception_handler(InterlinkError, _interlink_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unexpected)

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str | int]:
        """Up, and which worker process answered (load tests wait until every one is)."""
        return {"status": "ok", "worker": os.getpid()}

    return app

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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from interlink.api.routes import (
    accounts,
    agreements,
    audit,
    editing,
    notifications,
    screening,
    subjects,
)
from interlink.exc import AuthError, InterlinkError, ThrottledError
from interlink.services.hub import Clock, Hub, utc_now
from interlink.settings import Settings

log = logging.getLogger("interlink.api")

API = "/api/v1"


def _problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def _interlink_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InterlinkError)
    headers = None
    if isinstance(error, ThrottledError):
        headers = {"Retry-After": str(error.retry_after)}
    elif isinstance(error, AuthError):
        headers = {"WWW-Authenticate": "Bearer"}
    if error.status >= 500:
        log.error("server-side error: %s", error)
        return _problem(500, "internal error")
    return _problem(error.status, str(error), headers)


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()))
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return _problem(422, "; ".join(problems) or "invalid request")


async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    return _problem(500, "internal error")


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


def create_app(settings: Settings, *, clock: Clock = utc_now, hub: Hub | None = None) -> FastAPI:
    """The hub's HTTP API on ``settings``. ``hub`` (tests) replaces the one opened at start."""
    settings.require_secrets()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = hub or Hub.open(settings, clock)
        if hub is None:
            opened.follow()  # subjects written through other workers appear within a second
            opened.runs.take_up()  # runs left queued or abandoned by a dead worker
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
    routers = (accounts, agreements, subjects, editing, screening, notifications, audit)
    for router in (r.router for r in routers):
        app.include_router(router, prefix=API)
    app.add_middleware(_RefuseNul)
    app.add_exception_handler(InterlinkError, _interlink_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unexpected)

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str | int]:
        """Up, and which worker process answered (load tests wait until every one is)."""
        return {"status": "ok", "worker": os.getpid()}

    return app

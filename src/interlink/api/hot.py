"""The two busiest routes, the hit check and the search, answered without FastAPI's routing,
dependency solving and response validation when nothing in the request needs them.

A hit check is a few milliseconds of server time, and FastAPI's machinery (matching the path
against every route, solving the dependencies, validating the returned model again) was a
third of it (docs/benchmarks.md). ``HotRoutes`` sits inside the app's middleware, just
outside its router. For ``POST`` to one of the two paths, it reads the body and answers
itself only when all of these hold:

- the body is ``Content-Type: application/json``, and the route's model accepts it as
  FastAPI would give it (``json.loads``, then the model's own validation);
- the bearer token, read as ``HTTPBearer`` reads it, is one the hub resolved less than a
  second ago (``Hub.kept_principal``), and the caller's view is kept too (``Hub.kept_view``);
- ``Hub.ask``, called with what the route calls it with (``routes.subjects.ask_hits``,
  ``ask_search``), takes the request.

Anything else (no token, one to read from the database, a malformed body, a refused request,
a query string) goes on to FastAPI's route with the body as it came, which answers or refuses
as always. ``Hub.ask`` checks a request before it does anything, so a request it refuses is
asked again by the route and refused again, with the same answer. Nothing is read here that
the route would not read: the policy is the hub's (``Hub.ask`` searches only what the
caller's view sees and writes its audit events before the answer leaves), and the answer is
the route's model, serialised as FastAPI serialises it. A search that fails once taken is
answered by the app's own error handlers.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any

from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, TypeAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interlink.api.routes.subjects import ask_hits, ask_search, hits_out, search_out
from interlink.api.schemas import HitIn, HitOut, SearchIn, SearchOut
from interlink.services.accounts import Principal
from interlink.services.hub import Hub, SearchHit

ErrorAnswer = Callable[[Request, Exception], Awaitable[Response]]


class _Route:
    """What a hot path reads, asks and answers: the route's body model, its call of
    ``Hub.ask``, and its answer model."""

    __slots__ = ("answer", "ask", "body", "out")

    def __init__(
        self,
        body: type[BaseModel],
        ask: Callable[[Hub, Principal, Any], Future[list[SearchHit]]],
        answer: Callable[[list[SearchHit]], BaseModel],
        out: type[BaseModel],
    ) -> None:
        self.body = body
        self.ask = ask
        self.answer = answer
        self.out: TypeAdapter[Any] = TypeAdapter(out)


class HotRoutes:
    """``POST {prefix}/hits`` and ``{prefix}/search`` answered here when they can be (the
    module's doc), handed on to ``app`` otherwise. ``errors`` answers what a search taken
    here raised, as the app's exception handlers would."""

    def __init__(self, app: ASGIApp, prefix: str, errors: ErrorAnswer) -> None:
        self.app = app
        self.errors = errors
        self.routes = {
            prefix + "/hits": _Route(HitIn, ask_hits, hits_out, HitOut),
            prefix + "/search": _Route(SearchIn, ask_search, search_out, SearchOut),
        }
        self.taken = 0  # requests answered here (tests)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = None
        if scope["type"] == "http" and scope["method"] == "POST":
            route = self.routes.get(scope["path"])
        if route is None or scope.get("query_string") or scope.get("root_path"):
            await self.app(scope, receive, send)
            return
        body = await _body(receive)
        if body is None:  # the client left before its body came
            return
        hub: Hub = scope["app"].state.hub
        answer = _taken(hub, route, scope, body)
        if answer is None:
            await self.app(scope, replay_body(body, receive), send)
            return
        self.taken += 1
        try:
            found = await asyncio.wrap_future(answer)
            content = route.out.dump_json(route.answer(found))
        except Exception as error:
            response = await self.errors(Request(scope), error)
        else:
            response = Response(content, media_type="application/json")
        await response(scope, receive, send)


def _taken(hub: Hub, route: _Route, scope: Scope, body: bytes) -> Future[list[SearchHit]] | None:
    """The search handed to the hub for this request, or None when the route must see it."""
    authorization = content_type = None
    for name, value in scope["headers"]:
        if name == b"authorization" and authorization is None:
            authorization = value.decode("latin-1")
        elif name == b"content-type" and content_type is None:
            content_type = value.decode("latin-1")
    if content_type is None or content_type.lower() != "application/json" or not body:
        return None
    scheme, token = get_authorization_scheme_param(authorization)
    if not (authorization and scheme and token) or scheme.lower() != "bearer":
        return None
    who = hub.kept_principal(token)
    if who is None or hub.kept_view(who) is None:
        return None
    try:
        asked = route.body.model_validate(json.loads(body))
        return route.ask(hub, who, asked)
    except Exception:  # a body or request refused: the route refuses it, as ever
        return None


async def _body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay_body(body: bytes, receive: Receive) -> Receive:
    """``receive`` that gives the body read already, then what comes after it."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay

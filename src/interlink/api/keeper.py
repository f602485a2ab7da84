"""Tokens and views read once for all the requests that want them, and read again before
they lapse while they are in use.

A worker keeps a resolved token and a viewer's view of the agreements for a second
(``Hub.kept_principal``, ``Hub.kept_view``). When one lapsed, every request that came before
it was read again read it again itself, each on a thread of its own, and went through
FastAPI's route meanwhile: on a busy hub, a burst of database reads and slow requests every
second, per token and per view (docs/benchmarks.md). The keeper, one per worker's event loop:

- reads a token or view that is not kept once, however many requests await it (one read in
  flight per token, per view);
- reads a kept one again, in the background, when it is in use and more than
  ``REFRESH_SECONDS`` old, so that a steady caller finds it kept.

Nothing is kept for longer than before: a read is kept from the moment it began, for a second
(``Hub.read_principal``), and a change made through this worker drops what is kept at once,
reads in flight included: a request that comes after it does not await a read begun before
it (the flights are keyed by ``Hub.generation``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from interlink.policy import AccessView
from interlink.services.accounts import Principal
from interlink.services.hub import Hub

T = TypeVar("T")


class Keeper:
    """A worker's reads of tokens and views, one in flight per key (the module's doc)."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._flights: dict[Hashable, asyncio.Future[Any]] = {}
        self.reads = 0  # reads started (tests)

    async def principal(self, token: str) -> Principal:
        """Who ``token`` stands for: kept, or read once for every request awaiting it.
        Raises what ``Hub.read_principal`` raises (``AuthError``)."""
        hub = self._hub
        kept = hub.kept_principal(token)
        if kept is None:
            return await self._once(("principal", token, hub.generation), hub.read_principal, token)
        if hub.principal_due(token):
            self._flight(("principal", token, hub.generation), hub.read_principal, token)
        return kept

    def knows(self, token: str) -> bool:
        """Whether ``token`` is kept, or was before: worth awaiting a read for (a token never
        resolved here is read on the route, which answers what a refused one gets)."""
        return self._hub.kept_principal(token) is not None or self._hub.principal_due(token)

    async def view(self, who: Principal) -> AccessView:
        """The caller's view: kept, or read once for every request awaiting it."""
        hub = self._hub
        kept = hub.kept_view(who)
        key = ("view", who.viewer(), hub.generation)
        if kept is None:
            return await self._once(key, hub.read_view, who)
        if hub.view_due(who):
            self._flight(key, hub.read_view, who)
        return kept

    async def settle(self) -> None:
        """Await the reads in flight (at shutdown, before the hub closes)."""
        while self._flights:
            await asyncio.gather(*self._flights.values(), return_exceptions=True)

    async def _once(self, key: Hashable, read: Callable[[Any], T], arg: Any) -> T:
        """The result of the read in flight for ``key``, started now if none is; a request
        that leaves while it waits does not stop it for the others."""
        result: T = await asyncio.shield(self._flight(key, read, arg))
        return result

    def _flight(self, key: Hashable, read: Callable[[Any], T], arg: Any) -> asyncio.Future[T]:
        flight = self._flights.get(key)
        if flight is None:
            self.reads += 1
            flight = asyncio.ensure_future(run_in_threadpool(read, arg))
            self._flights[key] = flight
            flight.add_done_callback(lambda done: self._landed(key, done))
        return flight

    def _landed(self, key: Hashable, done: asyncio.Future[Any]) -> None:
        if self._flights.get(key) is done:
            del self._flights[key]
        if not done.cancelled():
            done.exception()  # retrieved: a read ahead that failed is no one's error

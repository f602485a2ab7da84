"""What a worker keeps for a second (resolved tokens, each viewer's view of the agreements):
a change through the same worker holds at once; through another worker, within the second."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from interlink.api import create_app
from interlink.api.keeper import Keeper
from interlink.exc import AuthError
from interlink.policy import AccessView
from interlink.services import hub as hub_module
from interlink.services.accounts import Principal
from interlink.services.hub import Hub
from tests.api.conftest import HubWorld
from tests.api.test_hot import _hot

API = "/api/v1"
HIT = {"name": "Бондаренко Олег", "purpose": "case 2026/77"}


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def tick(monkeypatch: pytest.MonkeyPatch) -> FakeMonotonic:
    fake = FakeMonotonic()
    monkeypatch.setattr(hub_module.time, "monotonic", fake)
    return fake


@contextmanager
def other_worker(w: HubWorld) -> Iterator[TestClient]:
    """A second worker on the same database, as ``interlink serve --workers 2`` runs."""
    hub = Hub.open(w.hub.settings, w.clock)
    try:
        with TestClient(create_app(w.hub.settings, hub=hub), raise_server_exceptions=False) as c:
            yield c
    finally:
        hub.close()


def test_a_revoked_token_stops_at_once_here_and_within_a_second_elsewhere(
    hub_world: HubWorld, tick: FakeMonotonic
) -> None:
    w = hub_world
    with other_worker(w) as client:
        me = w.auth("kz.analyst")
        assert client.get(f"{API}/me", headers=me).status_code == 200  # kept there
        mine = [t for t in w.client.get(f"{API}/tokens", headers=me).json()]
        assert w.client.delete(f"{API}/tokens/{mine[0]['id']}", headers=me).status_code == 200
        assert w.client.get(f"{API}/me", headers=me).status_code == 401  # here: at once
        tick.now += 0.5
        assert client.get(f"{API}/me", headers=me).status_code == 200  # there: kept
        tick.now += 0.6
        gone = client.get(f"{API}/me", headers=me)
        assert (gone.status_code, gone.json()) == (401, {"detail": "token revoked"})


def test_a_suspended_agreement_closes_searches_here_at_once_and_elsewhere_within_a_second(
    hub_world: HubWorld, tick: FakeMonotonic
) -> None:
    w = hub_world
    kz = w.auth("kz.analyst")
    with other_worker(w) as client:
        assert client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
        assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
        suspended = w.client.post(
            f"{API}/agreements/UA-KZ/suspend", json={"reason": "review"}, headers=w.auth("kz.admin")
        )
        assert suspended.status_code == 200
        assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is False
        tick.now += 1.1
        assert client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is False


def test_a_hit_check_reads_the_view_on_a_thread_once_and_asks_on_the_event_loop(
    hub_world: HubWorld, tick: FakeMonotonic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller's view that is not kept (none yet, lapsed, or dropped by a change) is read
    on the worker's threads, once; the hit check is checked and handed over on the event
    loop, kept view or not."""
    w = hub_world
    kz = w.auth("kz.analyst")
    reads: list[str] = []
    read_view = Hub.read_view

    def counted(self: Hub, who: Principal) -> AccessView:
        reads.append(threading.current_thread().name)
        return read_view(self, who)

    monkeypatch.setattr(Hub, "read_view", counted)
    w.hub.forget()
    asks: list[str] = []

    def asked(*args: object, **kwargs: object) -> object:
        asks.append(threading.current_thread().name)
        return ask(*args, **kwargs)

    ask = w.hub.ask
    monkeypatch.setattr(w.hub, "ask", asked)
    for _ in range(3):
        assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert len(reads) == 1  # read once, then kept
    assert len(set(asks)) == 1 and reads[0] not in asks  # a thread reads, the loop asks
    tick.now += 1.1
    assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert len(reads) == 2 and reads[1] not in asks and len(set(asks)) == 1
    w.hub.forget()
    assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert len(reads) == 3


class _Reads:
    """``Hub.read_principal`` and ``Hub.read_view`` counted, each held on a thread until
    ``gate`` opens (so that requests pile up behind a read in flight): a token once it has
    been read from the database, before it is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.principals = 0
        self.views = 0
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()  # a token read, or a view's read begun
        read_principal, read_view = Hub.read_principal, Hub.read_view
        resolve = hub_module.resolve_token

        def principal(hub: Hub, token: str) -> Principal:
            self.principals += 1
            return read_principal(hub, token)

        def resolved(*args: Any) -> Any:
            found = resolve(*args)
            self.started.set()
            assert self.gate.wait(10)
            return found

        def view(hub: Hub, who: Principal) -> AccessView:
            self.views += 1
            self.started.set()
            assert self.gate.wait(10)
            return read_view(hub, who)

        monkeypatch.setattr(Hub, "read_principal", principal)
        monkeypatch.setattr(hub_module, "resolve_token", resolved)
        monkeypatch.setattr(Hub, "read_view", view)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> _Reads:
    return _Reads(monkeypatch)


def _token(w: HubWorld, user: str) -> str:
    return w.tokens[user]


def test_requests_awaiting_a_token_or_view_not_kept_share_one_read(
    hub_world: HubWorld, tick: FakeMonotonic, counted: _Reads
) -> None:
    """Twenty requests of one caller whose token and view lapsed: one read of each, and all
    twenty get the same principal and view."""
    w = hub_world
    token = _token(w, "kz.analyst")
    w.hub.forget()
    counted.gate.clear()
    counted.started.clear()

    async def twenty() -> tuple[list[Principal], list[AccessView]]:
        keeper = Keeper(w.hub)
        asking = asyncio.gather(*(keeper.principal(token) for _ in range(20)))
        # the loop runs the twenty up to their wait meanwhile (its clock is the test's: the
        # waits here are on threads)
        assert await asyncio.to_thread(counted.started.wait, 10)
        await asyncio.to_thread(time.sleep, 0.05)
        counted.gate.set()
        whos = await asking
        views = await asyncio.gather(*(keeper.view(who) for who in whos))
        return whos, views

    whos, views = asyncio.run(twenty())
    assert (counted.principals, counted.views) == (1, 1)
    assert {who.username for who in whos} == {"kz.analyst"}
    assert all(v is views[0] for v in views) and w.hub.kept_view(whos[0]) is views[0]


def test_a_kept_token_in_use_is_read_again_before_it_lapses(
    hub_world: HubWorld, tick: FakeMonotonic, counted: _Reads
) -> None:
    """Past half its second, a kept token is answered at once and read again behind it; the
    read is kept from when it began, so the caller finds it kept a second after the first."""
    w = hub_world
    token = _token(w, "kz.analyst")
    w.hub.forget()

    async def steady() -> list[tuple[int, bool]]:
        keeper = Keeper(w.hub)
        seen = []
        for _ in range(6):
            await keeper.principal(token)
            await keeper.settle()  # the read ahead lands
            seen.append((counted.principals, w.hub.kept_principal(token) is not None))
            tick.now += 0.3
        return seen

    seen = asyncio.run(steady())
    # read at 0; kept at 0.3; read ahead at 0.6; kept at 0.9; read ahead at 1.2; ...
    assert seen == [(1, True), (1, True), (2, True), (2, True), (3, True), (3, True)]


def test_a_read_begun_before_a_change_is_neither_kept_nor_awaited_after_it(
    hub_world: HubWorld, tick: FakeMonotonic, counted: _Reads
) -> None:
    """A revoke through this worker holds at once: a request after it does not await the
    read in flight begun before it, and that read is not kept."""
    w = hub_world
    me, admin = w.auth("kz.analyst"), w.auth("kz.admin")
    token = _token(w, "kz.analyst")
    mine = w.client.get(f"{API}/tokens", headers=me).json()
    w.hub.forget()
    assert w.client.get(f"{API}/me", headers=admin).status_code == 200  # kept for the revoke
    counted.gate.clear()
    counted.started.clear()

    async def raced() -> tuple[Principal, str]:
        keeper = Keeper(w.hub)
        before = asyncio.ensure_future(keeper.principal(token))
        assert await asyncio.to_thread(counted.started.wait, 10)  # in flight, held
        revoked = w.client.delete(f"{API}/tokens/{mine[0]['id']}", headers=admin)
        assert revoked.status_code == 200
        after = asyncio.ensure_future(keeper.principal(token))
        await asyncio.to_thread(time.sleep, 0.05)
        counted.gate.set()
        refused = ""
        try:
            await after
        except AuthError as error:
            refused = str(error)
        return await before, refused

    base = counted.principals
    who, refused = asyncio.run(raced())
    assert who.username == "kz.analyst"  # began before the revoke: answered as then
    assert refused == "token revoked"
    assert counted.principals - base == 2  # the request after it read again
    assert w.hub.kept_principal(token) is None


def test_a_steady_caller_never_leaves_the_hot_path_and_a_revoked_token_leaves_it(
    hub_world: HubWorld, tick: FakeMonotonic
) -> None:
    """Hit checks a third of a second apart, for three seconds, through another worker: each
    is answered by the hot path (the token and view read ahead, or awaited); once the token
    is revoked elsewhere, the route refuses it within the second, and it is not awaited
    again."""
    w = hub_world
    kz = w.auth("kz.analyst")
    with other_worker(w) as client:
        app = client.app
        assert isinstance(app, FastAPI)
        hot = _hot(app)
        for n in range(10):
            assert client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
            assert hot.taken == n  # the first resolves the token on the route
            tick.now += 0.33
        keeper: Keeper = app.state.keeper
        reads = keeper.reads
        assert 4 <= reads <= 14  # a read of each per half second or so, not one per request
        mine = [t for t in w.client.get(f"{API}/tokens", headers=kz).json()]
        assert w.client.delete(f"{API}/tokens/{mine[0]['id']}", headers=kz).status_code == 200
        tick.now += 1.1
        gone = client.post(f"{API}/hits", json=HIT, headers=kz)
        assert (gone.status_code, gone.json()) == (401, {"detail": "token revoked"})
        assert hot.taken == 9 and not keeper.knows(_token(w, "kz.analyst"))

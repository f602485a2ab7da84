"""What a worker keeps for a second (resolved tokens, each viewer's view of the agreements):
a change through the same worker holds at once; through another worker, within the second."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from interlink.api import create_app
from interlink.services import hub as hub_module
from interlink.services.hub import Hub
from tests.api.conftest import HubWorld, hot_routes

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


def test_a_hit_check_reads_the_view_on_a_thread_only_when_it_is_not_kept(
    hub_world: HubWorld, tick: FakeMonotonic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The route checks a hit check on its event loop when the caller's view is in memory,
    and reads the agreements on the worker's threads when it is not (none kept, expired,
    or dropped by a change)."""
    w = hub_world
    kz = w.auth("kz.analyst")
    reads: list[str] = []
    read_view = Hub._read_view

    def counted(self: Hub, key: object) -> object:
        reads.append(threading.current_thread().name)
        return read_view(self, key)  # type: ignore[arg-type]

    monkeypatch.setattr(Hub, "_read_view", counted)
    w.hub.forget()
    loop_thread = []

    def asked(*args: object, **kwargs: object) -> object:
        loop_thread.append(threading.current_thread().name)
        return ask(*args, **kwargs)

    ask = w.hub.ask
    monkeypatch.setattr(w.hub, "ask", asked)
    for _ in range(3):
        assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert len(reads) == 1  # read once, then kept
    assert loop_thread[0] != loop_thread[1] == loop_thread[2]  # a thread, then the loop
    tick.now += 1.1
    assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert len(reads) == 2 and loop_thread[3] == loop_thread[0] != loop_thread[1]
    w.hub.forget()
    assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert len(reads) == 3


def _settled(hub: Hub) -> None:
    """Wait for the reads ahead submitted so far (the reader runs one at a time, in order)."""
    hub._reader.submit(lambda: None).result(timeout=30)


def test_a_steady_callers_token_and_view_are_read_again_before_they_lapse(
    hub_world: HubWorld, tick: FakeMonotonic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half a second after its read, a kept token or view in use is read again on the hub's
    reader thread while the request is answered from what is kept, so a caller who keeps
    asking is never sent to a read of its own (nor off the hot path) when the second ends."""
    w = hub_world
    kz = w.auth("kz.analyst")
    reads: list[tuple[str, str]] = []
    read_principal, read_view = Hub._read_principal, Hub._read_view

    def principal_read(self: Hub, *args: object) -> object:
        reads.append(("token", threading.current_thread().name))
        return read_principal(self, *args)  # type: ignore[arg-type]

    def view_read(self: Hub, *args: object) -> object:
        reads.append(("view", threading.current_thread().name))
        return read_view(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Hub, "_read_principal", principal_read)
    monkeypatch.setattr(Hub, "_read_view", view_read)
    w.hub.forget()
    assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
    assert sorted(kind for kind, _ in reads) == ["token", "view"]
    assert not any(thread.startswith("interlink-keep") for _, thread in reads)
    hot = hot_routes(w.client.app)
    for step in range(6):  # 0.3 s apart: each entry is read again before it is a second old
        tick.now += 0.3
        reads.clear()
        taken = hot.taken
        assert w.client.post(f"{API}/hits", json=HIT, headers=kz).json()["hit"] is True
        _settled(w.hub)
        assert hot.taken == taken + 1, step  # answered from what was kept
        assert all(thread.startswith("interlink-keep") for _, thread in reads), (step, reads)
        if step % 2 == 1:  # 0.6 s after the last read: read ahead, once each
            assert sorted(kind for kind, _ in reads) == ["token", "view"], (step, reads)


def test_a_read_begun_before_a_change_through_this_worker_is_not_kept(
    hub_world: HubWorld, tick: FakeMonotonic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read ahead (or on demand) that began before a revocation or an agreement change made
    through this worker ended after it: what it read may be from before the change, so it is
    given to its own caller but not kept for the next."""
    w = hub_world
    who = w.hub.principal(w.tokens["kz.analyst"])
    resolve, make_view = hub_module.resolve_token, hub_module.access_view

    def resolve_then_change(*args: object) -> object:
        found = resolve(*args)  # type: ignore[arg-type]
        w.hub.forget()  # a change through this worker while the read was under way
        return found

    def view_then_change(*args: object) -> object:
        made = make_view(*args)  # type: ignore[arg-type]
        w.hub.forget()
        return made

    w.hub.forget()
    monkeypatch.setattr(hub_module, "resolve_token", resolve_then_change)
    monkeypatch.setattr(hub_module, "access_view", view_then_change)
    token = w.tokens["kz.analyst"]
    assert w.hub.principal(token) == who
    assert w.hub.kept_principal(token) is None
    w.hub.view(who)
    assert w.hub.kept_view(who) is None
    monkeypatch.setattr(hub_module, "resolve_token", resolve)
    monkeypatch.setattr(hub_module, "access_view", make_view)
    assert w.hub.principal(token) == who
    assert w.hub.kept_principal(token) == who  # a read with no change in between is kept
    w.hub.view(who)
    assert w.hub.kept_view(who) is not None


def test_a_token_revoked_elsewhere_is_dropped_by_the_read_ahead(
    hub_world: HubWorld, tick: FakeMonotonic
) -> None:
    """A token revoked through another worker stops there once a read ahead finds it refused,
    half a second into the kept second, not only when the second ends."""
    w = hub_world
    with other_worker(w) as client:
        me = w.auth("kz.analyst")
        assert client.get(f"{API}/me", headers=me).status_code == 200  # kept there
        mine = w.client.get(f"{API}/tokens", headers=me).json()
        assert w.client.delete(f"{API}/tokens/{mine[0]['id']}", headers=me).status_code == 200
        tick.now += 0.6
        assert client.get(f"{API}/me", headers=me).status_code == 200  # kept; read ahead
        other = client.app.state.hub  # type: ignore[attr-defined]
        _settled(other)
        gone = client.get(f"{API}/me", headers=me)  # 0.6 s: dropped by the read ahead
        assert (gone.status_code, gone.json()) == (401, {"detail": "token revoked"})

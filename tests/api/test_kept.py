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
from tests.api.conftest import HubWorld

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

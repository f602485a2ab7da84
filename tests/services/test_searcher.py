"""The searcher: queries that wait together are searched as one batch per view and options, each
getting what it would have got alone, and one failing query failing only itself."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import Future
from datetime import date
from typing import Any

import pytest

from interlink.domain.codes import Classification
from interlink.matching import Query
from interlink.policy import AccessView, Viewer, Visibility
from interlink.services.gallery import Found, Gallery
from interlink.services.searcher import Searcher
from interlink.services.world import World, generate_world

ON = date(2026, 11, 22)


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(11, 400)


@pytest.fixture(scope="module")
def gallery(world: World) -> Gallery:
    return Gallery.build([g.record for g in world.subjects()], frozenset())


def _seen(found: list[Found]) -> list[tuple[str, float, str]]:
    return [(f.match.uid, f.match.score, f.level.value) for f in found]


class _Held:
    """``Gallery.screen_views`` of one gallery, recording each call's views, queries and
    threshold; the first call waits until ``release``, so that the queries submitted
    meanwhile queue behind it."""

    def __init__(self, gallery: Gallery, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[list[AccessView], list[str], float]] = []
        self.entered = threading.Event()
        self.released = threading.Event()
        screen = gallery.screen_views

        def held(
            views: list[AccessView], queries: list[Query], **options: Any
        ) -> list[list[Found]]:
            self.calls.append((views, [q.name for q in queries], options["threshold"]))
            if len(self.calls) == 1:
                self.entered.set()
                assert self.released.wait(10)
            return screen(views, queries, **options)

        monkeypatch.setattr(gallery, "screen_views", held)


def test_queries_waiting_together_are_one_batch_per_options_whoever_asks(
    world: World, gallery: Gallery, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [g.record for g in world.subjects()]
    counts = Counter(r.owner for r in records if r.owner)
    owners = [code for code, _n in counts.most_common(2)]
    views = [AccessView(Viewer(code, Classification.SECRET), [], ON) for code in owners]
    names = [r.names[-1].full for r in records if r.owner in owners][:30]
    assert len(names) == 30
    held = _Held(gallery, monkeypatch)
    searcher = Searcher(gallery)
    first = searcher.submit(views[0], Query("warm up"), top=10)
    assert held.entered.wait(10)
    asked: list[tuple[AccessView, str, float, Future[list[Found]]]] = []
    for k, name in enumerate(names):
        view, threshold = views[k % 2], (0.0, 0.5)[k % 3 == 0]
        done = searcher.submit(view, Query(name), top=5, threshold=threshold, hit_threshold=0.5)
        asked.append((view, name, threshold, done))
    held.released.set()
    first.result(10)
    searcher.close()
    # The first alone, then the 30 waiting ones in one batch of two groups (one per
    # threshold), each with the queries of both views.
    assert len(held.calls) == 3
    for called_views, called_names, threshold in held.calls[1:]:
        mine = [(id(v), n) for v, n, t, _d in asked if t == threshold]
        assert sorted(zip(map(id, called_views), called_names, strict=True)) == sorted(mine)
        assert {id(v) for v in called_views} == {id(v) for v in views}
    # Each query gets exactly what it gets searched alone, as its own view sees.
    some = 0
    for view, name, threshold, done in asked:
        alone = gallery.search(view, name, top=5, threshold=threshold, hit_threshold=0.5)
        assert _seen(done.result(0)) == _seen(alone)
        some += bool(alone)
    assert some >= 10


def test_a_failing_query_fails_alone(world: World, gallery: Gallery) -> None:
    """A malformed birth date raises in the index: the batch is searched again one query at a
    time, and only that query's future holds the error."""
    agency = next(g.record.owner for g in world.subjects() if g.record.owner)
    records = [g.record for g in world.subjects() if g.record.owner == agency][:9]
    assert len(records) == 9
    view = AccessView(Viewer(agency, Classification.SECRET), [], ON)
    searcher = Searcher(gallery)
    block = threading.RLock()
    block.acquire()  # the searcher waits on the gallery's lock: the queries queue
    real = gallery._lock
    gallery._lock = block  # type: ignore[assignment]
    try:
        good = [searcher.submit(view, Query(r.names[0].full), top=3) for r in records[:5]]
        bad = searcher.submit(view, Query(records[5].names[0].full, birth_date="1985-13-45"))
        more = [searcher.submit(view, Query(r.names[0].full), top=3) for r in records[6:9]]
    finally:
        block.release()
    for done in [*good, bad, *more]:
        done.exception(10)
    gallery._lock = real
    searcher.close()
    with pytest.raises(ValueError):
        bad.result(0)
    for done, record in zip([*good, *more], [*records[:5], *records[6:9]], strict=True):
        uids = [f.match.uid for f in done.result(0)]
        assert uids == [f.match.uid for f in gallery.search(view, record.names[0].full, top=3)]
        assert record.uid in uids
        assert all(f.level is Visibility.FULL for f in done.result(0))


def test_close_searches_what_waits_then_refuses(world: World, gallery: Gallery) -> None:
    view = AccessView(Viewer("ZZ-NOBODY", Classification.SECRET), [], ON)
    searcher = Searcher(gallery)
    names = [g.record.names[0].full for g in world.subjects()][:5]
    waiting = [searcher.submit(view, Query(name)) for name in names]
    searcher.close()
    assert all(done.done() and done.exception() is None for done in waiting)
    with pytest.raises(RuntimeError, match="closed"):
        searcher.submit(view, Query("anyone"))

"""The searcher: concurrent requests' searches run together, as one batch of the index.

A search of a million subjects costs a few milliseconds alone, most of it in the calls that
every search makes whatever its size: the name's analysis, the retrieval plans, the score
arrays. ``Index.search_many`` makes them once for a batch. The gallery searches one at a time
anyway (under its lock), so the hub's requests wait in turn for it; here they wait in a queue
instead, and one thread takes all that are waiting and searches them together, each group of
the same options in one ``Gallery.screen_views`` call, whoever asks (a mask per query: each
sees only what its own view lets it see). A request still gets exactly what it
would have got alone: the batch does not change a query's results (``Index.search_many``).

A query that fails (a batch that raises) is searched again alone, so that one bad query does
not fail the others of its batch.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

from interlink.matching import Query
from interlink.policy import AccessView, Visibility
from interlink.services.batches import Batches
from interlink.services.gallery import Found, Gallery

# The most queries searched in one batch.
MAX_BATCH = 64


@dataclass(frozen=True, slots=True)
class _Options:
    top: int
    threshold: float
    hit_threshold: float
    at_least: Visibility


@dataclass(frozen=True, slots=True)
class _Ask:
    view: AccessView
    query: Query
    options: _Options
    done: Future[list[Found]]


class Searcher:
    """Searches the gallery for many threads, batching the queries that wait together."""

    def __init__(self, gallery: Gallery) -> None:
        self._gallery = gallery
        self._batches = Batches(
            "interlink-searcher", self._search, MAX_BATCH, key=lambda ask: ask.options
        )

    def submit(
        self,
        view: AccessView,
        query: Query,
        *,
        top: int = 10,
        threshold: float = 0.0,
        hit_threshold: float = 0.0,
        at_least: Visibility = Visibility.HIT,
    ) -> Future[list[Found]]:
        """``Gallery.search`` for ``query`` as ``view`` sees, without waiting: the future
        holds its results (or what the search raised)."""
        ask = _Ask(view, query, _Options(top, threshold, hit_threshold, at_least), Future())
        self._batches.put(ask, "the searcher is closed")
        return ask.done

    def close(self) -> None:
        """Search what is waiting, then stop the thread."""
        self._batches.close()

    def _search(self, group: list[_Ask]) -> None:
        """A group of a batch with the same options (``Batches`` groups them), in one call
        whatever the views of its queries (a mask per query, ``Gallery.screen_views``)."""
        options = group[0].options
        found = self._gallery.screen_views(
            [ask.view for ask in group],
            [ask.query for ask in group],
            top=options.top,
            threshold=options.threshold,
            hit_threshold=options.hit_threshold,
            at_least=options.at_least,
        )
        for ask, mine in zip(group, found, strict=True):
            ask.done.set_result(mine)

"""A thread that takes what waits in a queue in batches: the journal's group commits and the
searcher's batched searches.

Many request threads put items; one thread takes the first, then every item already waiting
(up to ``most``), and hands them together to the handler, so that a busy worker pays the
handler's fixed cost (a transaction, a search's calls) once per batch instead of once per
request. The thread starts with the first item and stops, after handling what waits, on
``close``.

Each item carries the future its caller waits on. The handler sets each item's result when it
succeeds, and raises, having set none, when it fails: the items are then handled again one at
a time, so that one bad item fails only its own future.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, Generic, Protocol, TypeVar

log = logging.getLogger("interlink.batches")


class Waiting(Protocol):
    """An item of a batch: its caller waits on ``done``."""

    @property
    def done(self) -> Future[Any]: ...


T = TypeVar("T", bound=Waiting)


class Batches(Generic[T]):
    """Items put by many threads, handled in batches by one thread named ``name``: each group
    of a batch with one ``key`` (all of it without one) in one call of ``handle``."""

    def __init__(
        self,
        name: str,
        handle: Callable[[list[T]], None],
        most: int,
        key: Callable[[T], Hashable] | None = None,
    ) -> None:
        self._name = name
        self._handle = handle
        self._most = most
        self._key = key
        self._queue: queue.SimpleQueue[T | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    def put(self, item: T, closed: str) -> None:
        """Queue ``item`` (starting the thread if need be); RuntimeError ``closed`` after
        ``close``."""
        with self._lock:
            if self._closed:
                raise RuntimeError(closed)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._queue.put(item)

    def waiting(self) -> int:
        """How many items wait (approximately, as the queue says)."""
        return self._queue.qsize()

    def close(self) -> None:
        """Handle what waits, then stop the thread."""
        with self._lock:
            self._closed = True
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self._most:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            if self._key is None:
                self._group(batch)
            else:
                groups: dict[Hashable, list[T]] = {}
                for item in batch:
                    groups.setdefault(self._key(item), []).append(item)
                for group in groups.values():
                    self._group(group)
            if stop:
                return

    def _group(self, group: list[T]) -> None:
        try:
            self._handle(group)
        except Exception as error:
            if len(group) == 1:
                group[0].done.set_exception(error)
                return
            log.warning(
                "%s: a batch of %d failed; handling it item by item", self._name, len(group)
            )
            for item in group:
                self._group([item])

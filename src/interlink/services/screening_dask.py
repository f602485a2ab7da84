"""Screening travellers on a Dask cluster: the watchlist is indexed once per worker process.

The client reads the travellers and submits them in batches; each task screens one batch with
``screening.screen_batch``, exactly as the local worker processes do, so the lines are the same.
What a task carries is the watchlist's *path*, never its index: a worker builds the index from
the file (``screening.watchlist_records``) on its first task and keeps it for the tasks after,
keyed by the path and what ``stat`` says of the file (size and modification time; for an OFAC
folder, of every file in it). A file replaced between runs is indexed again; replace it whole
(write elsewhere, then rename), not in place, while a run reads it. The path must name the same
watchlist on every worker: a shared file system, or a copy at the same place on each machine.

The index stays on a worker after a run, so the next run on a long-lived cluster starts at once;
a worker holds one index per path. ``worker_indexes`` tells what each worker holds and how many
times it built it.

A task carries the threshold, ``top`` and, of the pairs judged false positives, only those of
its own travellers (a batch of 512 needs a handful, not the whole decision log). At most
``in_flight`` batches are on the cluster at a time and lines are yielded in input order, so a
manifest of any size streams through in flat memory.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from interlink.domain.travellers import Traveller
from interlink.exc import ConfigError, FormatError, Location
from interlink.services.screening import (
    ScreeningLine,
    ScreeningSettings,
    batched,
    screen_batch,
    traveller_key,
    watchlist_records,
)

if TYPE_CHECKING:
    from distributed import Client, Future

    from interlink.matching import Index

# What ``stat`` says of a watchlist: (name, size, mtime in ns) of the file or of each file in
# the folder. Equal fingerprints mean the index need not be built again.
Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class WorkerIndex:
    """What one worker process holds for one watchlist path."""

    source: str
    subjects: int
    # How many times this process has built an index of this path (again when the file changed).
    builds: int
    # Wall time of the latest build.
    seconds: float


@dataclass(slots=True)
class _Held:
    fingerprint: Fingerprint
    index: Index
    seconds: float


# Per worker process. Tasks of one worker may run on several threads: the lock makes the first
# one build while the others wait for it.
_LOCK = threading.Lock()
_HELD: dict[str, _Held] = {}
_BUILDS: dict[str, int] = defaultdict(int)


def _fingerprint(path: Path) -> Fingerprint:
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file())
            stats = [(p.name, p.stat()) for p in files]
        else:
            stats = [(path.name, path.stat())]
    except OSError as error:
        raise FormatError(
            Location(str(path)), f"cannot be read on Dask worker {_worker()}: {error.strerror}"
        ) from error
    return tuple((name, st.st_size, st.st_mtime_ns) for name, st in stats)


def _worker() -> str:
    from distributed import get_worker

    try:
        return str(get_worker().address)
    except ValueError:  # not in a worker: called directly, as in a test
        return os.uname().nodename


def _worker_index(source: str) -> Index:
    """This process's index of ``source``, built on first use and when the file changes."""
    from interlink.matching import Index

    fingerprint = _fingerprint(Path(source))
    with _LOCK:
        held = _HELD.get(source)
        if held is None or held.fingerprint != fingerprint:
            # Drop the stale index before building its successor: one at a time in memory.
            _HELD.pop(source, None)
            started = time.perf_counter()
            index = Index.build(watchlist_records(source))
            held = _Held(fingerprint, index, time.perf_counter() - started)
            _HELD[source] = held
            _BUILDS[source] += 1
        return held.index


def _screen_on_worker(
    source: str, batch: list[tuple[Traveller, Location]], settings: ScreeningSettings
) -> list[ScreeningLine]:
    return screen_batch(_worker_index(source), batch, settings)


def _held_indexes() -> list[WorkerIndex]:
    # Runs on the worker's event loop (``Client.run``), maybe while a task builds: no lock, so
    # it never waits for a build; a build in progress is simply not listed yet.
    return [
        WorkerIndex(source, len(held.index), _BUILDS[source], held.seconds)
        for source, held in list(_HELD.items())
    ]


def worker_indexes(client: Client) -> dict[str, list[WorkerIndex]]:
    """Each worker's address and the watchlist indexes its process holds."""
    held: dict[str, list[WorkerIndex]] = client.run(_held_indexes)
    return held


def _suppressed_by_traveller(
    settings: ScreeningSettings,
) -> dict[str, frozenset[tuple[str, str]]]:
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, uid in settings.suppressed:
        pairs[key].add((key, uid))
    return {key: frozenset(found) for key, found in pairs.items()}


def _batch_settings(
    settings: ScreeningSettings,
    batch: Sequence[tuple[Traveller, Location]],
    by_traveller: dict[str, frozenset[tuple[str, str]]],
) -> ScreeningSettings:
    """The settings a batch needs: its own travellers' false-positive pairs, no others."""
    if not by_traveller:
        return settings
    suppressed: set[tuple[str, str]] = set()
    for traveller, _ in batch:
        suppressed |= by_traveller.get(traveller_key(traveller), frozenset())
    return ScreeningSettings(
        top=settings.top, threshold=settings.threshold, suppressed=frozenset(suppressed)
    )


def screen_travellers_dask(
    watchlist_source: str | Path,
    travellers: Iterable[tuple[Traveller, Location]],
    settings: ScreeningSettings,
    *,
    client: Client,
    batch_size: int = 512,
    in_flight: int | None = None,
) -> Iterator[ScreeningLine]:
    """Screen every traveller on the cluster of ``client``; lines in input order.

    ``watchlist_source`` is a watchlist file (or OFAC folder) that every worker can read at that
    path. ``in_flight`` bounds the batches submitted and not yet yielded (default: twice the
    cluster's threads, at least 4). A worker's error (a watchlist it cannot read names the file)
    is raised here, and the batches still on the cluster are cancelled.
    """
    # Absolute, so that a worker started in another directory reads the same path.
    source = os.path.abspath(watchlist_source)
    if in_flight is None:
        in_flight = max(4, 2 * sum(client.nthreads().values()))
    by_traveller = _suppressed_by_traveller(settings)
    run = uuid.uuid4().hex[:12]
    pending: deque[Future[list[ScreeningLine]]] = deque()
    try:
        for n, batch in enumerate(batched(travellers, batch_size)):
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
            pending.append(
                client.submit(
                    _screen_on_worker,
                    source,
                    batch,
                    _batch_settings(settings, batch, by_traveller),
                    key=f"screen-batch-{run}-{n}",
                    # Earlier batches first: they are the ones the caller waits for.
                    priority=-n,
                )
            )
        while pending:
            yield from pending.popleft().result()
    finally:
        if pending:
            client.cancel(list(pending))


@contextmanager
def dask_client(address: str, *, workers: int = 2) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a cluster started here for ``local``.

    A scheduler that does not answer (within Dask's connect timeout) is a ``ConfigError``.
    ``local`` starts ``workers`` worker processes with one thread each on the loopback
    interface, without a dashboard, and stops them when the block ends.
    """
    from distributed import Client, LocalCluster

    if address != "local":
        try:
            client = Client(address)
        except OSError as error:
            raise ConfigError(f"no Dask scheduler answers at {address}: {error}") from error
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # The scheduler serves HTTP (health, metrics) even without a dashboard, on 8787
            # unless told otherwise: a free loopback port, so that two runs never collide.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            # A task's error reaches the caller as an exception; the workers need not log it too.
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client

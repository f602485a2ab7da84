"""Index build speed alone: the watchlist of ``screening_speed.py --stream``, built, timed.

    PYTHONPATH=src .venv/bin/python benchmarks/build_speed.py --subjects 100000 --workers 2

Generates the same world (seed 2026) into ``Index.build`` one record at a time and reports the
build's wall time without the generation, as ``screening_speed.py --stream`` does, and the CPU
time of this process (generation left out) and of the worker processes it forked, so that
runs on a shared machine can be compared by CPU as well as by wall time, and the peak resident
memory of this process and of the largest worker (a forked worker's figure counts the pages it
shares with this process at the fork). Runs against an older
tree too (``PYTHONPATH=<tree>/src``): ``--workers`` is passed only to a build that takes it.
"""

from __future__ import annotations

import argparse
import inspect
import resource
import time

from interlink.matching import Index
from interlink.names import analyse_name
from interlink.services.world import GeneratedSubject
from screening_speed import Clocked, peak_mib, watchlist


def build_options(workers: int) -> dict[str, int]:
    """``Index.build``'s options for ``workers``: none for an older tree's build, which
    takes no ``workers`` and builds on one process."""
    takes_workers = "workers" in inspect.signature(Index.build).parameters
    return {"workers": workers} if takes_workers else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    analyse_name("Aleksandr Bortnikov")  # load the name-analysis tables once, untimed
    planted: list[GeneratedSubject] = []
    records = Clocked(watchlist(args.seed, args.subjects, args.subjects, planted))
    options = build_options(args.workers)
    cpu = time.process_time()
    started = time.perf_counter()
    Index.build(records, **options)
    wall = time.perf_counter() - started - records.wall
    cpu = time.process_time() - cpu - records.cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = options.get("workers", 1)
    print(
        f"build: {args.subjects:,} subjects, {workers} worker(s): {wall:.1f} s wall; CPU "
        f"{cpu:.1f} s here, {children.ru_utime + children.ru_stime:.1f} s in workers; "
        f"peak RSS {peak_mib():,.0f} MiB here, {children.ru_maxrss / 1024:,.0f} MiB in the "
        "largest worker"
    )


if __name__ == "__main__":
    main()

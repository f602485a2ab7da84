"""Single queries of new names after a screening, each phase of the search timed: where one
query's time goes, and which queries are slowest.

    .venv/bin/python benchmarks/query_phases.py --index /tmp/idx1m.pkl
    # the code before, against the same index file:
    PYTHONPATH=/tmp/old/src:benchmarks .venv/bin/python benchmarks/query_phases.py --index ...

The index file is ``screening_core.py``'s (``--index``: the index and its travellers, built
once). On one core: the first ``--screen`` travellers are screened in batches of 256 at the
default threshold, as a hub's or a run's earlier traffic would warm its caches. Then
``--queries`` travellers not asked before (the last ones) are asked one at a time as ranked
searches (threshold 0, top 10, explained), as many others as hit checks (threshold 0.5), and
the first set again as ranked searches (warm). For each round: p50, p95 (as
``screening_core.py`` computes them) and mean latency, and
the mean time of the search's phases (``Index._retrieve``: analysis and candidates;
``Index._name_scores``: the name scores on arrays; ``Index._scored``: the explanations of
the rows returned). ``--slowest N`` lists the N slowest queries of the first round.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interlink.matching import Index, Query, kernels
from interlink.names.analysis import analyse_name
from screening_core import percentile

PHASES = ("_retrieve", "_name_scores", "_scored")


def timed(spent: dict[str, float]) -> None:
    """Wrap the phases of ``Index`` so that each call adds its time to ``spent``."""
    for name in PHASES:
        method = getattr(Index, name)

        def wrapper(
            self: Index, *args: Any, _method: Callable[..., Any] = method, _name: str = name
        ) -> Any:
            started = time.perf_counter()
            try:
                return _method(self, *args)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - started

        setattr(Index, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="screening_core.py's file")
    parser.add_argument("--screen", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--slowest", type=int, default=0)
    args = parser.parse_args()
    with args.index.open("rb") as f:
        index, queries, _wanted = pickle.load(f)
    if args.screen + 2 * args.queries > len(queries):
        raise SystemExit(f"{args.index}: {len(queries):,} travellers, too few for these counts")
    analyse_name("Warm Up")  # what a build loads before its first search (screening_core.py)
    kernels.warm()
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    for start in range(0, args.screen, 256):
        index.search_many(queries[start : min(start + 256, args.screen)])
    spent = time.perf_counter() - started
    print(f"screened {args.screen:,} travellers in {spent:.1f} s ({args.screen / spent:,.0f}/s)")
    phases: dict[str, float] = {}
    timed(phases)
    ranked = queries[-args.queries :]
    checked = queries[-2 * args.queries : -args.queries]
    for label, asked, threshold, slowest in (
        ("ranked, new names", ranked, 0.0, args.slowest),
        ("hit check, new names", checked, 0.5, 0),
        ("ranked, again (warm)", ranked, 0.0, 0),
    ):
        times: list[tuple[float, Query]] = []
        phases.clear()
        for query in asked:
            started = time.perf_counter()
            index.search_many([query], top=10, threshold=threshold)
            times.append((time.perf_counter() - started, query))
        spent_each = [t for t, _q in times]
        means = " ".join(
            f"{n.strip('_')} {phases.get(n, 0.0) / len(asked) * 1e3:.2f}" for n in PHASES
        )
        print(
            f"{label}: p50 {percentile(spent_each, 0.5) * 1e3:.2f} ms, "
            f"p95 {percentile(spent_each, 0.95) * 1e3:.2f} ms, "
            f"mean {statistics.fmean(spent_each) * 1e3:.2f} ms ({means} ms)"
        )
        if slowest:
            for seconds, query in sorted(times, key=lambda t: -t[0])[:slowest]:
                print(f"    {seconds * 1e3:6.1f} ms  {query.name}")


if __name__ == "__main__":
    main()

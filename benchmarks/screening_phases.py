"""Where screening time goes: one process, the phases of ``Index.search_many`` timed apart.

    .venv/bin/python benchmarks/screening_phases.py --subjects 100000 --travellers 20000

The watchlist and travellers are those of ``screening_speed.py`` (the same seed, 1% planted).
The travellers are screened in batches of 256 at the default threshold, top 10, on one core,
with each phase of the search wrapped in a timer: retrieval (analysis, postings, coverage),
the choice of candidates (evidence bounds, the tied-candidate cut), the scores on arrays
(``Index._filter``) and the scorer that writes the explanations (``Index._scored``). The
timers cost a little; the total is printed both ways (with them, and a second pass without).
Generation and the build are not timed.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from random import Random
from typing import Any

from interlink.matching import Index, Query
from screening_speed import travellers, watchlist

PHASES = {"retrieval": "_retrieve", "choice": "_chosen", "arrays": "_filter", "scorer": "_scored"}


def timed(spent: dict[str, float], phase: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[phase] += time.perf_counter() - started

    return wrapper


def screen(index: Index, queries: list[Query]) -> tuple[float, int]:
    started = time.perf_counter()
    alerts = 0
    for start in range(0, len(queries), 256):
        alerts += sum(map(len, index.search_many(queries[start : start + 256])))
    return time.perf_counter() - started, alerts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--travellers", type=int, default=20_000)
    args = parser.parse_args()
    planted: list[Any] = []
    target = max(1, args.travellers // 100)
    records = watchlist(2026, args.subjects, max(1, args.subjects // target), planted)
    index = Index.build(records)
    manifest, _expected = travellers(planted[:target], args.travellers - target, 2026, Random(2026))
    queries = [Query(t.name, t.birth_date) for t, _ in manifest]
    gc.freeze()
    spent = dict.fromkeys(PHASES, 0.0)
    originals = {phase: getattr(Index, name) for phase, name in PHASES.items()}
    for phase, name in PHASES.items():
        setattr(Index, name, timed(spent, phase, originals[phase]))
    total, alerts = screen(index, queries)
    for phase, name in PHASES.items():
        setattr(Index, name, originals[phase])
    plain, plain_alerts = screen(index, queries)  # warm caches, no timers
    assert plain_alerts == alerts
    n = len(queries)
    print(f"{n:,} travellers against {args.subjects:,} subjects, one process, {alerts:,} alerts")
    for phase in PHASES:
        print(f"  {phase:<10} {spent[phase]:7.2f} s  {spent[phase] / n * 1e6:6.0f} µs/traveller")
    rest = total - sum(spent.values())
    print(f"  {'other':<10} {rest:7.2f} s  {rest / n * 1e6:6.0f} µs/traveller")
    print(f"  total {total:.2f} s ({n / total:,.0f}/s) with timers, cold caches")
    print(f"  again without timers, warm caches: {plain:.2f} s ({n / plain:,.0f}/s)")


if __name__ == "__main__":
    main()

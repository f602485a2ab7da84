"""The matching core alone, one process: screening throughput and single-query latency against
a large index, which is built once and kept in a file, so that two versions of the code can be
run in turn against the same index (the side-by-side figures a noisy machine needs).

    .venv/bin/python benchmarks/screening_core.py --subjects 1000000 --travellers 100000 \
        --index /tmp/idx1m.pkl --screen 20000 --latency 2000
    # the code before, against the same index file:
    cd /tmp/old && PYTHONPATH=src /path/to/.venv/bin/python /path/to/benchmarks/screening_core.py \
        --subjects 1000000 --travellers 100000 --index /tmp/idx1m.pkl --screen 20000

The watchlist and travellers are those of ``screening_speed.py`` (seed 2026, 1% planted). With
``--index`` the built index and the travellers are written to that file the first time (the
build on 2 workers, as the CLI's ``--workers 2``) and read from it afterwards; the index file
holds no search state, so every run starts cold (the name tables and compiled loops a build
would have loaded are loaded before the timings, and their time printed). ``--screen``
travellers (the first ones) are screened in batches of 256 at the default threshold, top 10,
on one core: travellers per second, CPU time a traveller (steadier than the wall on a shared
machine) and alerts; with ``--probes``, the candidate rows retrieval's parts probe a traveller
(the rows ``kernels.accumulate`` is handed). ``--names`` travellers after those screened are
then asked by name alone, as the hub's hit checks are (no birth date, in batches of 16), cold:
CPU time a name. ``--latency`` queries (the last ones) are then
asked one at a time, twice (the second round warm): as a hit check asks (threshold 0.5) and as
a ranked search (threshold 0, top 10, explained). ``--results FILE`` writes the screening's
matches (uid and full score per traveller) to compare two versions byte for byte.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import statistics
import time
from pathlib import Path
from random import Random
from typing import Any

from interlink.matching import Index, Query, kernels, retrieval
from interlink.names.analysis import analyse_name
from screening_speed import peak_mib, travellers, watchlist


def load(args: argparse.Namespace) -> tuple[Index, list[Query], list[str | None]]:
    """The index, the travellers' queries, and per traveller the uid a planted one must find
    (None for the others)."""
    path: Path | None = args.index
    if path is not None and path.exists():
        with path.open("rb") as f:
            index, queries, wanted = pickle.load(f)
        return index, queries, wanted
    planted: list[Any] = []
    target = max(1, args.travellers // 100)
    started = time.perf_counter()
    index = Index.build(
        watchlist(2026, args.subjects, max(1, args.subjects // target), planted), workers=2
    )
    spent = time.perf_counter() - started
    print(f"generated and built {len(index):,} subjects in {spent:.1f} s (2 workers)")
    manifest, expected = travellers(planted[:target], args.travellers - target, 2026, Random(2026))
    queries = [Query(t.name, t.birth_date) for t, _ in manifest]
    wanted = [expected.get(t.ref) for t, _ in manifest]
    if path is not None:
        with path.open("wb") as f:
            pickle.dump((index, queries, wanted), f, protocol=5)
    return index, queries, wanted


def misses(out: Path, index: Index, queries: list[Query], wanted: list[str | None]) -> None:
    """Screen every planted traveller at the default threshold, top 10, and write those whose
    subject is not among the alerts: the query, the subject's rank and score in a ranked search
    of the top 100 (no threshold), and the alerts that took its place."""
    planted = [(queries[n], uid) for n, uid in enumerate(wanted) if uid is not None]
    lost = []
    for start in range(0, len(planted), 256):
        chunk = planted[start : start + 256]
        for (query, uid), matches in zip(
            chunk, index.search_many([q for q, _ in chunk]), strict=True
        ):
            if any(m.uid == uid for m in matches):
                continue
            ranked = index.search_many([query], top=100, threshold=0.0)[0]
            place = next(((k, m) for k, m in enumerate(ranked) if m.uid == uid), None)
            lost.append(
                {
                    "name": query.name,
                    "birth_date": query.birth_date,
                    "wanted": uid,
                    "rank": None if place is None else place[0] + 1,
                    "score": None if place is None else round(place[1].score, 4),
                    "alerts": [(m.uid, round(m.score, 4)) for m in matches],
                }
            )
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lost))
    print(f"planted travellers: {len(planted):,}, found {len(planted) - len(lost):,}")


def names(index: Index, travellers: list[Query]) -> None:
    """The travellers' names alone (the hub's hit checks give no birth date), not asked before,
    in batches of 16 (the hub's searcher runs the requests waiting as one batch: 16 of 50
    clients), at the default threshold, top 10: CPU time a name, on one core."""
    asked = [Query(t.name) for t in travellers]
    alerts, cpu = 0, time.process_time()
    for start in range(0, len(asked), 16):
        alerts += sum(map(len, index.search_many(asked[start : start + 16], top=10)))
    cpu = time.process_time() - cpu
    print(
        f"names alone, as hit checks: {len(asked):,} in batches of 16, "
        f"{cpu / len(asked) * 1e6:,.0f} µs of CPU a name, {alerts:,} alerts"
    )


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--travellers", type=int, default=100_000)
    parser.add_argument("--index", type=Path, default=None, help="keep the index in this file")
    parser.add_argument("--screen", type=int, default=20_000)
    parser.add_argument("--latency", type=int, default=2_000)
    parser.add_argument(
        "--names",
        type=int,
        default=0,
        help="then ask this many names alone, cold, as the hub's hit checks are asked",
    )
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument(
        "--probes",
        action="store_true",
        help="count the candidate rows retrieval's parts probe (kernels.accumulate's rows)",
    )
    parser.add_argument(
        "--misses", type=Path, default=None, help="screen every planted traveller; write misses"
    )
    args = parser.parse_args()
    index, queries, wanted = load(args)
    # What a build loads before its first search and unpickling does not: rigour's name tables
    # (the first name analysed in a process, some 8 s) and the compiled loops. Loaded here,
    # outside the timings, as the CLI and the hub have them loaded by their build.
    started = time.perf_counter()
    analyse_name("Warm Up")
    kernels.warm()
    print(f"name tables and compiled loops loaded in {time.perf_counter() - started:.1f} s")
    gc.collect()
    gc.freeze()
    probed = [0]
    if args.probes:
        accumulate = getattr(retrieval, "accumulate")  # noqa: B009 (not exported)

        def counted(unique: Any, *rest: Any) -> None:
            probed[0] += len(unique)
            accumulate(unique, *rest)

        setattr(retrieval, "accumulate", counted)  # noqa: B010
    batch = queries[: args.screen]
    found: list[list[tuple[str, str]]] = []
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(batch), 256):
        for matches in index.search_many(batch[start : start + 256]):
            found.append([(m.uid, repr(m.score)) for m in matches])
    spent, cpu = time.perf_counter() - started, time.process_time() - cpu
    if args.probes:
        setattr(retrieval, "accumulate", accumulate)  # noqa: B010
    alerts = sum(map(len, found))
    planted = [(n, uid) for n, uid in enumerate(wanted[: len(batch)]) if uid is not None]
    hit = sum(1 for n, uid in planted if any(u == uid for u, _ in found[n]))
    print(
        f"screened {len(batch):,} travellers against {len(index):,} subjects on one core in "
        f"{spent:.2f} s ({len(batch) / spent:,.0f}/s), {alerts:,} alerts, "
        f"planted found {hit:,} / {len(planted):,}; {cpu / len(batch) * 1e6:,.0f} µs of CPU a "
        "traveller"
        + (f", {probed[0] / len(batch):,.0f} rows probed a traveller" if args.probes else "")
    )
    if args.results:
        args.results.write_text(json.dumps(found))
    if args.names:
        names(index, queries[len(batch) : len(batch) + args.names])
    asked = queries[-args.latency :] if args.latency else []
    for round_ in (1, 2):
        for label, threshold in (("hit check, threshold 0.5", 0.5), ("ranked, threshold 0", 0.0)):
            times = []
            for query in asked:
                started = time.perf_counter()
                index.search_many([query], top=10, threshold=threshold)
                times.append((time.perf_counter() - started) * 1e3)
            if len(times) > 1:
                print(
                    f"round {round_} {label}: p50 {percentile(times, 0.5):.2f} ms, "
                    f"p95 {percentile(times, 0.95):.2f} ms over {len(times):,} queries"
                )

    print(f"peak RSS {peak_mib():,.0f} MiB")
    if args.misses:  # last: it warms the caches the cold round measures
        misses(args.misses, index, queries, wanted)


if __name__ == "__main__":
    main()

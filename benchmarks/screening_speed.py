"""Screening speed: index build, batch screening and single-query latency on generated data.

    .venv/bin/python benchmarks/screening_speed.py --subjects 1000000 --travellers 1000000
    .venv/bin/python benchmarks/screening_speed.py --subjects 20000 --travellers 20000 --dask local

The watchlist is a generated world (skewed name frequencies: a few given names such as Muhammad
or Aleksandr are very common). Travellers are a mix: a known share are planted variants of
listed subjects (a held-out spelling, a typo, swapped order, another script), the rest are the
subjects of a different world, who are on no list. Generation is not timed. Reports the index
build time and the process's peak memory, the screening wall time and travellers per second,
the recall of planted travellers, alerts raised on the others, and the p50/p95 latency of
single queries. The generated records are held in memory before the build (about 13 KB each,
and the allocator keeps most of it after they are dropped), so the memory figures are mostly
theirs; with ``--stream`` the build reads them as they are generated and the figures are the
index's (plus the generator's caches).

With ``--dask ADDRESS`` (a scheduler address, or ``local`` for a cluster of ``--workers``
processes started here) the same manifest is then screened on Dask, side by side with the local
run: the watchlist is written to a temporary JSONL file first (untimed; for a remote cluster the
temporary directory must be one every worker reads), each worker builds its own index on its
first batch (the "cold" run includes that), and a second, "warm" run reuses the indexes. Both
runs must give the local run's lines.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from random import Random

from interlink.domain.subjects import SubjectRecord
from interlink.domain.travellers import Traveller
from interlink.exc import Location
from interlink.formats.jsonl import write_jsonl
from interlink.matching import Index
from interlink.names import analyse_name
from interlink.services.screening import ScreeningLine, ScreeningSettings, screen_travellers
from interlink.services.world import GeneratedSubject, VariantKind, generate_world

UNFINDABLE = frozenset({VariantKind.NOM_DE_GUERRE, VariantKind.TRANSLATION})


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    """Resident memory now (not the peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Clocked:
    """An iterator that adds up the wall and CPU time spent producing its items (generation
    left out of a build's figures)."""

    def __init__(self, items: Iterator[SubjectRecord]) -> None:
        self.items = items
        self.wall = 0.0
        self.cpu = 0.0

    def __iter__(self) -> Iterator[SubjectRecord]:
        return self

    def __next__(self) -> SubjectRecord:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return next(self.items)
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu


def watchlist(
    seed: int, size: int, planted_every: int, planted: list[GeneratedSubject]
) -> Iterator[SubjectRecord]:
    """Stream the world's records, keeping every ``planted_every``-th subject for travellers."""
    for n, generated in enumerate(generate_world(seed, size).subjects()):
        if n % planted_every == 0 and any(v.kind not in UNFINDABLE for v in generated.held_out):
            planted.append(generated)
        yield generated.record


def travellers(
    planted: list[GeneratedSubject], others: int, seed: int, rng: Random
) -> tuple[list[tuple[Traveller, Location]], dict[str, str]]:
    """Planted travellers (ref -> expected uid) and ``others`` travellers on no list."""
    out: list[tuple[Traveller, Location]] = []
    expected: dict[str, str] = {}
    for n, generated in enumerate(planted):
        # A nom de guerre or a translated organisation name that is not on the record cannot
        # be found by name; every other held-out spelling (another system, a typo, swapped
        # order, a dropped part, the original script) must be.
        findable = [v for v in generated.held_out if v.kind not in UNFINDABLE]
        variant = rng.choice(findable)
        record = generated.record
        dob = record.birth_dates[0].value if record.birth_dates and rng.random() < 0.7 else None
        ref = f"planted/{n}"
        out.append((Traveller(ref=ref, name=variant.text, birth_date=dob), Location("bench")))
        expected[ref] = record.uid
    for n, generated in enumerate(generate_world(seed + 1, others).subjects()):
        record = generated.record
        name = record.primary_name.full
        dob = record.birth_dates[0].value if record.birth_dates else None
        out.append((Traveller(ref=f"other/{n}", name=name, birth_date=dob), Location("bench")))
    rng.shuffle(out)
    return out, expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--travellers", type=int, default=100_000)
    parser.add_argument("--planted-share", type=float, default=0.01)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--latency-queries", type=int, default=2000)
    parser.add_argument(
        "--latency-rounds",
        type=int,
        default=1,
        help="measure the same single queries this many times (the first round starts with "
        "no retrieval plans in this process: the screening's live in its workers)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="also screen on Dask: 'local' (--workers processes here) or tcp://host:port",
    )
    parser.add_argument(
        "--stream",
        action="store_true",
        help="generate the watchlist into the build instead of holding it all first (the peak "
        "and resident memory are then the index's; generation time is not counted)",
    )
    args = parser.parse_args()
    if args.stream and args.dask:
        parser.error("--stream cannot be used with --dask (the workers read a written file)")
    rng = Random(args.seed)
    planted_target = max(1, int(args.travellers * args.planted_share))
    planted_every = max(1, args.subjects // planted_target)

    analyse_name("Aleksandr Bortnikov")  # load the name-analysis tables once, untimed
    baseline = rss_mib()
    planted: list[GeneratedSubject] = []
    stream = watchlist(args.seed, args.subjects, planted_every, planted)
    if args.stream:
        records: Iterable[SubjectRecord] = (timed := Clocked(stream))
    else:
        timed = None
        records = list(stream)
        before = peak_mib()
    # Written before the build, untimed: Dask workers index the watchlist from a file.
    scratch = tempfile.TemporaryDirectory(prefix="interlink-bench-")
    watchlist_file = Path(scratch.name) / "watchlist.jsonl"
    if args.dask:
        with watchlist_file.open("w", encoding="utf-8", newline="\n") as out:
            write_jsonl(records, out)
    started = time.perf_counter()
    index = Index.build(records, workers=args.workers)
    build_s = time.perf_counter() - started - (timed.wall if timed else 0.0)
    del records
    gc.collect()
    index_mib = rss_mib() - baseline
    held = (
        "records generated during the build, one at a time, untimed"
        if args.stream
        else f"with the generated records in memory: {before:,.0f} MiB before the build"
    )
    print(
        f"index: {args.subjects:,} subjects built in {build_s:.1f} s; resident after the build "
        f"{index_mib:,.0f} MiB above the start; peak RSS {peak_mib():,.0f} MiB ({held})"
    )

    manifest, expected = travellers(
        planted[:planted_target], args.travellers - len(planted[:planted_target]), args.seed, rng
    )
    settings = (
        ScreeningSettings(top=10)
        if args.threshold is None
        else ScreeningSettings(top=10, threshold=args.threshold)
    )
    started = time.perf_counter()
    lines = list(screen_travellers(index, manifest, settings, workers=args.workers))
    screen_s = time.perf_counter() - started
    print(f"screening (local, forked): {report(lines, expected, screen_s, args.workers)}")
    if args.dask:
        screen_on_dask(args, watchlist_file, manifest, settings, expected, lines)

    for round_ in range(1, args.latency_rounds + 1):
        latencies = []
        for traveller, _ in manifest[: args.latency_queries]:
            started = time.perf_counter()
            index.search(traveller.name, birth_date=traveller.birth_date, top=10)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"single query (round {round_}): p50 {statistics.median(latencies):.2f} ms, "
            f"p95 {p95:.2f} ms over {len(latencies):,} queries"
        )
    scratch.cleanup()


def report(
    lines: Iterable[ScreeningLine], expected: dict[str, str], seconds: float, workers: int
) -> str:
    """Travellers per second, planted recall, and alerts on travellers who are on no list."""
    n = found = alerts = others_alerting = 0
    for line in lines:
        n += 1
        uids = [c["uid"] for c in line.candidates]
        alerts += len(uids)
        if line.ref in expected:
            found += expected[line.ref] in uids
        elif uids:
            others_alerting += 1
    per_thousand = 1000 * others_alerting / max(1, n - len(expected))
    return (
        f"{n:,} travellers in {seconds:.1f} s ({n / seconds:,.0f}/s) on {workers} workers; "
        f"planted recall {found}/{len(expected)} = {found / max(1, len(expected)):.3f}; "
        f"alerts {alerts:,}; travellers on no list alerting {others_alerting:,} "
        f"({per_thousand:.2f} per 1,000)"
    )


def screen_on_dask(
    args: argparse.Namespace,
    watchlist_file: Path,
    manifest: list[tuple[Traveller, Location]],
    settings: ScreeningSettings,
    expected: dict[str, str],
    local: list[ScreeningLine],
) -> None:
    """The manifest on Dask, cold (workers build their indexes) then warm; lines as local."""
    from interlink.services.screening_dask import (
        dask_client,
        screen_travellers_dask,
        worker_indexes,
    )

    started = time.perf_counter()
    with dask_client(args.dask, workers=args.workers) as client:
        workers = len(client.nthreads())
        print(
            f"dask: {workers} workers at {args.dask} ready in {time.perf_counter() - started:.1f} s"
        )
        for run in ("cold", "warm"):
            started = time.perf_counter()
            lines = list(screen_travellers_dask(watchlist_file, manifest, settings, client=client))
            seconds = time.perf_counter() - started
            same = "same lines as local" if lines == local else "LINES DIFFER FROM LOCAL"
            print(f"screening (dask, {run}): {report(lines, expected, seconds, workers)}; {same}")
        held = [i for found in worker_indexes(client).values() for i in found]
        rss = client.run(rss_mib)
        print(
            "dask workers: index built "
            + ", ".join(f"{i.builds}x in {i.seconds:.1f} s" for i in held)
            + "; resident "
            + ", ".join(f"{mib:,.0f} MiB" for mib in rss.values())
        )


if __name__ == "__main__":
    main()

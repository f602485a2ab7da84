"""Screening speed: index build, batch screening and single-query latency on generated data.

    .venv/bin/python benchmarks/screening_speed.py --subjects 1000000 --travellers 1000000

The watchlist is a generated world (skewed name frequencies: a few given names such as Muhammad
or Aleksandr are very common). Travellers are a mix: a known share are planted variants of
listed subjects (a held-out spelling, a typo, swapped order, another script), the rest are the
subjects of a different world, who are on no list. Generation is not timed. Reports the index
build time and the process's peak memory, the screening wall time and travellers per second,
the recall of planted travellers, alerts raised on the others, and the p50/p95 latency of
single queries.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from random import Random

from interlink.domain.travellers import Traveller
from interlink.exc import Location
from interlink.matching import Index
from interlink.names import analyse_name
from interlink.services.screening import ScreeningSettings, screen_travellers
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


def watchlist(
    seed: int, size: int, planted_every: int, planted: list[GeneratedSubject]
) -> Iterator:
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
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = Random(args.seed)
    planted_target = max(1, int(args.travellers * args.planted_share))
    planted_every = max(1, args.subjects // planted_target)

    analyse_name("Aleksandr Bortnikov")  # load the name-analysis tables once, untimed
    baseline = rss_mib()
    planted: list[GeneratedSubject] = []
    records = list(watchlist(args.seed, args.subjects, planted_every, planted))
    before = peak_mib()
    started = time.perf_counter()
    index = Index.build(records)
    build_s = time.perf_counter() - started
    del records
    gc.collect()
    index_mib = rss_mib() - baseline
    print(
        f"index: {args.subjects:,} subjects built in {build_s:.1f} s; resident after the build "
        f"{index_mib:,.0f} MiB above the start; peak RSS {peak_mib():,.0f} MiB "
        f"(with the generated records in memory: {before:,.0f} MiB before the build)"
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
    found = alerts = others_alerting = 0
    for line in screen_travellers(index, manifest, settings, workers=args.workers):
        uids = [c["uid"] for c in line.candidates]
        alerts += len(uids)
        if line.ref in expected:
            found += expected[line.ref] in uids
        elif uids:
            others_alerting += 1
    screen_s = time.perf_counter() - started
    n = len(manifest)
    per_thousand = 1000 * others_alerting / max(1, n - len(expected))
    print(
        f"screening: {n:,} travellers in {screen_s:.1f} s ({n / screen_s:,.0f}/s) on "
        f"{args.workers} workers; planted recall {found}/{len(expected)} = "
        f"{found / max(1, len(expected)):.3f}; alerts {alerts:,}; travellers on no list "
        f"alerting {others_alerting:,} ({per_thousand:.2f} per 1,000)"
    )

    latencies = []
    for traveller, _ in manifest[: args.latency_queries]:
        started = time.perf_counter()
        index.search(traveller.name, birth_date=traveller.birth_date, top=10)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"single query: p50 {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms "
        f"over {len(latencies):,} queries"
    )


if __name__ == "__main__":
    main()

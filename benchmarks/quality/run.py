"""Matching-quality benchmark: recall/MRR per bucket, precision/recall and alerts at threshold.

    .venv/bin/python benchmarks/quality/run.py --matchers rapidfuzz,interlink --split test \
        --sample 300 --out results.json

Builds the gallery (OFAC 2021 + EU 2025 + distractors not held out) and the queries (see
benchmarks/README.md), searches every sampled query with each matcher, prints a bucket x matcher
table and the threshold figures, and writes everything as JSON. Deterministic for a given
--seed. Tune thresholds with --split dev --tune; report --split test with --threshold. With
logic-v2 among the matchers (it sees only the first --nk-sample queries of each bucket), every
other matcher is also reported on those same queries, as the column NAME@nk.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.quality import metrics, perturb
from benchmarks.quality.baselines import MATCHERS, search_all


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--matchers", default="rapidfuzz", help=f"comma-separated: {', '.join(MATCHERS)}"
    )
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--sample",
        type=int,
        default=200,
        help="queries per bucket (0: all); distractors: --negatives",
    )
    parser.add_argument(
        "--negatives",
        type=int,
        default=2000,
        help="held-out distractor travellers to screen (0: all in the split)",
    )
    parser.add_argument(
        "--nk-sample",
        type=int,
        default=100,
        help="logic-v2 sees only the first N sampled queries of each bucket",
    )
    parser.add_argument(
        "--nk-negatives", type=int, default=500, help="logic-v2: distractor travellers to screen"
    )
    parser.add_argument(
        "--nk-candidates",
        type=int,
        default=20,
        help="candidates from the blocking step that logic-v2 re-scores",
    )
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--threshold",
        action="append",
        default=[],
        metavar="MATCHER=VALUE",
        help="also report a matcher at this threshold (e.g. one tuned on dev)",
    )
    parser.add_argument(
        "--tune",
        type=float,
        metavar="ALERTS_PER_1000",
        default=None,
        help="(dev) also report the threshold with the best recall within this alert budget",
    )
    parser.add_argument(
        "--tune-precision",
        type=float,
        default=0.8,
        help="(with --tune) and at least this pairwise precision",
    )
    parser.add_argument(
        "--misses", type=int, default=0, help="write up to N misses (R@1) per bucket to the JSON"
    )
    parser.add_argument("--out", type=Path, default=None)
    return parser.parse_args(argv)


def make_matchers(names: list[str], args: argparse.Namespace) -> list:
    out = []
    for name in names:
        try:
            cls = MATCHERS[name]
            out.append(cls(args.nk_candidates) if name == "logic-v2" else cls())
        except KeyError:
            sys.exit(f"unknown matcher {name!r}; known: {', '.join(MATCHERS)}")
        except (ImportError, RuntimeError) as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
    given = dict(spec.partition("=")[::2] for spec in args.threshold)
    for matcher in out:
        matcher.given = float(given[matcher.name]) if matcher.name in given else None
    return out


def choose(queries: list, args: argparse.Namespace) -> list:
    positives = [q for q in queries if q.target is not None]
    negatives = [q for q in queries if q.target is None]
    chosen = perturb.sample(positives, args.split, args.sample or None, args.seed)
    chosen += perturb.sample(negatives, args.split, args.negatives or None, args.seed)
    return chosen


def fmt(value: float) -> str:
    return "  -  " if value is None or math.isnan(value) else f"{value:.3f}"


def print_table(report: dict) -> None:
    names = list(report["matchers"])
    buckets = sorted(
        {b for m in report["matchers"].values() for b in m["ranking"]},
        key=lambda b: (b == "ALL", b),
    )
    header = f"{'bucket':<18}" + "".join(f" | {n[:27]:^27}" for n in names)
    print(header)
    print(f"{'':<18}" + " | n     R@1   R@10  MRR  " * len(names))
    print("-" * len(header))
    for bucket in buckets:
        cells = []
        for name in names:
            row = report["matchers"][name]["ranking"].get(bucket)
            cells.append(
                " | "
                + (
                    f"{row['n']:<5} {fmt(row['R@1'])} {fmt(row['R@10'])} {fmt(row['MRR'])}"
                    if row
                    else f"{'':27}"
                )
            )
        print(f"{bucket:<18}" + "".join(cells))
    print()
    for name, result in report["matchers"].items():
        for label in ("at_threshold", "given", "tuned"):
            if row := result.get(label):
                print(
                    f"{name:<16} {label:<12} t={row['threshold']:.2f}  "
                    f"precision={fmt(row['precision'])} recall={fmt(row['recall'])}  "
                    f"alerts/1000={row['alerts_per_1000']:.1f} "
                    f"(any gallery hit: {row['alerts_any_per_1000']:.1f}, "
                    f"n={row['negatives']})  build={result['build_s']:.1f}s "
                    f"search={result['ms_per_query']:.1f}ms/query"
                )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    t0 = time.perf_counter()
    gallery, queries = perturb.build(args.seed)
    list_uids = {e.uid for e in gallery if e.source != "distractor"}
    chosen = choose(queries, args)
    counts: dict[str, dict[str, int]] = {}
    for q in queries:
        counts.setdefault(q.bucket, {"dev": 0, "test": 0})[q.split] += 1
    print(
        f"gallery {len(gallery)} entries ({len(list_uids)} listed), {len(queries)} queries "
        f"in all; {len(chosen)} sampled from {args.split} ({time.perf_counter() - t0:.0f}s)",
        file=sys.stderr,
    )
    report: dict = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "python": platform.python_version(),
        "gallery": len(gallery),
        "listed": len(list_uids),
        "bucket_sizes": dict(sorted(counts.items())),
        "matchers": {},
    }
    names_of = {e.uid: e.names for e in gallery}
    for matcher in make_matchers(args.matchers.split(","), args):
        mine = chosen
        if matcher.name == "logic-v2":
            mine = choose_first(chosen, args.nk_sample, args.nk_negatives)
        t1 = time.perf_counter()
        matcher.build(gallery)
        t2 = time.perf_counter()
        results = search_all(matcher, mine, args.top)
        t3 = time.perf_counter()
        result = {
            "queries": len(mine),
            "build_s": t2 - t1,
            "ms_per_query": 1000 * (t3 - t2) / max(len(mine), 1),
            "ranking": metrics.ranking(mine, results, args.top),
            "at_threshold": metrics.at_threshold(mine, results, matcher.threshold, list_uids),
        }
        if matcher.given is not None:
            result["given"] = metrics.at_threshold(mine, results, matcher.given, list_uids)
        if args.tune is not None:
            result["tuned"] = metrics.sweep(
                mine, results, list_uids, args.tune, args.tune_precision
            )
        if args.misses:
            result["misses"] = metrics.misses(mine, results, names_of, args.misses)
        report["matchers"][matcher.name] = result
        if matcher.name != "logic-v2" and "logic-v2" in args.matchers.split(","):
            # The same matcher on logic-v2's subsample, so the two compare on the same queries.
            subset = choose_first(chosen, args.nk_sample, args.nk_negatives)
            report["matchers"][f"{matcher.name}@nk"] = {
                "queries": len(subset),
                "ranking": metrics.ranking(subset, results, args.top),
            }
        print(
            f"{matcher.name}: {len(mine)} queries, build {t2 - t1:.1f}s, search {t3 - t2:.1f}s",
            file=sys.stderr,
        )
    print_table(report)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")


def choose_first(queries: list, per_bucket: int, negatives: int) -> list:
    """The first ``per_bucket`` of each bucket (``negatives`` distractors), in sample order."""
    kept: dict[str, int] = {}
    out = []
    for query in queries:
        limit = negatives if query.target is None else per_bucket
        if kept.get(query.bucket, 0) < limit:
            kept[query.bucket] = kept.get(query.bucket, 0) + 1
            out.append(query)
    return out


if __name__ == "__main__":
    main()

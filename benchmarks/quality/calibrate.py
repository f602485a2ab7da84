"""Fit the score's calibration (intercept and name weight) on the quality harness's dev split.

    .venv/bin/python benchmarks/quality/calibrate.py --split dev --sample 300 --negatives 0

Every sampled query (positive queries of every bucket and the held-out distractor travellers)
is searched against the harness's gallery; each of its top ``--top`` candidates is a pair,
labelled 1 when it is an accepted entry of the query (``Query.accept``) and 0 otherwise. A pair
keeps its name score ``s`` and the rest of its logit (birth date, nationality, gender, weak
alias: the evidence coefficients stay as configured, as an offset), and
``intercept + name_weight * s + offset`` is fitted by logistic regression (Newton's method).
The run prints the fitted pair, then precision, recall and alerts per 1,000 distractor
travellers at ``--threshold`` under the configured and the fitted calibration, side by side,
and a reliability table (mean predicted probability against the observed share of correct
pairs, by bin). Fit on dev only; check the figures on test with the fitted values configured.

The probability is that of a candidate in a query's top ten being the person the query names,
at the harness's mix of listed and unlisted travellers (about half and half); a real border's
mix has far fewer listed travellers, which is why the threshold is checked against the alerts
on distractors rather than read as a cost ratio alone.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.quality import perturb
from benchmarks.quality.baselines import to_record
from benchmarks.quality.datasets import Query

from interlink.matching import DEFAULT_CONFIG, Index

Pairs = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--sample", type=int, default=300, help="queries per bucket (0: all)")
    parser.add_argument("--negatives", type=int, default=0, help="distractors (0: all)")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--threshold", type=float, default=DEFAULT_CONFIG.threshold)
    return parser.parse_args(argv)


def collect(
    index: Index, queries: list[Query], top: int
) -> tuple[Pairs, list[tuple[int, int]], list[list[str]]]:
    """Per pair: name score, offset (the logit less the calibrated name term), label; per
    query the slice of its pairs and the uids found."""
    config = index.config
    scores: list[float] = []
    offsets: list[float] = []
    labels: list[float] = []
    spans = []
    uids = []
    for query in queries:
        start = len(scores)
        found = index.search(query.name, query.birth_date, query.nationality, query.gender, top=top)
        uids.append([m.uid for m in found])
        for match in found:
            s = match.explanation.name_score
            scores.append(s)
            offsets.append(match.explanation.logit - config.intercept - config.name_weight * s)
            labels.append(float(query.target is not None and match.uid in query.accept))
        spans.append((start, len(scores)))
    return (np.array(scores), np.array(offsets), np.array(labels)), spans, uids


def fit(
    pairs: Pairs, start: tuple[float, float], weight_fixed: bool = False
) -> tuple[float, float]:
    """Maximum-likelihood intercept and name weight (Newton's method with step halving, the
    offsets fixed); with ``weight_fixed`` the intercept alone, the name weight as given."""
    s, offset, y = pairs
    if weight_fixed:
        offset = offset + start[1] * s
        s = np.zeros_like(s)
    x = np.column_stack((np.ones_like(s), s))

    def loss(beta: npt.NDArray[np.float64]) -> float:
        z = x @ beta + offset
        return float(np.sum(np.logaddexp(0.0, z) - y * z))

    beta = np.array(start, dtype=np.float64)
    current = loss(beta)
    for _ in range(200):
        p = _sigmoid(x @ beta + offset)
        gradient = x.T @ (y - p)
        hessian = (x * (p * (1 - p))[:, None]).T @ x
        step = np.linalg.solve(hessian + 1e-9 * np.eye(2), gradient)
        if weight_fixed:
            step[1] = 0.0
        scale = 1.0
        while scale > 1e-6 and loss(beta + scale * step) > current:
            scale /= 2
        beta = beta + scale * step
        previous, current = current, loss(beta)
        if previous - current < 1e-9:
            break
    return float(beta[0]), start[1] if weight_fixed else float(beta[1])


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)))


def probabilities(pairs: Pairs, intercept: float, weight: float) -> npt.NDArray[np.float64]:
    s, offset, _ = pairs
    return _sigmoid(intercept + weight * s + offset)


def evaluate(
    queries: list[Query],
    spans: list[tuple[int, int]],
    pairs: Pairs,
    p: npt.NDArray[np.float64],
    threshold: float,
    listed: set[str],
    uids: list[list[str]],
) -> dict[str, float]:
    """Pairwise precision and recall over the positive queries, alerts per 1,000 distractors
    on listed entries, as ``benchmarks.quality.metrics.at_threshold`` counts them."""
    labels = pairs[2]
    above = p >= threshold
    pairs_above = correct = found = positives = negatives = alerted = 0
    for query, (lo, hi), hit_uids in zip(queries, spans, uids, strict=True):
        if query.target is None:
            negatives += 1
            alerted += any(u in listed for u, a in zip(hit_uids, above[lo:hi], strict=True) if a)
            continue
        positives += 1
        pairs_above += int(above[lo:hi].sum())
        good = int((above[lo:hi] & (labels[lo:hi] > 0)).sum())
        correct += good
        found += good > 0
    return {
        "precision": correct / pairs_above if pairs_above else math.nan,
        "recall": found / positives if positives else math.nan,
        "alerts_per_1000": 1000 * alerted / negatives if negatives else math.nan,
    }


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    gallery, queries = perturb.build(args.seed)
    listed = {e.uid for e in gallery if e.source != "distractor"}
    positives = [q for q in queries if q.target is not None]
    negatives = [q for q in queries if q.target is None]
    chosen = perturb.sample(positives, args.split, args.sample or None, args.seed)
    chosen += perturb.sample(negatives, args.split, args.negatives or None, args.seed)
    index = Index.build([to_record(e) for e in gallery])
    pairs, spans, uids = collect(index, chosen, args.top)
    config = index.config
    intercept, weight = fit(pairs, (config.intercept, config.name_weight))
    shifted = fit(pairs, (config.intercept, config.name_weight), weight_fixed=True)
    n_pos = int(pairs[2].sum())
    print(
        f"{len(chosen)} queries ({args.split}), {len(pairs[0])} pairs, {n_pos} correct; "
        f"fitted logit = {intercept:.2f} + {weight:.2f} * name_score + evidence "
        f"(configured {config.intercept:.2f} + {config.name_weight:.2f}); "
        f"0.5 without evidence at name score {-intercept / weight:.3f} "
        f"(configured {-config.intercept / config.name_weight:.3f})"
    )
    for label, (a, b) in (
        ("configured", (config.intercept, config.name_weight)),
        ("fitted", (intercept, weight)),
        (f"intercept {shifted[0]:.2f}", shifted),
    ):
        p = probabilities(pairs, a, b)
        row = evaluate(chosen, spans, pairs, p, args.threshold, listed, uids)
        print(
            f"{label:<16} t={args.threshold:.2f} precision={row['precision']:.3f} "
            f"recall={row['recall']:.3f} alerts/1000={row['alerts_per_1000']:.2f}"
        )
        bins = np.minimum((p * 10).astype(int), 9)
        for b_ in range(10):
            sel = bins == b_
            if sel.any():
                print(
                    f"    [{b_ / 10:.1f}, {(b_ + 1) / 10:.1f}) pairs={int(sel.sum()):>6} "
                    f"predicted={p[sel].mean():.3f} observed={pairs[2][sel].mean():.3f}"
                )


if __name__ == "__main__":
    main()

"""Ranking and alert metrics over one matcher's results.

``results`` maps a query id to its ranked hits ``[(uid, score), ...]``, scores in 0..1.
A hit is correct when its uid is in the query's ``accept`` set (the target, or a listed entry
with exactly the same name: the lists overlap).
"""

from __future__ import annotations

from collections import defaultdict

from benchmarks.quality.datasets import Query

Hits = list[tuple[str, float]]


def rank_of(query: Query, hits: Hits) -> int | None:
    for rank, (uid, _score) in enumerate(hits, 1):
        if uid in query.accept:
            return rank
    return None


def ranking(queries: list[Query], results: dict[str, Hits], top: int = 10) -> dict[str, dict]:
    """Per bucket (and "ALL" positives): n, R@1, R@10, MRR (MRR@top: a miss counts 0)."""
    groups: dict[str, list[Query]] = defaultdict(list)
    for query in queries:
        if query.target is not None:
            groups[query.bucket].append(query)
            groups["ALL"].append(query)
    out = {}
    for bucket, group in sorted(groups.items()):
        ranks = [rank_of(q, results.get(q.qid, [])[:top]) for q in group]
        n = len(ranks)
        out[bucket] = {
            "n": n,
            "R@1": sum(r == 1 for r in ranks) / n,
            "R@10": sum(r is not None and r <= 10 for r in ranks) / n,
            "MRR": sum(1 / r for r in ranks if r) / n,
        }
    return out


def at_threshold(
    queries: list[Query], results: dict[str, Hits], threshold: float, list_uids: set[str]
) -> dict[str, float]:
    """Pairwise precision/recall on the positive queries and alerts on the distractors.

    precision: of the (query, hit) pairs scoring >= threshold, the share that are correct.
    recall: the share of positive queries with a correct hit >= threshold.
    alerts_per_1000: distractor travellers (per 1,000 screened) with any listed entry
    >= threshold; alerts_any_per_1000 counts hits on other distractors too.
    """
    pairs = correct = found = positives = 0
    negatives = alerted = alerted_any = 0
    for query in queries:
        hits = [(u, s) for u, s in results.get(query.qid, []) if s >= threshold]
        if query.target is None:
            negatives += 1
            alerted += any(u in list_uids for u, _ in hits)
            alerted_any += bool(hits)
            continue
        positives += 1
        pairs += len(hits)
        good = sum(u in query.accept for u, _ in hits)
        correct += good
        found += good > 0
    return {
        "threshold": threshold,
        "precision": correct / pairs if pairs else float("nan"),
        "recall": found / positives if positives else float("nan"),
        "pairs": pairs,
        "negatives": negatives,
        "alerts_per_1000": 1000 * alerted / negatives if negatives else float("nan"),
        "alerts_any_per_1000": 1000 * alerted_any / negatives if negatives else float("nan"),
    }


def sweep(
    queries: list[Query],
    results: dict[str, Hits],
    list_uids: set[str],
    budget: float,
    min_precision: float = 0.0,
) -> dict[str, float]:
    """The threshold (0.05..0.99) with the best recall whose alerts/1,000 stay within
    ``budget`` and whose pairwise precision is at least ``min_precision``.

    Meant for the dev split only; pass the threshold it finds to the test run.
    """
    best: dict[str, float] | None = None
    for step in range(99, 4, -1):  # ties go to the higher threshold
        row = at_threshold(queries, results, step / 100, list_uids)
        if row["alerts_per_1000"] > budget or not row["precision"] >= min_precision:
            continue
        if best is None or row["recall"] > best["recall"]:
            best = row
    return best or at_threshold(queries, results, 0.99, list_uids)


def misses(
    queries: list[Query], results: dict[str, Hits], names_of: dict, per_bucket: int
) -> dict[str, list[dict]]:
    """Up to ``per_bucket`` positive queries per bucket whose first hit is wrong, with what was
    found instead (uid, score, first names)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for query in queries:
        hits = results.get(query.qid, [])
        if query.target is None or rank_of(query, hits[:1]) == 1:
            continue
        if len(out[query.bucket]) >= per_bucket:
            continue
        out[query.bucket].append(
            {
                "qid": query.qid,
                "query": query.name,
                "birth_date": query.birth_date,
                "target": query.target,
                "target_names": list(names_of.get(query.target, ())),
                "rank": rank_of(query, hits),
                "found": [[u, round(s, 3), list(names_of.get(u, ()))[:3]] for u, s in hits[:3]],
            }
        )
    return dict(out)

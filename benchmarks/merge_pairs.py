"""The merge of remembered part pairs (``vector.PartSimilarities._merge``) alone: 32,768 new
pairs into 2,000,000, the way before (``np.insert`` of keys, values and labels) and in place
(``kernels.merge_remembered``), on random keys, results compared.

    PYTHONPATH=src .venv/bin/python benchmarks/merge_pairs.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from interlink.matching import kernels

HELD = 2_000_000
NEW = 32_768
ROUNDS = 7


def main() -> None:
    rng = np.random.default_rng(0)
    keys = np.sort(rng.integers(0, 1 << 50, HELD))
    values = rng.random(HELD)
    hows = rng.integers(0, 5, HELD).astype(np.int8)
    room = (np.empty(HELD + NEW, np.int64), np.empty(HELD + NEW), np.empty(HELD + NEW, np.int8))
    kernels.warm()
    inserted, in_place = [], []
    for _ in range(ROUNDS):
        new = (
            np.sort(rng.integers(0, 1 << 50, NEW)),
            rng.random(NEW),
            rng.integers(0, 5, NEW).astype(np.int8),
        )
        started = time.perf_counter()
        at = np.searchsorted(keys, new[0])
        expected = [np.insert(a, at, b) for a, b in zip((keys, values, hows), new, strict=True)]
        inserted.append(time.perf_counter() - started)
        for array, held in zip(room, (keys, values, hows), strict=True):
            array[:HELD] = held
        started = time.perf_counter()
        kernels.merge_remembered(room, HELD, new)
        in_place.append(time.perf_counter() - started)
        if not all(np.array_equal(a, b) for a, b in zip(room, expected, strict=True)):
            raise SystemExit("the merges differ")
    before, after = statistics.median(inserted) * 1e3, statistics.median(in_place) * 1e3
    print(
        f"{NEW:,} pairs into {HELD:,}, medians of {ROUNDS}: np.insert x3 {before:.1f} ms, "
        f"in place {after:.1f} ms"
    )


if __name__ == "__main__":
    main()

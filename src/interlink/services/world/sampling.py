"""Deterministic weighted picks: a Zipf curve over pools ordered most common first.

Only ``random.Random`` seeded with an int or a str is used (both are the same in every process);
never ``hash()`` or set order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Items with weights, picked in O(log n)."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("need one weight per item and at least one item")
        self.items = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> Weighted[T]:
        return cls([p[0] for p in pairs], [p[1] for p in pairs])

    @classmethod
    def zipf(cls, items: Sequence[T], exponent: float = 1.0, shift: float = 0.0) -> Weighted[T]:
        """Rank r (from 1) weighs 1 / (r + shift)**exponent: a few names are very common.

        A ``shift`` flattens the head (Zipf-Mandelbrot): family names, where even the most
        common one is borne by a few percent of people, not by a fifth of them."""
        return cls(items, [1.0 / ((rank + shift) ** exponent) for rank in range(1, len(items) + 1)])

    def pick(self, rng: Random) -> T:
        index = bisect_right(self._cum, rng.random() * self._total)
        return self.items[min(index, len(self.items) - 1)]

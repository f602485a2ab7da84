"""Postings and candidate retrieval.

Key strings are interned to int ids. Each key has a posting list of subject rows: an int32
numpy array made at build time plus a small Python delta list for rows added since, so adding
never rebuilds. Removed rows stay in the postings and are masked by the index's tombstones;
document frequencies are kept exact. A vocabulary-level deletion dictionary (SymSpell style:
every key minus one letter -> key ids) gives the typo path without touching the postings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from interlink.matching.config import MatchConfig
from interlink.names.analysis import NamePart
from interlink.names.phonetic import deletions

__all__ = ["Postings", "part_keys"]

IntArray = npt.NDArray[np.int32]
_EMPTY = np.zeros(0, dtype=np.int32)
_TYPO_MIN = 4  # keys shorter than this have too many neighbours to be worth it


def part_keys(part: NamePart) -> tuple[str, ...]:
    """The posting keys of a part: its skeleton keys and its name symbols ("#Q923")."""
    return (*part.keys, *("#" + s for s in sorted(part.symbols)))


class Postings:
    __slots__ = ("_base", "_deletes", "_delta", "_df", "_ids", "_keys")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._base: list[IntArray] = []
        self._delta: dict[int, list[int]] = {}
        self._df: list[int] = []
        # Most deletions belong to one key: an int then, a list only when shared.
        self._deletes: dict[str, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _intern(self, key: str) -> int:
        kid = self._ids.get(key)
        if kid is None:
            kid = len(self._keys)
            self._ids[key] = kid
            self._keys.append(key)
            self._base.append(_EMPTY)
            self._df.append(0)
            if len(key) >= _TYPO_MIN and not key.startswith("#"):
                for d in deletions(key):
                    held = self._deletes.get(d)
                    if held is None:
                        self._deletes[d] = kid
                    elif isinstance(held, int):
                        self._deletes[d] = [held, kid]
                    else:
                        held.append(kid)
        return kid

    def load(self, pairs: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Bulk-load ``(row, keys)`` into the base arrays (one sort, one split)."""
        kids: list[int] = []
        rows: list[int] = []
        for row, keys in pairs:
            for key in set(keys):
                kids.append(self._intern(key))
                rows.append(row)
        if not kids:
            return
        k = np.asarray(kids, dtype=np.int32)
        r = np.asarray(rows, dtype=np.int32)
        order = np.argsort(k, kind="stable")
        k, r = k[order], r[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        ends = np.r_[starts[1:], len(k)]
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            kid = int(k[s])
            block = r[s:e]
            base = self._base[kid]
            self._base[kid] = block.copy() if not len(base) else np.concatenate((base, block))
            self._df[kid] += e - s

    def add(self, row: int, keys: Iterable[str]) -> None:
        for key in set(keys):
            kid = self._intern(key)
            self._delta.setdefault(kid, []).append(row)
            self._df[kid] += 1

    def discard(self, keys: Iterable[str]) -> None:
        """Lower the document frequencies of a removed row's keys (its postings stay, masked)."""
        for key in set(keys):
            kid = self._ids.get(key)
            if kid is not None and self._df[kid] > 0:
                self._df[kid] -= 1

    def df(self, key: str) -> int:
        kid = self._ids.get(key)
        return 0 if kid is None else self._df[kid]

    def rows(self, kid: int, limit: int | None = None) -> IntArray:
        base = self._base[kid]
        extra = self._delta.get(kid)
        if extra:
            base = np.concatenate((base, np.asarray(extra, dtype=np.int32)))
        return base if limit is None else base[:limit]

    def key_rows(self, key: str) -> IntArray:
        """The rows of one key (empty for an unknown key)."""
        kid = self._ids.get(key)
        return _EMPTY if kid is None else self.rows(kid)

    def near_keys(self, key: str) -> list[int]:
        """Key ids one edit away by the deletion dictionary (deletions of both sides meet)."""
        found: set[int] = set()
        kid = self._ids.get(key)
        for d in (key, *deletions(key)):
            held = self._deletes.get(d)
            if isinstance(held, int):
                found.add(held)
            elif held is not None:
                found.update(held)
            other = self._ids.get(d)
            if other is not None:
                found.add(other)
        found.discard(-1 if kid is None else kid)
        return [k for k in found if self._df[k] > 0]

    def idf(self, df: int, n: int) -> float:
        return math.log((n + 1) / (df + 0.5))

    def candidates(
        self, parts: Sequence[NamePart], n: int, config: MatchConfig
    ) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """Rows sharing keys with the query's parts and their retrieval credit.

        Each part credits a row once, by the idf of its rarest key hit. A part whose keys all
        miss goes by the typo path. Stop keys (on more than ``stop_share`` of the rows) are not
        read as a source of candidates: they only add their credit to rows found by rarer
        parts, by binary search in their sorted postings; when every part is common, the
        rarest common posting list is filtered by the others (rows having all the names).
        """
        stop = max(config.stop_min, int(config.stop_share * n))
        hits: list[IntArray] = []
        credits: list[float] = []
        common: list[tuple[int, int]] = []  # (df, key id) of each all-stop part's rarest key
        for part in parts:
            found = [(self._df[k], k) for k in map(self._ids.get, part_keys(part)) if k is not None]
            found = [(df, k) for df, k in found if df > 0]
            factor = 1.0
            if not found:
                near = [k for key in part.keys for k in self.near_keys(key)]
                found = [(self._df[k], k) for k in near]
                factor = config.typo_credit
            usable = [(df, k) for df, k in found if df <= stop]
            if usable:
                hits.append(np.unique(np.concatenate([self.rows(k) for _, k in usable])))
                credits.append(factor * self.idf(min(usable)[0], n))
            elif found:
                common.append(min(found))
        if hits:
            rows = np.concatenate(hits)
            weights = np.repeat(np.asarray(credits), [len(h) for h in hits])
            unique, inverse = np.unique(rows, return_inverse=True)
            credit = np.bincount(inverse, weights=weights).astype(np.float64)
        elif common:
            common.sort()
            df, kid = common.pop(0)
            unique = self.rows(kid)
            credit = np.full(len(unique), self.idf(df, n))
        else:
            return _EMPTY, np.zeros(0)
        for df, kid in common:
            credit += self.idf(df, n) * _contains(self.rows(kid), unique)
        if not hits and len(unique) > config.common_postings:
            best = np.argpartition(-credit, config.common_postings - 1)[: config.common_postings]
            unique, credit = unique[best], credit[best]
        return unique.astype(np.int32), credit


def _contains(sorted_rows: IntArray, rows: IntArray) -> npt.NDArray[np.bool_]:
    """Which of ``rows`` are in ``sorted_rows`` (binary search; postings are sorted because
    rows are numbered in the order they are added)."""
    if not len(sorted_rows):
        return np.zeros(len(rows), dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_rows, rows), len(sorted_rows) - 1)
    return np.asarray(sorted_rows[at] == rows, dtype=np.bool_)

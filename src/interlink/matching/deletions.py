"""The typo path's deletion dictionary, compact: string -> the key ids it leads to.

A plain dict of strings to ids costs some 100 bytes an entry, and the dictionary holds several
entries per distinct name part. Here a string of letters a-z up to 13 long is coded exactly
as an int64 (bijective base 27: distinct strings, distinct codes, no hashing), and the pairs
(code, key id) are kept as two numpy arrays sorted by code: 12 bytes an entry, looked up by
binary search. New pairs go to a small dict first and are merged in by the thousand, so adding
stays cheap; the rare string that cannot be coded (longer, or not a-z) stays in a dict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Deletions", "code"]

_MAX_LEN = 13  # 27**13 < 2**63
_EMPTY_CODES: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
_EMPTY_IDS: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)


# a-z as the base-27 digits 1-26 that ``int(..., 27)`` reads ("1"-"9", then "a"-"q").
_DIGITS = str.maketrans("abcdefghijklmnopqrstuvwxyz", "123456789abcdefghijklmnopq")


def code(text: str) -> int | None:
    """``text`` as an int64 (a=1 ... z=26, base 27), or None when it is not 1 to 13 letters
    a-z."""
    # isascii and isalpha: letters A-Z, a-z only; islower: none of them upper case.
    if not (0 < len(text) <= _MAX_LEN and text.isascii() and text.isalpha() and text.islower()):
        return None
    return int(text.translate(_DIGITS), 27)


class Deletions:
    """Strings to key ids (a string may lead to several ids; an id is recorded once)."""

    __slots__ = ("_bulk_codes", "_bulk_ids", "_codes", "_ids", "_merge_at", "_other", "_pending")

    def __init__(self, merge_at: int = 1 << 16) -> None:
        self._merge_at = merge_at  # pending strings merged into the arrays at once
        self._codes = _EMPTY_CODES
        self._ids = _EMPTY_IDS
        self._pending: dict[int, list[int]] = {}
        self._other: dict[str, list[int]] = {}
        # Coded pairs of a bulk load, as they come (duplicates too): merged on the next lookup.
        self._bulk_codes: list[int] = []
        self._bulk_ids: list[int] = []

    def add(self, text: str, kid: int) -> None:
        """Record that ``text`` leads to key id ``kid``."""
        self.extend((text,), kid)

    def extend(self, texts: Iterable[str], kid: int) -> None:
        """Record that each of ``texts`` leads to key id ``kid`` (``add`` for many strings:
        a bulk build links some twenty strings per distinct name part)."""
        pending, other = self._pending, self._other
        for text in texts:
            c = code(text)
            held = other.setdefault(text, []) if c is None else pending.setdefault(c, [])
            if kid not in held:
                held.append(kid)
        if len(pending) >= self._merge_at:
            self._merge()

    def add_codes(self, codes: Sequence[int], kid: int) -> None:
        """Record that the strings of these ``code``s lead to key id ``kid``: for a bulk load,
        which has them coded elsewhere (each is merged into the arrays, once, with the next
        lookup or ``compact``)."""
        self._bulk_codes.extend(codes)
        self._bulk_ids.extend([kid] * len(codes))
        if len(self._bulk_codes) >= 16 * self._merge_at:
            self._merge()

    def find(self, texts: Iterable[str]) -> set[int]:
        """The key ids any of ``texts`` leads to."""
        if self._bulk_codes:
            self._merge()
        found: set[int] = set()
        codes: list[int] = []
        for text in texts:
            c = code(text)
            if c is None:
                found.update(self._other.get(text, ()))
                continue
            codes.append(c)
            found.update(self._pending.get(c, ()))
        if codes and len(self._codes):
            wanted = np.asarray(codes, dtype=np.int64)
            lo = np.searchsorted(self._codes, wanted, side="left")
            hi = np.searchsorted(self._codes, wanted, side="right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                if a < b:
                    found.update(self._ids[a:b].tolist())
        return found

    def _merge(self) -> None:
        if not self._pending and not self._bulk_codes:
            return
        sizes = [len(ids) for ids in self._pending.values()]
        codes = np.repeat(np.fromiter(self._pending, dtype=np.int64, count=len(sizes)), sizes)
        ids = np.fromiter(
            (k for held in self._pending.values() for k in held),
            dtype=np.int32,
            count=sum(sizes),
        )
        codes = np.concatenate((self._codes, codes, np.asarray(self._bulk_codes, dtype=np.int64)))
        ids = np.concatenate((self._ids, ids, np.asarray(self._bulk_ids, dtype=np.int32)))
        order = np.lexsort((ids, codes))
        codes, ids = codes[order], ids[order]
        keep = np.r_[True, (codes[1:] != codes[:-1]) | (ids[1:] != ids[:-1])]
        self._codes, self._ids = codes[keep], ids[keep]
        self._pending = {}
        self._bulk_codes, self._bulk_ids = [], []

    def compact(self) -> None:
        """Merge the pending strings into the arrays (after a bulk load)."""
        self._merge()

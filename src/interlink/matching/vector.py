"""Name scores of a whole batch of (query, candidate) pairs at once, on arrays.

A thresholded search retrieves some ten candidates per traveller, and each has two or three
names: comparing them one Python call per pair was two thirds of a screening run. Here the
index keeps its names as arrays of interned part ids (``NameTable``), the part similarities
are looked up by id pair (``PartSimilarities``, computed once per pair, a batch's new pairs
together by ``scoring.compare_numbered``, and remembered across batches), and ``align``
(``kernels.align``, a compiled loop) runs the greedy alignment of ``scoring.compare_names``
on every name pair of the batch, over an ``(N, Mq, Mc)`` similarity array.

The result is a filter, not the score: with the evidence added on arrays too
(``Index._logits``), ``Index.search_many`` keeps for the Python scorer (and its explanation)
only the pairs that can be among the results it returns. The arithmetic is that of the scorer,
summed in another order (the filter allows ``EPSILON`` for it), so a search returns exactly
what scoring every candidate would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from interlink.matching import kernels
from interlink.matching.config import MatchConfig
from interlink.matching.kernels import align
from interlink.matching.scoring import HOW_CODES, HOWS, MINOR_KINDS, compare_numbered
from interlink.names.analysis import NamePart
from interlink.names.parts import PartKind

__all__ = [
    "EPSILON",
    "Compared",
    "Grow",
    "NameTable",
    "PartSimilarities",
    "align",
    "share_compared",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]
# Logits a filter treats as equal: far above the rounding of a sum of a dozen terms.
EPSILON = 1e-9
_SHIFT = np.int64(1 << 32)
# Whether two equal parts match "exact" or by "transliteration" (``scoring.HOWS``) depends on
# how they are written, which parts are not interned by: a pair remembered for one query part
# is not handed to the scorer for another written otherwise (Insani, İnsani) with those labels.
_TEXT_DEPENDENT = HOW_CODES["transliteration"]


_PENDING = 1 << 16  # appends kept before they are written (a list's ints cost memory)


class Grow:
    """A numpy array that grows by doubling: amortised O(1) appends, O(1) reads. Appends are
    kept in a list and written into the array on the next read of ``data``: a build appends
    millions of values one at a time, and a numpy item assignment costs several times a
    list append."""

    __slots__ = ("_data", "_pending", "size")

    def __init__(self, dtype: type[np.generic]) -> None:
        self._data = np.zeros(1024, dtype=dtype)
        self._pending: list[int] = []
        self.size = 0

    @property
    def data(self) -> npt.NDArray[Any]:
        """The array, of at least ``size`` items (those past ``size`` are zero)."""
        if self._pending:
            self._flush()
        return self._data

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        start = self.size - len(pending)
        if self.size > len(self._data):
            grown = np.zeros(max(self.size, 2 * len(self._data)), dtype=self._data.dtype)
            grown[:start] = self._data[:start]
            self._data = grown
        self._data[start : self.size] = pending

    def append(self, value: int) -> None:
        pending = self._pending
        pending.append(value)
        self.size += 1
        if len(pending) >= _PENDING:
            self._flush()

    def extend(self, values: Sequence[int]) -> None:
        pending = self._pending
        pending.extend(values)
        self.size += len(values)
        if len(pending) >= _PENDING:
            self._flush()

    def __getstate__(self) -> tuple[npt.NDArray[Any], int]:
        return self.data, self.size

    def __setstate__(self, state: tuple[Any, Any]) -> None:
        data: npt.NDArray[Any] = state[0]
        size: int = state[1]
        if isinstance(size, dict):  # pickled before appends were kept: (None, slots)
            data, size = size["data"], size["size"]
        self._data, self._pending, self.size = data, [], size


class NameTable:
    """The index's interned names as part ids, and each row's names, in flat arrays.

    Part ``p`` has kind ``kinds[p]``; name ``n`` is the parts ``parts[starts[n] :
    starts[n] + lengths[n]]`` (an ungrouped reading's followed by as many parts they weigh as,
    ``AnalysedName.weighed``); ``ungrouped[n]`` is the name of its ungrouped reading
    (``AnalysedName.ungrouped``; -1: none) and ``particles[n]`` the code of the particles that
    reading sets aside (``particle_code``; -1: none); row ``r`` has the names
    ``row_names[row_starts[r] : row_starts[r] + row_counts[r]]``, each weak alias or not
    (``row_weak``). Rows and names are only appended (a removed row keeps its entries; the
    index's liveness array says it is gone)."""

    __slots__ = ("_codes", "_kinds", "_lengths", "_particles", "_parts", "_row_counts",
                 "_row_names", "_row_starts", "_row_weak", "_starts", "_ungrouped")  # fmt: skip

    def __init__(self) -> None:
        self._kinds = Grow(np.int8)
        self._starts = Grow(np.int32)
        self._lengths = Grow(np.int16)
        self._parts = Grow(np.int32)
        self._ungrouped = Grow(np.int32)
        self._particles = Grow(np.int16)
        self._codes: dict[tuple[str, ...], int] = {}
        self._row_starts = Grow(np.int32)
        self._row_counts = Grow(np.int16)
        self._row_names = Grow(np.int32)
        self._row_weak = Grow(np.bool_)

    def add_part(self, kind: PartKind) -> int:
        self._kinds.append(int(kind))
        return self._kinds.size - 1

    def add_name(
        self,
        part_ids: Sequence[int],
        weighed: Sequence[int] = (),
        ungrouped: int = -1,
        particles: tuple[str, ...] = (),
    ) -> int:
        """A name of ``part_ids`` weighing as ``weighed`` (empty: as themselves), whose
        ungrouped reading is the name ``ungrouped`` (-1: none), which sets ``particles``
        aside."""
        self._starts.append(self._parts.size)
        self._lengths.append(len(part_ids))
        self._parts.extend([*part_ids, *weighed])
        self._ungrouped.append(ungrouped)
        code = -1
        if ungrouped >= 0:
            code = self._codes.setdefault(particles, len(self._codes))
        self._particles.append(code)
        return self._starts.size - 1

    def particle_code(self, particles: tuple[str, ...]) -> int:
        """The code of these particles set aside in the table (-2 when no name of the table
        sets them aside: equal to none of its codes)."""
        return self._codes.get(particles, -2)

    def add_row(self, row: int, name_ids: Sequence[int], weak: Sequence[bool]) -> None:
        if row != self._row_starts.size:
            raise ValueError(f"row {row} added out of order (expected {self._row_starts.size})")
        self._row_starts.append(self._row_names.size)
        self._row_counts.append(len(name_ids))
        self._row_names.extend(name_ids)
        self._row_weak.extend([int(w) for w in weak])

    def kinds(self, part_ids: IntArray) -> npt.NDArray[np.int8]:
        return self._kinds.data[part_ids]

    def ungrouped(self, names: IntArray) -> tuple[IntArray, IntArray]:
        """The names of the names' ungrouped readings (-1: none) and the codes of the
        particles those set aside (-1: none)."""
        return self._ungrouped.data[names], self._particles.data[names]

    def reading_apart(self, rows: IntArray, code: int) -> npt.NDArray[np.bool_]:
        """Which of ``rows`` have a name whose ungrouped reading sets the particles of
        ``code`` aside."""
        names, owner, _firsts, _weak = self.expand(rows)
        held = owner[self._particles.data[names] == code]
        return np.bincount(held, minlength=len(rows)) > 0

    def expand(self, rows: IntArray) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_]]:
        """The names of ``rows``: for each, its name ids, the index into ``rows`` it belongs
        to, where each row's names begin in them (every row has at least one), and whether
        each is a weak alias."""
        counts = self._row_counts.data[rows].astype(np.int64)
        ends = np.cumsum(counts)
        firsts = ends - counts
        at = np.repeat(self._row_starts.data[rows].astype(np.int64) - firsts, counts)
        at += np.arange(int(ends[-1]) if len(ends) else 0)
        owner = np.repeat(np.arange(len(rows), dtype=np.int32), counts)
        return self._row_names.data[at], owner, firsts.astype(np.int32), self._row_weak.data[at]

    def name_parts(self, names: IntArray, weighed: bool = False, width: int = 0) -> IntArray:
        """An ``(len(names), longest)`` array of the names' part ids, -1 past each one's end
        (at least ``width`` wide); with ``weighed``, of the parts they weigh as, which only
        names added with ``weighed`` have."""
        lengths = self._lengths.data[names].astype(np.int64)
        width = max(width, int(lengths.max()) if len(lengths) else 0)
        out = np.full((len(names), width), -1, dtype=np.int32)
        columns = np.arange(width)
        inside = columns < lengths[:, None]
        at = self._starts.data[names].astype(np.int64)[:, None] + columns
        if weighed:
            at += lengths[:, None]
        out[inside] = self._parts.data[at[inside]]
        return out


class Compared(NamedTuple):
    """The distinct pairs of a ``PartSimilarities.lookup``: ``query_parts[query[k]]`` and
    the index part ``candidate[k]`` are ``values[k]`` alike, by ``hows[k]`` (``HOWS``)."""

    query_parts: Sequence[NamePart]
    query: npt.NDArray[np.int64]
    candidate: npt.NDArray[np.int64]
    values: FloatArray
    hows: npt.NDArray[np.int8]


def share_compared(
    compared: Sequence[Compared],
    index_parts: Sequence[NamePart],
    wanted: IntArray,
    into: dict[tuple[int, int], tuple[float, str]],
) -> None:
    """The ``compare_parts`` results of the compared pairs whose index part is one of
    ``wanted`` (sorted ids) put ``into`` a dict by the parts' object ids, as ``scoring.Memo``
    keeps them; not those whose label depends on how the parts are written."""
    if not len(wanted):
        return
    for found in compared:
        at = np.minimum(np.searchsorted(wanted, found.candidate), len(wanted) - 1)
        keep = (found.hows > _TEXT_DEPENDENT) & (wanted[at] == found.candidate)
        query_parts = found.query_parts
        pairs = zip(
            found.query[keep].tolist(),
            found.candidate[keep].tolist(),
            found.values[keep].tolist(),
            found.hows[keep].tolist(),
            strict=True,
        )
        for i, j, sim, how in pairs:
            into[(id(query_parts[i]), id(index_parts[j]))] = (sim, HOWS[how])


_Triple = tuple[npt.NDArray[np.int64], FloatArray, npt.NDArray[np.int8]]


class PartSimilarities:
    """``compare_parts`` results by (query part, index part) id pair, remembered across
    batches up to ``limit`` pairs (some 36 MB; then forgotten all at once: the common pairs
    come back first) in a sorted array of pair keys, looked up by binary search, and the pairs
    met lately in a small sorted array of their own, merged into the large one once there are
    ``merge_at`` of them (a single query should not copy the large arrays; a lookup of the
    recent pairs one at a time in a dict cost a twelfth of a traveller's screening). A query
    part the index does not hold has no id; its pairs are computed per batch. The pairs a
    lookup meets that are not remembered are compared together (``compare_numbered``).
    Similarity depends only on what parts are interned by, so the memory never goes stale."""

    __slots__ = (
        "_arrays",
        "_hows",
        "_keys",
        "_limit",
        "_merge_at",
        "_recent",
        "_recent_size",
        "_values",
    )

    def __init__(self, limit: int = 1 << 21, merge_at: int = 1 << 15) -> None:
        # The sorted keys, values and labels, with room to grow: ``_keys``, ``_values`` and
        # ``_hows`` are views of their filled part.
        self._arrays: _Triple = (
            np.zeros(0, dtype=np.int64),
            np.zeros(0),
            np.zeros(0, dtype=np.int8),
        )
        self._keys, self._values, self._hows = self._arrays
        # The recent pairs, sorted likewise, their first ``_recent_size`` filled.
        self._recent: _Triple = self._arrays
        self._recent_size = 0
        self._limit = limit
        self._merge_at = merge_at

    def __setstate__(self, state: tuple[None, dict[str, object]]) -> None:
        """Unpickled, from a version that kept no room (``_arrays``) too: its arrays are full;
        or that kept the recent pairs in a dict."""
        for name, value in state[1].items():
            setattr(self, name, value)
        if not hasattr(self, "_arrays"):
            self._arrays = (self._keys, self._values, self._hows)
        recent: object = self._recent
        if isinstance(recent, dict):
            keys = np.fromiter(recent.keys(), dtype=np.int64, count=len(recent))
            order = np.argsort(keys)
            self._recent = (
                keys[order],
                np.fromiter((v for v, _h in recent.values()), np.float64, len(recent))[order],
                np.fromiter((h for _v, h in recent.values()), np.int8, len(recent))[order],
            )
            self._recent_size = len(recent)

    def lookup(
        self,
        query_parts: Sequence[NamePart],
        query_ids: Sequence[int],
        index_parts: Sequence[NamePart],
        local: IntArray,
        candidate: IntArray,
        share: list[Compared] | None = None,
    ) -> FloatArray:
        """Similarities of ``query_parts[local[k]]`` and ``index_parts[candidate[k]]`` (-1
        where either is -1); ``query_ids`` are the query parts' index ids (-1: none). With
        ``share``, the distinct pairs and their results are appended to it (``Compared``),
        for ``share_compared``."""
        out = np.full(local.shape, -1.0)
        valid = (local >= 0) & (candidate >= 0)
        if not valid.any():
            return out
        q = local[valid].astype(np.int64)
        c = candidate[valid].astype(np.int64)
        ids = np.asarray(query_ids, dtype=np.int64)[q]
        # Remembered pairs by (query part id, index part id); the others, negative, by the
        # query part's number in the batch.
        keys = np.where(ids >= 0, ids * _SHIFT + c, -1 - (q * _SHIFT + c))
        unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        values = np.empty(len(unique))
        hows = np.zeros(len(unique), dtype=np.int8)
        new = _found(unique, (self._keys, self._values, self._hows), values, hows)
        if len(new) and self._recent_size:
            size, (keys_, values_, hows_) = self._recent_size, self._recent
            recent = (keys_[:size], values_[:size], hows_[:size])
            new = new[_found(unique[new], recent, values, hows, new)]
        if len(new):
            met, number = np.unique(c[first[new]], return_inverse=True)
            parts = [*query_parts, *(index_parts[j] for j in met.tolist())]
            sims, codes = compare_numbered(
                parts,
                q[first[new]].astype(np.int32),
                (len(query_parts) + number.reshape(-1)).astype(np.int32),
            )
            values[new], hows[new] = sims, codes
            kept = unique[new] >= 0
            self._remember((unique[new][kept], sims[kept], codes[kept]))
        if self._recent_size >= self._merge_at:
            self._merge()
        out[valid] = values[inverse.reshape(-1)]
        if share is not None:
            share.append(Compared(query_parts, q[first], c[first], values, hows))
        return out

    def _remember(self, new: _Triple) -> None:
        """Merge pairs (ascending, none of them remembered) into the recent ones."""
        size = self._recent_size
        end = size + len(new[0])
        arrays = self._recent
        if len(arrays[0]) < end:  # room for twice as many
            arrays = self._recent = _with_room(arrays, size, max(end, 2 * len(arrays[0]), 1024))
        kernels.merge_remembered(arrays, size, new)
        self._recent_size = end

    def _merge(self) -> None:
        """Fold the recent pairs into the large sorted arrays (or forget everything past the
        limit)."""
        size = len(self._keys)
        count, self._recent_size = self._recent_size, 0
        keys, values, hows = self._arrays
        if size + count > self._limit:  # the room is kept for what comes next
            self._keys, self._values, self._hows = keys[:0], values[:0], hows[:0]
            return
        end = size + count
        if len(keys) < end:  # room for twice as many, up to the limit
            room = max(end, min(2 * len(keys), self._limit))
            self._arrays = keys, values, hows = _with_room(self._arrays, size, room)
        recent = self._recent
        kernels.merge_remembered(
            self._arrays, size, (recent[0][:count], recent[1][:count], recent[2][:count])
        )
        self._keys, self._values, self._hows = keys[:end], values[:end], hows[:end]


def _with_room(arrays: _Triple, size: int, room: int) -> _Triple:
    """New arrays of ``room`` entries holding the first ``size`` of ``arrays``."""
    keys, values, hows = (
        np.concatenate((a[:size], np.empty(room - size, a.dtype))) for a in arrays
    )
    return keys, values, hows


def _found(
    wanted: npt.NDArray[np.int64],
    pairs: _Triple,
    values: FloatArray,
    hows: npt.NDArray[np.int8],
    places: npt.NDArray[np.intp] | None = None,
) -> npt.NDArray[np.intp]:
    """Of the keys ``wanted`` (ascending), those ``pairs`` (ascending by key) hold have their
    value and label written into ``values`` and ``hows``, at their ``places`` there (default:
    their own positions); returns the positions in ``wanted`` of the others."""
    keys = pairs[0]
    if not len(keys):
        return np.arange(len(wanted))
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    known = keys[at] == wanted
    into = np.flatnonzero(known) if places is None else places[known]
    values[into] = pairs[1][at[known]]
    hows[into] = pairs[2][at[known]]
    return np.flatnonzero(~known)


def unmatched_factors(
    kinds: npt.NDArray[np.int8], query_kinds: npt.NDArray[np.int64], config: MatchConfig
) -> FloatArray:
    """What an unaligned candidate part of each kind weighs relative to its weight, as
    ``compare_names`` sets it: ``absent_part`` for a patronymic, nasab or legal form when the
    query has no part of that kind (``query_kinds`` is a bit mask per row), ``minor_part`` for
    one when it has, 1 for any other part."""
    minor = np.isin(kinds, [int(k) for k in MINOR_KINDS])
    present = (query_kinds[:, None] >> kinds.astype(np.int64)) & 1
    factor = np.where(minor, config.minor_part, 1.0)
    return np.where(minor & (present == 0), config.absent_part, factor)


def kind_mask(parts: Sequence[NamePart]) -> int:
    """The kinds of a name's parts as bits."""
    mask = 0
    for part in parts:
        mask |= 1 << int(part.kind)
    return mask

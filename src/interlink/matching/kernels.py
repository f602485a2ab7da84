"""Compiled loops of retrieval (numba), where numpy would take a call per step.

Retrieval asks, for each part of a query, which of the candidate rows hold one of its keys:
membership of one sorted row array in another, then a few sums per row. On numpy that was
eight binary searches and some thirty array operations per traveller: each call costs
microseconds of its own, and a binary search of every candidate in a posting list touches
memory at random. Here one compiled call per part walks the two sorted arrays together
(galloping over long postings, bit tests over a common name's very long ones) and adds the
part's credit, coverage and closeness to each row, with the arithmetic of the numpy code it
replaces, in the same order: the results are the same to the last bit. The candidates'
birth-date categories, the union of two posting lists, the part pairs that may match
(``part_pairs``) and the greedy alignment of name parts (``align``) are loops here too.

The functions are compiled on first use and cached beside this file (``cache=True``), so a
process pays the compilation once per machine, not once per start.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = [
    "MAY_MATCH",
    "MAY_SHARE_CONSONANTS",
    "NO_BITS",
    "Bits",
    "Probed",
    "accumulate",
    "align",
    "birth_categories",
    "bitset",
    "bitset_of",
    "born_apart",
    "form_pairs",
    "merge_remembered",
    "part_pairs",
    "probe",
    "union",
    "warm",
]

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Bits = npt.NDArray[np.uint8]
Words = npt.NDArray[np.uint32]
Probed = tuple[IntArray, Bits]  # sorted rows and their bitset (or NO_BITS)
NO_BITS: Bits = np.zeros(0, dtype=np.uint8)
_warm = False


@njit(cache=True, nogil=True)
def _member(sorted_rows: IntArray, rows: IntArray, out: BoolArray) -> None:  # pragma: no cover
    """``out[i]``: whether ``rows[i]`` is in ``sorted_rows``; both ascending. Gallops: an
    exponential then a binary search from the last position, so a short ``rows`` costs its
    length times the log of the gap, and two arrays of a size a merge of both."""
    n = len(sorted_rows)
    j = 0
    for i in range(len(rows)):
        x = rows[i]
        if j < n and sorted_rows[j] < x:
            # gallop: find hi with sorted_rows[hi] >= x (or n), lo with sorted_rows[lo] < x
            lo = j
            step = 1
            hi = j + 1
            while hi < n and sorted_rows[hi] < x:
                lo = hi
                step *= 2
                hi = j + step
            if hi > n:
                hi = n
            # first index in (lo, hi] whose value >= x
            lo += 1
            while lo < hi:
                mid = (lo + hi) >> 1
                if sorted_rows[mid] < x:
                    lo = mid + 1
                else:
                    hi = mid
            j = lo
        out[i] = j < n and sorted_rows[j] == x


@njit(cache=True, nogil=True)
def _bitset(sorted_rows: IntArray) -> npt.NDArray[np.uint8]:  # pragma: no cover
    """A bit per row up to the last of ``sorted_rows``, set for theirs."""
    bits = np.zeros((sorted_rows[-1] >> 3) + 1 if len(sorted_rows) else 0, dtype=np.uint8)
    for x in sorted_rows:
        bits[x >> 3] |= np.uint8(1 << (x & 7))
    return bits


@njit(cache=True, nogil=True)
def _mark(rows: IntArray, bits: npt.NDArray[np.uint8]) -> int:  # pragma: no cover
    """Set the bits of ``rows`` (in any order, repeats allowed); how many were not set."""
    added = 0
    for x in rows:
        b = x >> 3
        m = np.uint8(1 << (x & 7))
        if not bits[b] & m:
            bits[b] |= m
            added += 1
    return added


@njit(cache=True, nogil=True)
def _probe(
    sorted_rows: IntArray, bits: npt.NDArray[np.uint8], rows: IntArray, out: BoolArray
) -> None:  # pragma: no cover
    """``_member``, by bit tests when ``bits`` (``_bitset`` of ``sorted_rows``) is given."""
    if len(bits) == 0:
        _member(sorted_rows, rows, out)
        return
    size = len(bits)
    for i in range(len(rows)):
        x = rows[i]
        b = x >> 3
        out[i] = b < size and (bits[b] >> (x & 7)) & 1 == 1


@njit(cache=True, nogil=True)
def _accumulate(
    unique: IntArray,
    mine: IntArray,
    near: IntArray,
    held: IntArray,
    held_bits: npt.NDArray[np.uint8],
    common_near: IntArray,
    common_bits: npt.NDArray[np.uint8],
    stop: bool,
    near_stop: bool,
    credit_own: float,
    credit_near: float,
    credit_stop: float,
    credit_near_stop: float,
    share: float,
    typo_credit: float,
    credit: FloatArray,
    covered: FloatArray,
    close: FloatArray,
) -> None:  # pragma: no cover
    m = len(unique)
    own = np.empty(m, dtype=np.bool_)
    nearby = np.empty(m, dtype=np.bool_)
    _member(mine, unique, own)
    _member(near, unique, nearby)
    if stop:
        in_held = np.empty(m, dtype=np.bool_)
        _probe(held, held_bits, unique, in_held)
    if near_stop:
        in_common = np.empty(m, dtype=np.bool_)
        _probe(common_near, common_bits, unique, in_common)
    for i in range(m):
        o = own[i]
        r = nearby[i]
        # credit += plan.credit * own + plan.typo_credit * near
        credit[i] += credit_own * (1.0 if o else 0.0) + credit_near * (1.0 if r else 0.0)
        if stop:
            h = in_held[i] and not o
            credit[i] += credit_stop * (1.0 if h else 0.0)
            o = o or h
        if near_stop:
            c = in_common[i] and not (o or r)
            credit[i] += credit_near_stop * (1.0 if c else 0.0)
            r = r or c
        covered[i] += share * (1.0 if (o or r) else 0.0)
        close[i] += share * ((1.0 if o else 0.0) + typo_credit * (1.0 if r else 0.0))


@njit(cache=True, nogil=True)
def _align(
    sims: npt.NDArray[np.float64],
    query_weights: FloatArray,
    candidate_weights: FloatArray,
    query_unmatched: FloatArray,
    candidate_unmatched: FloatArray,
    part_min: float,
    out: FloatArray,
) -> None:  # pragma: no cover
    """``align``, one name pair after another: the same greedy choice (the first best
    pair in row-major order), and the same sums in the same order as numpy's."""
    n, mq, mc = sims.shape
    s = np.empty((mq, mc))
    used_q = np.empty(mq, dtype=np.bool_)
    used_c = np.empty(mc, dtype=np.bool_)
    for r in range(n):
        for i in range(mq):
            used_q[i] = False
            for j in range(mc):
                v = sims[r, i, j]
                s[i, j] = v if v >= part_min else -1.0
        for j in range(mc):
            used_c[j] = False
        matched = 0.0
        total = 0.0
        for _ in range(min(mq, mc)):
            best = s[0, 0]
            bi = 0
            bj = 0
            for i in range(mq):
                for j in range(mc):
                    if s[i, j] > best:
                        best = s[i, j]
                        bi = i
                        bj = j
            if best < part_min:
                break
            weight = (query_weights[r, bi] + candidate_weights[r, bj]) / 2
            matched += weight * best
            total += weight
            used_q[bi] = True
            used_c[bj] = True
            for j in range(mc):
                s[bi, j] = -1.0
            for i in range(mq):
                s[i, bj] = -1.0
        total += _unused_sum(query_unmatched[r], used_q)
        total += _unused_sum(candidate_unmatched[r], used_c)
        out[r] = matched / total if total > 0 else 0.0


@njit(cache=True, nogil=True)
def _unused_sum(values: FloatArray, used: BoolArray) -> float:  # pragma: no cover
    """The sum of ``values`` where not ``used``, added as numpy's ``sum`` adds a row of up to
    128: one after another under eight, else in eight running sums paired at the end."""
    n = len(values)
    if n < 8:
        total = 0.0
        for i in range(n):
            total += 0.0 if used[i] else values[i]
        return total
    r = np.empty(8)
    for k in range(8):
        r[k] = 0.0 if used[k] else values[k]
    i = 8
    while i < n - n % 8:
        for k in range(8):
            r[k] += 0.0 if used[i + k] else values[i + k]
        i += 8
    paired: float = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while i < n:
        paired += 0.0 if used[i] else values[i]
        i += 1
    return paired


@njit(cache=True, nogil=True)
def _merge_remembered(
    keys: npt.NDArray[np.int64],
    values: FloatArray,
    hows: npt.NDArray[np.int8],
    size: int,
    new_keys: npt.NDArray[np.int64],
    new_values: FloatArray,
    new_hows: npt.NDArray[np.int8],
) -> None:  # pragma: no cover
    """The ascending ``new_*`` merged into the first ``size`` of ``keys``, ``values`` and
    ``hows`` (ascending by key, room for both), in place from the end: of equal keys the new
    one first (``np.insert`` at ``searchsorted``'s left place)."""
    i = size - 1
    j = len(new_keys) - 1
    k = size + len(new_keys) - 1
    while j >= 0:
        if i >= 0 and keys[i] >= new_keys[j]:
            keys[k] = keys[i]
            values[k] = values[i]
            hows[k] = hows[i]
            i -= 1
        else:
            keys[k] = new_keys[j]
            values[k] = new_values[j]
            hows[k] = new_hows[j]
            j -= 1
        k -= 1


@njit(cache=True, nogil=True)
def _merge(a: IntArray, b: IntArray) -> IntArray:  # pragma: no cover
    """The sorted distinct rows of two ascending arrays."""
    out = np.empty(len(a) + len(b), dtype=np.int32)
    i = j = k = 0
    while i < len(a) or j < len(b):
        if j == len(b) or (i < len(a) and a[i] <= b[j]):
            x = a[i]
            i += 1
        else:
            x = b[j]
            j += 1
        if k == 0 or out[k - 1] != x:
            out[k] = x
            k += 1
    return out[:k]


@njit(cache=True, nogil=True)
def _birth_categories(
    start: IntArray,
    count: IntArray,
    lo: IntArray,
    hi: IntArray,
    query_lo: npt.NDArray[np.int64],
    query_hi: npt.NDArray[np.int64],
    rows: IntArray,
    near_days: int,
    rank: npt.NDArray[np.int8],
    by_rank: npt.NDArray[np.int8],
    out: npt.NDArray[np.int8],
) -> None:  # pragma: no cover
    for i in range(len(rows)):
        qlo, qhi = query_lo[i], query_hi[i]
        if qlo > qhi:
            continue
        row = rows[i]
        best = -1
        for at in range(start[row], start[row] + count[row]):
            a, b = np.int64(lo[at]), np.int64(hi[at])
            if qlo <= b and a <= qhi:
                category = 1 if (a == b and qlo == qhi and a == qlo) else 2  # exact, compatible
            elif min(abs(qlo - b), abs(a - qhi)) <= near_days:
                category = 3  # near
            else:
                category = 4  # conflict
            r = rank[category]
            if best < 0 or r < best:
                best = r
        if best >= 0:
            out[i] = by_rank[best]


@njit(cache=True, nogil=True)
def _born_apart(
    hulls: npt.NDArray[np.int64], rows: IntArray, lo: int, hi: int, near_days: int, out: BoolArray
) -> None:  # pragma: no cover
    for i in range(len(rows)):
        hull = hulls[rows[i]]
        a, b = hull >> 32, hull & 0xFFFFFFFF
        out[i] = a <= b and (hi + near_days < a or b + near_days < lo)


def born_apart(
    hulls: npt.NDArray[np.int64], rows: IntArray, lo: int, hi: int, near_days: int
) -> BoolArray:
    """Per row, whether every birth date it has is more than ``near_days`` from the days
    ``lo``-``hi`` (category 4, conflicting, for each; a row without a date is not). ``hulls``:
    per row the first day of its earliest date and the last of its latest, as ``lo << 32 |
    hi`` (``bounds.hull``); one read a row, where ``birth_categories`` reads four arrays."""
    out = np.zeros(len(rows), dtype=np.bool_)
    if len(rows):
        _born_apart(hulls, rows, lo, hi, near_days, out)
    return out


def birth_categories(
    columns: tuple[IntArray, IntArray, IntArray, IntArray],
    query_lo: npt.NDArray[np.int64],
    query_hi: npt.NDArray[np.int64],
    rows: IntArray,
    near_days: int,
    ranks: tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]],
) -> npt.NDArray[np.int8]:
    """Per row, the birth-date category (1 exact, 2 compatible, 3 near, 4 conflict; 0 none) of
    its date that ranks first by ``ranks`` (category -> rank, rank -> category) against the
    query's interval for that row (``query_lo`` above ``query_hi``: none). ``columns``: each
    row's first date and count of dates, and the dates' widened bounds, in ordinal days."""
    out = np.zeros(len(rows), dtype=np.int8)
    start, count, lo, hi = columns
    _birth_categories(start, count, lo, hi, query_lo, query_hi, rows, near_days, *ranks, out)
    return out


# What ``part_pairs`` says of a pair of parts, as bits.
MAY_MATCH = 1  # the texts, or a Latin spelling, form or symbol, hash alike; or a Tajik surname
MAY_SHARE_CONSONANTS = 2  # a consonant skeleton hashes alike
_HEADER = 6  # a part code's words before its sets: text, Tajik, and the four sets' counts


@njit(cache=True, nogil=True)
def _shares(codes: Words, a: int, b: int, which: int) -> bool:  # pragma: no cover
    """Whether the ``which``-th sets of the part codes at ``a`` and ``b`` share a word (each
    set ascending)."""
    i, j = a + _HEADER, b + _HEADER
    for s in range(which):
        i += codes[a + 2 + s]
        j += codes[b + 2 + s]
    i_end, j_end = i + codes[a + 2 + which], j + codes[b + 2 + which]
    while i < i_end and j < j_end:
        x, y = codes[i], codes[j]
        if x == y:
            return True
        if x < y:
            i += 1
        else:
            j += 1
    return False


@njit(cache=True, nogil=True)
def _part_pairs(
    query: IntArray, candidate: IntArray, codes: Words, at: npt.NDArray[np.int64], out: Bits
) -> None:  # pragma: no cover
    for k in range(len(query)):
        a, b = at[query[k]], at[candidate[k]]
        found = 0
        if (
            codes[a] == codes[b]
            or codes[a + 1] != 0
            or codes[b + 1] != 0
            or _shares(codes, a, b, 0)
            or _shares(codes, a, b, 1)
            or _shares(codes, a, b, 3)
        ):
            found = MAY_MATCH
        if _shares(codes, a, b, 2):
            found |= MAY_SHARE_CONSONANTS
        out[k] = found


@njit(cache=True, nogil=True)
def _form_pairs(
    query: IntArray, candidate: IntArray, ends: IntArray
) -> tuple[IntArray, IntArray, IntArray]:  # pragma: no cover
    total = 0
    for k in range(len(query)):
        a, b = query[k], candidate[k]
        total += (ends[a + 1] - ends[a]) * (ends[b + 1] - ends[b])
    left = np.empty(total, dtype=np.int32)
    right = np.empty(total, dtype=np.int32)
    starts = np.empty(len(query), dtype=np.int32)
    at = 0
    for k in range(len(query)):
        a, b = query[k], candidate[k]
        starts[k] = at
        for i in range(ends[a], ends[a + 1]):
            for j in range(ends[b], ends[b + 1]):
                left[at] = i
                right[at] = j
                at += 1
    return left, right, starts


def part_pairs(pairs: tuple[IntArray, IntArray], codes: Words, at: npt.NDArray[np.int64]) -> Bits:
    """For each pair of parts ``(pairs[0][k], pairs[1][k])``, by number, what their codes
    (``scoring.part_code``, the part numbered ``p`` at ``codes[at[p]:]``) share, as
    ``MAY_MATCH`` and ``MAY_SHARE_CONSONANTS`` bits: a pair with neither shares no string
    of those, since alike strings hash alike."""
    out = np.empty(len(pairs[0]), dtype=np.uint8)
    if len(out):
        _part_pairs(pairs[0], pairs[1], codes, at, out)
    return out


def form_pairs(
    pairs: tuple[IntArray, IntArray], ends: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Every pair of the two parts' forms, for each pair of parts by number (part ``p``'s
    forms are numbered from ``ends[p]`` to ``ends[p + 1]``): the left and right forms' numbers,
    and where each pair of parts' begin among them (every pair has a form on each side)."""
    left, right, starts = _form_pairs(pairs[0], pairs[1], ends)
    return (
        np.asarray(left, dtype=np.int32),
        np.asarray(right, dtype=np.int32),
        np.asarray(starts, dtype=np.int32),
    )


def union(blocks: list[IntArray]) -> IntArray:
    """The sorted distinct rows of ascending arrays: two merged, more sorted together
    (merging many in turn would go over the first ones again and again)."""
    if len(blocks) == 1:
        return blocks[0]
    if len(blocks) == 2:
        return np.asarray(_merge(blocks[0], blocks[1]), dtype=np.int32)
    rows = np.sort(np.concatenate(blocks))
    return rows[np.r_[True, rows[1:] != rows[:-1]]] if len(rows) else rows


def align(
    sims: npt.NDArray[np.float64],
    query_weights: FloatArray,
    candidate_weights: FloatArray,
    query_unmatched: FloatArray,
    candidate_unmatched: FloatArray,
    part_min: float,
) -> FloatArray:
    """Name scores of ``N`` name pairs as ``compare_names`` computes them.

    ``sims`` is ``(N, Mq, Mc)``: the similarity of query part ``i`` and candidate part ``j``,
    -1 past either name's end. The weights are the parts' (0 past the end); the unmatched
    arrays are what a part adds to the total when it is left unaligned. Greedy as
    ``compare_names``: the best pair first, ties to the lowest (i, j) in row-major order,
    which is the order its stable sort keeps. One compiled pass per name pair (numpy took a
    dozen calls per aligned part, over every pair)."""
    out = np.zeros(sims.shape[0])
    if len(out) and sims.shape[1] and sims.shape[2]:
        # C-ordered float arrays, the one signature compiled (``warm``)
        _align(
            np.ascontiguousarray(sims, dtype=np.float64),
            np.ascontiguousarray(query_weights, dtype=np.float64),
            np.ascontiguousarray(candidate_weights, dtype=np.float64),
            np.ascontiguousarray(query_unmatched, dtype=np.float64),
            np.ascontiguousarray(candidate_unmatched, dtype=np.float64),
            part_min,
            out,
        )
    return out


def merge_remembered(
    arrays: tuple[npt.NDArray[np.int64], FloatArray, npt.NDArray[np.int8]],
    size: int,
    new: tuple[npt.NDArray[np.int64], FloatArray, npt.NDArray[np.int8]],
) -> None:
    """Keys with their values and labels (``vector.PartSimilarities``), the first ``size``
    ascending by key, and new ones ascending, merged in place: the arrays' first ``size +
    len(new[0])`` are then what ``np.insert`` at ``np.searchsorted`` gives, without a new
    array each time (a query that merged two million remembered pairs so waited some 80 ms).
    The arrays must have room for both."""
    if len(arrays[0]) < size + len(new[0]):
        raise ValueError("merge_remembered: no room for the new keys")
    _merge_remembered(
        *arrays,
        size,
        np.ascontiguousarray(new[0], dtype=np.int64),
        np.ascontiguousarray(new[1], dtype=np.float64),
        np.ascontiguousarray(new[2], dtype=np.int8),
    )


def bitset(sorted_rows: IntArray) -> Bits:
    """A bit per row up to the last of ``sorted_rows`` (ascending), set for theirs: probing a
    long posting list by bit tests instead of searches."""
    return np.asarray(_bitset(sorted_rows), dtype=np.uint8)


def bitset_of(blocks: list[IntArray]) -> tuple[Bits, int]:
    """``bitset`` of the union of ascending arrays, made without the union (a sort of them
    all), and how many rows it holds."""
    blocks = [b for b in blocks if len(b)]
    if not blocks:
        return NO_BITS, 0
    top = max(int(b[-1]) for b in blocks)
    bits = np.zeros((top >> 3) + 1, dtype=np.uint8)
    flat = blocks[0] if len(blocks) == 1 else np.concatenate(blocks)
    return bits, int(_mark(np.asarray(flat, dtype=np.int32), bits))


def probe(probed: Probed, rows: IntArray) -> BoolArray:
    """Which of ``rows`` (ascending) are among the probed rows (sorted rows, or their
    ``bitset``)."""
    out = np.empty(len(rows), dtype=np.bool_)
    if len(rows):
        _probe(probed[0], probed[1], rows, out)
    return out


def accumulate(
    unique: IntArray,
    arrays: tuple[IntArray, IntArray, Probed, Probed],
    credits: tuple[float, float, float, float],
    flags: tuple[bool, bool],
    share: float,
    typo_credit: float,
    sums: tuple[FloatArray, FloatArray, FloatArray],
) -> None:
    """Add one part's retrieval to the candidate rows ``unique`` (ascending): ``arrays`` its
    rows of usable keys, of neighbour keys, of any key (read when ``flags[0]``, it has stop
    keys) and of common neighbour keys (when ``flags[1]``), the last two with their
    ``bitset`` or ``NO_BITS``; ``credits`` of a hit on each; ``sums`` the credit, covered share
    and closeness of each row, added to in place."""
    mine, near, (held, held_bits), (common_near, common_bits) = arrays
    credit, covered, close = sums
    _accumulate(
        unique,
        mine,
        near,
        held,
        held_bits,
        common_near,
        common_bits,
        flags[0],
        flags[1],
        *credits,
        share,
        typo_credit,
        credit,
        covered,
        close,
    )


def warm() -> None:
    """Load (or compile) every kernel for the array types retrieval passes, once per process,
    now rather than on a search: loading leaves reference cycles of the compiler's behind, and
    the first search would pay for it."""
    global _warm
    if _warm:
        return
    _warm = True
    rows = np.arange(3, dtype=np.int32)
    sums = (np.zeros(3), np.zeros(3), np.zeros(3))
    probed = (rows, bitset(rows))
    for flag in (False, True):
        accumulate(
            rows, (rows, rows, probed, (rows, NO_BITS)), (1.0,) * 4, (flag, flag), 1.0, 0.8, sums
        )
    union([rows, rows])
    bitset_of([rows, rows])
    probe(probed, rows)
    probe((rows, NO_BITS), rows)
    ranks = (np.arange(5, dtype=np.int8), np.arange(5, dtype=np.int8))
    dates = np.zeros(3, dtype=np.int64)
    birth_categories((rows, rows, rows, rows), dates, dates, rows, 1, ranks)
    born_apart(np.zeros(3, dtype=np.int64), rows, 0, 1, 1)
    # read-only, as part codes are (``np.frombuffer`` of bytes): a type of its own to numba
    code = np.frombuffer(np.array([7, 0, 1, 0, 0, 0, 9], dtype=np.uint32).tobytes(), np.uint32)
    part_pairs((rows[:1], rows[:1]), code, np.zeros(2, dtype=np.int64))
    form_pairs((rows[:2], rows[:2]), rows)
    align(
        np.zeros((1, 1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)), 0.5
    )
    held = (np.arange(4, dtype=np.int64), np.zeros(4), np.zeros(4, dtype=np.int8))
    merge_remembered(held, 2, (np.arange(2, dtype=np.int64), np.zeros(2), np.zeros(2, np.int8)))

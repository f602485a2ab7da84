"""The compiled retrieval loops against the numpy code they replace, and the pruning of rows
that cannot reach a thresholded search's floor."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.matching import Index, MatchConfig, kernels, retrieval
from interlink.matching.kernels import NO_BITS, accumulate, bitset, bitset_of, probe, union
from interlink.names.analysis import analyse_name
from tests.matching.factory import person

Rows = npt.NDArray[np.int32]

sorted_rows = st.lists(st.integers(0, 3_000), max_size=400).map(
    lambda xs: np.unique(np.asarray(xs, dtype=np.int32))
)


def reference_contains(sorted_rows: Rows, rows: Rows) -> npt.NDArray[np.bool_]:
    """The binary search retrieval used before the kernels."""
    if not len(sorted_rows):
        return np.zeros(len(rows), dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_rows, rows), len(sorted_rows) - 1)
    return np.asarray(sorted_rows[at] == rows, dtype=np.bool_)


@settings(max_examples=300, deadline=None)
@given(sorted_rows, sorted_rows, st.booleans())
def test_probing_is_membership(haystack: Rows, rows: Rows, bits: bool) -> None:
    """By searches in the sorted rows, or by bit tests in their bitset."""
    probed = (haystack, bitset(haystack) if bits else NO_BITS)
    assert probe(probed, rows).tolist() == np.isin(rows, haystack).tolist()


def test_probing_gallops_over_long_postings() -> None:
    haystack = np.arange(0, 1_000_000, 3, dtype=np.int32)
    rows = np.asarray([0, 1, 2, 3, 299_997, 299_998, 999_999, 1_000_000], dtype=np.int32)
    assert probe((haystack, NO_BITS), rows).tolist() == [1, 0, 0, 1, 1, 0, 1, 0]
    # past the last row of the bitset too
    assert probe((haystack, bitset(haystack)), rows).tolist() == [1, 0, 0, 1, 1, 0, 1, 0]


@settings(max_examples=200, deadline=None)
@given(
    unique=sorted_rows,
    mine=sorted_rows,
    near=sorted_rows,
    held=sorted_rows,
    common_near=sorted_rows,
    stop=st.booleans(),
    near_stop=st.booleans(),
    bits=st.booleans(),
    credits=st.tuples(*[st.floats(0.0, 12.0)] * 4),
    share=st.floats(0.0, 1.0),
)
def test_accumulate_is_the_numpy_arithmetic_to_the_bit(
    unique: Rows,
    mine: Rows,
    near: Rows,
    held: Rows,
    common_near: Rows,
    stop: bool,
    near_stop: bool,
    bits: bool,
    credits: tuple[float, float, float, float],
    share: float,
) -> None:
    typo_credit = 0.8
    start = np.linspace(0.0, 3.0, len(unique))
    # What retrieval computed on numpy before (retrieval.Postings.candidates).
    credit, covered, close = start.copy(), start.copy() / 7, start.copy() / 3
    own = reference_contains(mine, unique)
    nearby = reference_contains(near, unique)
    credit += credits[0] * own + credits[1] * nearby
    if stop:
        in_held = reference_contains(held, unique) & ~own
        credit += credits[2] * in_held
        own |= in_held
    if near_stop:
        in_common = reference_contains(common_near, unique) & ~(own | nearby)
        credit += credits[3] * in_common
        nearby |= in_common
    covered += share * (own | nearby)
    close += share * (own + typo_credit * nearby)

    sums = (start.copy(), start.copy() / 7, start.copy() / 3)
    probed_held = (held, bitset(held) if bits else NO_BITS)
    probed_common = (common_near, bitset(common_near) if bits else NO_BITS)
    accumulate(
        unique,
        (mine, near, probed_held, probed_common),
        credits,
        (stop, near_stop),
        share,
        typo_credit,
        sums,
    )
    assert sums[0].tobytes() == credit.tobytes()
    assert sums[1].tobytes() == covered.tobytes()
    assert sums[2].tobytes() == close.tobytes()


GIVEN = ["Muhammad", "Ahmad", "Ali", "Omar", "Yusuf", "Khalid", "Hasan", "Ibrahim"]
FAMILY = ["Haddad", "Khalil", "Nasser", "Saleh", "Yasin", "Darwish", "Hamdan", "Jaber", "Qasim"]


@settings(max_examples=25, deadline=None)
@given(
    names=st.lists(
        st.tuples(st.sampled_from(GIVEN), st.sampled_from(GIVEN), st.sampled_from(FAMILY)),
        min_size=40,
        max_size=160,
    ),
    queries=st.lists(
        st.tuples(st.sampled_from(GIVEN), st.sampled_from(GIVEN + FAMILY)), min_size=1, max_size=6
    ),
    floor=st.floats(0.3, 0.95),
)
def test_pruning_keeps_every_row_that_reaches_the_floor(
    names: list[tuple[str, str, str]],
    queries: list[tuple[str, str]],
    floor: float,
) -> None:
    """Rows dropped before the last parts probe them are exactly rows the floor drops: the
    rows at or above it, and their credit, share and closeness, are those of the search that
    probes every row with every part."""
    config = MatchConfig(stop_min=5, stop_share=0.05, typo_postings=8, common_postings=10_000)
    gallery = [person(" ".join(n), uid=f"t:{i}") for i, n in enumerate(names)]
    index = Index.build(gallery, config)
    postings = index._postings
    for given_name, other in queries:
        parts = analyse_name(f"{given_name} {other} Haddad").parts
        weights = [index.weigh(p) for p in parts]
        pruned = postings.candidates(parts, len(index), config, weights, floor)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(retrieval, "_PRUNE_MARGIN", math.inf)  # nothing pruned
            full = postings.candidates(parts, len(index), config, weights, floor)
        assert len(pruned) <= len(full)
        keep_p, keep_f = pruned.covered >= floor, full.covered >= floor
        assert pruned.rows[keep_p].tolist() == full.rows[keep_f].tolist()
        for name in ("credit", "covered", "close"):
            got = getattr(pruned, name)[keep_p]
            assert got.tobytes() == getattr(full, name)[keep_f].tobytes()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 500), max_size=60).map(sorted), min_size=2, max_size=6))
def test_union_is_the_sorted_distinct_rows(blocks: list[list[int]]) -> None:
    arrays = [np.asarray(b, dtype=np.int32) for b in blocks]
    expected = sorted({x for b in blocks for x in b})
    assert union(arrays).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 500), max_size=60).map(sorted), max_size=6))
def test_a_bitset_marked_from_postings_is_the_bitset_of_their_union(
    blocks: list[list[int]],
) -> None:
    """Marked from the postings as they are (overlapping, some empty), without their union:
    the same bits, and the count of distinct rows."""
    arrays = [np.asarray(sorted(set(b)), dtype=np.int32) for b in blocks]
    bits, size = bitset_of(arrays)
    expected = sorted({x for b in blocks for x in b})
    assert size == len(expected)
    assert bits.tobytes() == bitset(np.asarray(expected, dtype=np.int32)).tobytes()


@settings(deadline=None)  # the first example may compile the loop
@given(
    st.lists(st.integers(-(2**62), 2**62), max_size=60, unique=True),
    st.lists(st.integers(-(2**62), 2**62), max_size=60, unique=True),
    st.integers(0, 5),
)
def test_merging_remembered_pairs_is_inserting_them(
    old: list[int], new: list[int], room: int
) -> None:
    """The merge of ``vector.PartSimilarities``, in place in arrays with ``room`` to spare:
    what ``np.insert`` at the sorted places gives, values and labels following their keys."""
    old_keys = np.sort(np.asarray(old, dtype=np.int64))
    new_keys = np.sort(np.asarray(new, dtype=np.int64))
    before = (old_keys, old_keys / 7.0, (old_keys % 5).astype(np.int8))
    added = (new_keys, new_keys / 3.0, (new_keys % 3 + 5).astype(np.int8))
    at = np.searchsorted(before[0], added[0])
    expected = [np.insert(b, at, a) for b, a in zip(before, added, strict=True)]
    end = len(old) + len(new)
    arrays = tuple(np.full(end + room, 99, dtype=b.dtype) for b in before)
    for array, filled in zip(arrays, before, strict=True):
        array[: len(old)] = filled
    kernels.merge_remembered(arrays, len(old), added)  # type: ignore[arg-type]
    for got, want in zip(arrays, expected, strict=True):
        assert np.array_equal(got[:end], want)
        assert (got[end:] == 99).all()  # nothing written past the merged keys

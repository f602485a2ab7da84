"""Scores on arrays: the same numbers as the scorer, and a filter that changes no result."""

from __future__ import annotations

import itertools
import pickle
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from interlink.matching import Index, Query
from interlink.matching import vector as vector_module
from interlink.matching.index import _query_facts, query_birth
from interlink.matching.scoring import Memo, compare_names, compare_parts, score_subject
from interlink.matching.vector import (
    Compared,
    Grow,
    NameTable,
    PartSimilarities,
    align,
    share_compared,
)
from interlink.names.analysis import analyse_name
from interlink.names.parts import PartKind
from interlink.services.world import generate_world
from tests.matching.factory import person


@pytest.fixture(scope="module")
def world() -> tuple[Index, list[Query]]:
    generated = list(generate_world(29, 700).subjects())
    index = Index.build([g.record for g in generated])
    queries = []
    for n, g in enumerate(generated[:250]):
        record = g.record
        name = g.held_out[n % len(g.held_out)].text if g.held_out else record.primary_name.full
        dob = record.birth_dates[0].value if record.birth_dates and n % 3 else None
        queries.append(Query(name, dob))
    return index, queries


def test_name_scores_are_those_of_compare_names(world: tuple[Index, list[Query]]) -> None:
    """For query names against rows they share nothing with as well as their candidates (a
    name's own row, random rows), the array score is the best ``compare_names`` score over
    the row's names."""
    index, queries = world
    rng = np.random.default_rng(3)
    plans = []
    for query in queries[:120]:
        retrieved = index._retrieve(query.name, 0.0, Memo(), index._alive)
        rows = np.unique(
            np.concatenate((retrieved.rows[:20], rng.integers(0, len(index), 15).astype(np.int32)))
        ).astype(np.int32)
        plans.append((None, retrieved, rows))
    pair_rows = np.concatenate([rows for _f, _r, rows in plans])
    counts = [len(rows) for _f, _r, rows in plans]
    names, _owner, firsts, _weak = index._name_scores(plans, pair_rows, counts)  # type: ignore[arg-type]
    scores = np.maximum.reduceat(names, firsts)
    expected = []
    for _facts, retrieved, rows in plans:
        for row in rows.tolist():
            facts = index._facts[row]
            assert facts is not None
            expected.append(
                max(
                    compare_names(retrieved.analysed, name, index.config, index.weigh)[0]
                    for name, _weak in facts.names
                )
            )
    assert len(scores) == len(expected) > 2000
    assert sum(e >= 0.9 for e in expected) > 100  # matches among them, not only strangers
    assert np.allclose(scores, expected, rtol=0, atol=1e-12)


def test_names_read_apart_score_on_arrays_as_compare_names_scores_them() -> None:
    """Names with kunya and abd- words compared both ways (``AnalysedName.ungrouped``): the
    array score is still the best ``compare_names`` score over the row's names, and reading
    apart is what lifts the regrouped ones."""
    listed = [
        person("Hafiz Abdul ZAMANI", "Хафиз Абдул Замани", uid="t:zamani"),
        person("Abdul Wadud KHORASANI", uid="t:khorasani"),
        person("Abou Anas TARIQI", "Anas TARIQI", uid="t:tariqi"),
        person("Abu Mohamed SAQQAF", "Umm Layla SAQQAF", uid="t:saqqaf"),
        person("Abdul Hafiz RAHMANI", "Abu Bakr HADDAD", uid="t:rahmani"),
    ]
    index = Index.build([*(g.record for g in generate_world(29, 300).subjects()), *listed])
    queries = [
        "Abdul Hafiz ZAMANI", "ZAMANI Hafiz Abdul", "Абдул Хафиз Замани", "Abdul KHORASANI",
        "Abou TARIQI Anas", "Abou TARIQI", "Abu Ahmad SAQQAF", "Bakr HADDAD", "Hafiz ZAMANI",
        "Oum SAQQAF Layla",
    ]  # fmt: skip
    plans = []
    for query in queries:
        retrieved = index._retrieve(query, 0.0, Memo(), index._alive)
        apart = retrieved.apart[0][:30] if retrieved.apart else retrieved.rows[:0]
        plans.append((None, retrieved, np.union1d(retrieved.rows[:30], apart)))
    pair_rows = np.concatenate([rows for _f, _r, rows in plans])
    counts = [len(rows) for _f, _r, rows in plans]
    names, _owner, firsts, _weak = index._name_scores(plans, pair_rows, counts)  # type: ignore[arg-type]
    scores = np.maximum.reduceat(names, firsts)
    expected, grouped = [], []
    for _facts, retrieved, rows in plans:
        query = retrieved.analysed
        for row in rows.tolist():
            facts = index._facts[row]
            assert facts is not None
            compared = [
                compare_names(query, n, index.config, index.weigh)[0] for n, _ in facts.names
            ]
            expected.append(max(compared))
            alone = replace(query, ungrouped=None)
            grouped.append(
                max(compare_names(alone, n, index.config, index.weigh)[0] for n, _ in facts.names)
            )
    assert np.allclose(scores, expected, rtol=0, atol=1e-12)
    lifted = np.asarray(expected) > np.asarray(grouped) + 0.05
    assert lifted.sum() >= 6


@pytest.mark.parametrize(("threshold", "top"), [(None, 10), (0.0, 10), (0.0, 3), (0.9, 5)])
def test_the_filter_changes_no_result(
    world: tuple[Index, list[Query]],
    monkeypatch: pytest.MonkeyPatch,
    threshold: float | None,
    top: int,
) -> None:
    """A thresholded search (the matches over the threshold) and a ranked one (the ``top``
    best) return the same matches, scores and explanations with and without the array
    filter, and the filter does drop candidates, and sets aside names that cannot be a
    row's best (which the scorer then does not compare)."""
    index, queries = world
    dropped = []
    set_aside = []
    original = Index._filter

    def counting(self: Index, plans: list, limit: float, top: int, share: Any = None) -> Any:  # type: ignore[type-arg]
        out, best_names = original(self, plans, limit, top, share)
        dropped.append(sum(len(p[2]) for p in plans) - sum(len(p[2]) for p in out))
        for plan, best in zip(out, best_names, strict=True):
            for row, positions in best.items():
                assert row in plan[2]
                set_aside.append(len(self._facts[row].names) - len(positions))
        return out, best_names

    monkeypatch.setattr(Index, "_filter", counting)
    filtered = index.search_many(queries, top, threshold)
    monkeypatch.setattr(
        Index, "_filter", lambda self, plans, limit, top, share=None: (plans, [{} for _ in plans])
    )
    unfiltered = index.search_many(queries, top, threshold)
    assert sum(dropped) > 10
    assert sum(set_aside) > 10 and min(set_aside) > 0
    assert sum(map(len, filtered)) > 100
    assert [[m.to_dict() for m in found] for found in filtered] == [
        [m.to_dict() for m in found] for found in unfiltered
    ]


def test_logits_are_those_of_the_scorer() -> None:
    """With every kind of evidence on both sides (birth dates exact, near and conflicting,
    nationality, gender, document numbers, weak aliases), the array logit of each pair is
    the scorer's."""
    generated = list(generate_world(31, 300).subjects())
    records = [g.record for g in generated]
    records.append(
        person("Rustam Nazarov", weak=("Rustam Nazar",), dob="1971-03-02", nationality="TJ",
               gender="male", passport="N1234567", uid="t:rn")
    )  # fmt: skip
    index = Index.build(records)
    rng = np.random.default_rng(9)
    queries = [Query("Rustam Nazar", "1971-03-02", "TJ", "male", "N1234567")]
    for n, g in enumerate(generated[:120]):
        record, other = g.record, generated[int(rng.integers(len(generated)))].record
        source = (record, other, record)[n % 3]
        dob = source.birth_dates[0].value if source.birth_dates and n % 4 else None
        nationality = source.nationalities[0] if source.nationalities and n % 5 else None
        gender = source.gender.value if source.gender and n % 2 else None
        document = source.documents[0].number if source.documents and n % 7 == 0 else None
        name = g.held_out[0].text if g.held_out else record.primary_name.full
        queries.append(Query(name, dob, nationality, gender, document))
    plans = []
    for query in queries:
        retrieved = index._retrieve(query.name, 0.0, Memo(), index._alive)
        birth = query_birth(query.birth_date) if query.birth_date else None
        facts = _query_facts(query, retrieved.analysed, birth)
        plans.append((facts, retrieved, retrieved.rows[:30]))
    logits, near, firsts = index._logits(plans)
    expected = []
    kinds = set()
    set_aside = 0
    for facts, _retrieved, rows in plans:
        for row in rows.tolist():
            candidate = index._facts[row]
            assert candidate is not None
            _s, _n, explanation = score_subject(facts, candidate, index.config, index.weigh)
            # The names the filter keeps for the row are those the scorer finds best.
            first = int(firsts[len(expected)])
            kept = near[first : first + len(candidate.names)].tolist()
            query = facts.names[0][0]
            name_scores = [
                compare_names(query, n, index.config, index.weigh)[0] for n, _ in candidate.names
            ]
            assert kept == [v >= max(name_scores) - 1e-12 for v in name_scores]
            set_aside += kept.count(False)
            expected.append(explanation.logit)
            kinds |= {(e.feature, e.value) for e in explanation.evidence[1:]}
    assert len(expected) > 1000
    assert set_aside > 100
    assert {"weak_alias", "birth_date", "nationality", "gender", "document"} <= {
        k for k, _v in kinds
    }
    assert {("birth_date", v) for v in ("exact", "near", "conflicting")} <= kinds
    assert np.allclose(logits, expected, rtol=0, atol=1e-9)


def test_align_is_greedy_best_pair_first_ties_to_the_first() -> None:
    # Query part 0 is 0.9 like both candidate parts and part 1 is 0.9 like candidate part 0
    # only: greedy takes (0, 0) first (the first of the tied best), leaving part 1 unaligned.
    sims = np.array([[[0.9, 0.9], [0.9, 0.5]]])
    ones = np.ones((1, 2))
    score = align(sims, ones, ones, ones, 0.2 * ones, part_min=0.7)
    # matched 0.9 of weight 1; total 1 + unmatched query part 1 + unmatched candidate part 0.2
    assert score[0] == pytest.approx(0.9 / 2.2)
    # Below part_min nothing aligns; past a name's end (-1) nothing counts.
    none = align(np.array([[[0.6, -1.0]]]), np.ones((1, 1)), np.array([[1.0, 0.0]]),
                 np.ones((1, 1)), np.array([[0.2, 0.0]]), part_min=0.7)  # fmt: skip
    assert none[0] == 0.0


def _align_on_numpy(
    sims: Any, query_weights: Any, candidate_weights: Any, query_unmatched: Any,
    candidate_unmatched: Any, part_min: float,
) -> Any:  # fmt: skip
    """The numpy ``align`` the compiled loop replaced: every name pair at once, one argmax per
    aligned part."""
    n, mq, mc = sims.shape
    s = np.where(sims >= part_min, sims, -1.0)
    flat = s.reshape(n, mq * mc)
    matched, total = np.zeros(n), np.zeros(n)
    used_q, used_c = np.zeros((n, mq), dtype=np.bool_), np.zeros((n, mc), dtype=np.bool_)
    live = np.arange(n)
    for _ in range(min(mq, mc)):
        k = flat[live].argmax(axis=1)
        best = flat[live, k]
        ok = best >= part_min
        live, k, best = live[ok], k[ok], best[ok]
        if not len(live):
            break
        i, j = np.divmod(k, mc)
        weight = (query_weights[live, i] + candidate_weights[live, j]) / 2
        matched[live] += weight * best
        total[live] += weight
        used_q[live, i] = True
        used_c[live, j] = True
        s[live, i, :] = -1.0
        s[live, :, j] = -1.0
    total += np.where(used_q, 0.0, query_unmatched).sum(axis=1)
    total += np.where(used_c, 0.0, candidate_unmatched).sum(axis=1)
    return np.divide(matched, total, out=np.zeros(n), where=total > 0)


def test_compiled_align_is_the_numpy_align_to_the_bit() -> None:
    """Names of one to seventeen parts, similarities from a few values (ties everywhere), parts
    past a name's end: the same greedy choices and the same sums (numpy adds eight or more
    values in another order than fewer)."""
    rng = np.random.default_rng(11)
    for mq, mc in [*itertools.product(range(1, 10), repeat=2), (3, 17), (17, 4), (12, 16)]:
        n = 60
        sims = rng.choice([-1.0, 0.3, 0.7, 0.75, 0.9, 0.9, 1.0], size=(n, mq, mc))
        weights = [rng.choice([0.0, 0.5, 1.3, 2.0], size=(n, m)) for m in (mq, mc)]
        unmatched = [w * rng.uniform(0.1, 1.0, size=w.shape) for w in weights]
        args = (sims, weights[0], weights[1], unmatched[0], unmatched[1], 0.7)
        expected = _align_on_numpy(*args)
        assert np.array_equal(align(*args), expected), (mq, mc)
        assert (expected > 0).any() and (expected < 1).any()


def test_part_similarities_are_those_of_compare_parts_and_survive_forgetting() -> None:
    query = analyse_name("Aleksandr Bortnikow").parts
    stored = analyse_name("Александр Васильевич Бортников").parts
    # Merged into the arrays and found there; forgotten past the limit; kept in the dict.
    memories = [PartSimilarities(4, 2), PartSimilarities(2, 2), PartSimilarities()]
    local = np.array([[0, 0, 0], [1, 1, 1], [-1, 1, 0]], dtype=np.int32)
    candidate = np.array([[0, 1, 2], [0, 1, 2], [2, -1, 1]], dtype=np.int32)
    for memory, _ in itertools.product(memories, range(3)):
        compared: list[Compared] = []
        found = memory.lookup(query, [7, -1], stored, local, candidate, compared)
        # Handed over, for the parts asked for (0 and 2), with how they match, as the
        # scorer's memo keeps them.
        share: dict[tuple[int, int], tuple[float, str]] = {}
        share_compared(compared, stored, np.array([0, 2], dtype=np.int32), share)
        for (i, j), value in np.ndenumerate(found):
            q, c = int(local[i, j]), int(candidate[i, j])
            want = -1.0 if q < 0 or c < 0 else compare_parts(query[q], stored[c])[0]
            assert value == want
            if want >= 0:
                result = compare_parts(query[q], stored[c])
                key = (id(query[q]), id(stored[c]))
                if result[1] in ("exact", "transliteration") or c == 1:  # labels that follow
                    assert key not in share  # the writing, and a part not asked for
                else:
                    assert share[key] == result
        assert share


def test_remembered_pairs_of_an_index_pickled_without_room_still_merge() -> None:
    """An index file written before the pairs' arrays kept room to grow still loads and
    merges (the benchmarks keep their index in a file)."""
    query = analyse_name("Aleksandr Bortnikow").parts
    stored = analyse_name("Александр Васильевич Бортников").parts
    local = np.array([[0, 1]], dtype=np.int32)
    candidate = np.array([[0, 2]], dtype=np.int32)
    memory = PartSimilarities(8, 1)
    first = memory.lookup(query, [3, 4], stored, local, candidate)
    del memory._arrays  # as a version without the field pickled it
    loaded = pickle.loads(pickle.dumps(memory))
    again = loaded.lookup(query, [3, 4], stored, local, np.array([[1, 2]], dtype=np.int32))
    assert again[0, 1] == first[0, 1] == compare_parts(query[1], stored[2])[0]
    assert again[0, 0] == compare_parts(query[0], stored[1])[0]
    assert len(loaded._keys) == 3  # (3, 0), (4, 2) and (3, 1), merged


def test_remembered_pairs_of_an_index_pickled_with_recent_pairs_in_a_dict_still_merge() -> None:
    """An index file written when the recent pairs were kept in a dict: they are found, and
    merged with the pairs met after."""
    query = analyse_name("Aleksandr Bortnikow").parts
    stored = analyse_name("Александр Васильевич Бортников").parts
    memory = PartSimilarities(8, 3)
    state = memory.__reduce_ex__(2)[2][1]  # type: ignore[index]
    sims = {(3, j): compare_parts(query[0], stored[j])[0] for j in (2, 0)}
    state["_recent"] = {3 * 2**32 + j: (sim + 1.0, 0) for (_q, j), sim in sims.items()}
    del state["_recent_size"]
    loaded = PartSimilarities.__new__(PartSimilarities)
    loaded.__setstate__((None, state))
    local = np.array([[0, 0, 1]], dtype=np.int32)
    found = loaded.lookup(query, [3, 4], stored, local, np.array([[0, 2, 1]], dtype=np.int32))
    # the values the dict held (marked here by + 1) are read, not compared again
    assert found[0, 0] == sims[(3, 0)] + 1.0 and found[0, 1] == sims[(3, 2)] + 1.0
    assert found[0, 2] == compare_parts(query[1], stored[1])[0]
    assert len(loaded._keys) == 3  # the third pair merged them into the arrays


def test_the_name_table_follows_adds_replacements_and_removals() -> None:
    index = Index.build([person("Timur Zakirov", weak=("Timur Zakir",)), person("Anna Petrova")])
    index.add(person("Anna Petrova", "Anna Petrovna Petrova", dob="1970"))  # replaces
    index.add(person("Ivan Sidorov", uid="t:is"))
    index.remove("t:is")
    index.add(person("Ivan Sidorov", "Иван Сидоров", uid="t:is"))
    live = np.flatnonzero(index._alive[: len(index._facts)]).astype(np.int32)
    assert len(live) == 3
    names, owner, firsts, weak = index._table.expand(live)
    parts = index._table.name_parts(names)
    for k, row in enumerate(live.tolist()):
        facts = index._facts[row]
        assert facts is not None
        mine = names[owner == k].tolist()
        assert [index._name_list[n] for n in mine] == [n for n, _ in facts.names]
        assert weak[owner == k].tolist() == [w for _, w in facts.names]
        assert firsts[k] == np.flatnonzero(owner == k)[0]
        for n in np.flatnonzero(owner == k).tolist():
            ids = [p for p in parts[n].tolist() if p >= 0]
            assert [index._part_list[p] for p in ids] == list(index._name_list[names[n]].parts)
            kinds = index._table.kinds(np.asarray(ids, dtype=np.int32))
            assert [PartKind(k) for k in kinds.tolist()] == [
                p.kind for p in index._name_list[names[n]].parts
            ]


def test_rows_are_added_in_order() -> None:
    table = NameTable()
    table.add_row(0, [0], [False])
    with pytest.raises(ValueError, match="row 2 added out of order"):
        table.add_row(2, [0], [False])


def test_remembered_comparisons_keep_how_each_query_is_written() -> None:
    """A part pair remembered for a query written one way (İnsani) gives the same similarity
    to a query written another (Insani), but the explanation says how this query matched:
    exactly for the first, by transliteration for the second (the index keeps the part as
    it first met it, İnsani)."""
    records = [person("Tanoğlu İnsani Yardım Vakfı"), person("Kaya Insani Yardim Vakfi")]
    warm = Index.build(records)
    first = warm.search("Kaya İnsani Yardım Vakfı")
    assert {a.how for m in first for a in m.explanation.alignments if a.query == "İnsani"} == {
        "exact"
    }
    query = "Kaya Insani Yardim Vakfi"
    fresh = Index.build(records)
    found = [m.to_dict() for m in warm.search(query)]
    assert found == [m.to_dict() for m in fresh.search(query)]
    hows = {
        a["how"] for m in found for a in m["explanation"]["alignments"] if a["query"] == "Insani"
    }
    assert hows == {"transliteration"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(2**31), 2**31 - 1).map(lambda v: ("append", [v])),
            st.lists(st.integers(-(2**31), 2**31 - 1), max_size=3000).map(lambda v: ("extend", v)),
            st.just(("read", [])),
        ),
        max_size=40,
    )
)
@example([("extend", list(range(1000))), ("read", []), ("extend", list(range(1000))), ("read", [])])
def test_a_grown_array_holds_every_value_in_order_whenever_it_is_read(
    steps: list[tuple[str, list[int]]],
) -> None:
    grown, expected = Grow(np.int32), []
    for step, values in steps:
        if step == "append":
            grown.append(values[0])
        elif step == "extend":
            grown.extend(values)
        else:
            assert grown.data[: grown.size].tolist() == expected
        expected += values
        assert grown.size == len(expected)
    assert grown.data[: grown.size].tolist() == expected
    assert not grown.data[grown.size :].any()
    copy = pickle.loads(pickle.dumps(grown))
    assert copy.size == grown.size and copy.data[: copy.size].tolist() == expected


def test_a_grown_array_writes_its_appends_before_they_hold_much_memory() -> None:
    grown = Grow(np.int64)
    for value in range(3 * vector_module._PENDING + 5):
        grown.append(value)
        assert len(grown._pending) < vector_module._PENDING
    assert grown.data[: grown.size].tolist() == list(range(3 * vector_module._PENDING + 5))


def test_a_grown_array_pickled_before_appends_were_kept_loads() -> None:
    grown = Grow(np.int32)
    grown.__setstate__((None, {"data": np.arange(1024, dtype=np.int32), "size": 7}))
    grown.append(99)
    assert grown.data[:8].tolist() == [0, 1, 2, 3, 4, 5, 6, 99]

"""Evidence bounds: the array decisions agree with the scorer they stand in for."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.domain import dates
from interlink.matching import DEFAULT_CONFIG, Index, MatchConfig, Query
from interlink.matching.bounds import EvidenceColumns, evidence
from interlink.matching.scoring import Birth, birth_interval, compare_birth_dates
from interlink.services.world import generate_world
from tests.matching.factory import person

DAY0 = dt.date(1960, 1, 1).toordinal()


@st.composite
def births(draw: st.DrawFn) -> Birth:
    """An interval of ordinal days around 1960-1966, sometimes a single day, sometimes
    approximate, often touching the boundaries of 'near' (two years)."""
    lo = DAY0 + draw(st.integers(0, 6 * 366))
    span = draw(st.sampled_from([0, 0, 0, 30, 365, 731, 732, 733]))
    return (lo, lo + span, draw(st.booleans()))


CATEGORY_VALUE = {
    0: None,
    1: "exact",
    2: "compatible",
    3: "near",
    4: "conflicting",
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(births(), max_size=3), min_size=1, max_size=6), births())
def test_birth_categories_are_those_of_the_scorer(rows: list[list[Birth]], query: Birth) -> None:
    columns = EvidenceColumns()
    for row, stored in enumerate(rows):
        columns.append(row, tuple(stored), None)
    found = columns.birth_categories(query, np.arange(len(rows), dtype=np.int32), DEFAULT_CONFIG)
    for row, stored in enumerate(rows):
        expected = compare_birth_dates(query, tuple(stored), DEFAULT_CONFIG)
        assert CATEGORY_VALUE[int(found[row])] == (expected[0] if expected else None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(births(), max_size=3), min_size=1, max_size=6),
    births(),
    st.sampled_from([0.02, 0.3, 0.5, 0.8]),
)
def test_a_row_born_apart_is_one_evidence_puts_out_of_reach(
    rows: list[list[Birth]], query: Birth, limit: float
) -> None:
    """``born_apart`` (one read a row, in retrieval) drops only rows whose every date
    conflicts with the query's and which ``evidence`` drops, whatever their gender; of rows
    with one date it drops every one whose date conflicts, when a conflict cannot reach the
    limit. It says the same of columns unpickled from a version that kept no hulls."""
    columns = EvidenceColumns()
    for row, stored in enumerate(rows):
        columns.append(row, tuple(stored), ("male", None)[row % 2])
    at = np.arange(len(rows), dtype=np.int32)
    apart = columns.born_apart(query, at, limit, False, DEFAULT_CONFIG)
    categories = columns.birth_categories(query, at, DEFAULT_CONFIG)
    reachable, _added = evidence(columns, at, limit, query, "female", False, DEFAULT_CONFIG)
    conflict_reaches = limit < 0.1  # -30.2 + 32 - 4 + 0.2: p 0.12 with a perfect name
    for row, stored in enumerate(rows):
        if apart[row]:
            assert categories[row] == 4
            assert not reachable[row]
        elif len(stored) == 1 and not conflict_reaches:
            assert categories[row] != 4
    if conflict_reaches:
        assert not apart.any()
    old = EvidenceColumns.__new__(EvidenceColumns)
    state = {name: getattr(columns, name) for name in EvidenceColumns.__slots__}
    del state["_hull"]
    old.__setstate__((None, state))
    assert old.born_apart(query, at, limit, False, DEFAULT_CONFIG).tolist() == apart.tolist()


GENDERS = st.sampled_from([None, "male", "female", "other"])
DOBS = st.sampled_from([None, "1970", "1970-05", "1970-05-17", "1971-02-01", "1980-01-01"])


@settings(max_examples=60, deadline=None)
@given(
    DOBS, GENDERS, st.sampled_from([None, "RU"]), DOBS, GENDERS, st.sampled_from([0.3, 0.5, 0.8])
)
def test_a_row_is_unreachable_exactly_when_a_perfect_name_cannot_alert(
    dob: str | None,
    gender: str | None,
    nationality: str | None,
    query_dob: str | None,
    query_gender: str | None,
    limit: float,
) -> None:
    """``evidence`` says unreachable exactly when the subject, searched under its own name (a
    name score of 1), scores under the threshold; what it says the birth date and gender add
    is what the scorer adds to the logit."""
    subject = person("Timur Zakirov", uid="t:z", dob=dob, gender=gender, nationality=nationality)
    index = Index.build([subject])
    match = index.search_many([Query("Timur Zakirov", query_dob, None, query_gender)], 1, 0.0)[0][0]
    assert match.explanation.name_score == 1.0
    birth = birth_interval(dates.parse_partial_date(query_dob)) if query_dob else None
    rows = np.array([0], dtype=np.int32)
    ok, added = evidence(index._evidence, rows, limit, birth, query_gender, False, index.config)
    assert bool(ok[0]) == (match.score >= limit)
    perfect = index.config.intercept + index.config.name_weight
    assert math.isclose(match.explanation.logit, perfect + added[0], abs_tol=1e-9)


def test_pruning_by_evidence_loses_no_alert() -> None:
    """Every alert a ranked, unpruned search finds (candidates scored whatever their birth date
    or gender) is found by the thresholded search, which skips unreachable rows."""
    world = list(generate_world(17, 800).subjects())
    records = [g.record for g in world]
    rng = np.random.default_rng(5)
    queries = []
    for n, g in enumerate(world[:300]):
        record = g.record
        # The subject's own date, another subject's date, or none; genders likewise.
        other = world[int(rng.integers(len(world)))].record
        dob_from = (record, other, None)[n % 3]
        dob = dob_from.birth_dates[0].value if dob_from and dob_from.birth_dates else None
        gender_from = (record, other)[n % 2]
        gender = gender_from.gender.value if gender_from.gender else None
        name = g.held_out[0].text if g.held_out else record.primary_name.full
        queries.append(Query(name, dob, None, gender))
    index = Index.build(records, MatchConfig(candidates=10_000))
    pruned = index.search_many(queries, top=10_000)
    limit = index.config.threshold
    unpruned = [
        [m for m in found if m.score >= limit] for found in index.search_many(queries, 10_000, 0.0)
    ]
    assert sum(map(len, unpruned)) > 100  # the check means something
    for query, a, b in zip(queries, pruned, unpruned, strict=True):
        assert {m.uid for m in b} <= {m.uid for m in a}, query.name

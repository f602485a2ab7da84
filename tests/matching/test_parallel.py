"""The parallel build: names analysed on forked workers give the serial build's index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.domain.subjects import SubjectRecord
from interlink.matching import Index
from interlink.matching import index as index_module
from interlink.matching import parallel as parallel_module
from interlink.matching.deletions import code
from interlink.matching.parallel import NameSpec, analyse_chunk, analysed_batches
from interlink.matching.retrieval import _typo_strings, typo_codes
from interlink.names.analysis import AnalysedName, NamePart, UngroupedName, analyse_name
from interlink.services.world import generate_world
from tests.matching.factory import person

EXTRA = [
    person("Бортников Александр Васильевич", "BORTNIKOV Aleksandr", uid="t:bortnikov"),
    person("أبو بكر البغدادي", "Abu Bakr al-Baghdadi", uid="t:baghdadi", dob="1971"),
    person("OOO Romashka", "Romashka LLC", uid="t:romashka"),
    # The same uid again: the later record replaces the earlier in either build.
    person("Bortnikov Aleksandr Vasilievich", uid="t:bortnikov", dob="1951"),
]
QUERIES = [
    "Aleksandr Bortnikov",
    "Abu Bakr al Baghdadi",
    "Romashka",
    "Muhammad Ali",
    "Mohamed",
    "Ivanov Sergei",
    "Абу Бакр",
]


def records() -> list[SubjectRecord]:
    generated = [g.record for g in generate_world(5, 600).subjects()]
    return [*generated[:300], *EXTRA, *generated[300:]]


def state(index: Index) -> tuple[object, ...]:
    """What a search reads: rows' facts (with which of them share a name or part object), key
    ids, postings and the typo dictionary."""
    numbering: dict[int, int] = {}

    def number(obj: object) -> int:
        return numbering.setdefault(id(obj), len(numbering))

    facts = [
        None
        if f is None
        else (
            f.uid,
            [(name, weak, number(name), [number(p) for p in name.parts]) for name, weak in f.names],
            f.births,
            f.nationalities,
            f.gender,
            f.documents,
        )
        for f in index._facts
    ]
    postings = index._postings
    return (
        facts,
        index._rows,
        postings._keys,
        postings._df,
        [a.tolist() for a in postings._base],
        postings._deletes._codes.tolist(),
        postings._deletes._ids.tolist(),
        postings._deletes._other,
    )


@pytest.fixture(scope="module")
def serial() -> Index:
    return Index.build(records())


@pytest.mark.parametrize(("batch", "chunk"), [(10_000, 10_000), (97, 13)])
def test_a_parallel_build_is_the_serial_build(
    serial: Index, batch: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches and chunks: many of each, parts first seen in one batch and met again
    # in the next, the replaced uid in another batch than the record it replaces.
    monkeypatch.setattr(parallel_module, "_BATCH", batch)
    monkeypatch.setattr(parallel_module, "_CHUNK", chunk)
    built = Index.build(iter(records()), workers=2)
    assert len(built) == len(serial)
    assert state(built) == state(serial)
    for query in QUERIES:
        found = [m.to_dict() for m in built.search(query)]
        assert found == [m.to_dict() for m in serial.search(query)]
        assert found


def test_a_name_met_again_in_a_later_batch_is_not_analysed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Namesakes in batches apart: their name is sent to the workers once, and every row
    gets the one name the serial build gives them."""
    monkeypatch.setattr(parallel_module, "_BATCH", 4)
    given = [
        person(f"Ivan Petrov {n}" if n % 7 else "Ivan Petrov", "Ivanov Sergei", uid=f"t:{n}")
        for n in range(40)
    ]
    sent: list[str] = []
    real = index_module.analysed_batches

    def spied(*args: Any) -> Iterator[tuple[list[SubjectRecord], dict[str, NameSpec]]]:
        for batch, specs in real(*args):
            sent.extend(specs)
            yield batch, specs

    monkeypatch.setattr(index_module, "analysed_batches", spied)
    built = Index.build(given, workers=2)
    assert sorted(set(sent)) == sorted(sent)  # each name analysed once
    assert {"Ivan Petrov", "Ivanov Sergei"} <= set(sent)
    serial = Index.build(given)
    assert state(built) == state(serial)
    found = [m.to_dict() for m in built.search("Ivan Petrov")]
    assert found == [m.to_dict() for m in serial.search("Ivan Petrov")]
    assert len(found) == 10


def test_names_past_the_kept_ones_are_given_again_not_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build that keeps no name (past ``_KNOWN_NAMES``) still gets, with each batch, the
    analysis of every name of it, those sent for the batch before included."""
    monkeypatch.setattr(parallel_module, "_BATCH", 4)
    monkeypatch.setattr(index_module, "_KNOWN_NAMES", 0)
    given = [person("Ivan Petrov", "Ivanov Sergei", uid=f"t:{n}") for n in range(12)]
    for batch, specs in analysed_batches(given, 2):
        assert set(specs) == {n.full for r in batch for n in r.names}
    built = Index.build(given, workers=2)
    assert state(built) == state(Index.build(given))


def test_parts_and_names_are_shared_as_in_a_serial_build(serial: Index) -> None:
    built = Index.build(records(), workers=2)
    parts = {id(p) for f in built._facts if f for name, _ in f.names for p in name.parts}
    assert parts <= {id(p) for p in built._part_list}  # every part an interned one
    names = {id(n) for f in built._facts if f for n, _ in f.names}
    assert names <= {id(n) for n in built._name_list}
    assert len(built._parts) == len(serial._parts)
    assert len(built._names) == len(serial._names)


def test_one_worker_builds_serially(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object) -> None:
        raise AssertionError("no workers for a serial build")

    monkeypatch.setattr("interlink.matching.index.analysed_batches", forbidden)
    index = Index.build(EXTRA, workers=1)
    assert index.search("Bortnikov Aleksandr")[0].uid == "t:bortnikov"


def test_batches_keep_the_order_of_the_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_module, "_BATCH", 3)
    given_records = records()[:20]
    batches = list(analysed_batches(given_records, 2))
    assert [r for batch, _ in batches for r in batch] == given_records
    assert all(len(batch) <= 3 for batch, _ in batches)
    for batch, specs in batches:
        assert set(specs) == {n.full for r in batch for n in r.names}
    assert list(analysed_batches([], 2)) == []


def as_names(texts: list[str]) -> list[AnalysedName]:
    parts, names = analyse_chunk(texts)

    def made(at: tuple[int, ...]) -> tuple[NamePart, ...]:
        return tuple(NamePart(*parts[k][:6]) for k in at)

    out = []
    for text, script, at, apart in names:
        ungrouped = None
        if apart is not None:
            read, weighed, particles = apart
            ungrouped = UngroupedName(text, script, made(read), None, particles, made(weighed))
        out.append(AnalysedName(text, script, made(at), ungrouped))
    return out


def test_a_chunk_holds_each_names_analysis() -> None:
    texts = [n.full for r in records()[:200] for n in r.names]
    assert as_names(texts) == [analyse_name(t) for t in texts]
    parts, _ = analyse_chunk(texts * 2)
    readings = [n for t in texts for n in (analyse_name(t), analyse_name(t).ungrouped) if n]
    assert len(parts) == len({id(p) for n in readings for p in n.parts})
    for spec in parts:
        part = NamePart(*spec[:6])
        strings = list(_typo_strings(part)) if part.keys else []
        assert spec[6] == typo_codes(part)
        assert spec[6][0] == tuple(c for c in map(code, strings) if c is not None)
        assert spec[6][1] == tuple(d for d in strings if code(d) is None)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                ["Abu", "al", "Baghdadi", "Абдуллаев", "Ольга", "ООО", "bin", "Laden", "x", "محمد"]
            ),
            min_size=0,
            max_size=5,
        ).map(" ".join),
        max_size=8,
    )
)
def test_chunks_of_any_names(texts: list[str]) -> None:
    assert as_names(texts) == [analyse_name(t) for t in texts]


def test_records_are_not_read_while_workers_are_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_module, "_BATCH", 5)
    read: list[int] = []

    def source() -> Iterator[SubjectRecord]:
        for n, record in enumerate(records()[:23]):
            read.append(n)
            yield record

    seen = 0
    for batch, _specs in analysed_batches(source(), 2):
        seen += len(batch)
        # The batch handed out has been analysed and the next one read (and sent): no more.
        assert len(read) <= seen + 5
    assert seen == 23
    assert read == list(range(23))

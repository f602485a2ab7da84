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
from interlink.matching.parallel import (
    NameSpec,
    PartSpec,
    SentParts,
    analyse_chunk,
    analysed_batches,
    part_key,
)
from interlink.matching.retrieval import _typo_strings, typo_codes
from interlink.names.analysis import AnalysedName, NamePart, UngroupedName, analyse_name
from interlink.services.world import generate_world
from tests.matching.factory import person
from tests.names.test_analysis import clear_memos

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


Handed = tuple[list[SubjectRecord], dict[str, NameSpec], SentParts]


def spy_batches(monkeypatch: pytest.MonkeyPatch) -> list[Handed]:
    """What ``analysed_batches`` hands the build, batch by batch, kept as it is handed."""
    handed: list[Handed] = []
    real = index_module.analysed_batches

    def spied(*args: Any) -> Iterator[Handed]:
        for item in real(*args):
            handed.append(item)
            yield item

    monkeypatch.setattr(index_module, "analysed_batches", spied)
    return handed


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
    handed = spy_batches(monkeypatch)
    built = Index.build(given, workers=2)
    sent = [text for _batch, specs, _parts in handed for text in specs]
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
    for batch, specs, _parts in analysed_batches(given, 2):
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
    assert [r for batch, _, _ in batches for r in batch] == given_records
    assert all(len(batch) <= 3 for batch, _, _ in batches)
    for batch, specs, _parts in batches:
        assert set(specs) == {n.full for r in batch for n in r.names}
    assert list(analysed_batches([], 2)) == []


def fresh_chunk(texts: list[str]) -> tuple[list[PartSpec], list[NameSpec]]:
    """A chunk's parts and names, analysed as by a newly forked worker."""
    parallel_module._start()
    _worker, first, parts, names = analyse_chunk(texts)
    assert first == 0
    return parts, names


def as_names(texts: list[str]) -> list[AnalysedName]:
    parts, names = fresh_chunk(texts)

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


def interned(texts: list[str]) -> list[AnalysedName]:
    """``analyse_name`` of each text with each part replaced by the first part of its key met
    (``part_key``), in a name's parts, then its ungrouped reading's, then those they weigh
    as: the parts an index interns (the first met stands for the others, which score alike)."""
    first: dict[tuple[object, ...], NamePart] = {}

    def one(parts: tuple[NamePart, ...]) -> tuple[NamePart, ...]:
        return tuple(
            first.setdefault(part_key(p.kind, p.latin, p.symbols, p.text), p) for p in parts
        )

    out = []
    for text in texts:
        name = analyse_name(text)
        parts, apart = one(name.parts), name.ungrouped
        ungrouped = None
        if apart is not None:
            read = one(apart.parts)
            weighed = one(apart.weighed_as)
            ungrouped = UngroupedName(
                apart.text, apart.script, read, None, apart.particles, weighed
            )
        out.append(AnalysedName(name.text, name.script, parts, ungrouped))
    return out


def test_a_chunk_holds_each_names_analysis() -> None:
    texts = [n.full for r in records()[:200] for n in r.names]
    # Dış and Dis are one part (their spellings are the same): sent once.
    assert interned(texts) != [analyse_name(t) for t in texts]
    assert as_names(texts) == interned(texts)
    parts, _ = fresh_chunk(texts * 2)
    readings = [n for t in texts for n in (analyse_name(t), analyse_name(t).ungrouped) if n]
    every = [p for n in readings for p in n.parts]
    assert len(parts) == len({part_key(p.kind, p.latin, p.symbols, p.text) for p in every})
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
    assert as_names(texts) == interned(texts)


def test_records_are_not_read_while_workers_are_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_module, "_BATCH", 5)
    read: list[int] = []

    def source() -> Iterator[SubjectRecord]:
        for n, record in enumerate(records()[:23]):
            read.append(n)
            yield record

    seen = 0
    for batch, _specs, _parts in analysed_batches(source(), 2):
        seen += len(batch)
        # The batch handed out has been analysed and the next one read (and sent): no more.
        assert len(read) <= seen + 5
    assert seen == 23
    assert read == list(range(23))


def test_a_worker_sends_a_part_once_and_names_it_by_number_after() -> None:
    """A part met again in a later chunk of the same worker is not sent again: the chunk
    names it by the number it was sent under, and ``SentParts`` gives back every name."""
    parallel_module._start()
    sent = SentParts()
    first_texts = ["Muhammad Ali", "Ali Hassan Muhammad"]
    first = analyse_chunk(first_texts)
    names = list(sent.take(first))
    later_texts = ["Hassan Muhammad", "Ahmed Ali"]
    later = analyse_chunk(later_texts)
    _worker, start, new, _names = later
    assert start == len(first[2])  # numbered on from the worker's first chunk
    assert [spec[0] for spec in new] == ["Ahmed"]  # only the part not sent before
    names += list(sent.take(later))
    assert len(sent.specs) == len(first[2]) + 1

    def made(at: tuple[int, ...]) -> tuple[NamePart, ...]:
        return tuple(NamePart(*spec[:6]) for k in at if (spec := sent.specs[k]) is not None)

    for text, (normalised, script, at, apart) in zip(first_texts + later_texts, names, strict=True):
        assert apart is None
        assert AnalysedName(normalised, script, made(at), None) == analyse_name(text)


def test_a_chunk_taken_out_of_its_workers_order_is_refused() -> None:
    parallel_module._start()
    one, two = analyse_chunk(["Muhammad Ali"]), analyse_chunk(["Ahmed Hassan"])
    sent = SentParts()
    with pytest.raises(RuntimeError, match="out of order"):
        list(sent.take(two))
    assert list(sent.take(one))


def test_a_build_sends_each_part_once_per_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small chunks, the common parts in most of them: each worker sends a part once."""
    monkeypatch.setattr(parallel_module, "_BATCH", 97)
    monkeypatch.setattr(parallel_module, "_CHUNK", 13)
    handed = spy_batches(monkeypatch)
    built = Index.build(iter(records()), workers=2)
    assert len({id(parts) for _batch, _specs, parts in handed}) == 1
    sent = handed[0][2]
    assert len(sent.specs) <= 2 * len(built._parts)
    # Each chunk sending its own parts, as before, sent about half as many again here.
    chunked = 0
    texts = list(dict.fromkeys(n.full for r in records() for n in r.names))
    for start in range(0, len(texts), 13):
        chunked += len(fresh_chunk(texts[start : start + 13])[0])
    assert chunked > 1.3 * len(sent.specs)
    assert all(spec is None for spec in sent.specs)  # each made into a part, or found
    assert state(built) == state(Index.build(records()))


def test_a_part_made_again_as_another_object_keeps_its_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker remembers the parts it has numbered by object, a few at a time; a part the
    analysis makes again (its memos cleared) is found by its key and not sent again."""
    monkeypatch.setattr(parallel_module, "_BY_ID", 2)
    parallel_module._start()
    sent = SentParts()
    list(sent.take(analyse_chunk(["Muhammad Ali Hassan", "Ahmed Ali"])))
    clear_memos()
    later = analyse_chunk(["Ali Muhammad", "Hassan Ahmed Ali"])
    assert later[2] == []  # nothing sent again
    named = [
        [spec[0] for k in at if (spec := sent.specs[k])] for _t, _s, at, _a in sent.take(later)
    ]
    assert named == [["Ali", "Muhammad"], ["Hassan", "Ahmed", "Ali"]]
    assert len(parallel_module._sent_by_id) <= 2

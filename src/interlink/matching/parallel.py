"""Name analysis for a bulk build on forked worker processes.

Analysing the names is most of a build's work and each name is analysed on its own, so the
records are read in batches and each batch's distinct names are analysed by a pool of forked
processes while this process stores the batch before. Workers send back plain values, not
``NamePart`` objects. Each worker sends a part (as a ``PartSpec`` tuple, with its typo strings
coded, which the index needs for a part it lacks) once, the first time it meets a part of
that key (``part_key``: what the index interns parts by), and numbers the parts it has sent;
per name it sends its normalised text, script and the numbers of its parts (and of its
ungrouped reading's parts and the parts they weigh as). This process numbers every part sent
by any worker once (``SentParts``), and hands out names with those numbers. The index makes
(or finds among those it holds) one ``NamePart`` per number, in record order, so a parallel
build interns the same parts in the same order as a serial one, and the index is the same.

A common part (Muhammad, Aleksandr) is in almost every chunk of names; before, each chunk
sent it again, and the index looked it up again by its spellings.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Container, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from interlink.domain.subjects import SubjectRecord
from interlink.matching.retrieval import typo_codes
from interlink.names.analysis import NamePart, analyse_name
from interlink.names.parts import PartKind

__all__ = [
    "NameSpec",
    "PartSpec",
    "SentParts",
    "analyse_chunk",
    "analysed_batches",
    "can_fork",
    "part_key",
]

_T = TypeVar("_T")

# text, kind, latin, forms, keys, symbols: ``NamePart``'s fields in order; then the part's
# typo strings (``retrieval.typo_codes``), coded here so that the index need not.
PartSpec = tuple[
    str,
    PartKind,
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    frozenset[str],
    tuple[tuple[int, ...], tuple[str, ...]],
]
# An ungrouped reading's parts, the parts they weigh as and the particles it sets aside.
_Apart = tuple[tuple[_T, ...], tuple[_T, ...], tuple[str, ...]]
# The normalised text, the script, the numbers of the name's parts and its ungrouped reading
# (or None): a worker's numbers in a chunk's result, ``SentParts``' numbers once handed out.
NameSpec = tuple[str, str, tuple[int, ...], _Apart[int] | None]
# A chunk's result: the worker's identity, the number of its first new part, its new parts,
# and the chunk's names.
_Chunk = tuple[int, int, list[PartSpec], list[NameSpec]]

_BATCH = 8192  # records read at a time: two batches are held at most
_CHUNK = 2048  # names per task sent to a worker
_BY_ID = 1 << 17  # parts a worker remembers by object (``analyse_chunk``)


def part_key(
    kind: PartKind, latin: tuple[str, ...], symbols: frozenset[str], text: str
) -> tuple[object, ...]:
    """What parts are interned by: what scoring reads of them (their spellings, kind and
    symbols), not how they are written; but a legal form by its text too. Its spelling is
    the generic form (llc for OOO, GmbH and Ltd. Şti. alike), and an explanation naming the
    first one interned would show Ltd Şti for ООО «Тарасов»."""
    if kind is PartKind.LEGAL_FORM:
        return (kind, latin, symbols, text)
    return (kind, latin, symbols)


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows, for one)."""
    return "fork" in multiprocessing.get_all_start_methods()


# The parts this worker has sent, numbered, by key: a worker's state, emptied by ``_start``
# in each worker a pool forks.
_sent: dict[tuple[object, ...], int] = {}
# The same numbers by part object: the analysis hands out one object per part it has made
# (its memos), so a part is keyed once. The part is held so that its id is not reused.
_sent_by_id: dict[int, tuple[NamePart, int]] = {}


def _start() -> None:
    _sent.clear()
    _sent_by_id.clear()


def analyse_chunk(texts: list[str]) -> _Chunk:
    """``analyse_name`` of each text as plain values: this process's id, the number of the
    first part it sends now, the parts it had not sent before (one per key), and per text its
    normalised text, script and the numbers of its parts (and of its ungrouped reading's parts
    and the parts they weigh as, or None)."""
    numbers, by_id = _sent, _sent_by_id
    first = len(numbers)
    parts: list[PartSpec] = []

    def numbered(of: tuple[NamePart, ...]) -> tuple[int, ...]:
        at: list[int] = []
        for part in of:
            known = by_id.get(id(part))
            if known is not None and known[0] is part:
                at.append(known[1])
                continue
            key = part_key(part.kind, part.latin, part.symbols, part.text)
            k = numbers.get(key)
            if k is None:
                k = numbers[key] = len(numbers)
                fields = (part.text, part.kind, part.latin, part.forms, part.keys, part.symbols)
                parts.append((*fields, typo_codes(part)))
            if len(by_id) >= _BY_ID:  # a memo: the parts it holds are kept alive
                by_id.clear()
            by_id[id(part)] = (part, k)
            at.append(k)
        return tuple(at)

    names: list[NameSpec] = []
    for text in texts:
        analysed = analyse_name(text)
        at = numbered(analysed.parts)
        ungrouped = analysed.ungrouped
        apart = None
        if ungrouped is not None:
            read = numbered(ungrouped.parts)
            apart = (read, numbered(ungrouped.weighed_as), ungrouped.particles)
        names.append((analysed.text, analysed.script, at, apart))
    return os.getpid(), first, parts, names


class SentParts:
    """Every part the workers of a build have sent, numbered once: its spec until the index
    has made (or found) the part, then the index's id of it (``ids``, -1 before)."""

    def __init__(self) -> None:
        self.specs: list[PartSpec | None] = []
        self.ids: list[int] = []
        self._numbers: dict[int, list[int]] = {}  # by worker: its numbers -> ours

    def take(self, chunk: _Chunk) -> Iterator[NameSpec]:
        """A chunk's names, with the numbers of their parts made ours (its new parts
        numbered first). A worker's chunks come in the order it analysed them."""
        worker, first, parts, names = chunk
        mine = self._numbers.setdefault(worker, [])
        if first != len(mine):
            raise RuntimeError(f"worker {worker}'s parts came out of order: {first}, {len(mine)}")
        mine.extend(range(len(self.specs), len(self.specs) + len(parts)))
        self.specs.extend(parts)
        self.ids.extend([-1] * len(parts))

        def ours(at: tuple[int, ...]) -> tuple[int, ...]:
            return tuple([mine[k] for k in at])

        for text, script, at, apart in names:
            ungrouped = None
            if apart is not None:
                read, weighed, particles = apart
                ungrouped = (ours(read), ours(weighed), particles)
            yield text, script, ours(at), ungrouped


def analysed_batches(
    records: Iterable[SubjectRecord], workers: int, known: Container[str] = ()
) -> Iterator[tuple[list[SubjectRecord], dict[str, NameSpec], SentParts]]:
    """The records in batches, in order, each with the analysis of its names (full text ->
    ``NameSpec``, its parts numbered in the ``SentParts`` given with it, the same object for
    every batch), made on ``workers`` forked processes. A name is analysed once: not again in
    the next batch, nor when it is in ``known`` as its batch is read (the caller may add to
    ``known`` the names it holds from earlier batches: at a million subjects a quarter of the
    names recur in other records). A name missing from a batch's analysis is in ``known``
    when the batch is handed out (one sent for the batch before is given again with this one).

    While the caller stores one batch the workers analyse the next; records are read only
    while no worker is busy, so that the time spent producing them (a parser's, a generator's)
    is never hidden behind theirs, and at most two batches are held. The workers are forked
    when iteration starts, and inherit this process's state (caches included).
    """
    source = iter(records)
    context = multiprocessing.get_context("fork")
    sent_parts = SentParts()
    with context.Pool(workers, initializer=_start) as pool:
        pending: tuple[list[SubjectRecord], dict[str, NameSpec]] | None = None
        sent: set[str] = set()  # the names sent for the batch before
        while True:
            batch = list(islice(source, _BATCH))
            if batch:
                met = list(dict.fromkeys(n.full for r in batch for n in r.names))
                texts = [t for t in met if t not in known and t not in sent]
                sent = set(texts)
                chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
                submitted = (batch, met, texts, pool.map_async(analyse_chunk, chunks))
            if pending is not None:
                yield (*pending, sent_parts)
            if not batch:
                return
            done, met, texts, result = submitted
            resolved = (spec for chunk in result.get() for spec in sent_parts.take(chunk))
            specs = dict(zip(texts, resolved, strict=True))
            if pending is not None:  # the batch before has been handed out: what the caller
                before = pending[1]  # did not keep of it in ``known`` is given again
                specs.update((t, before[t]) for t in met if t not in specs and t not in known)
            pending = (done, specs)

"""Name analysis for a bulk build on forked worker processes.

Analysing the names is most of a build's work and each name is analysed on its own, so the
records are read in batches and each batch's distinct names are analysed by a pool of forked
processes while this process stores the batch before. Workers send back plain values, not
``NamePart`` objects: a chunk's distinct parts once, as ``PartSpec`` tuples (with their typo
strings coded, which the index needs for a part it lacks), and per name its normalised text,
script and the positions of its parts among them (and of its ungrouped reading's parts and
the parts they weigh as). The index makes (or finds among those it holds) one ``NamePart``
per spec, in record order, so a parallel build interns the same parts in the same order as a
serial one, and the index is the same.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Container, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from interlink.domain.subjects import SubjectRecord
from interlink.matching.retrieval import typo_codes
from interlink.names.analysis import NamePart, analyse_name
from interlink.names.parts import PartKind

__all__ = ["NameSpec", "PartSpec", "analyse_chunk", "analysed_batches", "can_fork"]

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
# The normalised text, the script, the name's parts and its ungrouped reading (or None).
NameSpec = tuple[str, str, tuple[PartSpec, ...], _Apart[PartSpec] | None]
# The same, with the parts as positions in a chunk's list of parts.
_Positions = tuple[str, str, tuple[int, ...], _Apart[int] | None]

_BATCH = 8192  # records read at a time: two batches are held at most
_CHUNK = 2048  # names per task sent to a worker


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows, for one)."""
    return "fork" in multiprocessing.get_all_start_methods()


def analyse_chunk(texts: list[str]) -> tuple[list[PartSpec], list[_Positions]]:
    """``analyse_name`` of each text as plain values: the distinct parts of the chunk, and per
    text its normalised text, script and the positions of its parts in that list (and of its
    ungrouped reading's parts and the parts they weigh as, or None)."""
    parts: list[PartSpec] = []
    held: list[NamePart] = []  # keeps the parts alive, so their ids stay theirs
    position: dict[int, int] = {}
    names: list[_Positions] = []

    def positions(of: tuple[NamePart, ...]) -> tuple[int, ...]:
        at: list[int] = []
        for part in of:
            k = position.get(id(part))
            if k is None:
                k = position[id(part)] = len(parts)
                held.append(part)
                fields = (part.text, part.kind, part.latin, part.forms, part.keys, part.symbols)
                parts.append((*fields, typo_codes(part)))
            at.append(k)
        return tuple(at)

    for text in texts:
        analysed = analyse_name(text)
        at = positions(analysed.parts)
        ungrouped = analysed.ungrouped
        apart = None
        if ungrouped is not None:
            read = positions(ungrouped.parts)
            apart = (read, positions(ungrouped.weighed_as), ungrouped.particles)
        names.append((analysed.text, analysed.script, at, apart))
    return parts, names


def _resolved(result: tuple[list[PartSpec], list[_Positions]]) -> Iterator[NameSpec]:
    parts, names = result
    for text, script, at, apart in names:
        ungrouped = None
        if apart is not None:
            read, weighed, particles = apart
            ungrouped = (
                tuple(parts[k] for k in read),
                tuple(parts[k] for k in weighed),
                particles,
            )
        yield text, script, tuple(parts[k] for k in at), ungrouped


def analysed_batches(
    records: Iterable[SubjectRecord], workers: int, known: Container[str] = ()
) -> Iterator[tuple[list[SubjectRecord], dict[str, NameSpec]]]:
    """The records in batches, in order, each with the analysis of its names (full text ->
    ``NameSpec``), made on ``workers`` forked processes. A name is analysed once: not again in
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
    with context.Pool(workers) as pool:
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
                yield pending
            if not batch:
                return
            done, met, texts, result = submitted
            resolved = (spec for chunk in result.get() for spec in _resolved(chunk))
            specs = dict(zip(texts, resolved, strict=True))
            if pending is not None:  # the batch before has been handed out: what the caller
                before = pending[1]  # did not keep of it in ``known`` is given again
                specs.update((t, before[t]) for t in met if t not in specs and t not in known)
            pending = (done, specs)

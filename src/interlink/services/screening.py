"""Screening travellers against a watchlist.

A screening run reads travellers (CSV, JSONL, PAXLST, PNRGOV), searches each against an index of
the watchlist and writes one JSON line per traveller: its reference and the candidates above the
threshold, each with its score and explanation. Pairs judged false positives (see
``store.repositories.judgements``) are dropped before they alert. Travellers are screened in batches
(``screen_batch``: one ``search_many`` call per batch, so the index can share work between the
travellers of a batch), and batches are spread over worker processes that inherit the index by
fork, so the index is built once and every core is used.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from interlink.domain.subjects import SubjectRecord, normalise_document_number
from interlink.domain.travellers import Traveller
from interlink.exc import Location
from interlink.matching.gcpause import paused_gc
from interlink.matching.types import Query


class Candidate(Protocol):
    uid: str
    score: float

    def to_dict(self) -> dict[str, Any]: ...


class Searcher(Protocol):
    """What screening needs of a watchlist index (``matching.Index`` is one): every query's
    candidates at or above ``threshold``, best first, at most ``top`` each."""

    def search_many(
        self, queries: Sequence[Query], top: int = 10, threshold: float | None = None
    ) -> Sequence[Sequence[Candidate]]: ...


def traveller_key(traveller: Traveller) -> str:
    """Who the traveller is, independent of the manifest: name, birth date and first document.

    Two manifests naming the same person the same way give the same key, so a judgement on a
    (traveller, subject) pair holds for the next flight too.
    """
    name = unicodedata.normalize("NFKC", traveller.name).casefold()
    folded = " ".join(sorted(name.replace(",", " ").split()))
    document = (
        normalise_document_number(traveller.documents[0].number) if traveller.documents else ""
    )
    raw = "\x1f".join([folded, traveller.birth_date or "", document])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class ScreeningLine:
    """One traveller's result: who, where they were read, and the candidates that alert."""

    ref: str
    key: str
    name: str
    source: str
    candidates: tuple[dict[str, Any], ...]
    suppressed: tuple[str, ...] = field(default=())

    def to_json(self) -> str:
        payload: dict[str, Any] = {
            "ref": self.ref,
            "traveller_key": self.key,
            "name": self.name,
            "source": self.source,
            "candidates": list(self.candidates),
        }
        if self.suppressed:
            payload["suppressed_false_positives"] = list(self.suppressed)
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ScreeningSettings:
    top: int = 10
    threshold: float = 0.7
    # (traveller_key, subject_uid) pairs judged false positives: they never alert.
    suppressed: frozenset[tuple[str, str]] = frozenset()


def traveller_query(traveller: Traveller) -> Query:
    """The index query for a traveller: name, birth date, nationality, gender, first document."""
    return Query(
        traveller.name,
        traveller.birth_date,
        traveller.nationality,
        traveller.gender.value if traveller.gender else None,
        traveller.documents[0].number if traveller.documents else None,
    )


def screen_batch(
    searcher: Searcher,
    batch: Sequence[tuple[Traveller, Location]],
    settings: ScreeningSettings,
) -> list[ScreeningLine]:
    """Screen a batch of travellers with one ``search_many`` call; lines in input order.

    The cyclic garbage collector is paused for the search: it allocates much and builds no
    reference cycles (a test checks), and in one process the collections took a third of the
    search time."""
    with paused_gc():
        found = searcher.search_many(
            [traveller_query(t) for t, _ in batch], top=settings.top, threshold=settings.threshold
        )
    lines = []
    for (traveller, location), candidates in zip(batch, found, strict=True):
        key = traveller_key(traveller)
        kept = [c for c in candidates if (key, c.uid) not in settings.suppressed]
        dropped = tuple(c.uid for c in candidates if (key, c.uid) in settings.suppressed)
        lines.append(
            ScreeningLine(
                ref=traveller.ref,
                key=key,
                name=traveller.name,
                source=str(location),
                candidates=tuple(c.to_dict() for c in kept),
                suppressed=dropped,
            )
        )
    return lines


# The searcher a forked worker inherits; set in the parent just before the pool starts.
_WORKER_SEARCHER: Searcher | None = None
_WORKER_SETTINGS = ScreeningSettings()


def _screen_batch(batch: list[tuple[Traveller, Location]]) -> list[ScreeningLine]:
    assert _WORKER_SEARCHER is not None
    return screen_batch(_WORKER_SEARCHER, batch, _WORKER_SETTINGS)


def batched(
    items: Iterable[tuple[Traveller, Location]], size: int
) -> Iterator[list[tuple[Traveller, Location]]]:
    """Travellers in lists of ``size`` (the last may be shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def screen_travellers(
    searcher: Searcher,
    travellers: Iterable[tuple[Traveller, Location]],
    settings: ScreeningSettings,
    *,
    workers: int = 1,
    batch_size: int = 512,
) -> Iterator[ScreeningLine]:
    """Screen every traveller, in input order, on ``workers`` processes."""
    global _WORKER_SEARCHER, _WORKER_SETTINGS
    if workers <= 1:
        for batch in batched(travellers, batch_size):
            yield from screen_batch(searcher, batch, settings)
        return
    _WORKER_SEARCHER, _WORKER_SETTINGS = searcher, settings
    context = multiprocessing.get_context("fork")
    # The workers share the index's pages with this process until they write to them: keep
    # the cyclic garbage collector from writing to every object it would otherwise traverse.
    gc.freeze()
    try:
        with context.Pool(workers) as pool:
            for lines in pool.imap(_screen_batch, batched(travellers, batch_size)):
                yield from lines
    finally:
        gc.unfreeze()
        _WORKER_SEARCHER, _WORKER_SETTINGS = None, ScreeningSettings()


def watchlist_records(source: str | Path) -> Iterator[SubjectRecord]:
    """Records of a watchlist file: the project's JSONL or CSV, a UN list XML, an OFAC folder."""
    from interlink.formats.jsonl import read_jsonl
    from interlink.formats.ofac import read_ofac
    from interlink.formats.subjects_csv import read_csv
    from interlink.formats.un import read_un

    path = Path(source)
    if path.is_dir():
        reader = read_ofac
    elif path.suffix.lower() == ".xml":
        reader = read_un
    elif path.suffix.lower() == ".csv":
        reader = read_csv
    else:
        reader = read_jsonl
    for item in reader(path, None):
        yield item.record

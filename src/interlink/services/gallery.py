"""The gallery: the matching index of every live subject, with the policy's columns beside it,
so that a search or a hit check only ever sees what the asker may see.

The index holds every subject once; each viewer's mask over its rows (``policy.levels``) is
computed on arrays and kept per view (agency, clearance, day, the agreements in force), up to
``_VIEWS`` of them. A subject added or removed updates the kept masks in place, so that a
busy hub does not recompute them on every change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

import numpy as np
import numpy.typing as npt

from interlink.domain.subjects import SubjectRecord
from interlink.matching import Index, Match, Query
from interlink.matching.index import top_with_ties
from interlink.policy import AccessView, PolicyColumns, SubjectLabel, Visibility, levels

_VIEWS = 64


def label_of_record(record: SubjectRecord, published: bool) -> SubjectLabel:
    """A live record's label; ``published`` when its owner is a list authority."""
    if record.owner is None:
        raise ValueError(f"subject {record.uid} has no owner")
    return SubjectLabel(
        owner=record.owner,
        topics=frozenset(record.topics),
        handling_code=record.handling_code,
        classification=record.classification,
        published=published,
    )


@dataclass(frozen=True, slots=True)
class Found:
    """A match the viewer may see, and how much of it."""

    match: Match
    level: Visibility
    owner: str
    published: bool = False  # the owner is a list authority


_Rows = npt.NDArray[np.bool_]
_State = tuple[Index, PolicyColumns, dict[str, SubjectLabel]]


class ScreenOptions(TypedDict, total=False):
    """``Gallery.screen_views``'s options, which ``Gallery.screen`` passes on."""

    top: int
    threshold: float
    hit_threshold: float
    at_least: Visibility


class _ViewKey:
    """What a viewer's mask depends on (agency, clearance, the levels granted per partner and
    topic), with its hash computed once: hashing the nested tuples on every request was a
    visible share of a hit check's time."""

    __slots__ = ("_hash", "key")

    def __init__(self, view: AccessView) -> None:
        grants = sorted(
            (owner, tuple(sorted(by_two.items())), tuple(sorted(by_many.items())))
            for owner, (by_two, by_many) in view.granted().items()
        )
        self.key = (view.viewer.agency, view.viewer.clearance, tuple(grants))
        self._hash = hash(self.key)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ViewKey) and self.key == other.key


class Gallery:
    """Every live subject, searchable through the policy. Safe to share between threads."""

    def __init__(self, index: Index, columns: PolicyColumns, labels: dict[str, SubjectLabel]):
        self._index = index
        self._columns = columns
        self._labels = labels
        self._forget_views()

    def _forget_views(self) -> None:
        """No view's mask kept, and a new lock."""
        self._masks: OrderedDict[_ViewKey, tuple[AccessView, npt.NDArray[np.int8]]]
        self._masks = OrderedDict()
        self._keys: dict[int, tuple[AccessView, _ViewKey]] = {}
        # One key object per distinct key: a kept mask is then found by identity, without
        # comparing the nested tuples of an equal key made for the next second's view.
        self._canonical: dict[_ViewKey, _ViewKey] = {}
        self._lock = threading.RLock()

    def __getstate__(self) -> _State:
        """The index, the policy's columns and the labels (a snapshot); not the kept masks."""
        return (self._index, self._columns, self._labels)

    def __setstate__(self, state: _State) -> None:
        self._index, self._columns, self._labels = state
        self._forget_views()

    @classmethod
    def build(
        cls, records: Iterable[SubjectRecord], publishers: frozenset[str], workers: int = 1
    ) -> Gallery:
        """A gallery of ``records``; subjects owned by one of ``publishers`` are published."""
        labels: dict[str, SubjectLabel] = {}

        def labelled() -> Iterable[SubjectRecord]:
            for record in records:
                labels[record.uid] = label_of_record(record, record.owner in publishers)
                yield record

        index = Index.build(labelled(), workers=workers)
        columns = PolicyColumns()
        for uid, label in labels.items():
            row = index.row_of(uid)
            assert row is not None
            columns.set(row, label)
        return cls(index, columns, labels)

    def __len__(self) -> int:
        return len(self._index)

    def put(self, record: SubjectRecord, published: bool) -> None:
        """Add a subject, or replace the one with its uid."""
        label = label_of_record(record, published)
        with self._lock:
            old = self._index.row_of(record.uid)
            self._index.add(record)
            row = self._index.row_of(record.uid)
            assert row is not None
            self._columns.set(row, label)
            self._labels[record.uid] = label
            for view, mask in self._masks.values():
                if old is not None and old < len(mask):
                    mask[old] = 0
                if row < len(mask):
                    mask[row] = view.level(label).rank
            self._drop_short_masks()

    def drop(self, uid: str) -> None:
        """Remove a subject (deleted, or no longer live)."""
        with self._lock:
            row = self._index.row_of(uid)
            if row is None:
                return
            self._index.remove(uid)
            self._columns.clear(row)
            self._labels.pop(uid, None)
            for _view, mask in self._masks.values():
                if row < len(mask):
                    mask[row] = 0

    def _drop_short_masks(self) -> None:
        """Masks made before the columns grew miss the new rows: made again when next asked."""
        size = len(self._columns)
        for key in [k for k, (_v, m) in self._masks.items() if len(m) < size]:
            del self._masks[key]

    def mask(self, view: AccessView) -> npt.NDArray[np.int8]:
        """Every row's visibility rank for ``view`` (kept for the next request of that view)."""
        with self._lock:
            key = self._key(view)
            kept = self._masks.get(key)
            if kept is not None and len(kept[1]) == len(self._columns):
                self._masks.move_to_end(key)
                return kept[1]
            made = levels(view, self._columns)
            self._masks[key] = (view, made)
            while len(self._masks) > _VIEWS:
                self._masks.popitem(last=False)
            return made

    def _key(self, view: AccessView) -> _ViewKey:
        """The key of ``view``'s mask, kept by the view's identity: the hub hands every request
        of a viewer the same view for a second, and an AccessView does not change once made
        (the view is held with its key, so its id is not reused while kept)."""
        kept = self._keys.get(id(view))
        if kept is not None and kept[0] is view:
            return kept[1]
        made = _ViewKey(view)
        if len(self._keys) >= 4 * _VIEWS:
            self._keys.clear()
        if len(self._canonical) >= 4 * _VIEWS:
            self._canonical = {k: k for k in self._masks}
        key = self._canonical.setdefault(made, made)
        self._keys[id(view)] = (view, key)
        return key

    def search(
        self,
        view: AccessView,
        name: str,
        *,
        birth_date: str | None = None,
        nationality: str | None = None,
        gender: str | None = None,
        top: int = 10,
        threshold: float = 0.0,
        hit_threshold: float = 0.0,
        at_least: Visibility = Visibility.HIT,
    ) -> list[Found]:
        """The best ``top`` matches at or above ``threshold`` among the subjects ``view`` sees
        in full, and at or above ``hit_threshold`` among those it sees only as hits (with
        ``at_least`` HIT), best first. A hit-only subject under ``hit_threshold`` takes no
        place among the ``top``: it is not searched at all, so that the number of results
        says nothing of it."""
        query = Query(name, birth_date, nationality, gender)
        return self.screen(
            view,
            [query],
            top=top,
            threshold=threshold,
            hit_threshold=hit_threshold,
            at_least=at_least,
        )[0]

    def screen(
        self, view: AccessView, queries: Sequence[Query], **options: Unpack[ScreenOptions]
    ) -> list[list[Found]]:
        """``search`` for many queries at once (one ``search_many`` call over the rows the
        view sees: a screening run's batch)."""
        return self.screen_views([view] * len(queries), queries, **options)

    def screen_views(
        self,
        views: Sequence[AccessView],
        queries: Sequence[Query],
        *,
        top: int = 10,
        threshold: float = 0.0,
        hit_threshold: float = 0.0,
        at_least: Visibility = Visibility.HIT,
    ) -> list[list[Found]]:
        """``search`` for each query as its view (``views[k]`` for ``queries[k]``) sees, in
        one ``search_many`` call with a mask per query: the queries of several viewers
        searched together (the hub's searcher). Each gets what it gets searched alone."""
        if len(views) != len(queries):
            raise ValueError(f"{len(views)} views for {len(queries)} queries")
        with self._lock:
            masks: dict[int, tuple[_Rows, _Rows]] = {}  # each view's rows in full, at hit
            for view in views:
                if id(view) not in masks:
                    levels_of = self.mask(view)
                    full = levels_of == Visibility.FULL.rank
                    hits = levels_of == Visibility.HIT.rank
                    if at_least is Visibility.FULL:
                        hits = np.zeros_like(hits)
                    masks[id(view)] = (full, hits)
            floor = max(threshold, hit_threshold)
            if threshold >= floor:  # one search over both at one threshold
                either = {k: full | hits for k, (full, hits) in masks.items()}
                found = self._index.search_many(
                    queries, top, threshold, [either[id(view)] for view in views]
                )
            else:
                full_of = [masks[id(view)][0] for view in views]
                found = self._index.search_many(queries, top, threshold, full_of)
                hit_only = {k for k, m in masks.items() if m[1].any()}
                at = [n for n, view in enumerate(views) if id(view) in hit_only]
                if at:
                    hits_of = [masks[id(views[n])][1] for n in at]
                    more = self._index.search_many([queries[n] for n in at], top, floor, hits_of)
                    for n, extra in zip(at, more, strict=True):
                        found[n] += extra
                        found[n].sort(key=lambda m: (-m.score, m.uid))
            # A search over a threshold keeps the matches tied with the last of its top
            # (``Index.search_many``), here too when two searches were merged.
            tied = self._index.config.tied_candidates if threshold > 0 else top
            out = []
            for view, matches in zip(views, found, strict=True):
                kept = []
                for match in top_with_ties(matches, top, tied):
                    label = self._labels[match.uid]
                    level = view.level(label)
                    if level is not Visibility.NONE:  # the mask and the policy agree
                        kept.append(Found(match, level, label.owner, label.published))
                out.append(kept)
            return out

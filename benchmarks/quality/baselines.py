"""Matchers under test, behind one protocol: ``build(gallery)`` then ``search(query, top)``.

- ``rapidfuzz``: token_sort_ratio over normalised names (tokens pre-sorted once, so the
  scorer is plain ``fuzz.ratio``), best name per entry; no transliteration at all.
- ``rapidfuzz-ascii``: the same after ``anyascii`` (a crude any-script-to-Latin fold).
- ``logic-v2``: nomenklatura's LogicV2 pair scorer, run in a separate venv (its dependencies
  stay out of the project). It only compares pairs, so it re-scores the top candidates of the
  ``rapidfuzz-ascii`` blocking step: its recall is capped by that step's.
- ``interlink``: ``interlink.matching.Index`` (optional: skipped when the module is missing).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Protocol

from anyascii import anyascii
from benchmarks.quality.datasets import GalleryEntry, Query, normalise, script
from rapidfuzz import fuzz, process

from interlink.domain.subjects import (
    BirthDate,
    Gender,
    Name,
    NameKind,
    SubjectKind,
    SubjectRecord,
)

Hits = list[tuple[str, float]]
NK_PYTHON = Path("/tmp/nkvenv/bin/python")
NK_WORKER = Path(__file__).with_name("nk_worker.py")


class Matcher(Protocol):
    name: str
    threshold: float  # the matcher's default alert threshold, scores in 0..1

    def build(self, gallery: list[GalleryEntry]) -> None: ...

    def search(self, query: Query, top: int) -> Hits: ...


def search_all(matcher: Matcher, queries: list[Query], top: int) -> dict[str, Hits]:
    """Batch search when the matcher offers it (logic-v2 runs one subprocess for all)."""
    many = getattr(matcher, "search_many", None)
    if many is not None:
        return many(queries, top)
    return {q.qid: matcher.search(q, top) for q in queries}


class RapidfuzzTokenSort:
    name = "rapidfuzz"
    threshold = 0.85
    fold_to_ascii = False

    def _key(self, name: str) -> str:
        return normalise(anyascii(name) if self.fold_to_ascii else name)

    def build(self, gallery: list[GalleryEntry]) -> None:
        self.keys: list[str] = []
        self.owner: list[str] = []
        for entry in gallery:
            for key in dict.fromkeys(self._key(n) for n in entry.names):
                if key:
                    self.keys.append(key)
                    self.owner.append(entry.uid)

    def search(self, query: Query, top: int) -> Hits:
        key = self._key(query.name)
        found = process.extract(key, self.keys, scorer=fuzz.ratio, limit=top * 4)
        best: dict[str, float] = {}
        for _key, score, index in found:
            uid = self.owner[index]
            best[uid] = max(best.get(uid, 0.0), score / 100)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:top]


class RapidfuzzAscii(RapidfuzzTokenSort):
    name = "rapidfuzz-ascii"
    fold_to_ascii = True


class NomenklaturaLogicV2:
    """LogicV2 over the ``candidates`` best of a rapidfuzz-ascii blocking step."""

    name = "logic-v2"
    threshold = 0.7  # yente's default match threshold

    def __init__(self, candidates: int = 20) -> None:
        if not NK_PYTHON.exists():
            raise RuntimeError(
                f"{NK_PYTHON} missing: python3 -m venv /tmp/nkvenv && "
                "/tmp/nkvenv/bin/pip install nomenklatura"
            )
        self.candidates = candidates
        self.blocker = RapidfuzzAscii()

    def build(self, gallery: list[GalleryEntry]) -> None:
        self.blocker.build(gallery)
        self.entries = {e.uid: e for e in gallery}

    def search(self, query: Query, top: int) -> Hits:
        return self.search_many([query], top)[query.qid]

    def search_many(self, queries: list[Query], top: int) -> dict[str, Hits]:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for query in queries:
                    blocked = self.blocker.search(query, self.candidates)
                    row = {
                        "qid": query.qid,
                        "query": _entity(query),
                        "candidates": [_gallery_entity(self.entries[u]) for u, _ in blocked],
                    }
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            subprocess.run([str(NK_PYTHON), str(NK_WORKER), str(src), str(dst)], check=True)
            out: dict[str, Hits] = {}
            with dst.open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    hits = sorted(((u, s) for u, s in row["scores"]), key=lambda h: (-h[1], h[0]))
                    out[row["qid"]] = hits[:top]
            return out


def _entity(query: Query) -> dict:
    return {
        "schema": "Person",
        "names": [query.name],
        "birth_dates": [query.birth_date] if query.birth_date else [],
        "nationality": query.nationality,
        "gender": query.gender,
    }


def _gallery_entity(entry: GalleryEntry) -> dict:
    schema = "Person" if entry.kind == "person" else "Organization"
    return {
        "id": entry.uid,
        "schema": schema,
        "names": list(entry.names),
        "birth_dates": list(entry.birth_dates),
        "nationality": entry.nationality,
        "gender": entry.gender,
    }


class InterlinkIndex:
    """``interlink.matching.Index`` over SubjectRecords built from the gallery."""

    name = "interlink"

    def __init__(self) -> None:
        import interlink.matching as matching  # ImportError: the engine is not there yet

        self.matching = matching
        config = getattr(matching, "DEFAULT_CONFIG", None)  # MatchConfig.threshold
        self.threshold = float(getattr(config, "threshold", 0.7))
        self.dates_as_model = False

    def build(self, gallery: list[GalleryEntry]) -> None:
        self.index = self.matching.Index.build([to_record(e) for e in gallery])

    def search(self, query: Query, top: int) -> Hits:
        # An ISO prefix ("1960-01-24" or "1960"); a BirthDate if the engine wants one.
        birth_date: object = query.birth_date
        if birth_date is not None and self.dates_as_model:
            birth_date = BirthDate.from_prefix(query.birth_date)
        try:
            return self._search(query, birth_date, top)
        except (TypeError, AttributeError):
            if birth_date is None or self.dates_as_model:
                raise
            self.dates_as_model = True
            return self.search(query, top)

    def _search(self, query: Query, birth_date: object, top: int) -> Hits:
        hits = self.index.search(
            query.name,
            birth_date=birth_date,
            nationality=query.nationality,
            gender=query.gender,
            top=top,
        )
        return [(hit.uid, float(hit.score)) for hit in hits]


def to_record(entry: GalleryEntry) -> SubjectRecord:
    names = [Name(full=entry.names[0], kind=NameKind.PRIMARY)]
    for alias in entry.names[1:]:
        latin = script(alias) in ("LATIN", "NONE")
        names.append(Name(full=alias, kind=NameKind.ALIAS if latin else NameKind.ORIGINAL_SCRIPT))
    person = entry.kind == "person"
    return SubjectRecord(
        uid=entry.uid,
        kind=SubjectKind.PERSON if person else SubjectKind.ORGANIZATION,
        names=tuple(names),
        birth_dates=tuple(BirthDate.from_prefix(d) for d in entry.birth_dates) if person else (),
        nationalities=(entry.nationality,) if entry.nationality else (),
        gender=Gender(entry.gender) if person and entry.gender else None,
    )


MATCHERS = {
    "rapidfuzz": RapidfuzzTokenSort,
    "rapidfuzz-ascii": RapidfuzzAscii,
    "logic-v2": NomenklaturaLogicV2,
    "interlink": InterlinkIndex,
}

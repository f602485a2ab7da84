"""The in-memory watchlist index: build once, add and remove without a rebuild, search.

Per subject row the index keeps only what scoring needs (``scoring.Facts``): the analysed names
(parts interned, so a token shared by many subjects is stored once), birth dates as ordinal
intervals, nationalities, gender and normalised document numbers. Keys live in ``Postings``;
removed rows are tombstoned in a boolean array. Memory grows linearly with the subjects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from interlink.domain import dates
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    NameKind,
    SubjectRecord,
    normalise_document_number,
)
from interlink.matching import kernels
from interlink.matching.bounds import (
    EvidenceColumns,
    birth_values,
    evidence,
    gender_code,
    gender_values,
    widened,
)
from interlink.matching.config import DEFAULT_CONFIG, MatchConfig
from interlink.matching.gcpause import paused_gc
from interlink.matching.parallel import NameSpec, SentParts, analysed_batches, can_fork, part_key
from interlink.matching.retrieval import Postings, part_keys
from interlink.matching.scoring import (
    Birth,
    Facts,
    Memo,
    birth_interval,
    logit,
    minor_factor,
    name_floor,
    score_subject,
)
from interlink.matching.types import Match, Query
from interlink.matching.vector import (
    EPSILON,
    Compared,
    NameTable,
    PartSimilarities,
    align,
    kind_mask,
    share_compared,
    unmatched_factors,
)
from interlink.names.analysis import AnalysedName, NamePart, UngroupedName, analyse_name
from interlink.names.phonetic import phonetic_form

__all__ = ["Index", "top_with_ties"]

_T = TypeVar("_T", bound=tuple[object, ...])
_Floats = npt.NDArray[np.float64]
_PartResults = dict[tuple[int, int], tuple[float, str]]
# A thresholded search's limit, the query's birth date and whether it has a nationality:
# what ``EvidenceColumns.born_apart`` needs.
_Bar = tuple[float, Birth | None, bool]
_LOAD_ROWS = 1 << 17  # rows per bulk load of the postings
# Names a parallel build remembers by full text (some 150 bytes each), not analysed again:
# at 1,000,000 generated subjects there are 2.6 million distinct names.
_KNOWN_NAMES = 1 << 22

# Given names so common on watchlists that matching one says little, whatever the index holds
# (a small index would otherwise find them rare). Phonetic forms are compared.
_COMMON_NAMES = frozenset(
    phonetic_form(n)
    for n in (
        "muhammad", "mohammed", "mohamed", "mohammad", "mohamad", "muhammed", "mehmet", "ahmad",
        "ahmed", "ali", "aly", "abdlah", "abdla", "hasan", "hassan", "husayn", "hussein",
        "hussain", "umar", "omar", "uthman", "osman", "yusuf", "youssef", "ibrahim", "mahmud",
        "mahmoud", "mustafa", "khalid", "khaled", "abdrahman", "abdaziz", "aleksandr",
        "alexander", "sergei", "sergey", "ivan", "vladimir", "dmitrii", "dmitry", "magomed",
        "akhmed", "islam", "rustam", "abu", "bin", "ibn",
    )
)  # fmt: skip


def top_with_ties(ranked: list[Match], top: int, most: int) -> list[Match]:
    """The ``top`` first of matches ranked best first, and those tied with the last of them,
    up to ``most`` in all (never fewer than ``top``)."""
    end = min(top, len(ranked))
    if 0 < end < len(ranked):
        last = ranked[end - 1].score - EPSILON
        bound = min(len(ranked), max(top, most))
        while end < bound and ranked[end].score >= last:
            end += 1
    return ranked[:end]


def _is_common(part: NamePart) -> bool:
    return not _COMMON_NAMES.isdisjoint(part.forms)


class Index:
    """Subjects by uid, searchable by name with birth date, nationality, gender, document."""

    def __init__(self, config: MatchConfig = DEFAULT_CONFIG) -> None:
        kernels.warm()  # retrieval's compiled loops, loaded now rather than on a search
        self.config = config
        self._postings = Postings()
        # The keys of the rows' names read ungrouped (``AnalysedName.ungrouped``), apart: the
        # words of a compound (Hafiz in Abdul Hafiz) are not the row's words for a name read
        # grouped, and would change its retrieval and weights.
        self._apart = Postings()
        self._facts: list[Facts | None] = []
        self._rows: dict[str, int] = {}
        self._alive: npt.NDArray[np.bool_] = np.zeros(1024, dtype=np.bool_)
        # Per row the fewest and the most parts of its names (ties in retrieval are cut by them).
        self._lengths: npt.NDArray[np.int8] = np.zeros((1024, 2), dtype=np.int8)
        self._evidence = EvidenceColumns()
        # Parts interned by what scoring reads (spellings, kind, symbols), not by how they are
        # written: "al-Shami" and "Al Shami" become one object, and names made of the same
        # part objects are stored once per subject. Part and name ids index ``_part_list``,
        # ``_name_list`` and the arrays of ``_table``.
        self._parts: dict[tuple[object, ...], int] = {}
        self._part_list: list[NamePart] = []
        # By the ids of the interned parts: hashing a part hashes all its fields (and for a
        # name with an ungrouped reading or one, by ``_name_key``).
        self._names: dict[tuple[object, ...], int] = {}
        self._name_list: list[AnalysedName] = []
        self._table = NameTable()
        self._similar = PartSimilarities()
        self._part_weights: dict[int, float] = {}  # by part id; emptied when the index changes
        self._tuples: dict[tuple[object, ...], tuple[object, ...]] = {}

    @classmethod
    def build(
        cls,
        records: Iterable[SubjectRecord],
        config: MatchConfig = DEFAULT_CONFIG,
        *,
        workers: int = 1,
    ) -> Index:
        """An index of ``records`` (a later record with the same uid replaces an earlier).
        With ``workers`` above 1 (and fork available) the names are analysed on that many
        forked processes (``parallel``); the index is the same either way."""
        index = cls(config)
        with paused_gc():
            if workers > 1 and can_fork():
                # The ids of the names adopted, by full text: a name met again is not sent to
                # the workers again, nor adopted again (up to ``_KNOWN_NAMES`` of them).
                known: dict[str, int] = {}
                for batch, specs, sent in analysed_batches(records, workers, known):
                    for record in batch:
                        names = []
                        for n in record.names:
                            name_id = known.get(n.full)
                            if name_id is None:
                                name_id = index._adopt(specs[n.full], sent)
                                if len(known) < _KNOWN_NAMES:
                                    known[n.full] = name_id
                            names.append(name_id)
                        index._replace(record, names)
                del known
            else:
                for record in records:
                    index._replace(record, index._analysed(record))
            # Keys are derived from the facts here rather than held per row until the load (at
            # a million subjects that list alone held some 300 MiB at the peak), and loaded a
            # slice of rows at a time: the load's working lists grow with the rows it is given.
            stored = index._facts
            memo: dict[int, tuple[str, ...]] = {}
            for start in range(0, len(stored), _LOAD_ROWS):
                index._postings.load(
                    (row, _keys(facts, memo))
                    for row, facts in enumerate(stored[start : start + _LOAD_ROWS], start)
                    if facts is not None
                )
                index._apart.load(
                    (row, _keys(facts, memo, apart=True))
                    for row, facts in enumerate(stored[start : start + _LOAD_ROWS], start)
                    if facts is not None
                )
            index._postings.compact()
        index._part_weights.clear()
        _SUBSUMED.clear()  # the build's pairs of parts are not needed after it
        return index

    def _replace(self, record: SubjectRecord, names: list[int]) -> int:
        """Store a record in a new row, replacing an earlier one with its uid (its keys are
        the caller's business); ``names`` are the ids of its names analysed and interned."""
        if record.uid in self._rows:
            self.remove(record.uid)
        return self._store(record, names)

    def _analysed(self, record: SubjectRecord) -> list[int]:
        """The ids of a record's names, analysed and interned."""
        return [self._intern(analyse_name(n.full)) for n in record.names]

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, uid: object) -> bool:
        return uid in self._rows

    def row_of(self, uid: str) -> int | None:
        """The row holding ``uid`` (rows index ``allowed`` masks), or None."""
        return self._rows.get(uid)

    def add(self, record: SubjectRecord) -> None:
        """Add a subject, or replace the one with the same uid."""
        row = self._replace(record, self._analysed(record))
        facts = self._facts[row]
        assert facts is not None
        self._postings.add(row, _keys(facts))
        self._apart.add(row, _keys(facts, apart=True))
        self._part_weights.clear()

    def remove(self, uid: str) -> bool:
        """Remove a subject; False when the index does not hold it."""
        row = self._rows.pop(uid, None)
        if row is None:
            return False
        facts = self._facts[row]
        assert facts is not None
        self._postings.discard(_keys(facts))
        self._apart.discard(_keys(facts, apart=True))
        self._facts[row] = None
        self._alive[row] = False
        self._part_weights.clear()
        return True

    def _store(self, record: SubjectRecord, names: list[int]) -> int:
        """Store a record's facts in a new row (its keys are the caller's business); ``names``
        are the ids of its names analysed and interned."""
        analysed = [self._name_list[n] for n in names]
        facts = self._facts_of(record, analysed)
        row = len(self._facts)
        self._facts.append(facts)
        ids = {id(name): n for name, n in zip(analysed, names, strict=True)}
        self._table.add_row(
            row, [ids[id(name)] for name, _weak in facts.names], [w for _n, w in facts.names]
        )
        self._evidence.append(row, facts.births, facts.gender)
        self._rows[record.uid] = row
        if row >= len(self._alive):
            self._alive = np.concatenate((self._alive, np.zeros(len(self._alive), np.bool_)))
            self._lengths = np.concatenate((self._lengths, np.zeros_like(self._lengths)))
        self._alive[row] = True
        sizes = [len(name.parts) for name, _weak in facts.names]
        self._lengths[row] = (min(min(sizes), 127), min(max(sizes), 127))
        return row

    def _intern(self, name: AnalysedName) -> int:
        parts = tuple(self._intern_part(p) for p in name.parts)
        ungrouped = -1
        if name.ungrouped is not None:
            apart = name.ungrouped
            read = tuple(self._intern_part(p) for p in apart.parts)
            weighed = tuple(self._intern_part(p) for p in apart.weighed_as)
            ungrouped = self._intern_name(
                name.text, name.script, read, weighed, -1, apart.particles
            )
        return self._intern_name(name.text, name.script, parts, (), ungrouped)

    def _intern_name(
        self,
        text: str,
        script: str,
        parts: tuple[int, ...],
        weighed: tuple[int, ...] = (),
        ungrouped: int = -1,
        particles: tuple[str, ...] = (),
    ) -> int:
        """The id of the one name of these interned parts with this ungrouped reading (a name
        id, -1 for none), or of the ungrouped reading (``UngroupedName``) of these parts
        weighing as ``weighed`` and setting these particles aside; the first text and script
        given for it."""
        key = _name_key(parts, weighed, ungrouped, particles)
        found = self._names.get(key)
        if found is None:
            name: AnalysedName
            parts_of = self._part_list
            read = tuple(parts_of[p] for p in parts)
            if weighed:
                weighs = tuple(parts_of[p] for p in weighed)
                name = UngroupedName(text, script, read, None, particles, weighs)
                found = self._table.add_name(parts, weighed)
            else:
                apart = None if ungrouped < 0 else self._name_list[ungrouped]
                assert apart is None or isinstance(apart, UngroupedName)
                name = AnalysedName(text, script, read, apart)
                found = self._table.add_name(parts, (), ungrouped, apart.particles if apart else ())
            self._names[key] = found
            self._name_list.append(name)
        return found

    def _intern_part(self, part: NamePart) -> int:
        key = part_key(part.kind, part.latin, part.symbols, part.text)
        found = self._parts.get(key)
        if found is None:
            found = self._new_part(key, part)
            self._postings.link_forms(part)
        return found

    def _new_part(self, key: tuple[object, ...], part: NamePart) -> int:
        found = self._parts[key] = self._table.add_part(part.kind)
        self._part_list.append(part)
        return found

    def _adopt(self, spec: NameSpec, sent: SentParts) -> int:
        """The id of the interned name of a worker's analysis (``parallel``), as ``_intern``
        would make it from ``analyse_name``; a part is made only when the index lacks it, the
        first time a name of the build uses it."""
        text, script, numbers, apart = spec
        parts = self._adopted(numbers, sent)
        ungrouped = -1
        if apart is not None:
            read, weighed, particles = apart
            read_ids, weighed_ids = self._adopted(read, sent), self._adopted(weighed, sent)
            ungrouped = self._intern_name(text, script, read_ids, weighed_ids, -1, particles)
        return self._intern_name(text, script, parts, (), ungrouped)

    def _adopted(self, numbers: tuple[int, ...], sent: SentParts) -> tuple[int, ...]:
        """The ids of the parts the workers sent under these numbers (``_adopt``)."""
        ids = sent.ids
        parts = []
        for k in numbers:
            pid = ids[k]
            if pid < 0:
                part_spec = sent.specs[k]
                assert part_spec is not None
                written, kind, latin, forms, keys, symbols, (codes, uncoded) = part_spec
                key = part_key(kind, latin, symbols, written)
                found = self._parts.get(key)
                if found is None:
                    part = NamePart(written, kind, latin, forms, keys, symbols)
                    found = self._new_part(key, part)
                    self._postings.link_coded(part, codes, uncoded)
                pid = ids[k] = found
                sent.specs[k] = None  # not needed again
            parts.append(pid)
        return tuple(parts)

    def _facts_of(self, record: SubjectRecord, analysed_names: list[AnalysedName]) -> Facts:
        seen: dict[int, int] = {}
        names: list[tuple[AnalysedName, bool]] = []
        for n, analysed in zip(record.names, analysed_names, strict=True):
            weak = n.kind is NameKind.WEAK_ALIAS
            signature = id(analysed)
            if signature in seen:
                k = seen[signature]
                if names[k][1] and not weak:
                    names[k] = (analysed, False)  # a strong name wins over a weak duplicate
                continue
            seen[signature] = len(names)
            names.append((analysed, weak))
        names = _drop_subsumed(names)
        births = self._shared(tuple(self._birth(b) for b in record.birth_dates))
        documents = tuple(dict.fromkeys(d.normalised_number for d in record.documents))
        gender = record.gender.value if record.gender else None
        nationalities = self._shared(record.nationalities)
        return Facts(record.uid, tuple(names), births, nationalities, gender, documents)

    def _birth(self, birth: BirthDate) -> Birth:
        """A birth date's interval, one object for equal ones, worked out once per date."""
        approximate = birth.kind is BirthDateKind.APPROXIMATE
        key = ("birth", birth.value, birth.value_to, approximate)
        found = self._tuples.get(key)
        if found is None:
            interval = self._shared(birth_interval(birth.value, birth.value_to, approximate))
            found = self._tuples[key] = interval
        return found  # type: ignore[return-value]

    def _shared(self, value: _T) -> _T:
        """One object for equal birth intervals and equal tuples of them or of nationalities:
        they repeat across subjects (a birth interval is three objects, 150 bytes)."""
        return self._tuples.setdefault(value, value)  # type: ignore[return-value]

    def weigh(self, part: NamePart) -> float:
        """A part's weight: the idf of its canonical key, clipped, capped for common names."""
        config = self.config
        df = self._postings.df(part.keys[0]) if part.keys else 0
        weight = self._postings.idf(df, len(self._rows))
        weight = min(config.weight_max, max(config.weight_min, weight))
        return min(weight, config.common_weight) if _is_common(part) else weight

    def search(
        self,
        name: str,
        birth_date: str | None = None,
        nationality: str | None = None,
        gender: str | None = None,
        document_number: str | None = None,
        top: int = 10,
        allowed: npt.NDArray[np.bool_] | None = None,
    ) -> list[Match]:
        """The ``top`` best-scoring subjects for a name (any script) and optional evidence:
        ``birth_date`` an ISO prefix (YYYY, YYYY-MM, YYYY-MM-DD), ``nationality`` ISO alpha-2,
        ``gender`` male/female/other. Best first, whatever their score; ValueError for a
        malformed birth date. ``allowed``, when given, is a mask over rows (``row_of``): only
        rows it marks True are returned, and the best of them come back even when rows it
        leaves out score higher."""
        query = Query(name, birth_date, nationality, gender, document_number)
        return self.search_many([query], top=top, threshold=0.0, allowed=allowed)[0]

    def search_many(
        self,
        queries: Sequence[Query],
        top: int = 10,
        threshold: float | None = None,
        allowed: npt.NDArray[np.bool_] | Sequence[npt.NDArray[np.bool_]] | None = None,
    ) -> list[list[Match]]:
        """Each query's matches at or above ``threshold`` (default: the config's), best first.

        With a threshold above zero, candidates that cannot reach it are not scored: those
        whose birth dates all put them out of reach, dropped as retrieval reads them
        (``EvidenceColumns.born_apart``), those whose retrieval covers too little of the
        name for the best evidence the query could add (``_name_floor``), then those whose
        own birth date or gender puts them out of reach even with a perfect name
        (``bounds.evidence``). The candidates left are scored
        for the whole batch on arrays (``_filter``), and only those that can be among the
        ``top`` returned, and reach the threshold, are scored again by ``score_subject`` for
        their explanation. Queries of a batch that share a name share its analysis,
        retrieval and name comparisons. ``allowed`` restricts the rows, as in ``search``: one
        mask for the batch, or a sequence of masks, one per query (the queries of several
        viewers in one batch; those given the same mask object share its retrieval)."""
        alives = self._alives(queries, allowed)
        limit = self.config.threshold if threshold is None else threshold
        shared: dict[tuple[str, float, int, _Bar | None], _Retrieved] = {}
        memo = Memo()
        plans: list[_Plan] = []
        for query, alive in zip(queries, alives, strict=True):
            birth = query_birth(query.birth_date) if query.birth_date else None
            floor, bar = 0.0, None
            if limit > 0:
                floor = self._name_floor(limit, query) - self.config.prune_margin
                bar = (limit, birth, bool(query.nationality))
            key = (query.name, floor, id(alive), bar)
            retrieved = shared.get(key)
            if retrieved is None:
                retrieved = shared[key] = self._retrieve(query.name, floor, memo, alive, bar)
            facts = _query_facts(query, retrieved.analysed, birth)
            plans.append((facts, retrieved, self._chosen(facts, retrieved, limit)))
        # A ranked search scores its top rows again for their explanations: the part
        # comparisons made on arrays for those rows are handed to the scorer's memo. A
        # thresholded search scores few rows again, and does not (not measured since only
        # the kept rows' comparisons are handed over).
        plans, best_names = self._filter(
            plans, limit, top, memo.part_results if limit <= 0 else None
        )
        out = []
        for (facts, retrieved, rows), best, alive in zip(plans, best_names, alives, strict=True):
            found = self._scored(facts, retrieved, rows, top, alive, best, limit > 0)
            out.append([m for m in found if m.score >= limit])
        return out

    def _alives(
        self,
        queries: Sequence[Query],
        allowed: npt.NDArray[np.bool_] | Sequence[npt.NDArray[np.bool_]] | None,
    ) -> list[npt.NDArray[np.bool_]]:
        """Each query's live rows that ``allowed`` lets it see (``search_many``): one array
        per distinct mask, shared by the queries given it."""
        size = len(self._alive)
        if allowed is None:
            return [self._alive] * len(queries)
        if isinstance(allowed, np.ndarray):
            return [self._alive & _fit(allowed, size)] * len(queries)
        if len(allowed) != len(queries):
            raise ValueError(f"{len(allowed)} masks for {len(queries)} queries")
        made: dict[int, npt.NDArray[np.bool_]] = {}  # the masks live through the call
        out = []
        for mask in allowed:
            alive = made.get(id(mask))
            if alive is None:
                alive = made[id(mask)] = self._alive & _fit(mask, size)
            out.append(alive)
        return out

    def _retrieve(
        self,
        name: str,
        floor: float,
        memo: Memo,
        alive: npt.NDArray[np.bool_],
        bar: _Bar | None = None,
    ) -> _Retrieved:
        analysed = analyse_name(name)
        rows, rank = self._candidates(analysed, floor, alive, bar)
        # Read apart, the name reaches other rows read so (``compare_names``): those are ranked
        # and chosen among themselves, not at the cost of the rows the name reaches grouped.
        apart = None
        if analysed.ungrouped is not None:
            apart = self._candidates(analysed.ungrouped, floor, alive, bar)
        return _Retrieved(analysed, rows, rank, memo.sibling(), apart)

    def _candidates(
        self,
        name: AnalysedName,
        floor: float,
        alive: npt.NDArray[np.bool_],
        bar: _Bar | None = None,
    ) -> tuple[npt.NDArray[np.int32], _Floats]:
        """The rows a reading of a query name reaches, and their rank; an ungrouped reading
        reaches, in the postings of the names read so, only rows with one that sets the same
        particles aside. Rows ``alive`` leaves out, and with a ``bar`` (a threshold and the
        query's evidence) rows whose birth dates all put them out of its reach
        (``EvidenceColumns.born_apart``), are dropped as retrieval reads them, before the
        query's other parts probe them: at 1,000,000 subjects most rows that share a
        traveller's family name were born years apart from the traveller."""
        weights = [
            self.weigh(w) * minor_factor(p, self.config)
            for p, w in zip(name.parts, name.weighed(), strict=True)
        ]
        postings = self._apart if isinstance(name, UngroupedName) else self._postings
        columns, config = self._evidence, self.config

        def admit(rows: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
            mask = alive[rows]
            if bar is not None and bar[1] is not None:
                mask &= ~columns.born_apart(bar[1], rows, bar[0], bar[2], config)
            return mask

        found = postings.candidates(name.parts, len(self._rows), config, weights, floor, admit)
        if len(found):  # every row already alive (``admit``)
            keep = np.ones(len(found), dtype=np.bool_)
            if floor > 0:
                keep &= found.covered >= floor
            if isinstance(name, UngroupedName):
                code = self._table.particle_code(name.particles)
                keep &= self._table.reading_apart(found.rows, code)
            found = found.select(keep)
        # A ranked search orders candidates by retrieval credit; a thresholded one by how
        # closely they cover the query (the name score's weights), credit breaking ties.
        rank = found.close + 1e-3 * found.credit if floor > 0 else found.credit
        return found.rows, rank

    def _chosen(self, facts: Facts, retrieved: _Retrieved, limit: float) -> npt.NDArray[np.int32]:
        """The candidate rows to score: those that could reach ``limit`` with a perfect name,
        the best ranked of them (``_best``), and those of the name read apart."""
        chosen = self._reachable_best(facts, retrieved.rows, retrieved.credit, limit)
        if retrieved.apart is not None:
            rows, rank = retrieved.apart
            chosen = np.union1d(chosen, self._reachable_best(facts, rows, rank, limit))
        return chosen

    def _reachable_best(
        self, facts: Facts, rows: npt.NDArray[np.int32], rank: _Floats, limit: float
    ) -> npt.NDArray[np.int32]:
        """The rows to score of those retrieved: with a ``limit``, those that could reach it
        with a perfect name (``bounds.evidence``); then the best ranked (``_best``)."""
        added = None
        if limit > 0 and len(rows):
            keep, added = evidence(
                self._evidence,
                rows,
                limit,
                facts.births[0] if facts.births else None,
                facts.gender,
                bool(facts.nationalities),
                self.config,
            )
            rows, rank, added = rows[keep], rank[keep], added[keep]
        return self._best(facts, rows, rank, added)

    def _scored(
        self,
        facts: Facts,
        retrieved: _Retrieved,
        rows: npt.NDArray[np.int32],
        top: int,
        alive: npt.NDArray[np.bool_],
        best_names: _BestNames,
        ties: bool = False,
    ) -> list[Match]:
        """The ``top`` best of ``rows`` and the rows sharing a document number, scored; a
        row in ``best_names`` (``_filter``) compares only the names given there. With
        ``ties`` (a search over a threshold: screening, hit checks), the rows tied with the
        last of the ``top`` come too, up to ``tied_candidates`` in all: nothing tells them
        apart, and which of twelve listed Ali Taheri an officer sees must not be left to
        the order of their uids."""
        chosen = rows.tolist()
        for doc in facts.documents:  # a shared document number is always scored
            doc_rows = self._doc_rows(doc)
            chosen.extend(doc_rows[alive[doc_rows]].tolist())
        if not chosen:
            return []
        matches: dict[str, Match] = {}
        for row in sorted(set(chosen)):
            candidate = self._facts[row]
            if candidate is None:
                continue
            score, matched, explanation = score_subject(
                facts, candidate, self.config, self.weigh, retrieved.memo, best_names.get(row)
            )
            matches[candidate.uid] = Match(candidate.uid, score, matched, explanation)
        ranked = sorted(matches.values(), key=lambda m: (-m.score, m.uid))
        return top_with_ties(ranked, top, self.config.tied_candidates if ties else top)

    def _filter(
        self, plans: list[_Plan], limit: float, top: int, share: _PartResults | None = None
    ) -> tuple[list[_Plan], list[_BestNames]]:
        """The plans with only the rows that can be among what the search returns, their
        scores computed for the whole batch on arrays (``_logits``): the ``top`` best (and
        rows tied with the last), and with a threshold only those that reach it. ``share``
        receives the part comparisons made (``vector.PartSimilarities.lookup``) of the parts
        of the rows kept, which the scorer will compare again.

        Also, for each plan, by row, the positions of the names that can be its best (a name
        score within ``EPSILON`` of the row's best on arrays) when others cannot: scored
        again, such a row compares only those (``score_subject``), and picks the same name,
        with the same score, as when it compares them all."""
        counts = [len(rows) for _f, _r, rows in plans]
        if not sum(counts) or limit >= 1.0:
            return plans, [{} for _plan in plans]
        compared: list[Compared] | None = None if share is None else []
        logits, near, firsts = self._logits(plans, compared)
        least = logit(limit) - EPSILON if limit > 0 else -np.inf
        ends = np.append(firsts[1:], len(near)).tolist()
        starts = firsts.tolist()
        best_names: list[_BestNames] = []
        out = []
        start = 0
        for (facts, retrieved, rows), count in zip(plans, counts, strict=True):
            mine = logits[start : start + count]
            keep = mine >= least
            if count > top:
                keep &= mine >= np.partition(mine, count - top)[count - top] - EPSILON
            kept = rows[keep]
            best: _BestNames = {}
            for row, k in zip(kept.tolist(), (np.flatnonzero(keep) + start).tolist(), strict=True):
                first, end = starts[k], ends[k]
                if end - first > 1:
                    positions = np.flatnonzero(near[first:end])
                    if len(positions) < end - first:
                        best[row] = tuple(positions.tolist())
            start += count
            out.append((facts, retrieved, kept))
            best_names.append(best)
        if compared and share is not None:
            rows = np.concatenate([rows for _f, _r, rows in out])
            share_compared(compared, self._part_list, self._parts_of_rows(rows), share)
        return out, best_names

    def _parts_of_rows(self, rows: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        """The ids of the parts of the names of ``rows`` and of their ungrouped readings,
        sorted, each once."""
        names, _owner, _firsts, _weak = self._table.expand(rows)
        apart, _codes = self._table.ungrouped(names)
        parts = self._table.name_parts(np.concatenate((names, apart[apart >= 0])))
        return np.unique(parts[parts >= 0])

    def _logits(
        self, plans: list[_Plan], share: list[Compared] | None = None
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.int32]]:
        """The score's logit (``scoring.score_subject``, up to rounding) of every row of every
        plan, in order: the best name's score, then the evidence, on arrays; and of the rows'
        names, one after another from each row's first (given), those whose score is within
        ``EPSILON`` of their row's best."""
        config = self.config
        counts = [len(rows) for _f, _r, rows in plans]
        rows = np.concatenate([rows for _f, _r, rows in plans])
        scores, owner, firsts, weak = self._name_scores(plans, rows, counts, share)
        best = np.maximum.reduceat(scores, firsts)
        own_best = best[owner]
        near = scores >= own_best - EPSILON
        at = np.arange(len(scores))
        chosen = np.minimum.reduceat(np.where(scores == own_best, at, len(scores)), firsts)
        dates = np.asarray(
            [widened(facts.births[0] if facts.births else None) for facts, _r, _rows in plans],
            dtype=np.int64,
        ).reshape(len(plans), 2)
        genders = np.asarray([gender_code(facts.gender) for facts, _r, _rows in plans], np.int8)
        gate = np.clip((best - config.gate_low) / (config.gate_high - config.gate_low), 0.0, 1.0)
        extra = np.where(weak[chosen], config.weak_alias, 0.0)
        births = self._evidence.birth_categories_of(
            np.repeat(dates[:, 0], counts), np.repeat(dates[:, 1], counts), rows, config
        )
        extra += _gated(birth_values(config)[births], gate)
        extra += self._nationality_evidence(plans, rows, gate)
        sexes = self._evidence.gender_categories_of(np.repeat(genders, counts), rows)
        extra += _gated(gender_values(config)[sexes], gate)
        extra += self._document_evidence(plans, rows)
        return np.asarray(config.intercept + config.name_weight * best + extra), near, firsts

    def _nationality_evidence(
        self, plans: list[_Plan], rows: npt.NDArray[np.int32], gate: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """The nationality evidence of every pair, as ``scoring`` adds it: a match gated, a
        mismatch not."""
        match = np.zeros(len(rows), dtype=np.bool_)
        mismatch = np.zeros(len(rows), dtype=np.bool_)
        start = 0
        for facts, _r, mine in plans:
            if facts.nationalities:
                wanted = set(facts.nationalities)
                for k, row in enumerate(mine.tolist(), start):
                    stored = self._facts[row]
                    if stored is not None and stored.nationalities:
                        shared = not wanted.isdisjoint(stored.nationalities)
                        match[k], mismatch[k] = shared, not shared
            start += len(mine)
        config = self.config
        matched = _gated(np.where(match, config.nationality_match, 0.0), gate)
        return np.where(mismatch, config.nationality_mismatch, matched)

    def _document_evidence(
        self, plans: list[_Plan], rows: npt.NDArray[np.int32]
    ) -> npt.NDArray[np.float64]:
        """The document evidence of every pair: ``document_match`` for a shared number."""
        out = np.zeros(len(rows))
        start = 0
        for facts, _r, mine in plans:
            if facts.documents:
                for k, row in enumerate(mine.tolist(), start):
                    stored = self._facts[row]
                    if stored is not None and not set(facts.documents).isdisjoint(stored.documents):
                        out[k] = self.config.document_match
            start += len(mine)
        return out

    def _name_scores(
        self,
        plans: list[_Plan],
        pair_rows: npt.NDArray[np.int32],
        counts: list[int],
        share: list[Compared] | None = None,
    ) -> tuple[
        npt.NDArray[np.float64],
        npt.NDArray[np.int32],
        npt.NDArray[np.int32],
        npt.NDArray[np.bool_],
    ]:
        """The name score (``compare_names``) of every name of every row of every plan, in
        order, computed for the whole batch on arrays (``vector``); for each name the row it
        belongs to (counted over all plans), where each row's names begin, and whether each
        is a weak alias. ``pair_rows`` are the plans' rows one after another, ``counts`` how
        many each plan has."""
        config = self.config
        # The batch's query names (and their ungrouped readings) and their parts, numbered
        # locally by the part and the part it weighs as.
        names: dict[int, int] = {}
        local: dict[tuple[int, int], int] = {}
        query_parts: list[NamePart] = []
        query_ids: list[int] = []
        weights: list[float] = []
        unmatched: list[float] = []
        tables: list[list[int]] = []
        masks: list[int] = []
        apart: list[int] = []  # per query name, its ungrouped reading's (-1: none) ...
        codes: list[int] = []  # ... and the code of the particles it sets aside (-2: none)
        of_plan = []

        def numbered(name: AnalysedName) -> int:
            row = []
            for part, weighed in zip(name.parts, name.weighed(), strict=True):
                q = local.get((id(part), id(weighed)))
                if q is None:
                    q = local[(id(part), id(weighed))] = len(query_parts)
                    query_parts.append(part)
                    key = part_key(part.kind, part.latin, part.symbols, part.text)
                    query_ids.append(self._parts.get(key, -1))
                    weight = self.weigh(weighed)
                    weights.append(weight)
                    unmatched.append(weight * config.unmatched_query * minor_factor(part, config))
                row.append(q)
            tables.append(row)
            masks.append(kind_mask(name.parts))
            apart.append(-1)
            codes.append(-2)
            return len(tables) - 1

        for _facts, retrieved, _rows in plans:
            d = names.get(id(retrieved))
            if d is None:
                d = names[id(retrieved)] = numbered(retrieved.analysed)
                ungrouped = retrieved.analysed.ungrouped
                if ungrouped is not None:
                    apart[d] = numbered(ungrouped)
                    codes[d] = self._table.particle_code(ungrouped.particles)
            of_plan.append(d)
        width = max(len(t) for t in tables)
        table = np.full((len(tables), width), -1, dtype=np.int32)
        for d, row in enumerate(tables):
            table[d, : len(row)] = row
        weights.append(0.0)  # what index -1, past a name's end, reads
        unmatched.append(0.0)
        query_weight = np.asarray(weights)
        query_unmatched = np.asarray(unmatched)
        # The batch's (query, row) pairs and their (query name, candidate name) pairs, then
        # the pairs of ungrouped readings that set the same particles aside (``compare_names``).
        pair_query = np.repeat(np.asarray(of_plan, dtype=np.int32), counts)
        name_ids, owner, firsts, weak = self._table.expand(pair_rows)
        name_query = pair_query[owner]
        name_apart, name_codes = self._table.ungrouped(name_ids)
        both = np.flatnonzero(name_codes == np.asarray(codes, dtype=np.int32)[name_query])
        if len(both):
            name_ids = np.concatenate((name_ids, name_apart[both]))
            name_query = np.concatenate((name_query, np.asarray(apart, np.int32)[name_query[both]]))
        candidate = self._table.name_parts(name_ids)
        query = table[name_query]
        shape = (len(candidate), query.shape[1], candidate.shape[1])
        sims = self._similar.lookup(
            query_parts,
            query_ids,
            self._part_list,
            np.broadcast_to(query[:, :, None], shape),
            np.broadcast_to(candidate[:, None, :], shape),
            share,
        )
        inside = candidate >= 0
        weighed = candidate
        if len(both):  # the ungrouped readings' parts weigh as their grouped parts
            weighed = candidate.copy()
            weighed[-len(both) :] = self._table.name_parts(
                name_apart[both], weighed=True, width=candidate.shape[1]
            )
        candidate_weight = np.zeros(candidate.shape)
        candidate_weight[inside] = self._part_weight_array(weighed[inside])
        factors = unmatched_factors(
            self._table.kinds(candidate), np.asarray(masks, dtype=np.int64)[name_query], config
        )
        scores = align(
            sims,
            query_weight[query],
            candidate_weight,
            query_unmatched[query],
            candidate_weight * config.unmatched_candidate * factors,
            config.part_min,
        )
        if len(both):
            grouped = len(scores) - len(both)
            scores, read_apart = scores[:grouped], scores[grouped:]
            scores[both] = np.maximum(scores[both], read_apart)
        return scores, owner, firsts, weak

    def _part_weight_array(self, part_ids: npt.NDArray[np.int32]) -> npt.NDArray[np.float64]:
        """``weigh`` of the index's parts by id, remembered until the index changes."""
        unique, inverse = np.unique(part_ids, return_inverse=True)
        known = self._part_weights
        values = []
        for pid in unique.tolist():
            weight = known.get(pid)
            if weight is None:
                weight = known[pid] = self.weigh(self._part_list[pid])
            values.append(weight)
        return np.asarray(values)[inverse.reshape(-1)]

    def _best(
        self,
        facts: Facts,
        rows: npt.NDArray[np.int32],
        rank: npt.NDArray[np.float64],
        added: _Floats | None = None,
    ) -> npt.NDArray[np.int32]:
        """The ``candidates`` rows of highest rank, and rows tied with the last of them up to
        ``tied_candidates`` in all: retrieval cannot tell those apart (Muhammad IBRAHIM among
        a thousand rows holding both names), and cutting them at random loses the right one.
        Of the tied rows, those to which the query's birth date and gender add most go first
        (``added``, per row, when the caller has it: at 1,000,000 subjects a common name's
        keys are on hundreds of rows, and the traveller's birth date must decide which are
        scored), then those with a name of as many parts as the query's, then those nearest
        to it."""
        k = self.config.candidates
        if len(rows) <= k:
            return rows
        kth = np.partition(rank, len(rank) - k)[len(rank) - k]
        above = rank > kth
        at = rank == kth
        tied = rows[at]
        lengths = self._lengths[tied]
        parts = len(facts.names[0][0].parts)
        gap = np.maximum(0, np.maximum(lengths[:, 0] - parts, parts - lengths[:, 1]))
        room = self.config.tied_candidates - int(above.sum())
        birth = facts.births[0] if facts.births else None
        if added is None and len(tied) > room and (birth is not None or facts.gender):
            added = evidence(self._evidence, tied, 0.0, birth, facts.gender, False, self.config)[1]
        elif added is not None:
            added = added[at]
        order = np.argsort(gap, kind="stable") if added is None else np.lexsort((gap, -added))
        return np.concatenate((rows[above], tied[order][:room]))

    def _name_floor(self, limit: float, query: Query) -> float:
        """The least name score with which a candidate can still reach probability ``limit``,
        given the most the query's birth date, nationality and gender could add."""
        c = self.config
        bonus = (
            (c.dob_exact if query.birth_date else 0.0)
            + (c.nationality_match if query.nationality else 0.0)
            + (c.gender_match if query.gender else 0.0)
        )
        return name_floor(limit, bonus, c)

    def _doc_rows(self, document: str) -> npt.NDArray[np.int32]:
        return self._postings.key_rows("doc:" + document)


# A query of a batch: its facts, its name's retrieval and the rows to score.
_Plan = tuple[Facts, "_Retrieved", npt.NDArray[np.int32]]
# By row, the positions among its names of those that can be its best (``Index._filter``).
_BestNames = dict[int, tuple[int, ...]]


class _Retrieved:
    """A query name's analysis and candidates, shared by the queries of a batch with that name
    (their comparisons too: ``Memo`` depends on the name only)."""

    __slots__ = ("analysed", "apart", "credit", "memo", "rows")

    def __init__(
        self,
        analysed: AnalysedName,
        rows: npt.NDArray[np.int32],
        credit: npt.NDArray[np.float64],
        memo: Memo,
        apart: tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]] | None = None,
    ) -> None:
        self.analysed = analysed
        self.rows = rows
        self.credit = credit  # the rank: retrieval credit, or closeness with a threshold
        self.memo = memo
        self.apart = apart  # the rows and ranks of the name read apart (ungrouped), or None


def _name_key(
    parts: tuple[int, ...], weighed: tuple[int, ...], ungrouped: int, particles: tuple[str, ...]
) -> tuple[object, ...]:
    """What ``Index._intern_name`` interns a name by: its part ids, and only for a name with
    particles (an ungrouped reading or one, a few in a hundred) the rest as well; a tuple of
    four for every name would hold some 200 MB more at 1,000,000 subjects."""
    if not weighed and ungrouped < 0:
        return parts
    return (parts, weighed, ungrouped, particles)


def _subsumes(wider: AnalysedName, name: AnalysedName) -> bool:
    """Whether ``wider`` matches whatever ``name`` matches, at least as well: part for part the
    same kind and a superset of its spellings, keys and symbols, with its forms among the first
    six that the typo ratio reads (Бортников Александр, read in every romanization system,
    subsumes BORTNIKOV Aleksandr); and the same of the ungrouped reading, which sets the same
    particles aside."""
    if len(wider.parts) != len(name.parts):
        return False
    apart, other = name.ungrouped, wider.ungrouped
    if apart is not None and (
        other is None or other.particles != apart.particles or not _subsumes(other, apart)
    ):
        return False
    for w, p in zip(wider.parts, name.parts, strict=True):
        known = _SUBSUMED.get((id(w), id(p)))
        if known is None or known[0] is not w or known[1] is not p:
            if len(_SUBSUMED) >= _SUBSUMED_KEPT:
                _SUBSUMED.clear()
            known = _SUBSUMED[(id(w), id(p))] = (w, p, _part_subsumes(w, p))
        if not known[2]:
            return False
    return True


# ``_part_subsumes`` of pairs of parts met, by the parts' ids (the parts held, so that their
# ids are not reused): a subject's names pair the same given names (Александр, Aleksandr)
# as thousands of others do. A memo, emptied when full.
_SUBSUMED: dict[tuple[int, int], tuple[NamePart, NamePart, bool]] = {}
_SUBSUMED_KEPT = 1 << 15


def _part_subsumes(w: NamePart, p: NamePart) -> bool:
    """Whether part ``w`` matches whatever part ``p`` matches, at least as well
    (``_subsumes``)."""
    return (
        w.kind is p.kind
        and p.latin_set <= w.latin_set
        and p.symbols <= w.symbols
        and p.forms_set <= frozenset(w.forms[:6])
        and set(p.keys) <= set(w.keys)
    )


def _drop_subsumed(names: list[tuple[AnalysedName, bool]]) -> list[tuple[AnalysedName, bool]]:
    """A subject's names without those another of its names subsumes: fewer names to compare,
    the same scores. Strong names are kept before weak aliases (a weak alias never stands in
    for a strong name) and wider names before narrower ones; the order is kept."""
    if len(names) < 2:
        return names

    def size(item: tuple[AnalysedName, bool]) -> tuple[bool, int]:
        return (item[1], -sum(len(p.latin_set) + len(p.symbols) for p in item[0].parts))

    kept: list[AnalysedName] = []
    for name, _weak in sorted(names, key=size):
        if not any(_subsumes(other, name) for other in kept):
            kept.append(name)
    chosen = {id(n) for n in kept}
    return [(n, weak) for n, weak in names if id(n) in chosen]


def _keys(
    facts: Facts, memo: dict[int, tuple[str, ...]] | None = None, apart: bool = False
) -> tuple[str, ...]:
    """A row's posting keys, or with ``apart`` those of its names read ungrouped; ``memo``
    keeps each part's by id for a bulk load (the parts are interned and outlive it, and a
    common name's part recurs in thousands of rows)."""
    if memo is None:
        memo = {}
    keys: list[str] = []
    for name, _weak in facts.names:
        reading = name.ungrouped if apart else name
        for p in reading.parts if reading else ():
            found = memo.get(id(p))
            if found is None:
                found = memo[id(p)] = part_keys(p)
            keys.extend(found)
    if not apart:
        keys.extend("doc:" + d for d in facts.documents)
    return tuple(keys)


def query_birth(value: str) -> tuple[int, int, bool]:
    """A query's birth date (an ISO prefix: YYYY, YYYY-MM, YYYY-MM-DD) as the interval the
    scorer compares; ValueError for a malformed one."""
    return birth_interval(dates.parse_partial_date(value))


def _query_facts(query: Query, analysed: AnalysedName, birth: Birth | None) -> Facts:
    """What the scorer compares of a query: ``birth`` is its birth date as ``query_birth``
    read it."""
    births = (birth,) if birth is not None else ()
    nationalities = (query.nationality.upper(),) if query.nationality else ()
    gender = query.gender.lower() if query.gender else None
    documents: tuple[str, ...] = ()
    if query.document_number:
        documents = (normalise_document_number(query.document_number),)
    return Facts("", ((analysed, False),), births, nationalities, gender, documents)


def _fit(mask: npt.NDArray[np.bool_], size: int) -> npt.NDArray[np.bool_]:
    """``mask`` cut or padded with False to ``size`` rows."""
    if len(mask) >= size:
        return mask[:size]
    return np.concatenate((mask, np.zeros(size - len(mask), dtype=np.bool_)))


def _gated(values: _Floats, gate: _Floats) -> _Floats:
    """``scoring._gated`` on arrays: positive evidence times the gate, negative as it is."""
    return np.where(values > 0, values * gate, values)

"""Postings and candidate retrieval.

Key strings are interned to int ids. Each key has a posting list of subject rows: an int32
numpy array made at build time plus a small Python delta list for rows added since, so adding
never rebuilds. Posting lists are ascending (rows are numbered in the order they are added),
which the compiled membership and union of ``kernels`` rely on. Removed rows stay in the
postings and are masked by the index's tombstones; document frequencies are kept exact. A
vocabulary-level deletion dictionary (SymSpell style: every stored phonetic form and the form
minus one letter -> the part's canonical key id) gives the typo path without touching the
postings.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from interlink.matching.config import MatchConfig
from interlink.matching.deletions import Deletions, code
from interlink.matching.kernels import NO_BITS, Probed, accumulate, bitset_of, probe, union
from interlink.names.analysis import NamePart
from interlink.names.phonetic import deletions

__all__ = ["Postings", "Retrieved", "part_keys", "typo_codes"]

IntArray = npt.NDArray[np.int32]
_EMPTY = np.zeros(0, dtype=np.int32)
_TYPO_MIN = 4  # keys shorter than this have too many neighbours to be worth it
_PLANS_MAX = 200_000
_NOTHING: Probed = (_EMPTY, NO_BITS)
# Rows probed, at least this many and at least 1/128 of the rows up to their last (so that the
# bitset is at most four times their own size), are probed by bit tests.
_BITS_MIN = 16_384
# The rows probed kept by key set (``Postings.probed``), up to this many bytes: some 1,000
# bitsets at 1,000,000 subjects.
_PROBED_BYTES = 128 << 20
_PRUNE_MARGIN = 1e-9  # far above the rounding of a sum of a few shares


def typo_codes(part: NamePart) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The strings ``Postings.link_forms`` registers for a part (``_typo_strings``) as
    ``deletions.code``s, and those it cannot code."""
    return _typo_codes(part.forms, part.keys, part.latin[:1])


@lru_cache(maxsize=1 << 17)
def _typo_codes(
    forms: tuple[str, ...], keys: tuple[str, ...], spelling: tuple[str, ...]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """``typo_codes`` of a part's forms, keys and spelling, once per worker of a parallel
    build: a part recurs in the names of every chunk it sends."""
    codes: list[int] = []
    uncoded: list[str] = []
    if keys:
        for d in _strings(forms, keys, spelling):
            c = code(d)
            if c is None:
                uncoded.append(d)
            else:
                codes.append(c)
    return tuple(codes), tuple(uncoded)


def part_keys(part: NamePart) -> tuple[str, ...]:
    """The posting keys of a part: its skeleton keys and its name symbols ("#Q923")."""
    return (*part.keys, *("#" + s for s in sorted(part.symbols)))


class Postings:
    __slots__ = (
        "_base",
        "_deletes",
        "_delta",
        "_df",
        "_ids",
        "_keys",
        "_plans",
        "_probed",
        "_probed_bytes",
    )

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._base: list[IntArray] = []
        self._delta: dict[int, list[int]] = {}
        self._df: list[int] = []
        self._deletes = Deletions()
        # Retrieval plans by (part, index size, config, reads neighbours); cleared whenever
        # the postings change.
        self._plans: dict[tuple[NamePart, int, int, bool], _Plan] = {}
        # The rows probed by key set, least recently used first; cleared with the plans.
        self._probed: dict[tuple[int, ...], Probed] = {}
        self._probed_bytes = 0

    def __getstate__(self) -> tuple[None, dict[str, object]]:
        """Pickled without what a search keeps (the plans, the rows probed)."""
        state = {name: getattr(self, name) for name in self.__slots__}
        state.update(_plans={}, _probed={}, _probed_bytes=0)
        return None, state

    def __setstate__(self, state: tuple[None, dict[str, object]]) -> None:
        """Unpickled, from a version that kept no rows probed too."""
        self._probed, self._probed_bytes = {}, 0
        for name, value in state[1].items():
            setattr(self, name, value)

    def _changed(self) -> None:
        """Forget the plans and the rows probed: the postings changed."""
        self._plans.clear()
        self._probed.clear()
        self._probed_bytes = 0

    def __len__(self) -> int:
        return len(self._keys)

    def _intern(self, key: str) -> int:
        kid = self._ids.get(key)
        if kid is None:
            kid = len(self._keys)
            self._ids[key] = kid
            self._keys.append(key)
            self._base.append(_EMPTY)
            self._df.append(0)
        return kid

    def link_forms(self, part: NamePart) -> None:
        """Register a part's phonetic forms, and every form one deletion away, as leading to
        the part's canonical key: the typo path (a query form one edit from a stored form
        shares one of these strings with it). Call once per distinct part."""
        if not part.keys:
            return
        self._changed()
        kid = self._intern(part.keys[0])
        self._deletes.extend(_typo_strings(part), kid)

    def link_coded(self, part: NamePart, codes: Sequence[int], uncoded: Sequence[str]) -> None:
        """``link_forms`` for a bulk load, with the part's strings as ``typo_codes`` gives
        them (made by a worker of a parallel build); they are merged in on the next lookup or
        ``compact``, so adding a subject at a time should use ``link_forms``."""
        if not part.keys:
            return
        self._changed()
        kid = self._intern(part.keys[0])
        self._deletes.add_codes(codes, kid)
        self._deletes.extend(uncoded, kid)

    def compact(self) -> None:
        """Fold the forms linked lately into the compact store (after a bulk build)."""
        self._deletes.compact()

    def load(self, pairs: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Bulk-load ``(row, keys)`` into the base arrays (one sort, one split)."""
        self._changed()
        kids: list[int] = []
        rows: list[int] = []
        ids = self._ids
        for row, keys in pairs:
            for key in dict.fromkeys(keys):  # in order: key ids do not depend on hashing
                kid = ids.get(key)
                kids.append(self._intern(key) if kid is None else kid)
                rows.append(row)
        if not kids:
            return
        k = np.asarray(kids, dtype=np.int32)
        r = np.asarray(rows, dtype=np.int32)
        order = np.argsort(k, kind="stable")
        k, r = k[order], r[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        ends = np.r_[starts[1:], len(k)]
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            kid = int(k[s])
            block = r[s:e]
            base = self._base[kid]
            self._base[kid] = block.copy() if not len(base) else np.concatenate((base, block))
            self._df[kid] += e - s

    def add(self, row: int, keys: Iterable[str]) -> None:
        self._changed()
        for key in dict.fromkeys(keys):
            kid = self._intern(key)
            self._delta.setdefault(kid, []).append(row)
            self._df[kid] += 1

    def discard(self, keys: Iterable[str]) -> None:
        """Lower the document frequencies of a removed row's keys (its postings stay, masked)."""
        self._changed()
        for key in set(keys):
            kid = self._ids.get(key)
            if kid is not None and self._df[kid] > 0:
                self._df[kid] -= 1

    def df(self, key: str) -> int:
        kid = self._ids.get(key)
        return 0 if kid is None else self._df[kid]

    def rows(self, kid: int, limit: int | None = None) -> IntArray:
        base = self._base[kid]
        extra = self._delta.get(kid)
        if extra:
            base = np.concatenate((base, np.asarray(extra, dtype=np.int32)))
        return base if limit is None else base[:limit]

    def key_rows(self, key: str) -> IntArray:
        """The rows of one key (empty for an unknown key)."""
        kid = self._ids.get(key)
        return _EMPTY if kid is None else self.rows(kid)

    def near_keys(self, part: NamePart) -> set[int]:
        """Canonical key ids of stored parts whose forms are one edit from one of the part's
        forms (deletions of both sides meet: SymSpell on phonetic forms), in use."""
        found = self._deletes.find(_typo_strings(part))
        return {k for k in found if self._df[k] > 0}

    def idf(self, df: int, n: int) -> float:
        return math.log((n + 1) / (df + 0.5))

    def candidates(
        self,
        parts: Sequence[NamePart],
        n: int,
        config: MatchConfig,
        weights: Sequence[float] | None = None,
        floor: float = 0.0,
        admit: Callable[[IntArray], npt.NDArray[np.bool_]] | None = None,
    ) -> Retrieved:
        """Rows sharing keys with the query's parts, their retrieval credit, the share of
        the query's part ``weights`` (default: all equal) that each row covers, and how close
        each row is (that share, with neighbour-key hits counted ``typo_credit`` as much).

        A part reaches the rows of its own keys, credited by the idf of its rarest key, and the
        rows of the keys one edit away (the deletion dictionary: Maomadov reaches Magomadov),
        credited ``typo_credit`` times the idf of the most common of them. With a ``floor``
        they are always read; without one they are read only when none of the part's own keys
        is on file, and otherwise only probed for the rows the parts' own keys found (credit
        without new candidates: a ranked search stays as wide as before). Stop keys (on more than
        ``stop_share`` of the rows) are not read as a source of candidates: rows found by other
        keys are probed for them by binary search in their sorted postings, and a row holding
        one is covered by the part (Mohamed holds the stop keys of Mohammad, not the rare key
        of that spelling) and credited the idf of the rarest; when every part is common, the
        first part's postings are filtered by the others (rows having all the names; reading
        the part held by fewest instead was tried: docs/benchmarks.md).
        Neighbour keys on more than ``typo_postings`` rows are not read either (a typo of a
        common name is a common name): they are probed the same way, and a row holding one is
        covered by the part (Hassna covers Mariam Hassan al-Zayyat).

        A row's covered share bounds its name score from above (parts that share no key and
        no neighbour key with a candidate are rarely aligned with one; a part none of whose
        keys is on file may be a typo of anything, so its share counts for every row). With a
        ``floor`` on that share, postings are read rarest part first only until the parts not
        yet read could no longer lift a row to the floor on their own (prefix filtering); the
        others are probed by binary search for the rows found. Rows under the floor may still
        be returned.

        ``admit``, when given, says which of the rows read may be returned at all (the
        caller would drop the others whatever their names: rows hidden from the searcher, or
        put out of reach by their birth dates). The others are dropped as soon as they are
        read, before any part probes them and before the cut of a query whose every part is
        common.
        """
        share = _shares(weights if weights is not None else [1.0] * len(parts))
        entries: list[_Entry] = []
        common: list[_Entry] = []  # parts whose keys are all stop keys
        free = 0.0
        for part, part_share in zip(parts, share, strict=True):
            plan = self._plan(part, n, config, floor > 0)
            if plan.free:
                free += part_share
                if plan.typo or plan.near_stop:
                    entries.append(_Entry(plan, 0.0))
            elif plan.common:
                common.append(_Entry(plan, part_share))
            else:
                entries.append(_Entry(plan, part_share))
        # Reading a part's usable keys finds every row that part can cover only when it has no
        # stop keys and no common neighbours (those are probed, never read): only then does
        # its share stop counting as unread, and such parts are read first.
        entries.sort(key=lambda e: (e.plan.probes, e.plan.df))
        unread = free + sum(e.share for e in entries) + sum(e.share for e in common)
        read: list[_Entry] = []
        probed: list[_Entry] = []
        for entry in entries:
            if read and floor > 0 and unread < floor:
                probed.append(entry)
            else:
                read.append(entry)
                if not entry.plan.probes:
                    unread -= entry.share
        capped = False
        if read:
            blocks = [a for e in read for a in e.plan.sources(self) if len(a)]
            if sum(map(len, blocks)) < config.candidates and unread >= floor:
                # The rows read are fewer than a search scores, and others could still reach
                # the floor through keys only probed: a part's common neighbours that are not
                # stop keys are read then too (the rows of Taheri for Ali Tahei, whose other
                # part is common: its stop keys are never read). Reading them whenever rows
                # could be missed found 52 more matches over 6,000 travellers at 1,000,000
                # subjects and cost 44% of the screening's speed (docs/benchmarks.md).
                more = (e.plan.readable_near(self) for e in read if e.plan.near_stop)
                blocks += [a for a in more if len(a)]
            if all(e.plan.stop for e in read):
                # Every part read is common too (Yusef: the spelling's own rare keys, and the
                # stop keys of Yusuf): its rare keys find only the rows written so, and a row
                # holding every part through stop keys alone (يوسف أحمد محمود إبراهيم) would
                # never be a candidate. Those rows are found as when every part is common:
                # the rows of the part whose keys hold fewest, the others probed.
                fewest = min((*read, *common), key=lambda e: e.plan.held_df)
                blocks.append(fewest.plan.held(self))
                capped = floor <= 0  # ranked: the best credited, as when every part is common
            if not blocks:
                return _none()
            unique = union(blocks)
        elif common:  # every part common: the first one's rows, filtered by the others
            read = [common.pop(0)]
            unique = read[0].plan.held(self)
            capped = True
        else:
            return _none()
        if admit is not None and len(unique):
            unique = unique[admit(unique)]
            if not len(unique):
                return _none()
        credit = np.zeros(len(unique))
        covered = np.full(len(unique), free)
        close = np.zeros(len(unique))
        sums = (credit, covered, close)
        order = (*read, *probed, *common)
        # With a floor (and not the every-part-common cut by credit below), a row whose covered
        # share cannot reach the floor even if it held every part still to come is dropped
        # before those parts probe it: the caller drops it anyway, and the last parts are the
        # common ones whose postings are longest. (A margin absorbs rounding: a row is dropped
        # only when its share would end below the floor.)
        prune = floor > 0 and not read[0].plan.common
        left = sum(e.share for e in order)
        for entry in order:
            # Each part adds, for every row: the credit of its own keys and of its neighbours;
            # for a row holding only a stop key of the part (probed, never read), the stop
            # credit, and the row counts as holding the part's own keys; for a row holding
            # only a common neighbour, that credit, and it counts as a neighbour; then the
            # part's share to the covered share, and to closeness (neighbours at typo_credit).
            plan = entry.plan
            stop, near_stop = bool(plan.stop), bool(plan.near_stop)
            arrays = (
                plan.mine(self),
                plan.near(self),
                plan.probed_held(self) if stop else _NOTHING,
                plan.probed_common_near(self) if near_stop else _NOTHING,
            )
            credits = (plan.credit, plan.typo_credit, plan.stop_credit, plan.near_stop_credit)
            accumulate(
                unique, arrays, credits, (stop, near_stop), entry.share, config.typo_credit, sums
            )
            left -= entry.share
            if prune and entry is not order[-1]:
                keep = covered >= floor - left - _PRUNE_MARGIN
                if not keep.all():
                    unique = unique[keep]
                    credit, covered, close = sums = (credit[keep], covered[keep], close[keep])
        if capped and len(unique) > config.common_postings:
            best = np.argpartition(-credit, config.common_postings - 1)[: config.common_postings]
            unique, credit, covered, close = unique[best], credit[best], covered[best], close[best]
        return Retrieved(unique.astype(np.int32), credit, covered, close)

    def _plan(self, part: NamePart, n: int, config: MatchConfig, neighbours: bool) -> _Plan:
        """What retrieval reads for a part, worked out once per state of the postings: the
        part recurs across the travellers of a run (common given names most of all)."""
        key = (part, n, id(config), neighbours)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        if len(self._plans) >= _PLANS_MAX:
            self._plans.clear()  # (the rows probed are kept apart, by their own limit)
        # The plan of the other kind of search (ranked, thresholded) differs at most in
        # whether it reads neighbours: the same keys, credits and rows, which are not made
        # again (a common name's rows are the longest to make).
        other = self._plans.get((part, n, id(config), not neighbours))
        if other is not None:
            plan = self._plans[key] = other.reading(neighbours) if other.direct else other
            return plan
        stop = min(config.stop_max, max(config.stop_min, int(config.stop_share * n)))
        typo_stop = min(stop, config.typo_postings)
        own = {k for k in map(self._ids.get, part_keys(part)) if k is not None}
        own = {k for k in own if self._df[k] > 0}
        # A thresholded search reads neighbours even when the part's own keys are on file:
        # a typo that lands on another name's key (Kalkan written Kalan) must not hide the
        # right row. A ranked search reads them only for a part with no key on file: reading
        # them always cost 2.5 times the search time for one point of typo R@1
        # (docs/benchmarks.md). It still probes them for the rows other parts found, so that
        # a row one typo away on this part outranks the rows that share only the other parts
        # (Mila IVANOVIC: Milan IVANOVIC among hundreds of Ivanovich patronymics).
        near = self.near_keys(part) - own
        direct = sorted((self._df[k], k) for k in own)
        typo = sorted((self._df[k], k) for k in near if self._df[k] <= typo_stop)
        read_near = neighbours or not direct
        # Neighbours too common to read (Hassna's neighbour Hassan) are probed like stop keys:
        # a row holding one is covered by the part, and credited as a typo of its most common.
        near_stop = sorted((self._df[k], k) for k in near if self._df[k] > typo_stop)
        common_idf = config.typo_credit * self.idf(near_stop[-1][0], n) if near_stop else 0.0
        usable = [(df, k) for df, k in direct if df <= stop]
        stops = [(df, k) for df, k in direct if df > stop]
        if not direct:
            typo_idf = config.typo_credit * self.idf(typo[0][0], n) if typo else 0.0
            plan = _Plan([], [], typo, 0.0, 0.0, typo_idf, read_near, near_stop, common_idf, stop)
        elif usable:
            typo_idf = config.typo_credit * self.idf(typo[-1][0], n) if typo else 0.0
            stop_idf = self.idf(stops[0][0], n) if stops else 0.0
            credit = self.idf(usable[0][0], n)
            plan = _Plan(
                usable,
                stops,
                typo,
                credit,
                stop_idf,
                typo_idf,
                read_near,
                near_stop,
                common_idf,
                stop,
            )
        else:  # every key a stop key: probed only, by all its keys, credited the rarest
            plan = _Plan([], stops, [], 0.0, self.idf(stops[0][0], n), 0.0, False)
        self._plans[key] = plan
        return plan

    def probed(self, keys: list[tuple[int, int]]) -> Probed:
        """The rows of any of ``keys`` as a part probes them (``kernels.accumulate``): many
        and dense enough, as a ``bitset`` marked from the postings, without their union (a
        sort of them all); else their sorted union. Kept by key set, up to
        ``_PROBED_BYTES``, least recently used dropped first: the parts that share common
        neighbours (spellings of Hassan) or stop keys (of Muhammad) probe the same rows, and
        a plan is made for each part met."""
        ids = tuple(sorted(k for _, k in keys))
        found = self._probed.pop(ids, None)
        if found is None:
            found = self._probe_rows(ids)
            self._probed_bytes += found[0].nbytes + found[1].nbytes
            while self._probed and self._probed_bytes > _PROBED_BYTES:
                rows, bits = self._probed.pop(next(iter(self._probed)))
                self._probed_bytes -= rows.nbytes + bits.nbytes
        self._probed[ids] = found  # the most recently used last
        return found

    def _probe_rows(self, ids: tuple[int, ...]) -> Probed:
        blocks = [rows for rows in map(self.rows, ids) if len(rows)]
        if sum(map(len, blocks)) >= _BITS_MIN:
            bits, size = bitset_of(blocks)
            if size >= _BITS_MIN and size * 128 >= max(int(b[-1]) for b in blocks) + 1:
                return _EMPTY, bits
        return (union(blocks) if blocks else _EMPTY), NO_BITS

    def _union(self, keys: list[tuple[int, int]]) -> IntArray:
        """The sorted rows of any of ``keys`` (sorting a concatenation beats ``np.unique``'s
        hash table on the short postings read here)."""
        if not keys:
            return _EMPTY
        if len(keys) == 1:
            return self.rows(keys[0][1])
        return union([self.rows(k) for _, k in keys])


def _typo_strings(part: NamePart) -> Iterator[str]:
    """The strings of a part in the deletion dictionary: its phonetic forms (vowels kept), its
    consonant skeleton keys (the vowels of unvocalised Arabic vary too much for forms) and its
    usual spelling (a slip inside a folded spelling is two edits of the forms: Kjalil is one
    from Khalil but two from its form halil, Hamxa one from Hamza but two from hamza's), those
    long enough, each also one letter shorter (the query's and the stored part's meet when
    they are one edit apart). A form or spelling one letter shorter than that is there as it
    is, without its deletions: it meets the parts it is one letter short of (Ian for Ivan,
    the scorer's typo of 0.86), not every three-letter name one substitution away."""
    return _strings(part.forms, part.keys, part.latin[:1])


def _strings(
    forms: tuple[str, ...], keys: tuple[str, ...], spelling: tuple[str, ...]
) -> Iterator[str]:
    for term in dict.fromkeys((*forms, *keys, *spelling)):
        if len(term) >= _TYPO_MIN:
            yield term
            yield from deletions(term)
    for term in dict.fromkeys((*forms, *spelling)):
        if len(term) == _TYPO_MIN - 1:
            yield term


class Retrieved:
    """Candidate rows and, per row, retrieval credit (idf), covered share and closeness."""

    __slots__ = ("close", "covered", "credit", "rows")

    def __init__(
        self,
        rows: IntArray,
        credit: npt.NDArray[np.float64],
        covered: npt.NDArray[np.float64],
        close: npt.NDArray[np.float64],
    ) -> None:
        self.rows = rows
        self.credit = credit
        self.covered = covered
        self.close = close

    def __len__(self) -> int:
        return len(self.rows)

    def select(self, mask: npt.NDArray[np.bool_]) -> Retrieved:
        return Retrieved(self.rows[mask], self.credit[mask], self.covered[mask], self.close[mask])


def _none() -> Retrieved:
    return Retrieved(_EMPTY, np.zeros(0), np.zeros(0), np.zeros(0))


class _Plan:
    """One part's retrieval for one state of the postings, keys as sorted ``(df, key id)``
    lists: its usable keys (read), its stop keys (probed only), its neighbour keys, and the
    credit of a hit on each. A part with no key on file is ``free`` (it counts for every row),
    one with stop keys only ``common``. The sorted rows of each are made on first use:
    neighbours without the rows that hold one of the part's own keys. The rows only probed
    (of any key, of common neighbours) are the postings' (``Postings.probed``), kept by key
    set: parts that share keys share them."""

    __slots__ = (
        "_rows",
        "credit",
        "df",
        "direct",
        "held_df",
        "near_stop",
        "near_stop_credit",
        "read_near",
        "stop",
        "stop_credit",
        "stop_df",
        "typo",
        "typo_credit",
    )

    def __init__(
        self,
        direct: list[tuple[int, int]],
        stop: list[tuple[int, int]],
        typo: list[tuple[int, int]],
        credit: float,
        stop_credit: float,
        typo_credit: float,
        read_near: bool,
        near_stop: list[tuple[int, int]] | None = None,
        near_stop_credit: float = 0.0,
        stop_df: int = 0,
    ) -> None:
        self.direct = direct
        self.stop_df = stop_df  # postings longer than this are stop keys
        self.read_near = read_near  # neighbours read for candidates, not only probed
        self.stop = stop
        self.typo = typo
        self.near_stop = near_stop or []
        self.near_stop_credit = near_stop_credit
        self.credit = credit
        self.stop_credit = stop_credit
        self.typo_credit = typo_credit
        self.df = min((df for df, _ in (*direct, *typo)), default=0)
        # The most rows one of its own keys holds: at most as many as ``held``.
        self.held_df = max((df for df, _ in (*direct, *stop)), default=0)
        self._rows = _Rows()

    def reading(self, neighbours: bool) -> _Plan:
        """This plan of a part with usable keys, reading its neighbours or not (``_plan``),
        sharing its rows."""
        plan = copy.copy(self)
        plan.read_near = neighbours
        return plan

    @property
    def free(self) -> bool:
        return not self.direct and not self.stop

    @property
    def common(self) -> bool:
        return not self.direct and bool(self.stop)

    @property
    def probes(self) -> bool:
        """Whether some keys of the part are probed rather than read (stop keys, common
        neighbours): reading it does not find every row it covers."""
        return bool(self.stop or self.near_stop)

    def mine(self, postings: Postings) -> IntArray:
        """Rows holding a usable key of the part."""
        rows = self._rows
        if rows.mine is None:
            rows.mine = postings._union(self.direct)
        return rows.mine

    def sources(self, postings: Postings) -> tuple[IntArray, ...]:
        """The rows read as candidates for the part: its usable keys' and, when it reads them,
        its neighbours' (else those are only probed for the rows other parts found)."""
        if self.read_near:
            return (self.mine(postings), self.near(postings))
        return (self.mine(postings),)

    def held(self, postings: Postings) -> IntArray:
        """Rows holding any key of the part, stop keys included."""
        rows = self._rows
        if rows.held is None:
            rows.held = (
                postings._union(self.direct + self.stop) if self.stop else self.mine(postings)
            )
        return rows.held

    def readable_near(self, postings: Postings) -> IntArray:
        """Rows holding a neighbour key too common to read by default but not a stop key."""
        rows = self._rows
        if rows.readable_near is None:
            rows.readable_near = postings._union(
                [(df, k) for df, k in self.near_stop if df <= self.stop_df]
            )
        return rows.readable_near

    def probed_held(self, postings: Postings) -> Probed:
        """The rows of ``held`` as probes read them (``Postings.probed``)."""
        return postings.probed(self.direct + self.stop)

    def probed_common_near(self, postings: Postings) -> Probed:
        """Rows holding a neighbour key too common to read, as probes read them."""
        return postings.probed(self.near_stop)

    def near(self, postings: Postings) -> IntArray:
        """Rows holding a neighbour key that is read, but none of the part's own keys."""
        rows = self._rows
        if rows.near is None:
            near = postings._union(self.typo)
            if len(near):
                held = self.probed_held(postings) if self.stop else (self.mine(postings), NO_BITS)
                near = near[~probe(held, near)]
            rows.near = near
        return rows.near


class _Rows:
    """The sorted rows of a part's keys, made on first use (``_Plan``), shared by the plans
    of one part that differ only in whether they read its neighbours."""

    __slots__ = ("held", "mine", "near", "readable_near")

    def __init__(self) -> None:
        self.readable_near: IntArray | None = None
        self.mine: IntArray | None = None
        self.held: IntArray | None = None
        self.near: IntArray | None = None


class _Entry:
    """A part of one query in retrieval: its plan and its share of the query's weight (a part
    with no key on file has none: it counts for every row)."""

    __slots__ = ("plan", "share")

    def __init__(self, plan: _Plan, share: float) -> None:
        self.plan = plan
        self.share = share


def _shares(weights: Sequence[float]) -> list[float]:
    total = sum(weights)
    return [w / total for w in weights] if total > 0 else [0.0] * len(weights)

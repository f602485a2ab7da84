"""Evidence bounds: which candidates cannot reach a threshold, decided on arrays, unscored.

Most candidates a thresholded search retrieves share a common name with the traveller and
nothing else: a birth date years apart (-4 on the logit) or the other gender (-3) puts them out
of reach however well the name matches. ``EvidenceColumns`` keeps per subject row what decides
that (birth dates as ordinal intervals, gender) in numpy arrays that grow as subjects are added,
and ``evidence`` says, per candidate row, whether it could reach the threshold even with a
perfect name. The test is exact, not a heuristic: a name score is at most 1, so a row it rejects
cannot alert. (A tighter test, the least name score each row needs against the share of the
name its retrieval covers, lost 13 of 1,861 alerts at 30,000 subjects: the covered share is not
a strict bound on the name score.) The categories are those of ``scoring.compare_birth_dates``
(exact, compatible, near, conflicting), computed the same way.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from interlink.matching.config import MatchConfig
from interlink.matching.kernels import birth_categories, born_apart
from interlink.matching.scoring import APPROXIMATE_DAYS, NEAR_DAYS, Birth, logit
from interlink.matching.vector import Grow

__all__ = [
    "EvidenceColumns",
    "birth_values",
    "evidence",
    "gender_code",
    "gender_values",
    "hull",
    "widened",
]

IntArray = npt.NDArray[np.int32]

# Birth-date categories, in the order of ``_birth_values``: 0 either side has no date, 1 exact,
# 2 compatible, 3 near, 4 conflicting (``kernels.birth_categories`` decides them).
_GENDERS = {"male": 1, "female": 2, "other": 3}
_CONFLICT = 4  # the birth-date category of conflicting dates


class EvidenceColumns:
    """Per row: birth-date intervals (approximate ones already widened by a year each way, as
    ``compare_birth_dates`` does) and gender, and the hull of the row's dates in one array
    (``hull``), which retrieval reads for every row it meets. Rows are appended in row
    order."""

    __slots__ = ("_count", "_gender", "_hi", "_hull", "_lo", "_start")

    def __init__(self) -> None:
        self._start = Grow(np.int32)
        self._count = Grow(np.int32)
        self._gender = Grow(np.int8)
        self._lo = Grow(np.int32)
        self._hi = Grow(np.int32)
        self._hull = Grow(np.int64)

    def __setstate__(self, state: tuple[None, dict[str, Grow]]) -> None:
        """Unpickled; from a version without hulls, they are made from the dates."""
        for name, value in state[1].items():
            setattr(self, name, value)
        if "_hull" not in state[1]:
            self._hull = Grow(np.int64)
            start, count = self._start.data, self._count.data
            lo, hi = self._lo.data, self._hi.data
            for row in range(self._start.size):
                at = int(start[row])
                end = at + int(count[row])
                self._hull.append(hull(lo[at:end].tolist(), hi[at:end].tolist()))

    def append(self, row: int, births: tuple[Birth, ...], gender: str | None) -> None:
        if row != self._start.size:
            raise ValueError(f"row {row} appended out of order (expected {self._start.size})")
        self._start.append(self._lo.size)
        self._count.append(len(births))
        self._gender.append(gender_code(gender))
        los, his = [], []
        for birth in births:
            lo, hi = widened(birth)
            self._lo.append(lo)
            self._hi.append(hi)
            los.append(lo)
            his.append(hi)
        self._hull.append(hull(los, his))

    def born_apart(
        self,
        query: Birth | None,
        rows: IntArray,
        limit: float,
        nationality: bool,
        config: MatchConfig,
    ) -> npt.NDArray[np.bool_]:
        """Per row, whether its birth dates alone put it out of reach of probability
        ``limit``, with a perfect name and whatever the genders (every date of the row
        conflicting with ``query``: category 4 in ``birth_categories``): the rows
        ``evidence`` would drop for their birth dates, or some of them, told from one read
        a row. False for every row when a conflicting date can still reach ``limit``."""
        conflicting = _reachable(limit, nationality, config)[_CONFLICT * 3 : _CONFLICT * 3 + 3]
        if query is None or not len(rows) or conflicting.any():
            return np.zeros(len(rows), dtype=np.bool_)
        lo, hi = widened(query)
        return born_apart(self._hull.data, np.asarray(rows, dtype=np.int32), lo, hi, NEAR_DAYS)

    def birth_categories(
        self, query: Birth | None, rows: IntArray, config: MatchConfig
    ) -> npt.NDArray[np.int8]:
        """Per row the birth-date category against ``query`` of the row's date that adds
        most (0 when either side has no date), as ``compare_birth_dates`` chooses."""
        if query is None or not len(rows):
            return np.zeros(len(rows), dtype=np.int8)
        lo, hi = widened(query)
        return self.birth_categories_of(
            np.full(len(rows), lo, dtype=np.int64),
            np.full(len(rows), hi, dtype=np.int64),
            rows,
            config,
        )

    def birth_categories_of(
        self,
        query_lo: npt.NDArray[np.int64],
        query_hi: npt.NDArray[np.int64],
        rows: IntArray,
        config: MatchConfig,
    ) -> npt.NDArray[np.int8]:
        """``birth_categories`` with a query date per row, as ``widened`` gives it; a row
        whose ``query_lo`` is above its ``query_hi`` has no query date (0). Of a row's
        dates, the one whose category adds most (``_birth_ranks``) counts."""
        columns = (self._start.data, self._count.data, self._lo.data, self._hi.data)
        return birth_categories(
            columns,
            np.asarray(query_lo, dtype=np.int64),
            np.asarray(query_hi, dtype=np.int64),
            np.asarray(rows, dtype=np.int32),
            NEAR_DAYS,
            _birth_ranks(config),
        )

    def gender_categories(self, query: str | None, rows: IntArray) -> npt.NDArray[np.int8]:
        """Per row: 0 when either side has no gender, 1 the same, 2 another."""
        code = gender_code(query)
        if not code or not len(rows):
            return np.zeros(len(rows), dtype=np.int8)
        return self.gender_categories_of(np.full(len(rows), code, dtype=np.int8), rows)

    def gender_categories_of(
        self, codes: npt.NDArray[np.int8], rows: IntArray
    ) -> npt.NDArray[np.int8]:
        """``gender_categories`` with a query gender per row, as ``gender_code`` gives it."""
        stored = self._gender.data[rows]
        same = np.where(stored == codes, 1, 2)
        return np.where((stored == 0) | (codes == 0), 0, same).astype(np.int8)


_NO_HULL = ((1 << 31) - 1) << 32  # first day above last: no date, never born apart
_DAYS_MAX = (1 << 31) - 1


def hull(los: list[int], his: list[int]) -> int:
    """The first and last day of a row's widened dates as one int64 (``lo << 32 | hi``), as
    ``kernels.born_apart`` reads it; a row without dates, or with a day outside 0 to 2**31,
    has none."""
    if not los:
        return _NO_HULL
    lo, hi = min(los), max(his)
    if lo < 0 or hi > _DAYS_MAX:
        return _NO_HULL
    return lo << 32 | hi


def widened(birth: Birth | None) -> tuple[int, int]:
    """A birth date as the ordinal days it stands for, widened by a year each way when
    approximate (as ``compare_birth_dates`` reads it); (1, 0), empty, for none."""
    if birth is None:
        return (1, 0)
    widen = APPROXIMATE_DAYS if birth[2] else 0
    return (birth[0] - widen, birth[1] + widen)


def gender_values(config: MatchConfig) -> npt.NDArray[np.float64]:
    """What each gender category (``gender_categories``) adds to the logit, by code."""
    return np.asarray([0.0, config.gender_match, config.gender_mismatch])


def gender_code(gender: str | None) -> int:
    """The code of a gender in the columns: 0 for none."""
    return _GENDERS.get(gender or "", 0)


def birth_values(config: MatchConfig) -> npt.NDArray[np.float64]:
    """What each birth-date category adds to the logit, by category code."""
    return np.asarray(_birth_values(config))


def evidence(
    columns: EvidenceColumns,
    rows: IntArray,
    limit: float,
    birth: Birth | None,
    gender: str | None,
    nationality: bool,
    config: MatchConfig,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Per row, whether it could reach probability ``limit`` with a perfect name, and what
    its birth date and gender add to the logit (before the name's gate: the evidence that
    tells namesakes apart). Its own birth-date and gender evidence is counted, and a
    nationality as a match whenever the query has one. A row that cannot reach ``limit``
    cannot alert, however its name compares (a document number is evidence too: rows sharing
    one are scored whatever this says)."""
    table = _reachable(limit, nationality, config)
    dob = columns.birth_categories(birth, rows, config).astype(np.intp)
    sex = columns.gender_categories(gender, rows)
    combo = dob * 3 + sex
    added = birth_values(config)[dob] + gender_values(config)[sex]
    return np.asarray(table[combo], dtype=np.bool_), added


def _birth_values(config: MatchConfig) -> tuple[float, ...]:
    return (0.0, config.dob_exact, config.dob_compatible, config.dob_near, config.dob_conflict)


@lru_cache(maxsize=16)
def _birth_ranks(config: MatchConfig) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    """Birth-date categories ranked by what they add, most first, and back."""
    values = _birth_values(config)
    by_rank = np.array(sorted(range(1, len(values)), key=lambda c: -values[c]), dtype=np.int8)
    rank = np.zeros(len(values), dtype=np.int8)
    rank[by_rank] = np.arange(len(by_rank), dtype=np.int8)
    return rank, by_rank


@lru_cache(maxsize=64)
def _reachable(limit: float, nationality: bool, config: MatchConfig) -> npt.NDArray[np.bool_]:
    """For each (birth-date category, gender category): whether a name score of 1 with that
    evidence reaches ``limit`` (the gate is fully open at 1)."""
    if limit <= 0.0:
        return np.ones(15, dtype=np.bool_)
    target = math.inf if limit >= 1.0 else logit(limit)
    perfect = config.intercept + config.name_weight
    perfect += config.nationality_match if nationality else 0.0
    sex = gender_values(config).tolist()
    out = np.array(
        [perfect + dob + gender >= target for dob in _birth_values(config) for gender in sex],
        dtype=np.bool_,
    )
    out.flags.writeable = False
    return out

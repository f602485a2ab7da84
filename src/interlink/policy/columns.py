"""The policy over many subjects at once: their labels as columns, a viewer's levels as an array.

``PolicyColumns`` holds, per row of a gallery (the rows of a matching index), what
``SubjectLabel`` holds, as small integers; ``AccessView.levels_of`` (via ``levels``) gives every
row's ``Visibility`` rank in one pass of array operations, equal row by row to
``AccessView.level`` (a test compares them on random worlds). Screening galleries and searches
over a million subjects filter with it instead of a Python call per subject.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from interlink.domain.codes import HandlingCode, Topic
from interlink.policy.visibility import AccessView, SubjectLabel, Visibility

_TOPICS = list(Topic)
_TOPIC_BIT = {t: 1 << i for i, t in enumerate(_TOPICS)}
_HANDLING = {h: i for i, h in enumerate(HandlingCode)}
NONE, HIT, FULL = (v.rank for v in (Visibility.NONE, Visibility.HIT, Visibility.FULL))


class PolicyColumns:
    """Subject labels by row. Rows are set in any order; a row never set is ``none`` to all."""

    __slots__ = (
        "_agencies",
        "classification",
        "deleted",
        "handling",
        "owner",
        "published",
        "topics",
    )

    def __init__(self) -> None:
        self._agencies: dict[str, int] = {}
        self.owner = np.full(1024, -1, dtype=np.int32)  # -1: no subject in the row
        self.topics = np.zeros(1024, dtype=np.int32)  # a bit per Topic
        self.handling = np.zeros(1024, dtype=np.int8)
        self.classification = np.zeros(1024, dtype=np.int8)
        self.published = np.zeros(1024, dtype=np.bool_)
        self.deleted = np.zeros(1024, dtype=np.bool_)

    def __len__(self) -> int:
        return len(self.owner)

    def agency_id(self, code: str) -> int:
        """The small integer standing for an agency code in ``owner`` (made on first use)."""
        return self._agencies.setdefault(code, len(self._agencies))

    def agency_count(self) -> int:
        return len(self._agencies)

    def known_agency(self, code: str) -> int | None:
        return self._agencies.get(code)

    def set(self, row: int, label: SubjectLabel) -> None:
        while row >= len(self.owner):
            self._grow()
        self.owner[row] = self.agency_id(label.owner)
        self.topics[row] = sum(_TOPIC_BIT[t] for t in label.topics)
        self.handling[row] = _HANDLING[label.handling_code]
        self.classification[row] = label.classification.rank
        self.published[row] = label.published
        self.deleted[row] = label.deleted

    def clear(self, row: int) -> None:
        if row < len(self.owner):
            self.owner[row] = -1

    def _grow(self) -> None:
        for name in ("owner", "topics", "handling", "classification", "published", "deleted"):
            old = getattr(self, name)
            fill = -1 if name == "owner" else 0
            setattr(self, name, np.concatenate((old, np.full(len(old), fill, old.dtype))))


def _topic_table(levels: dict[Topic, Visibility]) -> npt.NDArray[np.int8]:
    """For every topic bitmask, the best level among the topics it holds."""
    table = np.zeros(1 << len(_TOPICS), dtype=np.int8)
    masks = np.arange(len(table))
    for topic, level in levels.items():
        has = (masks & _TOPIC_BIT[topic]) != 0
        table[has] = np.maximum(table[has], level.rank)
    return table


def levels(view: AccessView, columns: PolicyColumns) -> npt.NDArray[np.int8]:
    """Every row's ``Visibility.rank`` for ``view`` (0 none, 1 hit, 2 full)."""
    n_agencies = columns.agency_count()
    bilateral = np.zeros((max(n_agencies, 1), 1 << len(_TOPICS)), dtype=np.int8)
    multilateral = np.zeros_like(bilateral)
    for partner, (by_two, by_many) in view.granted().items():
        agency = columns.known_agency(partner)
        if agency is not None:
            bilateral[agency] = _topic_table(by_two)
            multilateral[agency] = _topic_table(by_many)
    owner = columns.owner
    present = owner >= 0
    safe_owner = np.where(present, owner, 0)
    granted_multi = multilateral[safe_owner, columns.topics]
    h2 = columns.handling == _HANDLING[HandlingCode.H2]
    granted = np.maximum(
        bilateral[safe_owner, columns.topics],
        np.where(h2, np.minimum(granted_multi, HIT), granted_multi),
    )
    h3 = columns.handling == _HANDLING[HandlingCode.H3]
    granted = np.where(h3, np.minimum(granted, HIT), granted)
    mine = columns.known_agency(view.viewer.agency)
    own = owner == (mine if mine is not None else -2)
    out = np.where(columns.published, FULL, granted).astype(np.int8)
    out[columns.deleted] = NONE
    out[own] = FULL
    above = columns.classification > view.viewer.clearance.rank
    out[above] = np.minimum(out[above], HIT)
    out[~present] = NONE
    return out

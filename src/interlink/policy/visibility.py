"""What an agency may learn about a subject: ``full``, ``hit`` or ``none``.

One pure function of ownership, agreements, topics, handling code, classification and the
viewer's clearance, applied the same way by every read path (get, list, search, export,
screening galleries, hit checks). The rules, in order:

1. **Deleted** subjects are ``none`` to everyone but their owner.
2. **The owner** sees its subjects in ``full``.
3. **Published lists** (subjects owned by a list authority: the UN, OFAC, the EU) are public
   and ``full`` to every agency.
4. **Partners** get, over the agreements in force on the day (valid and not suspended) that
   name both agencies, the best sharing level of a topic the agreement and the subject share.
   A subject with no topic in common with any such agreement is ``none``.
5. **Handling code** narrows what a partner gets: H0 and H1 restrict use, not visibility; H2
   (no onward dissemination without consent) allows ``full`` only under a bilateral agreement,
   since a multilateral one disseminates to every party; H3 (restrictions only the owner can
   state) caps partners at ``hit``, so that they ask the owner.
6. **Classification** above the viewer's clearance caps the level at ``hit``, for the owner's
   own staff too: the viewer learns that a record exists and whom to ask, which is what a blind
   hit/no-hit check exists for, and nothing of its content.

``AccessView`` holds rule 4's levels precomputed for one viewer on one day, so that filtering a
million subjects costs one dictionary look-up per topic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from interlink.domain.codes import Classification, HandlingCode, SharingLevel, Topic
from interlink.pickling import quick_pickle


class Visibility(StrEnum):
    """How much of a subject an agency may learn, lowest first; compare with ``rank``."""

    NONE = "none"
    HIT = "hit"
    FULL = "full"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Visibility.NONE: 0, Visibility.HIT: 1, Visibility.FULL: 2}
_OF_LEVEL = {SharingLevel.FULL: Visibility.FULL, SharingLevel.HIT: Visibility.HIT}


def _least(a: Visibility, b: Visibility) -> Visibility:
    return a if a.rank <= b.rank else b


def _most(a: Visibility, b: Visibility) -> Visibility:
    return a if a.rank >= b.rank else b


@quick_pickle
@dataclass(frozen=True, slots=True)
class SubjectLabel:
    """What the policy reads of a subject: who owns it and how it is marked."""

    owner: str
    topics: frozenset[Topic]
    handling_code: HandlingCode = HandlingCode.H0
    classification: Classification = Classification.UNCLASSIFIED
    # Owned by a list authority: a published sanctions list, public by nature.
    published: bool = False
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class Grant:
    """An agreement as the policy sees it."""

    code: str
    parties: frozenset[str]
    levels: Mapping[Topic, SharingLevel]
    valid_from: date
    valid_to: date | None = None
    suspended: bool = False

    @property
    def bilateral(self) -> bool:
        return len(self.parties) == 2

    def in_force(self, on: date) -> bool:
        """Valid on ``on`` (both ends included) and not suspended."""
        if self.suspended or on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks: a user of an agency, with a clearance."""

    agency: str
    clearance: Classification
    username: str | None = None


@dataclass(frozen=True, slots=True)
class _Levels:
    """The best level per topic that one partner (an owner) grants, by agreement kind."""

    bilateral: dict[Topic, Visibility] = field(default_factory=dict)
    multilateral: dict[Topic, Visibility] = field(default_factory=dict)


class AccessView:
    """Rule 4's levels for one viewer on one day, and ``level`` for any subject."""

    __slots__ = ("_partners", "on", "viewer")

    def __init__(self, viewer: Viewer, grants: Iterable[Grant], on: date) -> None:
        self.viewer = viewer
        self.on = on
        self._partners: dict[str, _Levels] = {}
        for grant in grants:
            if viewer.agency not in grant.parties or not grant.in_force(on):
                continue
            for owner in grant.parties - {viewer.agency}:
                levels = self._partners.setdefault(owner, _Levels())
                table = levels.bilateral if grant.bilateral else levels.multilateral
                for topic, level in grant.levels.items():
                    table[topic] = _most(table.get(topic, Visibility.NONE), _OF_LEVEL[level])

    def partners(self) -> frozenset[str]:
        """Agencies that share at least one topic with the viewer on the day."""
        return frozenset(self._partners)

    def granted(self) -> dict[str, tuple[dict[Topic, Visibility], dict[Topic, Visibility]]]:
        """Per partner, the best level per topic under bilateral and under multilateral
        agreements (rule 4, before the handling code)."""
        return {o: (dict(p.bilateral), dict(p.multilateral)) for o, p in self._partners.items()}

    def level(self, subject: SubjectLabel) -> Visibility:
        """The viewer's visibility of ``subject`` (the module docstring's rules)."""
        if subject.owner == self.viewer.agency:
            found = Visibility.FULL
        elif subject.deleted:
            return Visibility.NONE
        elif subject.published:
            found = Visibility.FULL
        else:
            found = self._granted(subject)
            if found is Visibility.NONE:
                return found
        if subject.classification.rank > self.viewer.clearance.rank:
            found = _least(found, Visibility.HIT)
        return found

    def _granted(self, subject: SubjectLabel) -> Visibility:
        levels = self._partners.get(subject.owner)
        if levels is None:
            return Visibility.NONE
        bilateral = max(
            (levels.bilateral.get(t, Visibility.NONE) for t in subject.topics),
            key=_RANK.__getitem__,
            default=Visibility.NONE,
        )
        multilateral = max(
            (levels.multilateral.get(t, Visibility.NONE) for t in subject.topics),
            key=_RANK.__getitem__,
            default=Visibility.NONE,
        )
        if subject.handling_code is HandlingCode.H2:
            multilateral = _least(multilateral, Visibility.HIT)
        found = _most(bilateral, multilateral)
        if subject.handling_code is HandlingCode.H3:
            found = _least(found, Visibility.HIT)
        return found


def visibility(
    subject: SubjectLabel, viewer: Viewer, grants: Iterable[Grant], on: date
) -> Visibility:
    """The visibility of one subject to ``viewer`` on ``on``; see the module docstring."""
    return AccessView(viewer, grants, on).level(subject)

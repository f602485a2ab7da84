"""The policy restated as plainly as possible, one agreement and one topic at a time, for tests
to compare the real policy (and later every read endpoint) against. Kept independent of
``interlink.policy.visibility``: it shares the rules, not the code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from interlink.domain.codes import HandlingCode, SharingLevel
from interlink.policy import Grant, SubjectLabel, Viewer

ORDER = ["none", "hit", "full"]


def expected_level(subject: SubjectLabel, viewer: Viewer, grants: Iterable[Grant], on: date) -> str:
    if subject.owner != viewer.agency and subject.deleted:
        return "none"
    if subject.owner == viewer.agency or subject.published:
        level = "full"
    else:
        level = "none"
        for grant in grants:
            if grant.suspended or on < grant.valid_from:
                continue
            if grant.valid_to is not None and on > grant.valid_to:
                continue
            if viewer.agency not in grant.parties or subject.owner not in grant.parties:
                continue
            for topic, shared in grant.levels.items():
                if topic not in subject.topics:
                    continue
                here = "full" if shared is SharingLevel.FULL else "hit"
                if subject.handling_code is HandlingCode.H2 and len(grant.parties) > 2:
                    here = "hit"
                if subject.handling_code is HandlingCode.H3:
                    here = "hit"
                if ORDER.index(here) > ORDER.index(level):
                    level = here
        if level == "none":
            return level
    if subject.classification.rank > viewer.clearance.rank and level == "full":
        level = "hit"
    return level

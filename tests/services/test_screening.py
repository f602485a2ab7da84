"""Screening with an in-memory searcher: thresholds, false-positive memory, workers, keys."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interlink.domain.travellers import TravelDocument, Traveller
from interlink.exc import Location
from interlink.matching.types import Query
from interlink.services.screening import (
    ScreeningSettings,
    screen_travellers,
    traveller_key,
)


@dataclass
class Hit:
    uid: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "score": self.score}


class FakeSearcher:
    """Scores by surname: BORTNIKOV is a strong hit, PETROV a weak one, anyone else nothing."""

    def search_many(
        self, queries: Sequence[Query], top: int = 10, threshold: float | None = None
    ) -> list[list[Hit]]:
        out = []
        for query in queries:
            hits = []
            if "BORTNIKOV" in query.name.upper():
                hits.append(Hit("ru:1", 0.97 if query.birth_date == "1951-11-15" else 0.81))
            if "PETROV" in query.name.upper():
                hits.append(Hit("ru:2", 0.55))
            out.append([h for h in hits if h.score >= (threshold or 0.0)][:top])
        return out


def traveller(n: int, name: str, dob: str | None = None) -> tuple[Traveller, Location]:
    return (
        Traveller(ref=f"m1/{n}", name=name, birth_date=dob),
        Location("manifest.edi", line=n),
    )


MANIFEST = [
    traveller(1, "BORTNIKOV ALEKSANDR", "1951-11-15"),
    traveller(2, "PETROV IVAN"),
    traveller(3, "SMITH JOHN"),
    traveller(4, "Bortnikov Aleksandr"),
] + [traveller(n, f"PASSENGER {n}") for n in range(5, 1200)]


def test_every_traveller_gets_a_line_and_only_scores_above_threshold_alert() -> None:
    lines = list(screen_travellers(FakeSearcher(), MANIFEST[:4], ScreeningSettings(threshold=0.7)))
    assert [line.ref for line in lines] == ["m1/1", "m1/2", "m1/3", "m1/4"]
    assert [[c["uid"] for c in line.candidates] for line in lines] == [["ru:1"], [], [], ["ru:1"]]
    assert lines[0].candidates[0]["score"] == 0.97
    assert lines[0].source == "manifest.edi, line 1"


def test_a_pair_judged_false_positive_does_not_alert_again() -> None:
    first = next(iter(screen_travellers(FakeSearcher(), MANIFEST[:1], ScreeningSettings())))
    settings = ScreeningSettings(suppressed=frozenset({(first.key, "ru:1")}))
    again = list(screen_travellers(FakeSearcher(), MANIFEST[:4], settings))
    assert again[0].candidates == ()
    assert again[0].suppressed == ("ru:1",)
    # Another traveller (no birth date, so another key) still alerts on the same subject.
    assert [c["uid"] for c in again[3].candidates] == ["ru:1"]


def test_workers_give_the_same_lines_in_the_same_order() -> None:
    one = [
        line.to_json() for line in screen_travellers(FakeSearcher(), MANIFEST, ScreeningSettings())
    ]
    two = [
        line.to_json()
        for line in screen_travellers(
            FakeSearcher(), MANIFEST, ScreeningSettings(), workers=2, batch_size=100
        )
    ]
    assert one == two
    assert len(one) == len(MANIFEST)


def test_traveller_key_ignores_case_and_order_but_not_birth_date_or_document() -> None:
    a = Traveller(ref="a", name="BORTNIKOV, Aleksandr", birth_date="1951-11-15")
    b = Traveller(ref="b", name="aleksandr bortnikov", birth_date="1951-11-15")
    c = Traveller(ref="c", name="aleksandr bortnikov", birth_date="1951-11-16")
    d = b.model_copy(update={"documents": (TravelDocument(number="72 1234567"),)})
    assert traveller_key(a) == traveller_key(b)
    assert traveller_key(b) != traveller_key(c)
    assert traveller_key(b) != traveller_key(d)


class CollectorWatchingSearcher(FakeSearcher):
    """Records whether the cyclic garbage collector ran during each search."""

    def __init__(self) -> None:
        self.enabled: list[bool] = []

    def search_many(
        self, queries: Sequence[Query], top: int = 10, threshold: float | None = None
    ) -> list[list[Hit]]:
        self.enabled.append(gc.isenabled())
        return super().search_many(queries, top, threshold)


def test_the_collector_is_paused_for_each_search_and_enabled_again_after() -> None:
    searcher = CollectorWatchingSearcher()
    assert gc.isenabled()
    lines = list(screen_travellers(searcher, MANIFEST[:300], ScreeningSettings(), batch_size=100))
    assert len(lines) == 300
    assert searcher.enabled == [False, False, False]
    assert gc.isenabled()

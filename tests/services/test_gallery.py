"""The gallery on a generated world: searches see exactly what the policy lets them see."""

from __future__ import annotations

import random
from datetime import date

import pytest

from interlink.domain.agencies import AgencyKind
from interlink.domain.codes import Classification, Topic
from interlink.matching import Index, Query
from interlink.policy import AccessView, Grant, Viewer, Visibility
from interlink.services.gallery import Gallery, label_of_record
from interlink.services.world import World, generate_world

ON = date(2026, 11, 22)


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(5, 600)


def _publishers(world: World) -> frozenset[str]:
    return frozenset(a.code for a in world.agencies if a.kind is AgencyKind.LIST_AUTHORITY)


def _grants(world: World) -> list[Grant]:
    suspended = {code for code, _reason in world.suspended}
    return [
        Grant(
            a.code,
            frozenset(a.parties),
            {t.topic: t.level for t in a.terms},
            a.valid_from,
            a.valid_to,
            a.code in suspended,
        )
        for a in world.agreements
    ]


def test_searches_return_only_visible_subjects_and_miss_none_of_them(world: World) -> None:
    records = [g.record for g in world.subjects()]
    publishers = _publishers(world)
    gallery = Gallery.build(records, publishers)
    everything = Index.build(records)
    labels = {r.uid: label_of_record(r, r.owner in publishers) for r in records}
    rng = random.Random(3)
    checked = hidden = 0
    for agency in rng.sample([a.code for a in world.agencies], 6):
        for clearance in (Classification.RESTRICTED, Classification.SECRET):
            view = AccessView(Viewer(agency, clearance), _grants(world), ON)
            for record in rng.sample(records, 15):
                name = record.names[0].full
                found = gallery.search(view, name, top=10)
                for f in found:
                    assert f.level is view.level(labels[f.match.uid])
                    assert f.level is not Visibility.NONE
                    assert f.owner == labels[f.match.uid].owner
                scores = {f.match.uid: f.match.score for f in found}
                for m in everything.search(name, top=10):
                    if view.level(labels[m.uid]) is Visibility.NONE:
                        hidden += 1
                        assert m.uid not in scores
                    elif len(found) < 10 or m.score > found[-1].match.score + 1e-9:
                        # Visible and above the gallery's last (rows tied with it may differ).
                        assert scores[m.uid] == pytest.approx(m.score, abs=1e-12)
                        checked += 1
    assert checked > 300 and hidden > 100  # both sides were exercised


def test_hit_only_searches_and_changes_keep_the_kept_masks_right(world: World) -> None:
    records = [g.record for g in world.subjects()]
    gallery = Gallery.build(records, _publishers(world))
    target = next(r for r in records if r.owner and Topic.TERRORISM in r.topics)
    assert target.owner is not None
    stranger = AccessView(Viewer("ZZ-NOBODY", Classification.SECRET), [], ON)
    owner = AccessView(Viewer(target.owner, Classification.SECRET), [], ON)
    name = target.names[0].full
    assert target.uid in {f.match.uid for f in gallery.search(owner, name)}
    assert target.uid not in {f.match.uid for f in gallery.search(stranger, name)}
    # Owned by the stranger now: the kept masks change in place, for both views.
    gallery.put(target.model_copy(update={"owner": "ZZ-NOBODY"}), published=False)
    assert target.uid in {f.match.uid for f in gallery.search(stranger, name)}
    assert target.uid not in {f.match.uid for f in gallery.search(owner, name)}
    gallery.drop(target.uid)
    assert target.uid not in {f.match.uid for f in gallery.search(stranger, name)}
    # A full-only search leaves out what the view sees only as a hit.
    secret = target.model_copy(update={"uid": "t:secret", "classification": Classification.SECRET})
    gallery.put(secret, published=False)
    low = AccessView(Viewer(target.owner, Classification.RESTRICTED), [], ON)
    found = {f.match.uid: f.level for f in gallery.search(low, name)}
    assert found["t:secret"] is Visibility.HIT
    full_only = gallery.search(low, name, at_least=Visibility.FULL)
    assert "t:secret" not in {f.match.uid for f in full_only}


def test_equal_views_made_apart_share_one_key_and_one_mask(world: World) -> None:
    """The hub makes a viewer's view again every second: the new view finds the kept mask
    through the same key object (found by identity, not by comparing the grants again)."""
    records = [g.record for g in world.subjects()][:60]
    gallery = Gallery.build(records, _publishers(world))
    agency = records[0].owner
    assert agency is not None
    first = AccessView(Viewer(agency, Classification.SECRET), _grants(world), ON)
    again = AccessView(Viewer(agency, Classification.SECRET), _grants(world), ON)
    other = AccessView(Viewer(agency, Classification.RESTRICTED), _grants(world), ON)
    assert first is not again
    assert gallery._key(first) is gallery._key(again)
    assert gallery.mask(first) is gallery.mask(again)
    assert gallery._key(other) is not gallery._key(first)
    assert gallery._key(other) != gallery._key(first)


def test_queries_of_many_views_in_one_call_see_what_each_sees_alone(world: World) -> None:
    """``screen_views`` (the hub's searcher: a mask per query) gives each query what its own
    view gives it searched alone: nothing another view of the batch sees leaks into it."""
    records = [g.record for g in world.subjects()]
    gallery = Gallery.build(records, _publishers(world))
    rng = random.Random(11)
    views = [
        AccessView(Viewer(agency, clearance), _grants(world), ON)
        for agency in rng.sample([a.code for a in world.agencies], 4)
        for clearance in (Classification.RESTRICTED, Classification.SECRET)
    ]
    asks = [(rng.choice(views), rng.choice(records).names[0].full) for _ in range(80)]
    for threshold, hit_threshold in ((0.0, 0.5), (0.5, 0.5), (0.3, 0.6)):
        together = gallery.screen_views(
            [v for v, _n in asks],
            [Query(n) for _v, n in asks],
            top=5,
            threshold=threshold,
            hit_threshold=hit_threshold,
        )
        differ = 0
        for (view, name), found in zip(asks, together, strict=True):
            alone = gallery.search(
                view, name, top=5, threshold=threshold, hit_threshold=hit_threshold
            )
            assert [(f.match.uid, f.match.score, f.level) for f in found] == [
                (f.match.uid, f.match.score, f.level) for f in alone
            ]
            others = {f.match.uid for v in views for f in gallery.search(v, name, top=5)}
            differ += others != {f.match.uid for f in alone}
        assert differ > 10  # the views of the batch do see different rows

"""The demo traffic: a generated world's agencies exchange requests through the hub's services
on a clock moved event by event. What it leaves is what the statistics and the council report
show: requests only where agreements cover them, answers on time and late, some overdue now,
held answers released, reminders and escalations sent, runs whose confirmed alerts report
movements to the watched subjects' owners."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from interlink.auth import hash_password
from interlink.domain.agencies import AgencyKind
from interlink.reports.council import council_pdf
from interlink.services.hub import Hub
from interlink.services.requests import covering
from interlink.services.statistics import Period, council_statistics
from interlink.services.world import generate_world
from interlink.services.world.loading import Loaded, load_world
from interlink.services.world.traffic import ManualClock, Traffic, play
from interlink.settings import Settings
from interlink.store import Database
from interlink.store.tables import info_requests, notifications
from tests.api.test_statistics_api import pdf_pages

SECRET = "test secret of the hub, long enough to pass"
END = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def played(db: Database) -> Iterator[tuple[Hub, Traffic, Loaded]]:
    world = generate_world(11, 300)
    loaded = load_world(db, world, hash_password("not used here"))
    clock = ManualClock(END)
    hub = Hub.open(Settings(database_url=db.url, secret_key=SECRET), clock)
    travellers = [g.record.primary_name.full for g in generate_world(12, 40).subjects()]
    try:
        done = play(
            hub, clock, 11, END, requests=60, runs=4, watched=loaded.watched,
            travellers=travellers,
        )  # fmt: skip
        yield hub, done, loaded
    finally:
        hub.close()


def test_the_agencies_exchange_requests_some_late_some_overdue(
    played: tuple[Hub, Traffic, Loaded],
) -> None:
    hub, done, _ = played
    assert done.requests == 60 and done.tracks >= 60
    assert done.answered > done.open > 0 and done.refused > 0 and done.held > 0
    assert 0 < done.overdue <= done.open
    year = Period.parse("2026")
    with hub.db.uow(read_only=True) as uow:
        facts = uow.requests.track_facts(year.start, year.end)
        agreements = uow.agreements.all()
        codes = [a.code for a in uow.agencies.all() if a.kind is not AgencyKind.LIST_AUTHORITY]
        per_agency = {code: council_statistics(uow, code, year, END) for code in codes}
    assert len(facts) == done.tracks
    with hub.db.engine.connect() as conn:
        kinds = [kind for (kind,) in conn.execute(select(notifications.c.kind))]
        ids = [i for (i,) in conn.execute(select(info_requests.c.id))]
    assert len(ids) == done.requests
    # Every request went where an agreement in force covered its topic (the policy held).
    with hub.db.uow(read_only=True) as uow:
        for request_id in ids:
            request = uow.requests.get(request_id)
            assert request is not None
            for track in request.tracks:
                found = covering(agreements, request.sender, track.agency, request.topic)
                assert any(a.in_force(request.created_at.date()) for a in found)
    # Each agency's own figures add up to the traffic: overdue now, answered late.
    overdue = sum(
        next(r for r in s.agencies if r.agency == code).received.overdue_now
        for code, s in per_agency.items()
    )
    assert overdue == done.overdue
    late = [
        r
        for s in per_agency.values()
        for r in s.agencies
        if r.agency == s.viewer and r.received.on_time_share not in (None, 1.0)
    ]
    assert late, "some agency answers late"
    assert kinds.count("reminder") > 0 and kinds.count("overdue") >= 2 * done.overdue
    assert "release" in kinds


def test_confirmed_alerts_report_movements_to_the_owners(
    played: tuple[Hub, Traffic, Loaded],
) -> None:
    hub, done, loaded = played
    assert done.runs == 4 and done.alerts >= done.confirmed > 0
    owners = {w.owner for w in loaded.watched}
    with hub.db.uow(read_only=True) as uow:
        movements = uow.encounters.facts(END - timedelta(days=200), END + timedelta(days=2))
    assert len(movements) == done.movements > 0
    assert all(owner in owners and delivered for _, owner, _, delivered in movements)


def test_the_council_report_of_the_traffic_renders(played: tuple[Hub, Traffic, Loaded]) -> None:
    hub, _, _ = played
    with hub.db.uow(read_only=True) as uow:
        stats = council_statistics(uow, "CTC-SEC", Period.parse("2026"), END)
    assert stats.total.overdue_now > 0
    pages = pdf_pages(council_pdf(stats))
    assert len(pages) >= 8
    summary = pages[0][0]
    assert "Made for CTC-SEC (Council of Heads of Services: Secretariat)" in summary
    assert f"{stats.total.overdue_now}\r\noverdue now" in summary

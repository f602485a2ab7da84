"""Statistics for the council: who is asked, who answers and how fast, alerts and confirmed
movements by country and month.

Every figure is computed for one agency (the viewer) from what that agency may see:

- an agency sees the requests it sent or received, the alerts of its own screening runs and on
  its own subjects, and the movements it reported or received;
- a council's secretariat (an agency of kind ``secretariat``) sees those figures between the
  members of the multilateral agreements in force that it is a party to: counts and times, never
  a record.

Times to answer run from sending to the first released answer (or the refusal); an answer is on
time when it came by the deadline. The share on time counts the tracks answered or refused, those
still open past their deadline (overdue now), and those the sender closed unanswered after their
deadline had passed: late for good, so that closing a late request does not make its recipient
look punctual. A track closed unanswered before its deadline was withdrawn and is not counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from interlink.domain.agencies import AgencyKind, AgreementKind
from interlink.domain.requests import TrackStatus
from interlink.exc import ValidationError
from interlink.store.repositories.agencies import Agency
from interlink.store.uow import UnitOfWork

_PERIOD = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$")


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: datetime
    end: datetime  # exclusive

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026``, ``2026-Q3`` or ``2026-09``."""
        found = _PERIOD.match(text.strip())
        if not found:
            raise ValidationError(
                f"period: {text!r} is not a year, quarter or month (2026, 2026-Q3, 2026-09)"
            )
        year = int(found.group(1))
        if found.group(2):
            first, months = (int(found.group(2)) - 1) * 3 + 1, 3
        elif found.group(3):
            first, months = int(found.group(3)), 1
        else:
            first, months = 1, 12
        end_month = first + months
        start = datetime(year, first, 1, tzinfo=UTC)
        end = datetime(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1, tzinfo=UTC)
        return cls(text.strip(), start, end)


@dataclass(frozen=True, slots=True)
class Timing:
    """Requests sent and how they were answered: counts and hours."""

    sent: int
    answered: int
    refused: int
    median_hours: float | None
    p90_hours: float | None
    on_time_share: float | None  # of those answered, refused, overdue now or lapsed
    overdue_now: int  # still open past the deadline (a lapsed track is closed: not counted)


@dataclass(frozen=True, slots=True)
class AgencyRow:
    agency: str
    sent: int
    received: Timing  # as a recipient: how the agency answered


@dataclass(frozen=True, slots=True)
class PairRow:
    sender: str
    recipient: str
    timing: Timing


@dataclass(frozen=True, slots=True)
class CountRow:
    country: str
    month: str
    count: int


@dataclass(frozen=True, slots=True)
class CouncilStatistics:
    viewer: str
    viewer_name: str
    period: Period
    generated_at: datetime
    scope: tuple[str, ...]  # the agencies whose figures the viewer sees
    total: Timing  # every request the viewer sees
    agencies: tuple[AgencyRow, ...]
    pairs: tuple[PairRow, ...]
    alerts: tuple[CountRow, ...]
    movements: tuple[CountRow, ...]


@dataclass(frozen=True, slots=True)
class TrackFact:
    sender: str
    recipient: str
    created_at: datetime
    due_at: datetime
    status: TrackStatus
    answered_at: datetime | None  # the first answer released, or the refusal
    ended_at: datetime | None  # the refusal or the sender's close

    @property
    def lapsed(self) -> bool:
        """Closed by the sender without an answer after the deadline had passed."""
        return (
            self.status is TrackStatus.CLOSED
            and self.answered_at is None
            and self.ended_at is not None
            and self.ended_at > self.due_at
        )


def timing(tracks: Sequence[TrackFact], now: datetime) -> Timing:
    """How ``tracks`` were answered, at ``now`` (the share on time as the module docstring
    counts it)."""
    hours = [
        (t.answered_at - t.created_at).total_seconds() / 3600
        for t in tracks
        if t.answered_at is not None
    ]
    on_time = sum(1 for t in tracks if t.answered_at is not None and t.answered_at <= t.due_at)
    overdue = sum(1 for t in tracks if t.status.open and now > t.due_at)
    judged = len(hours) + overdue + sum(1 for t in tracks if t.lapsed)
    return Timing(
        sent=len(tracks),
        answered=sum(
            1 for t in tracks if t.answered_at is not None and t.status is not TrackStatus.REFUSED
        ),
        refused=sum(1 for t in tracks if t.status is TrackStatus.REFUSED),
        median_hours=round(float(np.median(hours)), 2) if hours else None,
        p90_hours=round(float(np.percentile(hours, 90)), 2) if hours else None,
        on_time_share=round(on_time / judged, 4) if judged else None,
        overdue_now=overdue,
    )


def _counts(rows: Iterable[tuple[str | None, datetime, int]]) -> tuple[CountRow, ...]:
    counter: Counter[tuple[str, str]] = Counter()
    for country, at, n in rows:
        counter[(country or "--", at.strftime("%Y-%m"))] += n
    return tuple(CountRow(c, m, n) for (c, m), n in sorted(counter.items()))


def track_facts(uow: UnitOfWork, start: datetime, end: datetime) -> list[TrackFact]:
    """Every recipient's track of the requests sent in [start, end), answered at the first
    released answer or the refusal, ended at the refusal or the close."""
    facts = []
    for sender, to, created, due, status, answered, ended in uow.requests.track_facts(start, end):
        track = TrackStatus(status)
        replied = ended if track is TrackStatus.REFUSED else answered
        facts.append(TrackFact(sender, to, created, due, track, replied, ended))
    return facts


def scope_of(uow: UnitOfWork, agency: Agency, now: datetime) -> tuple[frozenset[str], bool]:
    """The agencies whose figures ``agency`` sees, and whether it sees them between each other
    (a secretariat) or only with itself."""
    if agency.kind is not AgencyKind.SECRETARIAT:
        return frozenset({agency.code}), False
    members = {agency.code}
    for a in uow.agreements.all(agency.code):
        if a.kind is AgreementKind.MULTILATERAL and a.in_force(now.date()):
            members.update(a.parties)
    return frozenset(members), True


def council_statistics(
    uow: UnitOfWork, viewer: str, period: Period, now: datetime
) -> CouncilStatistics:
    """The figures ``viewer`` may see for ``period`` (see the module docstring)."""
    agency = uow.agencies.get(viewer)
    members, council = scope_of(uow, agency, now)

    def seen(a: str, b: str) -> bool:
        return (a in members and b in members) if council else viewer in (a, b)

    facts = [f for f in track_facts(uow, period.start, period.end) if seen(f.sender, f.recipient)]
    involved = {f.sender for f in facts} | {f.recipient for f in facts}
    involved |= set(members) if council else {viewer}
    agencies = tuple(
        AgencyRow(
            code,
            sum(1 for f in facts if f.sender == code),
            timing([f for f in facts if f.recipient == code], now),
        )
        for code in sorted(involved)
    )
    pairs = tuple(
        PairRow(s, r, timing([f for f in facts if (f.sender, f.recipient) == (s, r)], now))
        for s, r in sorted({(f.sender, f.recipient) for f in facts})
    )
    countries = {a.code: a.country for a in uow.agencies.all()}
    alerts = _counts(
        (countries.get(run_agency), at, n)
        for run_agency, owner, at, n in uow.screenings.alert_facts(period.start, period.end)
        if (run_agency in members if council else viewer in (run_agency, owner))
    )
    movements = _counts(
        (countries.get(reporter), at, 1)
        for reporter, owner, at, delivered in uow.encounters.facts(period.start, period.end)
        if (
            reporter in members
            if council
            else viewer == reporter or (viewer == owner and delivered)
        )
    )
    return CouncilStatistics(
        viewer,
        agency.name,
        period,
        now,
        tuple(sorted(members)),
        timing(facts, now),
        agencies,
        pairs,
        alerts,
        movements,
    )


TABLES = ("agencies", "pairs", "alerts", "movements")
_TIMING = (
    "sent",
    "answered",
    "refused",
    "median_hours",
    "p90_hours",
    "on_time_share",
    "overdue_now",
)


def _timing_cells(t: Timing) -> list[object]:
    return [
        t.sent,
        t.answered,
        t.refused,
        t.median_hours,
        t.p90_hours,
        t.on_time_share,
        t.overdue_now,
    ]


def table(stats: CouncilStatistics, name: str) -> tuple[list[str], list[list[object]]]:
    """One of ``TABLES`` as (columns, rows): what the CSV export and the report print."""
    if name == "agencies":
        columns = ["agency", "requests_sent"] + [f"received_{c}" for c in _TIMING]
        return columns, [[a.agency, a.sent, *_timing_cells(a.received)] for a in stats.agencies]
    if name == "pairs":
        columns = ["sender", "recipient", *_TIMING]
        return columns, [[p.sender, p.recipient, *_timing_cells(p.timing)] for p in stats.pairs]
    if name in ("alerts", "movements"):
        rows = stats.alerts if name == "alerts" else stats.movements
        return ["country", "month", name], [[r.country, r.month, r.count] for r in rows]
    raise ValidationError(f"table: one of {', '.join(TABLES)}")

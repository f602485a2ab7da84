"""Demo traffic: the demo world's agencies at work over the months before now.

``play`` drives a hub through its services, as its users would, on a clock it moves forward
event by event: every request, answer, run and check goes through the access policy, leaves its
audit events and notifications, and gets the deadlines, reminders and escalations of the real
thing. What it leaves behind is what the statistics, the council report and the pages show:

- **requests** between agencies whose agreements cover the topic, each answered (or not) the
  way its recipient tends to: some agencies answer within hours, some take days, some let
  requests lapse, so that some are answered late and some are overdue now. A few are refused,
  some answers are held under H2 until a second officer releases them, and senders close some
  of the answered ones;
- **screening runs** of small manifests by border and police agencies, in which the watched
  subjects travel now and then under other spellings among travellers on no list; the officers
  confirm the planted travellers and dismiss the rest, and a confirmed alert on a watched subject
  reports the movement to its owner.

Every choice comes from ``random.Random(seed)``; only the times follow ``end`` (usually now).
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from random import Random

from interlink.domain.agencies import AgencyKind
from interlink.domain.codes import HandlingCode, Priority, Topic
from interlink.domain.requests import AnswerSpec, RequestSpec
from interlink.exc import InterlinkError
from interlink.policy import Permission, permits
from interlink.services.accounts import Principal
from interlink.services.hub import Hub
from interlink.services.statistics import timing, track_facts
from interlink.store.repositories.screenings import AlertStatus

_QUESTIONS = {
    Topic.TERRORISM: "Do you hold information on the person's contacts with a cell planning "
    "attacks, and on travel in the last twelve months?",
    Topic.EXTREMISM: "Please confirm whether the person is known to you for distributing "
    "extremist material, and any aliases used online.",
    Topic.FOREIGN_FIGHTERS: "We have indications of travel to a conflict zone. Can you confirm "
    "entries and exits through your borders and the documents used?",
    Topic.TERRORIST_FINANCING: "Transfers through a charitable fund are suspected. Can you "
    "share account holders and the funds' beneficial owners?",
    Topic.ILLEGAL_MIGRATION: "Is the facilitation network known to you, and who organised the "
    "crossings?",
    Topic.WEAPONS_SMUGGLING: "A seizure at our border points to a supplier in your country. Do "
    "you know the consignor?",
    Topic.NUCLEAR_SMUGGLING: "Radioactive material was seized. Do you have records of the "
    "source's licensed holder or of thefts reported?",
    Topic.CYBERCRIME: "Infrastructure attacked from addresses you may know. Can you identify the "
    "operators?",
    Topic.CRITICAL_INFRASTRUCTURE: "A substation was sabotaged. Do you hold anything on the "
    "group that claimed it?",
    Topic.DRUG_TRAFFICKING: "Proceeds of drug trafficking may finance the group. Do you know "
    "the couriers?",
}
_ANSWERS = (
    "The person is known to us; see the summary of our holdings below.",
    "No records found in our holdings under the names and dates given.",
    "Entries and exits confirmed; document numbers as in your request.",
    "Partial information only; our inquiry continues and we will update you.",
)
_REFUSALS = (
    "Outside our mandate: please address the national police.",
    "The request concerns an ongoing judicial case; we cannot share.",
)
_AIRPORTS = ("IST", "FRA", "DXB", "TAS", "ALA", "SVO", "CDG", "AMM", "CAI", "JED", "LHR", "BAK")


class ManualClock:
    """A clock that shows what it is told."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@dataclass(frozen=True, slots=True)
class Watched:
    """A listed subject that travels in the demo under another spelling."""

    uid: str
    owner: str
    spelling: str


@dataclass
class Traffic:
    """What ``play`` did."""

    requests: int = 0
    tracks: int = 0
    answered: int = 0
    refused: int = 0
    held: int = 0
    open: int = 0
    overdue: int = 0
    runs: int = 0
    alerts: int = 0
    confirmed: int = 0
    movements: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Staff:
    asker: Principal | None
    answerer: Principal | None
    releaser: Principal | None  # another officer who may release answers
    screener: Principal | None
    editor: Principal | None
    pace: float  # the usual share of the deadline taken to answer
    lapses: float  # how often a request is left unanswered


def _first(
    staff: Sequence[Principal], permission: Permission, but: Principal | None = None
) -> Principal | None:
    return next((p for p in staff if permits(p.roles, permission) and p != but), None)


def _staff(hub: Hub, rng: Random) -> dict[str, _Staff]:
    with hub.db.uow(read_only=True) as uow:
        users = uow.users.all()
        agencies = uow.agencies.all()
    staff = {}
    for agency in agencies:
        if agency.kind in (AgencyKind.SECRETARIAT, AgencyKind.LIST_AUTHORITY):
            continue
        mine = [Principal.from_user(u) for u in users if u.agency_code == agency.code]

        liaison = _first(mine, Permission.RELEASE_ANSWERS)
        answerer = _first(mine, Permission.ANSWER_REQUESTS, but=liaison) or liaison
        profile = rng.random()
        staff[agency.code] = _Staff(
            asker=liaison or answerer,
            answerer=answerer,
            releaser=liaison if liaison != answerer else None,
            screener=_first(mine, Permission.RUN_SCREENING),
            editor=_first(mine, Permission.EDIT_SUBJECTS),
            pace=0.15 if profile < 0.45 else 0.5 if profile < 0.8 else 1.1,
            lapses=0.02 if profile < 0.45 else 0.06 if profile < 0.8 else 0.2,
        )
    return staff


class _Events:
    """Things to do at given times, done in time order with the clock set to each."""

    def __init__(self, clock: ManualClock, end: datetime) -> None:
        self._clock = clock
        self._end = end
        self._queue: list[tuple[datetime, int, Callable[[], object]]] = []
        self._order = itertools.count()

    def at(self, when: datetime, action: Callable[[], object]) -> None:
        if when < self._end:  # what would happen after ``end`` has not happened yet
            heapq.heappush(self._queue, (when, next(self._order), action))

    def run(self, every: Callable[[], object]) -> None:
        while self._queue:
            when, _, action = heapq.heappop(self._queue)
            self._clock.at = when
            every()
            action()
        self._clock.at = self._end
        every()


def play(
    hub: Hub,
    clock: ManualClock,
    seed: int,
    end: datetime,
    *,
    days: int = 150,
    requests: int = 240,
    runs: int = 12,
    watched: Sequence[Watched] = (),
    travellers: Sequence[str] = (),
) -> Traffic:
    """Drive ``hub`` for ``days`` before ``end`` (see the module docstring). ``watched`` are
    the listed subjects planted in the runs' manifests, ``travellers`` names on no list that
    fill them."""
    rng = Random(f"interlink-traffic:{seed}")
    start = end - timedelta(days=days)
    staff = _staff(hub, rng)
    done = Traffic()
    events = _Events(clock, end)
    clock.at = start
    with hub.db.uow(read_only=True) as uow:
        owned = {
            code: [s.uid for s in uow.subjects.summaries(owner=code, limit=20)] for code in staff
        }
        agreements = uow.agreements.all()

    def partners(sender: str, when: datetime) -> list[tuple[str, Topic]]:
        found: set[tuple[str, Topic]] = set()
        for agreement in agreements:
            if sender in agreement.parties and agreement.in_force(when.date()):
                for code in agreement.parties:
                    if code != sender and code in staff and staff[code].answerer:
                        found.update((code, term.topic) for term in agreement.terms)
        return sorted(found)

    def send() -> None:
        now = clock()
        reach = {c: partners(c, now) for c, s in sorted(staff.items()) if s.asker}
        sender = rng.choice([c for c, options in reach.items() if options])
        who = staff[sender].asker
        assert who is not None
        options = reach[sender]
        first, topic = rng.choice(options)
        others = [c for c, t in options if t is topic and c != first]
        to = [first, *rng.sample(others, min(len(others), rng.choice((0, 0, 0, 1, 2))))]
        roll = rng.random()
        priority = (
            Priority.URGENT if roll < 0.12 else Priority.HIGH if roll < 0.42 else Priority.NORMAL
        )
        mine = owned.get(sender) or []
        subjects = [rng.choice(mine)] if mine and rng.random() < 0.5 else []
        spec = RequestSpec(
            to=tuple(to),
            topic=topic,
            priority=priority,
            question=_QUESTIONS.get(topic, "Please share what you hold on the person."),
            subjects=tuple(subjects),
        )
        try:
            view = hub.requests.send(who, spec)
        except InterlinkError as error:
            done.skipped.append(f"{sender} to {', '.join(to)}: {error}")
            if not spec.subjects:
                return
            view = hub.requests.send(who, spec.model_copy(update={"subjects": ()}))
        done.requests += 1
        for track in view.tracks:
            done.tracks += 1
            _follow(view.request.id, sender, track.agency, now, track.due_at)

    def _follow(request_id: int, sender: str, agency: str, sent: datetime, due: datetime) -> None:
        them = staff[agency]
        allowed = (due - sent).total_seconds()
        events.at(
            sent + timedelta(seconds=allowed * rng.uniform(0.02, 0.2)),
            lambda: _try(hub.requests.acknowledge, them.answerer, request_id),
        )
        if rng.random() < them.lapses:
            return  # left to lapse: open, and overdue once the deadline passes
        taken = allowed * them.pace * rng.lognormvariate(0, 0.6)
        answer_at = sent + timedelta(seconds=max(600.0, taken))
        if rng.random() < 0.05:
            reason = rng.choice(_REFUSALS)
            events.at(
                answer_at, lambda: _try(hub.requests.refuse, them.answerer, request_id, reason)
            )
            return
        held = them.releaser is not None and rng.random() < 0.2
        spec = AnswerSpec(
            text=rng.choice(_ANSWERS),
            handling_code=HandlingCode.H2 if held else HandlingCode.H1,
        )

        def answer() -> None:
            assert them.answerer is not None
            try:
                _, made = hub.requests.answer(them.answerer, request_id, spec)
            except InterlinkError as error:
                done.skipped.append(f"answer: {error}")
                return
            if held:
                done.held += 1
                events.at(
                    clock() + timedelta(hours=rng.uniform(0.5, 10)),
                    lambda: _try(hub.requests.release, them.releaser, request_id, made.id),
                )

        events.at(answer_at, answer)
        if rng.random() < 0.5:
            closer = staff[sender].asker
            events.at(
                answer_at + timedelta(days=rng.uniform(1, 5)),
                lambda: _try(hub.requests.close, closer, request_id, agency, None),
            )

    def _try(action: Callable[..., object], who: Principal | None, *args: object) -> object:
        if who is None:
            return None
        try:
            return action(who, *args)
        except InterlinkError as error:  # e.g. the sender closed the track first
            done.skipped.append(f"{getattr(action, '__name__', action)}: {error}")
            return None

    span = (end - start).total_seconds()
    for _ in range(requests):
        events.at(start + timedelta(seconds=rng.uniform(0, span - 3600)), send)

    for uid, owner in sorted({(w.uid, w.owner) for w in watched}):
        editor = staff.get(owner, _NOBODY).editor
        if editor is not None:
            events.at(start, partial(_try, hub.encounters.flag, editor, uid, True))

    def _screen(agency: str, n: int) -> None:
        who = staff[agency].screener
        assert who is not None
        planted = rng.sample(list(watched), rng.randint(1, min(2, len(watched))))
        fillers = rng.sample(list(travellers), min(len(travellers), rng.randint(8, 20)))
        names = [(w.spelling, True) for w in planted] + [(name, False) for name in fillers]
        rng.shuffle(names)
        now = clock()
        origin, destination = rng.sample(_AIRPORTS, 2)
        flight = f"{rng.choice(('TK', 'LH', 'EK', 'HY', 'KC', 'SU', 'RJ'))}{rng.randint(100, 999)}"
        lines = []
        for i, (name, _) in enumerate(names):
            booking = f"D{seed % 100:02d}{n:02d}{i // 2:02d}"  # two travellers to a booking
            lines.append(
                {
                    "ref": f"DEMO{n:02d}/{i + 1}",
                    "name": name,
                    "documents": [{"number": f"P{rng.randint(1000000, 9999999)}"}],
                    "legs": [
                        {
                            "carrier": flight[:2],
                            "number": flight[2:],
                            "origin": origin,
                            "destination": destination,
                            "departure": (now + timedelta(hours=3)).isoformat(),
                            "arrival": (now + timedelta(hours=7)).isoformat(),
                        }
                    ],
                    "booking": booking,
                }
            )
        content = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        run = hub.runs.start(
            who,
            f"demo: departures {flight} {origin}-{destination}",
            "manifest.jsonl",
            content.encode(),
        )
        hub.runs.wait()
        done.runs += 1
        alerts = hub.runs.alerts(who, run.id, None, 500, 0)
        done.alerts += len(alerts)
        planted_at = {i for i, (_, truth) in enumerate(names) if truth}
        for shown in alerts:
            verdict = (
                AlertStatus.CONFIRMED
                if shown.alert.position in planted_at
                else AlertStatus.FALSE_POSITIVE
            )
            decided = _try(hub.runs.decide, who, shown.alert.id, verdict, "demo triage")
            if decided is not None and verdict is AlertStatus.CONFIRMED:
                done.confirmed += 1

    screeners = sorted(c for c, s in staff.items() if s.screener)
    for n in range(runs if screeners and watched else 0):
        when = start + timedelta(seconds=span * (n + rng.random()) / runs)
        agency = rng.choice(screeners)
        events.at(when, partial(_screen, agency, n))

    events.run(lambda: hub.requests.tick(clock()))
    with hub.db.uow(read_only=True) as uow:
        facts = track_facts(uow, start, end + timedelta(seconds=1))
        done.movements = len(uow.encounters.facts(start, end + timedelta(days=2)))
    counted = timing(facts, end)
    done.answered, done.refused, done.overdue = (
        counted.answered,
        counted.refused,
        counted.overdue_now,
    )
    done.open = sum(1 for f in facts if f.status.open and f.answered_at is None)
    return done


_NOBODY = _Staff(None, None, None, None, None, 0.0, 0.0)

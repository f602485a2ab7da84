"""The audit repository on both databases: round trips, raw-SQL tampering, concurrent appenders."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from interlink.audit import (
    GENESIS_HASH,
    AuditAction,
    Checkpoint,
    NewEvent,
    Problem,
    seal,
    verify,
)
from interlink.store import Database
from interlink.store.repositories.audit import Access
from interlink.store.tables import audit_events

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def read(user: str, agency: str, ref: str, owner: str) -> NewEvent:
    return NewEvent(
        AuditAction.READ,
        username=user,
        agency=agency,
        object_type="subject",
        object_ref=ref,
        object_owner=owner,
    )


def five_events(db: Database) -> None:
    with db.uow() as uow:
        for i in range(1, 6):
            uow.audit.append(read(f"officer.{i}", "KZ-KNB", f"de:{i}", "DE-BKA"))


def verdict_of(db: Database) -> tuple[Problem | None, int | None]:
    with db.uow() as uow:
        verdict = verify(uow.audit.events(), uow.audit.checkpoints())
    return verdict.problem, verdict.seq


def test_appended_events_stream_back_exactly_and_verify(db: Database) -> None:
    news = [
        NewEvent(
            AuditAction.SEARCH,
            username="а.бортников",
            agency="KZ-KNB",
            purpose="Проверка по запросу № 17/2026",
            detail={"query": "Бортников Александр", "hits": 2, "score": 0.875, "tags": []},
            at=T0 + timedelta(microseconds=123457),
        ),
        NewEvent(
            AuditAction.HIT_CHECK,
            username="m.alzawahiri.check",
            agency="EG-GIS",
            object_type="subject",
            object_ref="un:QDi.006",
            object_owner="UN-SC",
            purpose="تحقق من قائمة الجزاءات",
            detail={"name": "أيمن محمد ربيع الظواهري", "nested": {"b": [1, None], "a": True}},
        ),
        NewEvent(AuditAction.LOGIN_FAILED, username="nobody"),
    ]
    with db.uow() as uow:
        appended = [uow.audit.append(new) for new in news]
    with db.uow() as uow:
        assert list(uow.audit.events(batch=2)) == appended
        assert [e.seq for e in uow.audit.events(after_seq=1, batch=1)] == [2, 3]
        assert uow.audit.head() == (3, appended[-1].hash)
        verdict = verify(uow.audit.events())
    assert appended[0].prev_hash == GENESIS_HASH
    assert appended[0].at == T0 + timedelta(microseconds=123457)
    assert verdict.ok and verdict.count == 3


# On a log of five reads and an export (seq 6) with detail {"format":"jsonl"}.
TAMPERINGS = [
    ("UPDATE audit_events SET purpose = 'routine' WHERE seq = 3", 3, Problem.EDITED),
    (
        "UPDATE audit_events SET at = (SELECT at FROM audit_events WHERE seq = 1) WHERE seq = 3",
        3,
        Problem.EDITED,
    ),
    ("UPDATE audit_events SET object_owner = NULL WHERE seq = 4", 4, Problem.EDITED),
    ('UPDATE audit_events SET detail = \'{"format":"csv"}\' WHERE seq = 6', 6, Problem.EDITED),
    # The same meaning in other bytes: not what the appender wrote, so not trusted.
    ('UPDATE audit_events SET detail = \'{"format": "jsonl"}\' WHERE seq = 6', 6, Problem.EDITED),
    ("DELETE FROM audit_events WHERE seq = 3", 3, Problem.DELETED),
    ("DELETE FROM audit_events WHERE seq IN (1, 2)", 1, Problem.DELETED),
    ("UPDATE audit_events SET seq = seq + 10 WHERE seq = 2", 2, Problem.DELETED),
    (
        "INSERT INTO audit_events (seq, at, action, prev_hash, hash) "
        "SELECT 7, at, 'read', hash, hash FROM audit_events WHERE seq = 6",
        7,
        Problem.EDITED,
    ),
]


@pytest.mark.parametrize(("sql", "seq", "problem"), TAMPERINGS)
def test_raw_sql_tampering_is_named_at_its_first_seq(
    db: Database, sql: str, seq: int, problem: Problem
) -> None:
    five_events(db)
    with db.uow() as uow:
        uow.audit.append(NewEvent(AuditAction.EXPORT, agency="KZ-KNB", detail={"format": "jsonl"}))
    assert verdict_of(db) == (None, None)
    with db.engine.begin() as conn:
        conn.execute(text(sql))
    assert verdict_of(db) == (problem, seq)


def test_a_forged_event_chained_in_place_of_a_deleted_one_breaks_the_next_link(
    db: Database,
) -> None:
    five_events(db)
    with db.uow() as uow:
        events = list(uow.audit.events())
    forged = seal(
        read("nobody", "KZ-KNB", "de:3", "DE-BKA"), seq=3, prev_hash=events[1].hash, at=T0
    )
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 3"))
        # Bypassing the repository, as someone with write access to the table would.
        conn.execute(audit_events.insert(), asdict(forged))
    assert verdict_of(db) == (Problem.UNLINKED, 4)


def test_four_concurrent_appenders_make_one_unbroken_chain(db: Database) -> None:
    def appender(worker: int) -> list[int]:
        seqs = []
        for i in range(50):
            # One transaction, hence one connection, per append: as a request would.
            with db.uow() as uow:
                event = uow.audit.append(read(f"worker.{worker}", "KZ-KNB", f"r{i}", "DE-BKA"))
            seqs.append(event.seq)
        return seqs

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(appender, range(4)))
    assert sorted(seq for seqs in results for seq in seqs) == list(range(1, 201))
    with db.uow() as uow:
        verdict = verify(uow.audit.events(batch=64))
        users = {e.username for e in uow.audit.events()}
    assert verdict.ok and verdict.count == 200
    assert users == {f"worker.{w}" for w in range(4)}


def test_a_lost_head_row_is_rebuilt_from_the_newest_event(db: Database) -> None:
    five_events(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_head"))
    with db.uow() as uow:
        assert uow.audit.append(NewEvent(AuditAction.LOGIN, username="a")).seq == 6
    assert verdict_of(db) == (None, None)


def test_accesses_report_only_the_owners_records_in_the_period(db: Database) -> None:
    with db.uow() as uow:
        uow.audit.append(NewEvent(AuditAction.LOGIN, username="x", at=T0))
        for day, (user, agency, owner) in enumerate(
            [
                ("b.schmidt", "DE-BKA", "KZ-KNB"),
                ("а.иванов", "KZ-KNB", "KZ-KNB"),
                ("b.schmidt", "DE-BKA", "UZ-SGB"),
                ("j.dupont", "FR-DGSI", "KZ-KNB"),
            ]
        ):
            uow.audit.append(
                NewEvent(
                    AuditAction.READ,
                    username=user,
                    agency=agency,
                    object_type="subject",
                    object_ref=f"kz:{day}",
                    object_owner=owner,
                    purpose="проверка",
                    at=T0 + timedelta(days=day),
                )
            )
    with db.uow() as uow:
        everything = list(uow.audit.accesses("KZ-KNB", batch=1))
        middle = list(
            uow.audit.accesses("KZ-KNB", since=T0 + timedelta(days=1), until=T0 + timedelta(days=3))
        )
    assert everything[0] == Access(
        2, T0, "b.schmidt", "DE-BKA", "read", "subject", "kz:0", "проверка"
    )
    assert [(a.username, a.object_ref) for a in everything] == [
        ("b.schmidt", "kz:0"),
        ("а.иванов", "kz:1"),
        ("j.dupont", "kz:3"),
    ]
    assert [a.username for a in middle] == ["а.иванов"]


def test_checkpoints_round_trip_to_the_microsecond(db: Database) -> None:
    made = Checkpoint(5, "ab" * 32, T0 + timedelta(microseconds=7), "cd" * 32, "c2lnbmF0dXJl")
    with db.uow() as uow:
        uow.audit.add_checkpoint(made)
    with db.uow() as uow:
        assert uow.audit.checkpoints() == [made]


def test_a_detail_that_is_not_json_counts_as_edited(db: Database) -> None:
    with db.uow() as uow:
        uow.audit.append(NewEvent(AuditAction.EXPORT, detail={"a": 1, "b": "ж"}))
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET detail = 'not json' WHERE seq = 1"))
    with db.uow() as uow:
        [event] = uow.audit.events()
    assert event.detail == {"$unreadable": "not json"}
    assert verdict_of(db) == (Problem.EDITED, 1)

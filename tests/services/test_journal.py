"""The audit journal: concurrent requests' events committed together, each request waiting for
its own, and one failing write failing only its own request."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from interlink.audit import AuditAction, NewEvent
from interlink.services.journal import Journal
from interlink.store import Database
from interlink.store.repositories.notifications import NewNotification

AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def event(n: int) -> NewEvent:
    return NewEvent(
        action=AuditAction.HIT_CHECK,
        username=f"officer.{n % 7}",
        agency="KZ-KNB",
        object_type="subject",
        object_ref=f"ua:{n}",
        object_owner="UA-SBU",
        purpose="journal test",
        detail={"n": n},
        at=AT,
    )


def refused_notice() -> NewNotification:
    """A notification the database refuses (no agency: NOT NULL)."""
    return NewNotification(
        agency=None,  # type: ignore[arg-type]
        kind="hit",
        subject_uid="ua:1",
        reference="ref-x",
        by_agency="KZ-KNB",
        by_username="kz.border",
        action="hit_check",
        purpose=None,
        detail=None,
        at=AT,
    )


def test_concurrent_writes_are_all_committed_in_one_chain(db: Database) -> None:
    journal = Journal(db)
    threads = [
        threading.Thread(target=journal.write, args=([event(2 * k), event(2 * k + 1)],))
        for k in range(100)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    journal.close()
    with db.uow(read_only=True) as uow:
        stored = list(uow.audit.events())
    assert sorted(int(str(e.object_ref).split(":")[1]) for e in stored) == list(range(200))
    # Each request's two events are adjacent: a request's writes are never split.
    refs = [int(str(e.object_ref).split(":")[1]) for e in stored]
    assert all(refs[i] // 2 == refs[i + 1] // 2 for i in range(0, 200, 2))
    assert [e.seq for e in stored] == list(range(1, 201))


def test_a_failing_write_fails_its_own_request_only(db: Database) -> None:
    journal = Journal(db)
    bad = refused_notice()
    errors: list[BaseException] = []
    start = threading.Barrier(11)

    def good(n: int) -> None:
        start.wait()
        journal.write([event(n)])

    def failing() -> None:
        start.wait()
        try:
            journal.write([event(999)], [bad])
        except Exception as error:  # the database's own error
            errors.append(error)

    threads = [threading.Thread(target=good, args=(n,)) for n in range(10)]
    threads.append(threading.Thread(target=failing))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    journal.close()
    assert len(errors) == 1
    with db.uow(read_only=True) as uow:
        refs = sorted(str(e.object_ref) for e in uow.audit.events())
    assert refs == sorted(f"ua:{n}" for n in range(10))  # not ua:999: nothing half-written


def test_a_closed_journal_refuses_writes(db: Database) -> None:
    journal = Journal(db)
    journal.write([event(1)])
    journal.close()
    with pytest.raises(RuntimeError, match="closed"):
        journal.write([event(2)])


def test_writes_waiting_behind_a_commit_go_in_one_transaction(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(db)
    held = threading.Event()
    batches: list[int] = []
    append = Journal._append

    def slow_append(self: Journal, batch: list) -> None:  # type: ignore[type-arg]
        batches.append(len(batch))
        if len(batches) == 1:
            held.wait(10)  # the first commit is slow: the others queue behind it
        append(self, batch)

    monkeypatch.setattr(Journal, "_append", slow_append)
    first = threading.Thread(target=journal.write, args=([event(0)],))
    first.start()
    while not batches:
        threading.Event().wait(0.001)
    rest = [threading.Thread(target=journal.write, args=([event(n)],)) for n in range(1, 51)]
    for t in rest:
        t.start()
    while journal._batches.waiting() < 50:
        threading.Event().wait(0.001)
    held.set()
    for t in [first, *rest]:
        t.join()
    journal.close()
    assert batches == [1, 50]
    with db.uow(read_only=True) as uow:
        assert len(list(uow.audit.events())) == 51


def test_submit_returns_before_the_commit_and_its_future_says_when_it_is_done(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(db)
    held = threading.Event()
    append = Journal._append

    def held_append(self: Journal, batch: list) -> None:  # type: ignore[type-arg]
        held.wait(10)
        append(self, batch)

    monkeypatch.setattr(Journal, "_append", held_append)
    written = journal.submit([event(1)])
    assert not written.done()  # the caller was not kept waiting for the commit
    with db.uow(read_only=True) as uow:
        assert list(uow.audit.events()) == []
    held.set()
    assert written.result(timeout=10) is None
    with db.uow(read_only=True) as uow:
        assert [e.object_ref for e in uow.audit.events()] == ["ua:1"]
    assert journal.submit([]).done()  # nothing to write: done at once, no writer asked
    journal.close()


def test_a_submitted_write_that_fails_raises_through_its_future(db: Database) -> None:
    journal = Journal(db)
    bad = refused_notice()
    written = journal.submit([event(5)], [bad])
    with pytest.raises(Exception, match=r"(?i)null"):
        written.result(timeout=10)
    journal.close()
    with db.uow(read_only=True) as uow:
        assert list(uow.audit.events()) == []

"""The audit journal: a read's events, written before its answer leaves, in group commits.

Every read on the hub writes its audit events (and the owners' notifications) before the
answer is given. One transaction per read made the write lock the hub's bottleneck under load
(on SQLite one writer at a time, and a commit each). The journal gives the writes of
concurrent requests to one writer thread, which appends all that are waiting in one
transaction; each request still waits until its own events are committed, and gets the error
if they could not be (a batch that fails is retried one request at a time, so one bad request
does not fail the others).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from interlink.audit import NewEvent
from interlink.services.batches import Batches
from interlink.store import Database
from interlink.store.repositories.notifications import NewNotification

# The most requests appended in one transaction.
MAX_BATCH = 256


@dataclass(frozen=True, slots=True)
class _Entry:
    events: Sequence[NewEvent]
    notices: Sequence[NewNotification]
    done: Future[None]


class Journal:
    """Appends audit events and notifications for many threads, committing them in groups."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._batches = Batches("interlink-journal", self._commit, MAX_BATCH)

    def write(self, events: Sequence[NewEvent], notices: Sequence[NewNotification] = ()) -> None:
        """Append, and return once committed (raising what the commit raised)."""
        self.submit(events, notices).result()

    def submit(
        self, events: Sequence[NewEvent], notices: Sequence[NewNotification] = ()
    ) -> Future[None]:
        """Append, without waiting: the future is done once the writes are committed (or holds
        what the commit raised). An answer that needs these events written must wait for it;
        an asynchronous route awaits it without holding one of the worker's few threads, which
        then serve other requests while the group is committed."""
        entry = _Entry(events, notices, Future())
        if not events and not notices:
            entry.done.set_result(None)
            return entry.done
        self._batches.put(entry, "the audit journal is closed")
        return entry.done

    def close(self) -> None:
        """Write what is waiting, then stop the writer."""
        self._batches.close()

    def _commit(self, batch: list[_Entry]) -> None:
        """Append ``batch`` in one transaction (``Batches`` retries a failed one entry by
        entry), then tell each request."""
        self._append(batch)
        for entry in batch:
            entry.done.set_result(None)

    def _append(self, batch: list[_Entry]) -> None:
        with self._db.uow() as uow:
            uow.audit.append_many([event for entry in batch for event in entry.events])
            uow.notifications.add_many([notice for entry in batch for notice in entry.notices])

"""The hub's use cases for the API: who is asking, and every read of subjects through the policy.

``Hub`` holds the database, the gallery (the matching index with the policy's columns) and the
clock. Each method checks the caller's role (``policy.require``), reads only what the policy
lets the caller's agency see, and records an audit event naming the stated purpose. A subject
the caller may not see is reported exactly as one that does not exist.

What each level shows: ``full``, the record; ``hit``, only that a match exists, its owner and
an opaque reference (an HMAC of the uid under the hub's secret, which the owner finds in its
access report), and only from a search or hit check at or above the default threshold: never
from a listing, an export or a read by uid, which would let a partner enumerate what it may
only match.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TypedDict, TypeVar, Unpack

from interlink.audit import AuditAction, NewEvent
from interlink.auth import looks_like_token, token_digest
from interlink.domain.agencies import AgreementSpec, UserSpec
from interlink.domain.subjects import SubjectRecord
from interlink.exc import AuthError, NotFoundError, ValidationError
from interlink.matching import DEFAULT_CONFIG, Query
from interlink.matching.index import query_birth
from interlink.matching.parallel import can_fork
from interlink.policy import (
    AccessView,
    Permission,
    Viewer,
    Visibility,
    notice_kinds,
    permits,
    require,
)
from interlink.reports.council import council_pdf
from interlink.services import agreements as agreement_service
from interlink.services import auditing, snapshot
from interlink.services.access import access_view, level_of, levels, publishers
from interlink.services.accounts import (
    Principal,
    audit_event,
    authenticate,
    create_user,
    issue_token,
    resolve_token,
    revoke_token,
)
from interlink.services.auditing import AccessFilter, AccessPage, ChainCheck
from interlink.services.editing import create_subject, delete_subject, update_subject
from interlink.services.encounters import Encounters
from interlink.services.gallery import Found, Gallery
from interlink.services.journal import Journal
from interlink.services.requests import Requests
from interlink.services.runs import Runs
from interlink.services.searcher import Searcher
from interlink.services.statistics import CouncilStatistics, Period, council_statistics
from interlink.services.text import check_purpose, refuse_nul
from interlink.services.webhooks import Webhooks
from interlink.settings import Settings
from interlink.store import Database
from interlink.store.repositories.accounts import TokenRecord
from interlink.store.repositories.agencies import Agency, User
from interlink.store.repositories.agreements import Agreement
from interlink.store.repositories.audit import Access
from interlink.store.repositories.notifications import NewNotification, Notification
from interlink.store.repositories.subjects import SubjectVersion
from interlink.store.uow import UnitOfWork

Clock = Callable[[], datetime]
_K = TypeVar("_K")
_V = TypeVar("_V")
# How long a worker keeps a resolved token and a viewer's view (see ``Hub.principal``).
KEEP_SECONDS = 1.0
# A kept token or view in use this old is read again in the background (``Hub._read_ahead``), so
# that a steady caller's requests do not lapse to a read of their own every second.
REFRESH_SECONDS = 0.5
log = logging.getLogger("interlink.hub")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result of a search or hit check, as much as the caller may see."""

    level: Visibility
    owner: str
    reference: str
    uid: str  # for the audit trail only: never shown at ``hit``
    found: Found | None  # None at ``hit``: nothing of the record


# The largest row id either database stores (SQLite's INTEGER, PostgreSQL's BIGINT).
_MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32 bits on PostgreSQL


class SearchOptions(TypedDict, total=False):
    """``Hub.search``'s options, as ``Hub.ask`` names them."""

    birth_date: str | None
    nationality: str | None
    gender: str | None
    top: int
    threshold: float
    hit_check: bool


def _settle(answer: Future[list[SearchHit]], value: list[SearchHit], written: Future[None]) -> None:
    """``answer`` given ``value`` once ``written`` is done, or what the write raised."""
    error = written.exception()
    if error is not None:
        answer.set_exception(error)
    else:
        answer.set_result(value)


# A snapshot of the gallery further behind the feed than this many changes is not loaded: the
# gallery is built anew (applying a change costs about a millisecond, a build at 1,000,000
# subjects minutes).
_SNAPSHOT_BEHIND = 20_000
# A snapshot loaded this many changes behind is written again, caught up.
_SNAPSHOT_AGAIN = 1_000


def _apply_changes(gallery: Gallery, uow: UnitOfWork, after: int) -> tuple[int, int]:
    """Apply to ``gallery`` the next changes of the feed after change ``after`` (up to 5,000):
    the last change applied and how many (``after`` and 0 when there are none)."""
    changes = uow.subjects.changes_after(after, limit=5000)
    if not changes:
        return after, 0
    published = publishers(uow)
    for _seq, uid, kind in changes:
        if kind == "put" and uow.subjects.find_id(uid) is not None:
            record = uow.subjects.get(uid)
            gallery.put(record, record.owner in published)
        else:
            gallery.drop(uid)
    return changes[-1][0], len(changes)


def _open_gallery(
    db: Database, settings: Settings, secret: str, workers: int | None
) -> tuple[Gallery, int]:
    """The gallery of the live subjects and the last change of the feed it holds: the
    snapshot's (``services/snapshot.py``) caught up with the feed when it is usable, else
    built anew, and the snapshot written. Workers starting together take turns: the first
    builds, the others load what it wrote."""
    path = snapshot.snapshot_path(settings)
    if workers is None:  # every core when the other workers wait for the snapshot, else one
        workers = (os.cpu_count() or 1) if path is not None and can_fork() else 1
    with snapshot.locked(path), db.uow(read_only=True) as reader:
        # The feed's position first: changes committed during a build are applied again by
        # the first ``sync``, which is harmless (a put replaces, a drop of nothing is nothing).
        seen = reader.subjects.last_change()
        published = publishers(reader)
        authorities = tuple(sorted(published))

        def usable(stamp: snapshot.Stamp, mac: str) -> str | None:
            if stamp.publishers != authorities:
                return "the list authorities changed since"
            if stamp.seq > seen:
                return "the feed ends before the change it was made at (an older database)"
            if seen - stamp.seq > _SNAPSHOT_BEHIND:
                return f"{seen - stamp.seq} changes behind the feed"
            if not reader.subjects.knows_snapshot(mac):
                return "the database does not know it (another database, or restored from before)"
            return None

        loaded = None if path is None else snapshot.load(path, secret, usable)
        if loaded is not None:
            gallery, stamp = loaded
            seen, behind = stamp.seq, 0
            while True:
                seen, count = _apply_changes(gallery, reader, seen)
                if not count:
                    break
                behind += count
            log.info(
                "gallery of %d subjects loaded from %s, %d changes applied since",
                stamp.subjects,
                path,
                behind,
            )
            if behind < _SNAPSHOT_AGAIN:
                return gallery, seen
        else:
            gallery = Gallery.build(reader.subjects.iter_records(), published, workers=workers)
        if path is not None and seen > 0:
            stamp = snapshot.Stamp(seen, authorities, len(gallery), snapshot.code_digest())
            try:
                mac = snapshot.save(path, gallery, stamp, secret)
            except OSError as error:  # the hub runs without; the next start builds again
                log.warning("gallery snapshot %s not written: %s", path, error)
            else:
                with db.uow() as writer:
                    writer.subjects.add_snapshot(mac, seen, datetime.now(UTC))
        return gallery, seen


class Hub:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        gallery: Gallery,
        clock: Clock = utc_now,
        seen: int = 0,
    ) -> None:
        self.db = db
        self.settings = settings
        self.gallery = gallery
        self.clock = clock
        self._secret = settings.require_secrets().encode("utf-8")
        self._seen = seen  # the last change of the feed applied to the gallery
        self._sync_lock = threading.Lock()
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None
        self.runs = Runs(self)
        self.requests = Requests(self)
        self.encounters = Encounters(self)
        self.webhooks = Webhooks(self)
        self.journal = Journal(db)
        self.searcher = Searcher(gallery)
        # Kept per worker for up to ``KEEP_SECONDS``: resolved tokens (by digest) and each
        # viewer's view of the agreements in force. A change made through this worker clears
        # them at once; one made through another worker or the CLI holds within the second.
        # An entry is kept from the moment its read began, and stored only if no change
        # through this worker (``_generation``) came in between.
        self._principals: dict[str, tuple[float, Principal, datetime]] = {}
        self._views: dict[tuple[Viewer, date], tuple[float, AccessView]] = {}
        self._generation = 0
        self._keep_lock = threading.Lock()
        self._ahead: set[tuple[str, object]] = set()  # reads ahead submitted, not yet done
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interlink-keep")
        self._closed = False
        self._verified: ChainCheck | None = None  # the last verification of the audit chain

    @classmethod
    def open(cls, settings: Settings, clock: Clock = utc_now, workers: int | None = 1) -> Hub:
        """The hub on ``settings.database_url``, migrated, its gallery loaded from the snapshot
        and caught up with the feed, or built from the live subjects on ``workers`` processes
        (``_open_gallery``; None: every core when a snapshot is kept, since the other workers
        of the server wait for it, else one); refusing to start without the secrets
        (``Settings.require_secrets``)."""
        secret = settings.require_secrets()
        db = Database(settings.database_url)
        db.migrate()
        gallery, seen = _open_gallery(db, settings, secret, workers)
        # The gallery's millions of objects live as long as the hub: out of the cyclic garbage
        # collector's sight, whose full passes over them otherwise stalled every request of the
        # worker (docs/benchmarks.md).
        gc.collect()
        gc.freeze()
        return cls(db, settings, gallery, clock, seen)

    def close(self) -> None:
        with self._keep_lock:
            self._closed = True
        self._reader.shutdown(wait=True, cancel_futures=True)
        self.stop_following()
        self.webhooks.stop()
        self.runs.close()
        self.searcher.close()
        self.journal.close()
        self.db.dispose()

    def forget(self) -> None:
        """Drop the kept tokens and views: after an account, token or agreement change. A
        read begun before is not kept after it."""
        with self._keep_lock:
            self._generation += 1
            self._principals.clear()
            self._views.clear()

    # Keeping the gallery current: every worker follows the change feed.

    def sync(self) -> int:
        """Apply the changes of the feed made since the last call (by any worker or
        process): returns how many."""
        with self._sync_lock:
            applied = 0
            while True:
                with self.db.uow(read_only=True) as uow:
                    seen, count = _apply_changes(self.gallery, uow, self._seen)
                if not count:
                    return applied
                self._seen = seen
                applied += count

    def follow(self, every: float = 0.25) -> None:
        """Sync in a background thread every ``every`` seconds until ``stop_following``."""
        if self._follower is not None:
            return

        def run() -> None:
            rounds = 0
            while not self._stop.wait(every):
                try:
                    self.sync()
                    if rounds % round(30 / every) == 0:
                        self.runs.take_up()  # runs abandoned by a dead worker
                        self.requests.tick()  # reminders and escalations due
                    rounds += 1
                except Exception:  # a database hiccup must not end the thread; next round
                    log.exception("following the change feed failed; retrying")

        self._stop.clear()
        self._follower = threading.Thread(target=run, name="interlink-feed", daemon=True)
        self._follower.start()

    def stop_following(self) -> None:
        if self._follower is not None:
            self._stop.set()
            self._follower.join()
            self._follower = None

    def reference(self, uid: str) -> str:
        """The opaque reference of a subject: the same for every asker, meaningless to them."""
        digest = hmac.new(self._secret, uid.encode("utf-8"), hashlib.sha256).hexdigest()
        return "ref-" + digest[:24]

    def keyed_digest(self, purpose: str, value: str) -> str:
        """An HMAC of ``value`` under the hub's secret, apart for each ``purpose`` (the web
        pages' CSRF tokens): nobody without the secret can make or check one."""
        message = f"{purpose}\x00{value}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    # Who is asking.

    def login(self, username: str, password: str, source: str) -> tuple[str, TokenRecord]:
        """A session token (one day, or the token lifetime if shorter) for a right password."""
        now = self.clock()
        who = authenticate(self.db, self.settings, username, password, source, now)
        with self.db.uow() as uow:
            return issue_token(uow, self.settings, who, who.username, "login", now, days=1)

    def logout(self, token: str) -> None:
        """Revoke the session token ``token`` (its holder's own); nothing for an unknown or
        already ended one."""
        now = self.clock()
        with self.db.uow() as uow:
            record = uow.tokens.by_digest(token_digest(token)) if looks_like_token(token) else None
            if record is None or record.state(now) != "active":
                return
            who = Principal.from_user(uow.users.get_by_id(record.user_id))
            revoke_token(uow, who, record.id, now)
        with self._keep_lock:
            self._generation += 1
            self._principals.pop(token_digest(token), None)

    def kept_principal(self, token: str) -> Principal | None:
        """Who a bearer token stands for if a read of it began less than a second ago (and it
        has not expired since); None otherwise. Reads nothing from the database here: one kept
        for half a second is read again in the background."""
        key = token_digest(token) if looks_like_token(token) else ""
        kept = self._principals.get(key)
        if kept is None or self.clock() >= kept[2]:
            return None
        in_time = self._in_time(kept[0], ("principal", key), self._read_principal, token, key)
        return kept[1] if in_time else None

    def principal(self, token: str) -> Principal:
        """Who a bearer token stands for: read without the write lock, and kept for up to a
        second; the token's use is noted in a write of its own, at most once a minute."""
        kept = self.kept_principal(token)
        if kept is not None:
            return kept
        return self._read_principal(token, token_digest(token) if looks_like_token(token) else "")

    def _read_principal(self, token: str, key: str) -> Principal:
        began, generation, now = time.monotonic(), self._generation, self.clock()
        try:
            with self.db.uow(read_only=True) as uow:
                who, stale, expires_at = resolve_token(uow, token, now)
        except AuthError:
            with self._keep_lock:
                self._principals.pop(key, None)  # revoked or expired elsewhere: not kept
            raise
        if stale is not None:
            with self.db.uow() as uow:
                uow.tokens.touch(stale, now)
        self._keep(self._principals, key, (began, who, expires_at), generation)
        return who

    def _in_time(
        self, began: float, key: tuple[str, object], read: Callable[..., object], *args: object
    ) -> bool:
        """Whether an entry whose read began at ``began`` is still kept; one in use half a
        second after its read is read again ahead (``read(*args)``)."""
        age = time.monotonic() - began
        if age >= KEEP_SECONDS:
            return False
        if age >= REFRESH_SECONDS:
            self._read_ahead(key, read, *args)
        return True

    def _keep(self, kept: dict[_K, _V], key: _K, entry: _V, generation: int) -> None:
        """Keep ``entry``, read since ``generation``, unless a change through this worker came
        in between (``forget``, ``logout``)."""
        with self._keep_lock:
            if generation == self._generation:
                if len(kept) > 10_000:
                    kept.clear()
                kept[key] = entry

    def _read_ahead(
        self, key: tuple[str, object], read: Callable[..., object], *args: object
    ) -> None:
        """Run ``read(*args)`` on the hub's reader thread, unless a read of ``key`` is already
        waiting or running there. It stores what it reads, as a read on demand does; what it
        raises is its own (a token refused there is dropped, and refused at its next use)."""
        with self._keep_lock:
            if key in self._ahead or self._closed:
                return
            self._ahead.add(key)

        def run() -> None:
            try:
                read(*args)
            except AuthError:
                pass
            except Exception:  # the next request reads it on demand
                log.exception("reading a kept token or view again failed")
            finally:
                with self._keep_lock:
                    self._ahead.discard(key)

        self._reader.submit(run)

    # Agencies, users and tokens.

    def agencies(self, who: Principal) -> list[Agency]:
        """Every agency: a directory, visible to every user."""
        with self.db.uow() as uow:
            return uow.agencies.all()

    def configure_agency(self, who: Principal, code: str, four_eyes: bool) -> Agency:
        """Change the caller's own agency's settings (agency admins)."""
        require(who.roles, Permission.CONFIGURE_AGENCY)
        if code != who.agency:
            raise NotFoundError(f"no agency {code} of yours")
        with self.db.uow() as uow:
            done = uow.agencies.set_four_eyes(code, four_eyes)
            uow.audit.append(
                audit_event(
                    who,
                    AuditAction.AGENCY_UPDATE,
                    object_type="agency",
                    ref=code,
                    owner=code,
                    at=self.clock(),
                    detail={"four_eyes": four_eyes},
                )
            )
        return done

    def users(self, who: Principal) -> list[User]:
        """The users of the caller's agency (admins)."""
        require(who.roles, Permission.MANAGE_USERS)
        with self.db.uow() as uow:
            return uow.users.all(who.agency)

    def create_user(self, who: Principal, spec: UserSpec, password: str | None) -> User:
        with self.db.uow() as uow:
            return create_user(uow, who, spec, password)

    def tokens(self, who: Principal) -> list[TokenRecord]:
        """The caller's own tokens, or every token of the agency for its admins."""
        with self.db.uow() as uow:
            found = uow.tokens.for_agency(who.agency)
        if permits(who.roles, Permission.MANAGE_TOKENS):
            return found
        return [t for t in found if t.username == who.username]

    def issue_token(
        self, who: Principal, name: str, days: int | None, username: str | None
    ) -> tuple[str, TokenRecord]:
        with self.db.uow() as uow:
            return issue_token(
                uow, self.settings, who, username or who.username, name, self.clock(), days
            )

    def revoke_token(self, who: Principal, token_id: int) -> TokenRecord:
        if not 0 < token_id <= _MAX_ID:  # no such token; the databases refuse to compare it
            raise NotFoundError(f"no token {token_id}")
        with self.db.uow() as uow:
            revoked = revoke_token(uow, who, token_id, self.clock())
        self.forget()
        return revoked

    # Agreements (``services.agreements``): a change drops the views kept per worker at once.

    def agreements(self, who: Principal) -> list[Agreement]:
        """The agreements the caller's agency is a party to, in force or not."""
        with self.db.uow(read_only=True) as uow:
            return agreement_service.agreements_of(uow, who)

    def propose_agreement(self, who: Principal, spec: AgreementSpec) -> Agreement:
        """Propose an agreement the caller's agency is a party to (agency admins); in force
        once every other party's admin accepts it."""
        with self.db.uow() as uow:
            made = agreement_service.propose(uow, who, spec, self.clock())
        self.forget()
        return made

    def accept_agreement(self, who: Principal, code: str) -> Agreement:
        with self.db.uow() as uow:
            done = agreement_service.accept(uow, who, code, self.clock())
        self.forget()
        return done

    def suspend_agreement(self, who: Principal, code: str, reason: str) -> Agreement:
        with self.db.uow() as uow:
            done = agreement_service.suspend(uow, who, code, reason, self.clock())
        self.forget()
        return done

    def resume_agreement(self, who: Principal, code: str) -> Agreement:
        with self.db.uow() as uow:
            done = agreement_service.resume(uow, who, code, self.clock())
        self.forget()
        return done

    # Reads of subjects.

    def _event(
        self,
        who: Principal,
        action: AuditAction,
        purpose: str,
        ref: str | None = None,
        owner: str | None = None,
        **detail: object,
    ) -> NewEvent:
        """A read's event: on the subject ``ref`` of ``owner`` when given, now."""
        return audit_event(
            who,
            action,
            object_type="subject" if ref is not None else None,
            ref=ref,
            owner=owner or None,
            purpose=purpose,
            at=self.clock(),
            detail=detail,
        )

    def record(self, events: list[NewEvent], notices: list[NewNotification] | None = None) -> None:
        """Append the events of a read (and the owners' notifications) before the answer
        leaves, through the journal, which commits the waiting writes of concurrent requests
        together: reads run outside any write lock (on SQLite one writer at a time), and an
        answer whose events could not be written is not given."""
        self.journal.write(events, notices or ())

    def view(self, who: Principal) -> AccessView:
        """The caller's view of the agreements in force today, kept for up to a second."""
        kept = self.kept_view(who)
        if kept is not None:
            return kept
        return self._read_view((who.viewer(), self.clock().date()))

    def kept_view(self, who: Principal) -> AccessView | None:
        """The caller's view if a read of it began less than a second ago; None otherwise.
        Reads nothing from the database here (an asynchronous route calls ``view`` on its event
        loop when this finds it, else on a thread): one kept for half a second is read again
        in the background."""
        key = (who.viewer(), self.clock().date())
        kept = self._views.get(key)
        if kept is None or not self._in_time(kept[0], ("view", key), self._read_view, key):
            return None
        return kept[1]

    def _read_view(self, key: tuple[Viewer, date]) -> AccessView:
        began, generation = time.monotonic(), self._generation
        with self.db.uow(read_only=True) as uow:
            made = access_view(uow, key[0], key[1])
        self._keep(self._views, key, (began, made), generation)
        return made

    def read_subject(self, who: Principal, uid: str, purpose: str | None) -> SubjectRecord:
        """The record of ``uid`` if the caller sees it in full; else "no subject", as for a uid
        that does not exist."""
        require(who.roles, Permission.READ_SUBJECTS)
        why = check_purpose(purpose)
        with self.db.uow(read_only=True) as uow:
            view = access_view(uow, who.viewer(), self.clock().date())
            if level_of(uow, view, uid)[0] is not Visibility.FULL:
                raise NotFoundError(f"no subject {uid}")
            record = uow.subjects.get(uid)
        self.record([self._event(who, AuditAction.READ, why, ref=uid, owner=record.owner)])
        return record

    def list_subjects(
        self, who: Principal, purpose: str | None, owner: str | None, limit: int, offset: int
    ) -> list[SubjectRecord]:
        """The subjects the caller sees in full (of ``owner`` when given), in uid order, a
        page."""
        require(who.roles, Permission.READ_SUBJECTS)
        why = check_purpose(purpose)
        with self.db.uow(read_only=True) as uow:
            view = access_view(uow, who.viewer(), self.clock().date())
            seen = levels(uow, view, owner=owner)
            visible = sorted(uid for uid, level in seen.items() if level is Visibility.FULL)
            page = uow.subjects.get_many(visible[offset : offset + limit])
        events = [self._event(who, AuditAction.LIST, why, owner_filter=owner, returned=len(page))]
        events += [self._event(who, AuditAction.LIST, why, ref=r.uid, owner=r.owner) for r in page]
        self.record(events)
        return page

    def export_subjects(self, who: Principal, purpose: str | None) -> Iterator[str]:
        """Every record the caller sees in full, as JSON lines (one audit event for the
        export, naming the count; the owners' reports get one event per owner)."""
        require(who.roles, Permission.EXPORT_SUBJECTS)
        why = check_purpose(purpose)
        with self.db.uow(read_only=True) as uow:
            view = access_view(uow, who.viewer(), self.clock().date())
            uids = sorted(u for u, lv in levels(uow, view).items() if lv is Visibility.FULL)
            records = uow.subjects.get_many(uids)
        per_owner: dict[str, int] = {}
        for record in records:
            per_owner[record.owner or ""] = per_owner.get(record.owner or "", 0) + 1
        self.record(
            [
                self._event(who, AuditAction.EXPORT, why, ref=f"{n} subjects", owner=code, count=n)
                for code, n in sorted(per_owner.items())
            ]
        )
        return (json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)

    def search(
        self, who: Principal, purpose: str | None, name: str, **options: Unpack[SearchOptions]
    ) -> list[SearchHit]:
        """Ranked matches among what the caller sees (``ask``), once their audit events are
        committed."""
        return self.ask(who, purpose, name, **options).result()

    def ask(
        self,
        who: Principal,
        purpose: str | None,
        name: str,
        *,
        birth_date: str | None = None,
        nationality: str | None = None,
        gender: str | None = None,
        top: int = 10,
        threshold: float = 0.0,
        hit_check: bool = False,
    ) -> Future[list[SearchHit]]:
        """Ranked matches among what the caller sees. Subjects seen only at ``hit`` appear as
        hits (owner and reference) when they reach the default threshold. A hit check
        (``hit_check``) answers only at or above the default threshold.

        Checks the request (raising for a bad one), then returns at once: the search is
        handed to the searcher, which runs the queries waiting together as one batch, and
        its audit events and notifications to the journal. The future holds the answer once
        its events are committed (or what the search or the commit raised): no answer is
        given before its events are written."""
        require(who.roles, Permission.HIT_CHECK if hit_check else Permission.SEARCH_SUBJECTS)
        why = check_purpose(purpose)
        if not name.strip():
            raise ValidationError("name: give a name to search for")
        if not 1 <= top <= 100:
            raise ValidationError("top: 1 to 100")
        if birth_date:
            try:
                query_birth(birth_date)
            except ValueError as error:
                raise ValidationError(f"birth_date: {error}") from None
        default = DEFAULT_CONFIG.threshold
        floor = max(threshold, default) if hit_check else threshold
        query = Query(name, birth_date, nationality, gender)
        # The search runs outside any transaction; its events are written after it.
        found = self.searcher.submit(
            self.view(who), query, top=top, threshold=floor, hit_threshold=default
        )
        answer: Future[list[SearchHit]] = Future()

        def searched(done: Future[list[Found]]) -> None:  # on the searcher's thread
            try:
                out, events, notices = self._answer(who, why, name, hit_check, done.result())
                written = self.journal.submit(events, notices)
            except BaseException as error:
                answer.set_exception(error)
                return
            written.add_done_callback(functools.partial(_settle, answer, out))

        found.add_done_callback(searched)
        return answer

    def _answer(
        self, who: Principal, why: str, name: str, hit_check: bool, found: list[Found]
    ) -> tuple[list[SearchHit], list[NewEvent], list[NewNotification]]:
        """A search's answer as the caller may see it, its audit events, and the owners'
        notifications."""
        out = []
        for f in found:  # hits come only at or above ``hit_threshold`` (the gallery's rule)
            shown = f if f.level is Visibility.FULL else None
            reference = self.reference(f.match.uid)
            out.append(SearchHit(f.level, f.owner, reference, f.match.uid, shown))
        action = AuditAction.HIT_CHECK if hit_check else AuditAction.SEARCH
        events = [self._event(who, action, why, query=name, returned=len(out))]
        events += [  # each owner learns, in its access report, who matched its record
            self._event(
                who,
                action,
                why,
                ref=h.uid,
                owner=h.owner,
                level=h.level.value,
                reference=h.reference,
            )
            for h in out
        ]
        # The owner of a record another agency hit is told, and by whom: every hit of a hit
        # check, and the hit-only results of a search (a list authority is not told).
        now = self.clock()
        notices = [
            NewNotification(
                agency=h.owner,
                kind="hit",
                subject_uid=h.uid,
                reference=h.reference,
                by_agency=who.agency,
                by_username=who.username,
                action=action.value,
                purpose=why,
                detail={"level": h.level.value},
                at=now,
            )
            for h, f in zip(out, found, strict=True)
            if h.owner != who.agency
            and not f.published
            and (hit_check or h.level is Visibility.HIT)
        ]
        return out, events, notices

    # Notifications: what the agency is told of hits on its records.

    def notifications(
        self, who: Principal, unread: bool, limit: int, offset: int
    ) -> list[Notification]:
        """The caller's inbox: the agency's notifications of the kinds the caller's roles
        are told of, with the caller's own read marks, newest first."""
        kinds = notice_kinds(who.roles)
        with self.db.uow(read_only=True) as uow:
            found = uow.notifications.for_user(
                who.agency, who.username, kinds, unread=unread, limit=limit, offset=offset
            )
        self.record([self._inbox_event(who, returned=len(found))])
        return found

    def _inbox_event(self, who: Principal, **detail: object) -> NewEvent:
        return audit_event(
            who,
            AuditAction.READ,
            object_type="notifications",
            ref=who.agency,
            owner=who.agency,
            at=self.clock(),
            detail=detail,
        )

    def read_notification(self, who: Principal, notification_id: int) -> None:
        """Mark a notification of the caller's inbox read, for the caller."""
        kinds = notice_kinds(who.roles)
        with self.db.uow() as uow:
            ok = 0 < notification_id <= _MAX_ID and uow.notifications.mark_read(
                notification_id, who.agency, kinds, who.username, self.clock()
            )
        if not ok:
            raise NotFoundError(f"no notification {notification_id}")

    def stream_position(self, who: Principal, last_event_id: str | None) -> int:
        """Where a stream of the caller's notifications starts: after ``last_event_id`` (a
        client resuming), else after the newest notification now. Opening it is audited."""
        notice_kinds(who.roles)
        try:
            after = int(last_event_id) if last_event_id else None
        except ValueError:
            raise ValidationError("Last-Event-ID: a notification id") from None
        if after is None or not 0 <= after <= _MAX_ID:
            with self.db.uow(read_only=True) as uow:
                after = uow.notifications.last_id()
        self.record([self._inbox_event(who, stream_after=after)])
        return after

    def notifications_after(self, who: Principal, after: int) -> list[Notification]:
        """The caller's inbox notifications newer than ``after``, oldest first (a stream's
        next events)."""
        kinds = notice_kinds(who.roles)
        with self.db.uow(read_only=True) as uow:
            return uow.notifications.for_user(
                who.agency, who.username, kinds, after=after, limit=100, oldest_first=True
            )

    # The council's figures.

    def statistics(self, who: Principal, period: str, form: str = "json") -> CouncilStatistics:
        """The figures of ``period`` the caller's agency may see (``services.statistics``);
        ``form`` (a table, a chart, the report) is kept in the audit event."""
        require(who.roles, Permission.READ_STATISTICS)
        span = Period.parse(period)
        now = self.clock()
        with self.db.uow(read_only=True) as uow:
            found = council_statistics(uow, who.agency, span, now)
        event = audit_event(
            who,
            AuditAction.READ,
            object_type="statistics",
            ref=span.label,
            owner=who.agency,
            at=now,
            detail={"scope": list(found.scope), "form": form},
        )
        self.record([event])
        return found

    def council_report(self, who: Principal, period: str) -> bytes:
        """The council report of ``period`` as PDF: the caller's agency's figures and charts."""
        return council_pdf(self.statistics(who, period, "report.pdf"))

    # Writes of subjects (the owner's only; see ``editing``), then the gallery follows.

    def create_subject(
        self, who: Principal, record: SubjectRecord, reason: str | None = None
    ) -> SubjectRecord:
        refuse_nul(record.model_dump(), "body")
        refuse_nul(reason, "reason")
        now = self.clock()
        with self.db.uow() as uow:
            stored = create_subject(
                uow, access_view(uow, who.viewer(), now.date()), who, record, now, reason
            )
        self.sync()
        return stored

    def update_subject(
        self, who: Principal, uid: str, record: SubjectRecord, reason: str | None = None
    ) -> SubjectRecord:
        refuse_nul(record.model_dump(), "body")
        refuse_nul(reason, "reason")
        now = self.clock()
        with self.db.uow() as uow:
            view = access_view(uow, who.viewer(), now.date())
            stored = update_subject(uow, view, who, uid, record, now, reason)
        self.sync()
        return stored

    def delete_subject(self, who: Principal, uid: str, reason: str) -> None:
        now = self.clock()
        with self.db.uow() as uow:
            delete_subject(uow, access_view(uow, who.viewer(), now.date()), who, uid, reason, now)
        self.sync()

    def history(self, who: Principal, uid: str, purpose: str | None) -> list[SubjectVersion]:
        """Every version of a subject the caller sees in full (or owns, deleted too)."""
        require(who.roles, Permission.READ_SUBJECTS)
        why = check_purpose(purpose)
        with self.db.uow(read_only=True) as uow:
            view = access_view(uow, who.viewer(), self.clock().date())
            found, marks = level_of(uow, view, uid, include_deleted=True)
            if found is not Visibility.FULL or marks is None:
                raise NotFoundError(f"no subject {uid}")
            owner = marks.owner
            versions = uow.subjects.versions(uid)
        self.record([self._event(who, AuditAction.READ, why, ref=uid, owner=owner, what="history")])
        return versions

    # The audit trail (``services.auditing``): reading it is an audit event.

    def accesses(
        self, who: Principal, since: datetime | None, until: datetime | None
    ) -> list[dict[str, object]]:
        """Who accessed the caller's agency's records (auditors)."""
        require(who.roles, Permission.READ_AUDIT)
        wanted = AccessFilter.checked(since, until)
        with self.db.uow(read_only=True) as uow:
            rows = list(uow.audit.accesses(who.agency, wanted.since, wanted.until))
        self.record([auditing.report_event(who, wanted, self.clock())])
        return [
            {
                "seq": a.seq,
                "at": a.at.isoformat(),
                "username": a.username,
                "agency": a.agency,
                "action": a.action,
                "object_type": a.object_type,
                "object_ref": a.object_ref,
                "purpose": a.purpose,
            }
            for a in rows
        ]

    def access_page(
        self, who: Principal, wanted: AccessFilter, before: int | None = None, size: int = 100
    ) -> AccessPage:
        """``size`` lines of ``accesses`` (filtered by ``wanted``), newest first, before seq
        ``before`` (None: the newest), read down an index whatever the log's length."""
        require(who.roles, Permission.READ_AUDIT)
        if not 0 < size <= 1000:
            raise ValidationError("size: from 1 to 1000 lines")
        if before is not None and not 0 < before <= _MAX_ID:
            raise ValidationError("before: not a position in the audit log")
        with self.db.uow(read_only=True) as uow:
            found = auditing.access_page(uow, who.agency, wanted, before, size)
        self.record([auditing.report_event(who, wanted, self.clock(), before=before)])
        return found

    def access_report(self, who: Principal, wanted: AccessFilter) -> Iterator[Access]:
        """Every line of ``accesses`` (filtered by ``wanted``) up to now, newest first. The
        report is recorded before it is returned; it is read a batch at a time as consumed."""
        require(who.roles, Permission.READ_AUDIT)
        with self.db.uow(read_only=True) as uow:
            head, _hash = uow.audit.head()
        self.record([auditing.report_event(who, wanted, self.clock(), form="csv")])
        return auditing.stream_accesses(self.db, who.agency, wanted, head + 1)

    def verify_audit(self, who: Principal) -> ChainCheck:
        """The whole chain recomputed and compared with the stored checkpoints, as ``interlink
        audit verify`` without keys does (signatures not checked); the verification is an
        audit event naming its verdict, and this worker keeps it (``last_verification``)."""
        require(who.roles, Permission.VERIFY_AUDIT)
        with self.db.uow(read_only=True) as uow:
            check = auditing.verify_log(uow, self.clock())
        self.record([auditing.verification_event(who, check)])
        self._verified = check
        return check

    def last_verification(self, who: Principal) -> ChainCheck | None:
        """The last ``verify_audit`` of this worker, if any since it started."""
        require(who.roles, Permission.VERIFY_AUDIT)
        return self._verified

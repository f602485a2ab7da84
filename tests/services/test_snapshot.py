"""The gallery's snapshot: a hub started again loads it and applies the changes of the feed made
since, and finds what a hub built from the database finds; a snapshot that is altered, signed
under another secret, made by other code, cut short, from another database or too far behind
is never used (a pickle is code: one not signed by the hub is never unpickled), and the gallery
is built anew; a write that fails leaves the old snapshot whole."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import pickle
import stat
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete

from interlink.auth import hash_password
from interlink.domain.agencies import Role
from interlink.exc import Location
from interlink.formats.base import SourceRecord
from interlink.services import hub as hub_module
from interlink.services import snapshot
from interlink.services.accounts import Principal
from interlink.services.gallery import Gallery
from interlink.services.hub import Hub
from interlink.services.importing import import_records
from interlink.services.world import World, generate_world
from interlink.services.world.loading import load_world
from interlink.settings import Settings
from interlink.store import Database
from interlink.store.tables import gallery_snapshots

SECRET = "test secret of the hub, long enough to pass"
OTHER_SECRET = "another hub's secret, also long enough"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class Builds:
    """Counts the galleries built (``Gallery.build``) while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = Gallery.build

        def counted(cls: type[Gallery], *args: object, **kwargs: object) -> Gallery:
            self.count += 1
            return original(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Gallery, "build", classmethod(counted))


@pytest.fixture
def world_db(db: Database) -> Database:
    load_world(db, generate_world(11, 300), hash_password("not used here"))
    return db


def _add(db: Database, world: World) -> None:
    """Import the subjects of ``world`` (not its agencies or users), owned by RU-FSB."""
    records = (
        SourceRecord(g.record.model_copy(update={"owner": "RU-FSB"}), Location("test"))
        for g in world.subjects()
    )
    import_records(db, records, fmt="demo", source="test", sha256="0" * 64, actor="test")


@pytest.fixture
def written(world_db: Database, tmp_path: Path) -> Path:
    """The snapshot a first start on ``world_db`` wrote."""
    path = tmp_path / "gallery"
    Hub.open(_settings(world_db, path)).close()
    return path


def _settings(db: Database, path: Path, secret: str = SECRET, **more: object) -> Settings:
    return Settings(database_url=db.url, secret_key=secret, snapshot_file=path, **more)


@contextlib.contextmanager
def _opened(settings: Settings) -> Iterator[Hub]:
    hub = Hub.open(settings)
    try:
        yield hub
    finally:
        hub.close()


def _found(hub: Hub, names: list[str]) -> list[list[tuple[str, float, str]]]:
    """What two agencies' analysts find for ``names``, with the level each sees."""
    with hub.db.uow(read_only=True) as uow:
        users = [u for u in uow.users.all() if Role.ANALYST in u.roles]
    out = []
    for user in (users[0], users[-1]):
        view = hub.view(Principal.from_user(user))
        for name in names:
            found = hub.gallery.search(view, name, top=5, threshold=0.3)
            out.append([(f.match.uid, round(f.match.score, 9), f.level.value) for f in found])
    return out


def _names() -> list[str]:
    return [g.record.primary_name.full for g in generate_world(11, 300).subjects()][::10]


def test_a_hub_started_again_loads_its_snapshot_and_the_changes_made_since(
    world_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gallery"
    settings = _settings(world_db, path)
    first = Hub.open(settings)
    first.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the records, as the database
    # Changes made after the snapshot: subjects added, others deleted.
    _add(world_db, generate_world(12, 20))
    gone = [f"world:11:{k}" for k in (3, 4, 5)]
    with world_db.uow() as uow:
        for uid in gone:
            uow.subjects.soft_delete(uid, "test", "CTC-SEC", "test", NOW)
    builds = Builds(monkeypatch)
    loaded = Hub.open(settings)
    try:
        assert builds.count == 0  # loaded, not built
        assert all(uid not in loaded.gallery._index for uid in gone)
        added = [g.record for g in generate_world(12, 20).subjects()]
        assert all(r.uid in loaded.gallery._index for r in added)
        names = _names() + [r.primary_name.full for r in added]
        with _opened(_settings(world_db, path, snapshots=False)) as fresh:
            assert builds.count == 1
            assert len(fresh.gallery) == len(loaded.gallery) == 300 + 20 - 3
            assert _found(loaded, names) == _found(fresh, names)
        # A change applied to a loaded gallery is found as in a fresh one.
        with world_db.uow() as uow:
            uow.subjects.soft_delete(added[0].uid, "test", "CTC-SEC", "test", NOW)
        assert loaded.sync() == 1 and added[0].uid not in loaded.gallery._index
    finally:
        loaded.close()


def test_by_default_the_snapshot_is_kept_beside_an_sqlite_database_file(tmp_path: Path) -> None:
    def path(url: str, **more: object) -> Path | None:
        return snapshot.snapshot_path(Settings(database_url=url, **more))

    assert path(f"sqlite:///{tmp_path}/hub.db") == tmp_path / "hub.db.gallery"
    assert path(f"sqlite:///{tmp_path}/hub.db", snapshots=False) is None
    assert path("sqlite://") is None and path("sqlite:///:memory:") is None
    assert path("postgresql+psycopg://u@localhost:5432/hub") is None
    given = tmp_path / "elsewhere"
    assert path("postgresql+psycopg://u@localhost:5432/hub", snapshot_file=given) == given


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("change", "secret", "why"),
    [
        (_flip, SECRET, "signature does not verify"),
        (_cut, SECRET, "the database does not know it"),  # its last bytes, the MAC, are others
        (lambda _path: None, OTHER_SECRET, "signature does not verify"),
        ("other code", SECRET, "made by other code"),
        ("too far behind", SECRET, "changes behind the feed"),
        ("another database", SECRET, "the database does not know it"),
        ("an older database", SECRET, "the feed ends before the change it was made at"),
        ("other list authorities", SECRET, "the list authorities changed since"),
    ],
    ids=[
        "altered",
        "cut short",
        "other secret",
        "other code",
        "behind",
        "other db",
        "older db",
        "authorities",
    ],
)
def test_a_snapshot_that_cannot_be_trusted_is_not_used_and_the_gallery_is_built(
    world_db: Database,
    written: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    change: Callable[[Path], None] | str,
    secret: str,
    why: str,
) -> None:
    path = written
    if change == "other code":
        monkeypatch.setattr(snapshot, "code_digest", lambda: "0" * 64)
    elif change == "too far behind":
        monkeypatch.setattr(hub_module, "_SNAPSHOT_BEHIND", 0)
        with world_db.uow() as uow:
            uow.subjects.soft_delete("world:11:7", "test", "CTC-SEC", "test", NOW)
    elif change == "another database":  # or the same restored from a backup taken before
        with world_db.engine.begin() as conn:
            conn.execute(delete(gallery_snapshots))
    elif change == "an older database":  # a backup from before the snapshot, restored
        _rewrite_stamp(path, seq=10**6)
    elif change == "other list authorities":  # an agency's records published, or no longer
        _rewrite_stamp(path, publishers=("XX-LIST",))
    else:
        assert callable(change)
        change(path)
    builds = Builds(monkeypatch)
    caplog.set_level(logging.WARNING, "interlink.snapshot")
    with _opened(_settings(world_db, path, secret)) as hub:
        assert builds.count == 1
        assert why in caplog.text
        with _opened(_settings(world_db, tmp_path / "fresh", snapshots=False)) as fresh:
            assert _found(hub, _names()) == _found(fresh, _names())
    # The snapshot written anew is used by the next start.
    with _opened(_settings(world_db, path, secret)):
        assert builds.count == 2


def _rewrite_stamp(path: Path, **changed: object) -> None:
    """Sign again, with fields of its stamp ``changed``, the snapshot at ``path``: as if made
    from another database."""
    stamp, payload = _parts(path)
    _write(path, snapshot.Stamp(**{**_fields(stamp), **changed}), payload, SECRET)  # type: ignore[arg-type]


def _parts(path: Path) -> tuple[snapshot.Stamp, bytes]:
    """A snapshot's stamp and pickled gallery."""
    data = path.read_bytes()
    magic = len(snapshot._MAGIC)
    size = int.from_bytes(data[magic : magic + 4], "big")
    stamp = snapshot._stamp_of(data[magic + 4 : magic + 4 + size])
    assert stamp is not None
    return stamp, data[magic + 4 + size : -32]


def _fields(stamp: snapshot.Stamp) -> dict[str, object]:
    return {name: getattr(stamp, name) for name in snapshot.Stamp.__slots__}


def _write(path: Path, stamp: snapshot.Stamp, payload: bytes, secret: str) -> None:
    header = snapshot.header_of(stamp)
    body = snapshot._MAGIC + len(header).to_bytes(4, "big") + header + payload
    key = hmac.new(secret.encode(), b"interlink gallery snapshot", hashlib.sha256).digest()
    path.write_bytes(body + hmac.new(key, body, hashlib.sha256).digest())


class _Planted:
    """A pickle that runs code when loaded: it makes a directory."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def __reduce__(self) -> tuple[Callable[[str], None], tuple[str]]:
        return (os.mkdir, (str(self.where),))


def test_a_snapshot_not_signed_by_the_hub_is_never_unpickled(
    world_db: Database, written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written
    stamp, _payload = _parts(path)
    planted = tmp_path / "planted"
    # A stamp the database agrees with and this code's digest, with a payload that runs
    # code, signed under a secret the hub does not hold.
    # Even with the database made to know that MAC.
    _write(path, stamp, pickle.dumps(_Planted(planted)), OTHER_SECRET)
    with world_db.uow() as uow:
        uow.subjects.add_snapshot(path.read_bytes()[-32:].hex(), stamp.seq, NOW)
    builds = Builds(monkeypatch)
    with _opened(_settings(world_db, path)):
        assert builds.count == 1
    assert not planted.exists()
    # The same payload signed under the hub's secret is what the MAC stands between: it
    # would run (and is then refused as holding no gallery).
    _write(path, stamp, pickle.dumps(_Planted(planted)), SECRET)
    assert snapshot.load(path, SECRET, lambda _stamp, _mac: None) is None
    assert planted.exists()


def test_a_snapshot_whose_write_fails_leaves_the_one_before_whole(
    world_db: Database, written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written
    before = path.read_bytes()

    def failing(obj: object, file: object, protocol: int) -> None:
        file.write(b"x" * 1000)  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot.pickle, "dump", failing)
    monkeypatch.setattr(hub_module, "_SNAPSHOT_BEHIND", 0)  # so that it builds and writes
    with world_db.uow() as uow:
        uow.subjects.soft_delete("world:11:7", "test", "CTC-SEC", "test", NOW)
    with _opened(_settings(world_db, path)) as hub:  # the hub runs without writing one
        assert "world:11:7" not in hub.gallery._index
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gallery")) == [
        "gallery",
        "gallery.lock",
    ]


def test_workers_starting_together_build_once_and_the_others_load(
    world_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gallery"
    builds = Builds(monkeypatch)
    # Migrated already; alembic's context is per process, and these are threads.
    monkeypatch.setattr(Database, "migrate", lambda self: None)
    hubs: list[Hub] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            hubs.append(Hub.open(_settings(world_db, path)))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not errors
        assert builds.count == 1 and len(hubs) == 3
        assert len({len(h.gallery) for h in hubs}) == 1
        assert _found(hubs[0], _names()) == _found(hubs[-1], _names())
    finally:
        for hub in hubs:
            hub.close()


def test_a_snapshot_loaded_far_behind_the_feed_is_written_again_caught_up(
    world_db: Database, written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written
    before, _payload = _parts(path)
    monkeypatch.setattr(hub_module, "_SNAPSHOT_AGAIN", 2)
    with world_db.uow() as uow:
        uow.subjects.soft_delete("world:11:7", "test", "CTC-SEC", "test", NOW)
    builds = Builds(monkeypatch)
    Hub.open(_settings(world_db, path)).close()  # one change behind: loaded, not written
    assert _parts(path)[0] == before
    with world_db.uow() as uow:
        uow.subjects.soft_delete("world:11:8", "test", "CTC-SEC", "test", NOW)
    with _opened(_settings(world_db, path)) as hub:  # two behind: loaded, written again
        assert "world:11:8" not in hub.gallery._index
    after, _payload = _parts(path)
    assert after.seq == before.seq + 2 and builds.count == 0
    with _opened(_settings(world_db, path)) as hub:  # and the next start loads that one
        assert builds.count == 0 and "world:11:7" not in hub.gallery._index

"""A signed snapshot of the hub's gallery: a worker starts by loading it, and applying the
changes of the feed made since, rather than building the index from every subject of the
database (a quarter of an hour at 1,000,000 subjects; docs/benchmarks.md).

The file is a magic line, a JSON header (``Stamp``: what the snapshot was made from, and by
which code), the pickled gallery, then an HMAC-SHA256 of everything before it under a key
derived from the hub's secret. A pickle is code, so a snapshot is unpickled only once its MAC
verifies: a file written by anyone without the secret is refused unread, as is one cut short.
It is used only when it was made by this very code (a digest of the package's sources and of
the Python and numpy versions), when the database it is loaded against knows its MAC (the hub
notes each snapshot it writes in the database: not another database, nor one restored from a
backup taken before the snapshot), when the list authorities are the same, and when it is not
too far behind the feed. Otherwise the gallery is built as before and a new snapshot written.

A snapshot is written to a temporary file beside it, flushed to disk, then renamed over the
old one: a crash mid-way leaves the old snapshot or none, never half of one. It is readable by
its owner only, as the database file is: it holds the same records. Workers starting together
take a lock on ``<snapshot>.lock``: the first builds and writes, the others wait and load.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import hmac
import json
import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from sqlalchemy.engine import make_url

import interlink
from interlink.matching.gcpause import paused_gc
from interlink.services.gallery import Gallery
from interlink.settings import Settings

__all__ = ["Stamp", "code_digest", "header_of", "load", "locked", "save", "snapshot_path"]

log = logging.getLogger("interlink.snapshot")

_MAGIC = b"INTERLINK-GALLERY-SNAPSHOT 1\n"
_MAC_SIZE = hashlib.sha256().digest_size
_HEADER_MAX = 1 << 20
_CHUNK = 1 << 22


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a snapshot was made from: the last change of the feed it holds, the list
    authorities then, how many subjects, and the code that made it (``code_digest``)."""

    seq: int
    publishers: tuple[str, ...]
    subjects: int
    code: str


def snapshot_path(settings: Settings) -> Path | None:
    """Where the hub keeps its snapshot: ``INTERLINK_SNAPSHOT_FILE``, else beside an SQLite
    database file (``<file>.gallery``); None when snapshots are off or there is no such file
    (a server database without the setting, an in-memory database)."""
    if not settings.snapshots:
        return None
    if settings.snapshot_file is not None:
        return settings.snapshot_file
    url = make_url(settings.database_url)
    file = url.database or ""
    if url.get_backend_name() != "sqlite" or file in ("", ":memory:") or file.startswith("file:"):
        return None
    return Path(file + ".gallery")


@functools.cache
def code_digest() -> str:
    """A digest of what decides a snapshot's layout and meaning: every source file of the
    package, and the Python and numpy versions. Any change to the code makes the next start
    build anew."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\n{np.__version__}\n{pickle.HIGHEST_PROTOCOL}\n".encode())
    root = Path(interlink.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _mac_key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"interlink gallery snapshot", hashlib.sha256).digest()


@contextlib.contextmanager
def locked(path: Path | None) -> Iterator[None]:
    """Hold ``<path>.lock`` for the block (nothing when ``path`` is None): one worker builds
    and writes a snapshot while the others wait to load it."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


class _Signed:
    """A file written through an HMAC: what ``pickle.dump`` writes is signed as it goes."""

    def __init__(self, out: BinaryIO, mac: hmac.HMAC) -> None:
        self._out, self._mac = out, mac

    def write(self, data: bytes) -> int:
        self._mac.update(data)
        return self._out.write(data)


def save(path: Path, gallery: Gallery, stamp: Stamp, secret: str) -> str:
    """Write ``gallery`` as a snapshot at ``stamp`` to ``path``, whole or not at all; its MAC
    (hex), which names it."""
    header = header_of(stamp)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            mac = hmac.new(_mac_key(secret), digestmod=hashlib.sha256)
            signed = _Signed(out, mac)
            signed.write(_MAGIC + len(header).to_bytes(4, "big") + header)
            with paused_gc():  # the states made are garbage, the gallery's millions are not
                pickle.dump(gallery, signed, protocol=pickle.HIGHEST_PROTOCOL)
            signature = mac.digest()
            out.write(signature)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return signature.hex()


def load(
    path: Path, secret: str, usable: Callable[[Stamp, str], str | None]
) -> tuple[Gallery, Stamp] | None:
    """The gallery of the snapshot at ``path`` and its stamp, or None (and a log line that says
    why) when there is none, when it was made by other code, when ``usable`` gives a reason
    against its stamp and MAC (hex, not verified yet), or when its MAC does not verify under
    ``secret``."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        stamp, why = _stamp(handle)
        start = handle.tell()  # the pickle's
        if stamp is not None and stamp.code != code_digest():
            why = "made by other code"
        elif stamp is not None:
            handle.seek(-_MAC_SIZE, os.SEEK_END)
            why = usable(stamp, handle.read(_MAC_SIZE).hex())
        if why is None and not _verified(handle, secret):
            why = "its signature does not verify (another secret, or the file was altered)"
        if stamp is None or why is not None:
            log.warning("gallery snapshot %s not used: %s", path, why)
            return None
        handle.seek(start)
        with paused_gc():
            gallery = pickle.load(handle)  # signed by this hub: see the module's docstring
    if not isinstance(gallery, Gallery):
        log.warning("gallery snapshot %s not used: it holds no gallery", path)
        return None
    return gallery, stamp


def _stamp(handle: BinaryIO) -> tuple[Stamp | None, str | None]:
    """The stamp in a snapshot's header (not verified yet), or None and why not."""
    if handle.read(len(_MAGIC)) != _MAGIC:
        return None, "not a gallery snapshot of this format"
    size = int.from_bytes(handle.read(4), "big")
    stamp = _stamp_of(handle.read(size)) if size <= _HEADER_MAX else None
    return stamp, None if stamp is not None else "its header is malformed"


def header_of(stamp: Stamp) -> bytes:
    """A snapshot's header: its stamp in JSON."""
    return json.dumps(asdict(stamp), sort_keys=True).encode()


def _stamp_of(header: bytes) -> Stamp | None:
    """The stamp a header holds, or None for a malformed one."""
    try:
        fields = json.loads(header)
        fields["publishers"] = tuple(fields["publishers"])
        return Stamp(**fields)
    except (ValueError, TypeError, KeyError):
        return None


def _verified(handle: BinaryIO, secret: str) -> bool:
    """Whether the file's last bytes are the HMAC of all before them under ``secret``."""
    size = handle.seek(0, os.SEEK_END)
    if size < len(_MAGIC) + 4 + _MAC_SIZE:
        return False
    mac = hmac.new(_mac_key(secret), digestmod=hashlib.sha256)
    handle.seek(0)
    left = size - _MAC_SIZE
    while left:
        chunk = handle.read(min(_CHUNK, left))
        if not chunk:
            return False
        mac.update(chunk)
        left -= len(chunk)
    return hmac.compare_digest(mac.digest(), handle.read(_MAC_SIZE))

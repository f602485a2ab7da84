"""The database handle: engine, dialect set-up, migrations and units of work.

All dialect-specific behaviour lives here and in ``uow``: SQLite gets WAL, foreign keys and real
transactions (pysqlite's implicit ones are switched off); PostgreSQL needs nothing special.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from interlink.store.uow import UnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"
READ_ONLY = "interlink_read_only"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so BEGIN/COMMIT are ours (all-or-nothing imports).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A transaction that reads and then writes must hold the write lock from its start: in
        # WAL mode a deferred one that read before another connection committed cannot write
        # at all (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out). Nearly every unit of
        # work writes (an audit event at least); long reads ask for a deferred one.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class Database:
    """One database: make it from a URL, migrate it, and open units of work on it."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.url = url
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url)
            _sqlite_setup(self.engine)
        elif self.dialect == "postgresql":
            self.engine = create_engine(url, pool_pre_ping=True)
        else:
            raise ValueError(f"unsupported database {self.dialect!r}: use sqlite or postgresql")

    def migrate(self) -> None:
        """Bring the schema to the newest migration. Safe to run on every start."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def is_initialised(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    @contextmanager
    def uow(self, *, read_only: bool = False) -> Iterator[UnitOfWork]:
        """A unit of work: one transaction, committed when the block ends, rolled back on error.
        ``read_only`` (a promise: it writes nothing) lets SQLite run it beside a writer, for
        long reads such as building the index."""
        with self.engine.connect() as connection:
            if read_only:
                connection = connection.execution_options(**{READ_ONLY: True})
            with connection.begin():
                yield UnitOfWork(connection, self.dialect)

    def dispose(self) -> None:
        self.engine.dispose()

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

_MIGRATIONS = Path(__file__).parent / "migrations"


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
        conn.exec_driver_sql("BEGIN")


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
        config.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def is_initialised(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    @contextmanager
    def uow(self) -> Iterator[UnitOfWork]:
        """A unit of work: one transaction, committed when the block ends, rolled back on error."""
        with self.engine.begin() as connection:
            yield UnitOfWork(connection, self.dialect)

    def dispose(self) -> None:
        self.engine.dispose()

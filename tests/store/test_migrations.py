from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from interlink.store import Database
from interlink.store.database import MIGRATIONS
from interlink.store.tables import metadata


def test_migrations_create_exactly_the_declared_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_migrate_twice_is_harmless(db: Database) -> None:
    db.migrate()
    assert set(metadata.tables) <= set(inspect(db.engine).get_table_names())


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_sqlite_database_with_data_upgrades_from_each_earlier_revision(tmp_path: Path) -> None:
    """Upgrading keeps the rows and the foreign keys that point at them: a migration must not
    rebuild a table others refer to (SQLite refuses to drop it with foreign keys on)."""
    for revision in ("0006", "0007", "0008"):
        db = Database(f"sqlite:///{tmp_path / f'from-{revision}.db'}")
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        now = datetime(2026, 11, 22, 9, 0)
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO agencies (id, code, name, kind, country, created_at) "
                    "VALUES (1, 'UA-SBU', 'UA', 'security', 'UA', :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO users (id, username, agency_id, display_name, clearance, "
                    "created_at) VALUES (1, 'ua.analyst', 1, 'Analyst', 'secret', :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO agreements (id, code, title, kind, valid_from, created_at) "
                    "VALUES (1, 'UA-KZ', 'UA and KZ', 'bilateral', '2026-01-01', :now)"
                ),
                {"now": now},
            )
        db.migrate()
        with db.uow() as uow:
            assert uow.agencies.get("UA-SBU").four_eyes is True
            assert [u.username for u in uow.users.all("UA-SBU")] == ["ua.analyst"]
            assert uow.agreements.get("UA-KZ").response_hours == {}
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        db.dispose()

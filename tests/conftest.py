"""Test fixtures. The strategy:

- ``db`` is the fixture most tests use. It is parametrised over both databases, so every test
  that takes it runs once on SQLite and once on PostgreSQL (ids ``[sqlite]`` and
  ``[postgresql]``). SQLite gets a fresh file per test; PostgreSQL gets one migrated database per
  test worker, emptied before each test (TRUNCATE is far cheaper than a new database).
- The PostgreSQL cluster is the suite's own: started once per worker in a temporary directory on
  a free port (``pgcluster.py``), stopped at the end. A machine without PostgreSQL fails the
  suite; it does not skip.
- Fixture files that tests read live in ``tests/fixtures/`` (small, with sources noted beside
  them) or are read from ``../shared/data`` (large public lists).
- Dask screening tests share one ``LocalCluster`` of two worker processes (``dask_cluster``),
  started once per test worker; they are marked ``xdist_group("dask")`` so that they all run on
  the same test worker and the cluster starts once. Each test indexes its own copy of a
  watchlist, so the workers' index caches of one test do not show in another.
- The summary at the end counts the tests that ran on each database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from interlink.store import Database
from interlink.store.tables import metadata
from tests.pgcluster import PostgresCluster

if TYPE_CHECKING:
    from distributed import Client

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_database(pg_cluster: PostgresCluster) -> Iterator[Database]:
    db = Database(pg_cluster.url())
    db.migrate()
    yield db
    db.dispose()


def _truncate(db: Database) -> None:
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'interlink.db'}")
        database.migrate()
        yield database
        database.dispose()
    else:
        pg: Database = request.getfixturevalue("pg_database")
        _truncate(pg)
        yield pg


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """SQLite only: for tests about the embedded default itself (files, WAL)."""
    database = Database(f"sqlite:///{tmp_path / 'interlink.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[Client]:
    """A client of two Dask worker processes, one thread each, on loopback: the cluster that
    ``interlink screen --dask local --workers 2`` starts."""
    from interlink.services.screening_dask import dask_client

    with dask_client("local", workers=2) as client:
        yield client


_BACKENDS = ("sqlite", "postgresql")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts: Counter[str] = Counter()
    for report in terminalreporter.stats.get("passed", []):
        if report.when != "call":
            continue
        for backend in _BACKENDS:
            if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid:
                counts[backend] += 1
    terminalreporter.write_sep("-", "database backends")
    for backend in _BACKENDS:
        terminalreporter.write_line(f"{backend}: {counts[backend]} tests passed")

"""`interlink screen` and `interlink judge` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from distributed import Client

from interlink.store import Database
from tests.cli.test_cli import UN_EXCERPT, run
from tests.conftest import SHARED_DATA

TRAVELLERS = """ref,name,birth_date,nationality
XX100/1,Ayman al-Zawahiri,1951-06-19,EG
XX100/2,Olivia Hartmann,1988-02-11,DE
XX100/3,أيمن محمد ربيع الظواهري,,
"""


def lines(path: Path) -> dict[str, dict[str, object]]:
    return {item["ref"]: item for item in map(json.loads, path.read_text().splitlines())}


def test_screen_alerts_on_the_listed_man_and_a_false_positive_stays_quiet(
    db: Database, tmp_path: Path
) -> None:
    travellers = tmp_path / "manifest.csv"
    travellers.write_text(TRAVELLERS, encoding="utf-8")
    out = tmp_path / "alerts.jsonl"
    result = run(
        db, "screen", str(UN_EXCERPT), str(travellers), "--output", str(out), "--workers", "1"
    )
    assert result.exit_code == 0, result.output
    found = lines(out)
    assert list(found) == ["XX100/1", "XX100/2", "XX100/3"]
    first = found["XX100/1"]["candidates"]
    assert isinstance(first, list) and first[0]["uid"] == "un:QDi.006"
    assert found["XX100/2"]["candidates"] == []
    arabic = found["XX100/3"]["candidates"]
    assert isinstance(arabic, list) and arabic[0]["uid"] == "un:QDi.006"
    assert "travellers alerting" in result.stderr

    key = str(found["XX100/1"]["traveller_key"])
    judged = run(
        db, "judge", key, "un:QDi.006", "--judgement", "false_positive", "--by", "officer.k"
    )
    assert judged.exit_code == 0, judged.output
    again = run(
        db, "screen", str(UN_EXCERPT), str(travellers), "--output", str(out), "--workers", "2"
    )
    assert again.exit_code == 0, again.output
    after = lines(out)
    assert after["XX100/1"]["candidates"] == []
    assert after["XX100/1"]["suppressed_false_positives"] == ["un:QDi.006"]
    assert after["XX100/3"]["candidates"] == arabic


def test_screen_reads_every_edifact_fixture(db: Database, tmp_path: Path) -> None:
    for path in sorted((SHARED_DATA / "paxlst").iterdir()) + sorted(
        (SHARED_DATA / "pnrgov").glob("*.edi")
    ):
        result = run(db, "screen", str(UN_EXCERPT), str(path), "--workers", "1")
        assert result.exit_code == 0, (path, result.output)
        assert all(json.loads(line)["ref"] for line in result.stdout.splitlines())


def test_a_broken_manifest_exits_2_and_names_the_segment(db: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.edi"
    broken.write_text(
        "UNB+UNOA:4+AIR+GOV+260101:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
        "NAD+FL+++DOE:JOHN'DTM+329:991332'UNT+5+1'UNZ+1+1'",
        encoding="utf-8",
    )
    result = run(db, "screen", str(UN_EXCERPT), str(broken), "--workers", "1")
    assert result.exit_code == 2
    assert "segment" in result.stderr and "(DTM)" in result.stderr and "broken.edi" in result.stderr


@pytest.mark.xdist_group("dask")
def test_screen_on_a_dask_cluster_writes_what_the_local_path_writes(
    db: Database, tmp_path: Path, dask_cluster: Client
) -> None:
    travellers = tmp_path / "manifest.csv"
    travellers.write_text(TRAVELLERS, encoding="utf-8")
    here, there = tmp_path / "here.jsonl", tmp_path / "there.jsonl"
    address = dask_cluster.scheduler.address
    local = run(db, "screen", str(UN_EXCERPT), str(travellers), "-o", str(here), "--workers", "1")
    assert local.exit_code == 0, local.output
    on_dask = run(
        db, "screen", str(UN_EXCERPT), str(travellers), "-o", str(there), "--dask", address
    )
    assert on_dask.exit_code == 0, on_dask.output
    assert there.read_text() == here.read_text()
    # One batch, so one worker; the other may hold the index from an earlier test.
    assert re.search(r"7 subjects indexed on [12] of 2 Dask workers", on_dask.stderr)

    key = str(lines(there)["XX100/1"]["traveller_key"])
    judged = run(
        db, "judge", key, "un:QDi.006", "--judgement", "false_positive", "--by", "officer.k"
    )
    assert judged.exit_code == 0, judged.output
    again = run(db, "screen", str(UN_EXCERPT), str(travellers), "-o", str(there), "--dask", address)
    assert again.exit_code == 0, again.output
    after = lines(there)
    assert after["XX100/1"]["candidates"] == []
    assert after["XX100/1"]["suppressed_false_positives"] == ["un:QDi.006"]
    assert after["XX100/3"]["candidates"] == lines(here)["XX100/3"]["candidates"]


@pytest.mark.xdist_group("dask")
def test_screen_with_dask_local_starts_and_stops_its_own_cluster(
    sqlite_db: Database, tmp_path: Path
) -> None:
    travellers = tmp_path / "manifest.csv"
    travellers.write_text(TRAVELLERS, encoding="utf-8")
    result = run(sqlite_db, "screen", str(UN_EXCERPT), str(travellers), "--dask", "local")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["ref"] for line in result.stdout.splitlines()] == [
        "XX100/1",
        "XX100/2",
        "XX100/3",
    ]
    assert "Dask workers" in result.stderr


@pytest.mark.xdist_group("dask")
def test_screen_with_dask_needs_a_watchlist_file_every_worker_reads(
    db: Database, tmp_path: Path, dask_cluster: Client
) -> None:
    travellers = tmp_path / "manifest.csv"
    travellers.write_text(TRAVELLERS, encoding="utf-8")
    address = dask_cluster.scheduler.address
    refused = run(db, "screen", "db", str(travellers), "--dask", address)
    assert refused.exit_code == 2
    assert "export the database first" in refused.stderr
    missing = tmp_path / "missing.jsonl"
    unread = run(db, "screen", str(missing), str(travellers), "--dask", address)
    assert unread.exit_code == 2
    assert f"{missing}: cannot be read on Dask worker tcp://" in unread.stderr

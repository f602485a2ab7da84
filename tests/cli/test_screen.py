"""`interlink screen` and `interlink judge` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

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

"""The command line as a user drives it: every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from interlink.cli import app
from interlink.domain.codes import Priority
from interlink.services.requests import response_hours
from interlink.store import Database
from tests.conftest import FIXTURES

UN_EXCERPT = (
    Path(__file__).resolve().parents[2] / "src/interlink/data/un_sc_consolidated_excerpt.xml"
)


def run(db: Database, *args: str) -> Result:
    url = db.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(app, ["--database", url, *args], env={"COLUMNS": "200"})


def summary(result: Result) -> tuple[int, int, int]:
    """(added, updated, unchanged) from an import's summary table."""
    match = re.search(r"│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*\d+\s*│", result.stdout)
    assert match, result.output
    added, updated, unchanged = match.groups()
    return int(added), int(updated), int(unchanged)


def test_import_un_twice_then_show(db: Database) -> None:
    first = run(db, "import", "un", str(UN_EXCERPT))
    assert first.exit_code == 0, first.output
    assert summary(first) == (7, 0, 0)
    again = run(db, "import", "un", str(UN_EXCERPT))
    assert summary(again) == (0, 0, 7)
    shown = run(db, "subject", "show", "un:QDi.006")
    assert shown.exit_code == 0, shown.output
    assert "AIMAN MUHAMMED RABI AL-ZAWAHIRI" in shown.stdout
    as_json = run(db, "subject", "show", "un:QDi.006", "--json")
    assert '"full":"أيمن محمد ربيع الظواهري","kind":"original_script"' in as_json.stdout
    assert "Abu Fatma" in shown.stdout
    listed = run(db, "subject", "list", "--owner", "UN-SC")
    assert "7 shown of 7" in listed.stdout


def test_import_ofac_from_a_folder(db: Database) -> None:
    result = run(db, "import", "ofac", str(FIXTURES / "ofac" / "set"))
    assert result.exit_code == 0, result.output
    added, updated, unchanged = summary(result)
    assert added > 0 and (updated, unchanged) == (0, 0)
    assert summary(run(db, "import", "ofac", str(FIXTURES / "ofac" / "set"))) == (0, 0, added)


@pytest.mark.parametrize(
    ("fmt", "fixture", "where"),
    [
        ("un", "un/truncated.xml", r"truncated\.xml, line \d+"),
        ("un", "un/billion_laughs.xml", r"billion_laughs\.xml, line \d+"),
        ("un", "un/impossible_date.xml", r"impossible_date\.xml, line \d+, INDIVIDUAL .*, field "),
        ("eu", "eu/eu_missing_logical_id.xml", r"eu_missing_logical_id\.xml, line \d+.*logicalId"),
    ],
)
def test_a_malformed_file_exits_2_names_the_place_and_changes_nothing(
    db: Database, fmt: str, fixture: str, where: str
) -> None:
    assert run(db, "import", "un", str(UN_EXCERPT)).exit_code == 0
    before = run(db, "export", "jsonl").stdout
    result = run(db, "import", fmt, str(FIXTURES / fixture))
    assert result.exit_code == 2
    assert re.search(where, result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert run(db, "export", "jsonl").stdout == before


def test_agencies_agreements_and_subjects(db: Database) -> None:
    assert (
        run(
            db, "agency", "add", "KZ-KNB", "--name", "KNB", "--kind", "security", "--country", "KZ"
        ).exit_code
        == 0
    )
    assert (
        run(
            db, "agency", "add", "DE-BKA", "--name", "BKA", "--kind", "police", "--country", "DE"
        ).exit_code
        == 0
    )
    clash = run(
        db, "agency", "add", "DE-BKA", "--name", "BKA", "--kind", "police", "--country", "DE"
    )
    assert clash.exit_code == 1 and "exists already" in clash.stderr
    bad_country = run(
        db, "agency", "add", "XX-1", "--name", "x", "--kind", "police", "--country", "QQ"
    )
    assert bad_country.exit_code == 1 and "'QQ' is not an ISO 3166" in bad_country.stderr
    made = run(
        db, "agreement", "add", "KZ-DE", "--title", "CT cooperation", "--party", "KZ-KNB",
        "--party", "DE-BKA", "--topic", "terrorism=full", "--topic", "extremism=hit",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    listed = run(db, "agreement", "list", "--agency", "DE-BKA")
    assert (
        "KZ-DE" in listed.stdout
        and "extremism=hit" in listed.stdout
        and "in force" in listed.stdout
    )
    unknown = run(
        db,
        "agreement",
        "add",
        "KZ-FR",
        "--title",
        "x",
        "--party",
        "KZ-KNB",
        "--party",
        "FR-DGSI",
        "--topic",
        "terrorism",
    )
    assert unknown.exit_code == 1 and "no agency with code FR-DGSI" in unknown.stderr
    added = run(
        db, "subject", "add", "--owner", "KZ-KNB", "--uid", "kz:1",
        "--name", "Бортников Александр Васильевич", "--alias", "BORTNIKOV Aleksandr",
        "--dob", "1951", "--document", "passport:721234567:RU", "--handling", "H2",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    shown = run(db, "subject", "show", "kz:1", "--json")
    assert '"full":"Бортников Александр Васильевич"' in shown.stdout
    assert '"handling_code":"H2"' in shown.stdout
    impossible = run(
        db, "subject", "add", "--owner", "KZ-KNB", "--name", "X", "--dob", "1951-02-30"
    )
    assert impossible.exit_code == 2 and "day 30 does not exist" in impossible.stderr
    missing = run(db, "subject", "show", "kz:404")
    assert missing.exit_code == 1 and "no subject kz:404" in missing.stderr


def test_an_agreement_sets_its_hours_to_answer_per_priority(db: Database) -> None:
    for code, country in (("KZ-KNB", "KZ"), ("DE-BKA", "DE")):
        added = run(db, "agency", "add", code, "--name", code, "--kind", "security",
                    "--country", country)  # fmt: skip
        assert added.exit_code == 0, added.output
    base = ["agreement", "add", "KZ-DE", "--title", "CT", "--party", "KZ-KNB", "--party",
            "DE-BKA", "--topic", "terrorism=full"]  # fmt: skip
    for given, message in (
        (["--response-hours", "asap=4"], "priorities are urgent, high, normal"),
        (["--response-hours", "urgent"], "write PRIORITY=HOURS"),
        (["--response-hours", "urgent=4", "--response-hours", "URGENT=6"], "urgent is given twice"),
        (["--response-hours", "urgent=soon"], "response_hours.urgent: Input should be a valid"),
        (["--response-hours", "high=0"], "response_hours.high: Input should be greater than"),
        (["--response-hours", "normal=9000"], "response_hours.normal: Input should be less than"),
    ):
        refused = run(db, *base, *given)
        assert refused.exit_code == 1 and message in refused.stderr, refused.output
    made = run(db, *base, "--response-hours", "urgent=4", "--response-hours", "high=48")
    assert made.exit_code == 0, made.output
    with db.uow() as uow:
        (agreement,) = uow.agreements.all("KZ-KNB")
    # As the API's ``AgreementSpec.response_hours``: the priorities left out keep the defaults.
    assert agreement.response_hours == {Priority.URGENT: 4, Priority.HIGH: 48}
    assert response_hours([agreement]) == {
        Priority.URGENT: 4, Priority.HIGH: 48, Priority.NORMAL: 7 * 24
    }  # fmt: skip


def test_export_then_import_into_another_database_round_trips(db: Database, tmp_path: Path) -> None:
    assert run(db, "import", "un", str(UN_EXCERPT)).exit_code == 0
    out = tmp_path / "export.jsonl"
    assert run(db, "export", "jsonl", "--output", str(out)).exit_code == 0
    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    other.migrate()
    with other.uow() as uow:
        from interlink.formats.un import UN_AUTHORITY

        uow.agencies.add(UN_AUTHORITY)
    assert summary(run(other, "import", "jsonl", str(out))) == (7, 0, 0)
    again = tmp_path / "again.jsonl"
    assert run(other, "export", "jsonl", "--output", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()

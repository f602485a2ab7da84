"""``interlink demo``: the world, its accounts, and a hub that opens with the demo password."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interlink.cli.app import app
from interlink.exc import AuthError
from interlink.services.hub import Hub
from interlink.settings import DEMO_PASSWORD, Settings


def test_the_demo_prints_accounts_whose_password_opens_the_demo_hub_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    done = CliRunner().invoke(
        app,
        ["--database", url, "demo", "--subjects", "40", "--requests", "40", "--no-serve"],
        env={"COLUMNS": "200", "INTERLINK_DEMO_DIR": str(tmp_path / "var")},
    )
    assert done.exit_code == 0, done.output
    assert "demo accounts" in done.output and DEMO_PASSWORD in done.output
    assert "hub.admin" in done.output and "analyst" in done.output
    # The agencies exchanged requests over the last 150 days, and the council report renders.
    assert "traffic of the last 150 days: 40 requests" in done.output
    report = CliRunner().invoke(
        app,
        ["--database", url, "report", "council", "--period", str(datetime.now(UTC).year),
         "--output", str(tmp_path / "report.pdf")],
    )  # fmt: skip
    assert report.exit_code == 0 and "council report" in report.output, report.output
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    demo = Hub.open(Settings(database_url=url, demo=True))
    try:
        token, _ = demo.login("ru-fsb.analyst", DEMO_PASSWORD, "127.0.0.1")
        who = demo.principal(token)
        assert (who.username, who.agency) == ("ru-fsb.analyst", "RU-FSB")
        assert demo.search(who, "demo check", "Muhammad")  # the gallery holds the world
        # The EU list excerpt: the Cyrillic-named entry found under a German spelling.
        found = demo.search(who, "demo check", "Bortnikow")
        assert found[0].uid == "eu:excerpt-1"
        # The manifest it wrote screens on the hub: the listed people under other spellings.
        manifest = tmp_path / "var" / "manifest.jsonl"
        officer = demo.principal(demo.login("ru-fsb.screening_officer", DEMO_PASSWORD, "x")[0])
        run = demo.runs.start(officer, "demo run", manifest.name, manifest.read_bytes())
        demo.runs.wait(timeout=60)
        alerts = demo.runs.alerts(officer, run.id, None, 100, 0)
        assert {"un:QDi.006", "eu:excerpt-1"} <= {a.alert.subject_uid for a in alerts}
        assert demo.runs.run(officer, run.id).status == "done" and len(alerts) >= 3
        # The same travellers as a carrier's PAXLST, which the printout says to upload.
        paxlst = tmp_path / "var" / "manifest.paxlst"
        assert f"upload {paxlst}" in done.output.replace("\n", "")
        run = demo.runs.start(officer, "demo run", paxlst.name, paxlst.read_bytes())
        demo.runs.wait(timeout=60)
        assert demo.runs.run(officer, run.id).travellers == len(manifest.read_text().splitlines())
        found = {a.alert.subject_uid for a in demo.runs.alerts(officer, run.id, None, 100, 0)}
        assert {"un:QDi.006", "eu:excerpt-1"} <= found
    finally:
        demo.close()
    real = Hub.open(Settings(database_url=url, secret_key="k" * 40), lambda: datetime.now(UTC))
    try:
        with pytest.raises(AuthError):
            real.login("ru-fsb.analyst", DEMO_PASSWORD, "127.0.0.1")
    finally:
        real.close()

"""Screening on the desk: upload, progress, triage in one click, and the movement it reports."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from interlink.services.accounts import Principal
from tests.api.conftest import record
from tests.web.conftest import Desk, csrf_of, login

PAXLST = Path(__file__).parents[3] / "shared" / "data" / "paxlst"
MANIFEST = PAXLST / "gtas_multiple_flight_leg_apis.txt"  # TODD BARRETT, KRISTIN LANG: GJIO3RT


def _flagged_subject(desk: Desk) -> str:
    """A UA subject named as a traveller of the manifest, flagged "report movements"."""
    hub = desk.world.hub
    analyst = _principal(desk, "ua.analyst")
    made = hub.create_subject(analyst, record("new", "Todd Barrett"))
    hub.encounters.flag(analyst, made.uid, True)
    return made.uid


def test_upload_progress_and_triage_report_the_movement_to_the_owner(desk: Desk) -> None:
    uid = _flagged_subject(desk)
    c = desk.new_client()
    csrf = login(c, "kz.border")
    form = c.get("/screening")
    assert 'enctype="multipart/form-data"' in form.text
    refused = c.post(
        "/screening",
        data={"purpose": "flight QQ 877"},
        files={"manifest": (MANIFEST.name, MANIFEST.read_bytes())},
    )
    assert refused.status_code == 403  # no CSRF token: nothing stored
    assert desk.world.hub.runs.runs(_principal(desk, "kz.border"), 10, 0) == []
    started = c.post(
        "/screening",
        data={"purpose": "flight QQ 877", "csrf": csrf},
        files={"manifest": (MANIFEST.name, MANIFEST.read_bytes())},
        follow_redirects=False,
    )
    assert started.status_code == 303
    run_path = started.headers["location"]
    assert re.fullmatch(r"/screening/\d+", run_path)
    desk.world.hub.runs.wait(timeout=60)
    shown = c.get(run_path)
    assert "done: " in shown.text.lower()
    assert 'hx-trigger="every 1s"' not in shown.text  # finished: no more polling
    rows = re.findall(r'<tr id="alert-(\d+)">(.*?)</tr>', shown.text, re.S)
    (alert_id,) = [a for a, row in rows if f"/subjects/{quote(uid)}" in row]
    assert "Why this match" in shown.text
    # The dashboard lists the alert among those to triage, and no longer once decided.
    to_triage = re.search(r'id="alerts-h".*?</section>', c.get("/").text, re.S)
    assert to_triage is not None and f"#alert-{alert_id}" in to_triage.group(0)
    done = c.post(
        f"/alerts/{alert_id}/decision",
        data={"status": "confirmed", "csrf": csrf_of(shown.text)},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200
    assert done.text.lstrip().startswith(f'<tr id="alert-{alert_id}">')
    assert ">confirmed<" in done.text and "kz.border" in done.text
    after = re.search(r'id="alerts-h".*?</section>', c.get("/").text, re.S)
    assert after is not None and f"#alert-{alert_id}" not in after.group(0)

    owner = desk.new_client()
    login(owner, "ua.analyst")
    dashboard = owner.get("/")
    assert "Recent movement reports" in dashboard.text and "by KZ-KNB" in dashboard.text
    timeline = owner.get(f"/subjects/{uid}", params={"purpose": "watchlist maintenance"})
    assert "reported by KZ-KNB (alert)" in timeline.text
    assert "Route:" in timeline.text and "With:" in timeline.text  # legs and companions
    # Another agency that may read the subject sees no movement of it.
    other = desk.new_client()
    login(other, "kz.analyst")
    assert "Movements" not in other.get(f"/subjects/{uid}", params={"purpose": "x-check"}).text


def test_a_broken_manifest_is_refused_on_the_form_naming_where(desk: Desk) -> None:
    c = desk.new_client()
    csrf = login(c, "kz.border")
    broken = MANIFEST.read_bytes().replace(b"NAD+FL", b"NAD+FL+++", 1)
    answer = c.post(
        "/screening",
        data={"purpose": "flight QQ 877", "csrf": csrf},
        files={"manifest": ("broken.edi", b"UNA:+.? 'UNB+UNOA:4+X+Y'UNH+1+PAXLST'" + broken[:40])},
    )
    assert answer.status_code == 422
    assert 'id="upload-error"' in answer.text
    assert "broken.edi" in answer.text
    assert desk.world.hub.runs.runs(_principal(desk, "kz.border"), 10, 0) == []


def test_another_agencys_run_is_not_found(desk: Desk) -> None:
    uid = _flagged_subject(desk)
    assert uid
    c = desk.new_client()
    csrf = login(c, "kz.border")
    started = c.post(
        "/screening",
        data={"purpose": "flight QQ 877", "csrf": csrf},
        files={"manifest": (MANIFEST.name, MANIFEST.read_bytes())},
        follow_redirects=False,
    )
    run_path = started.headers["location"]
    desk.world.hub.runs.wait(timeout=60)
    stranger = desk.new_client()
    login(stranger, "uz.border")
    assert stranger.get(run_path).status_code == 404
    assert stranger.get("/screening/999999").status_code == 404


def _principal(desk: Desk, username: str) -> Principal:
    with desk.world.hub.db.uow() as uow:
        found = uow.users.credentials(username)
    assert found is not None
    return Principal.from_user(found[0])

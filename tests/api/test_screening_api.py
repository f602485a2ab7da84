"""Screening runs on the hub: upload, background run with progress, alerts scoped by the policy,
triage with its history, the owners' notifications, and a run taken up after its worker died."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from interlink.services import runs as runs_module
from interlink.services.runs import Runs
from tests.api.conftest import HubWorld

API = "/api/v1"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "travellers"
PURPOSE = "flight KC 917, 2026-11-22"

TRAVELLERS = [
    {"ref": "KC917/1", "name": "Taras Shevchuk"},  # ua:1, terrorism: full to KZ
    {"ref": "KC917/2", "name": "Бондаренко Олег"},  # ua:2, extremism: hit to KZ
    {"ref": "KC917/3", "name": "Мельник Петро"},  # ua:3, SECRET: full only with the clearance
    {"ref": "KC917/4", "name": "Каримов Азиз"},  # uz:1: no agreement, never an alert
    {"ref": "KC917/5", "name": "Abu Bakr al-Baghdadi"},  # un:1, a published list: full
    {"ref": "KC917/6", "name": "Nurlan Abenov", "birth_date": "1990-04-02"},  # nobody
]


def manifest(travellers: list[dict[str, Any]] = TRAVELLERS) -> bytes:
    return "\n".join(json.dumps(t, ensure_ascii=False) for t in travellers).encode()


def upload(w: HubWorld, user: str, content: bytes, filename: str = "kc917.jsonl") -> dict[str, Any]:
    got = w.client.post(
        f"{API}/screenings",
        params={"purpose": PURPOSE, "filename": filename},
        content=content,
        headers=w.auth(user),
    )
    assert got.status_code == 202, got.text
    body: dict[str, Any] = got.json()
    return body


def screened(w: HubWorld, user: str, content: bytes) -> tuple[dict[str, Any], list[Any]]:
    """Upload, wait for the background run, and return the run and its alerts."""
    run = upload(w, user, content)
    w.hub.runs.wait(timeout=60)
    return finished(w, user, run["id"])


def finished(w: HubWorld, user: str, run_id: int) -> tuple[dict[str, Any], list[Any]]:
    run = w.client.get(f"{API}/screenings/{run_id}", headers=w.auth(user)).json()
    alerts = w.client.get(f"{API}/screenings/{run_id}/alerts", headers=w.auth(user))
    assert alerts.status_code == 200, alerts.text
    return run, alerts.json()["items"]


def by_ref(alerts: list[Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for a in alerts:
        assert a["traveller"]["ref"] not in out, alerts  # one alert per traveller here
        out[a["traveller"]["ref"]] = a["subject"]
    return out


def test_a_run_screens_in_the_background_and_alerts_as_the_policy_allows(w: HubWorld) -> None:
    run = upload(w, "kz.border", manifest())
    assert (run["status"], run["travellers"], run["format"]) == ("queued", 6, "jsonl")
    w.hub.runs.wait(timeout=60)
    run, alerts = finished(w, "kz.border", run["id"])
    assert (run["status"], run["screened"], run["progress"]) == ("done", 6, 1.0)
    assert run["alerts"] == len(alerts) == 4
    found = by_ref(alerts)
    assert set(found) == {"KC917/1", "KC917/2", "KC917/3", "KC917/5"}  # not uz:1, not nobody
    assert (found["KC917/1"]["level"], found["KC917/1"]["uid"]) == ("full", "ua:1")
    assert found["KC917/1"]["explanation"] is not None and found["KC917/1"]["score"] >= 0.5
    assert (found["KC917/5"]["level"], found["KC917/5"]["uid"]) == ("full", "un:1")
    for hit in ("KC917/2", "KC917/3"):  # a hit: the owner and a reference, nothing more
        assert found[hit] == {
            "level": "hit",
            "owner": "UA-SBU",
            "reference": found[hit]["reference"],
            "uid": None,
            "score": None,
            "name": None,
            "explanation": None,
        }
    assert found["KC917/2"]["reference"] == w.hub.reference("ua:2")
    text = json.dumps(alerts, ensure_ascii=False)
    assert "ua:2" not in text and "ua:3" not in text and "uz:1" not in text
    assert alerts[0]["traveller"]["source"].startswith("kc917.jsonl, line ")

    # The officer with the clearance sees the SECRET record in full.
    _run, chief = screened(w, "kz.border.chief", manifest())
    assert by_ref(chief)["KC917/3"]["uid"] == "ua:3"


def test_alerts_are_read_through_the_policy_again(w: HubWorld) -> None:
    run, alerts = screened(w, "kz.border", manifest())
    ua1 = next(a for a in alerts if a["subject"]["uid"] == "ua:1")
    suspended = w.client.post(
        f"{API}/agreements/UA-KZ/suspend", json={"reason": "review"}, headers=w.auth("kz.admin")
    )
    assert suspended.status_code == 200, suspended.text
    _run, after = finished(w, "kz.border", run["id"])
    assert [a["subject"]["uid"] for a in after] == ["un:1"]  # UA's records: gone, hits too
    assert "UA-SBU" not in json.dumps(after)
    gone = w.client.get(f"{API}/alerts/{ua1['id']}", headers=w.auth("kz.border"))
    assert (gone.status_code, gone.json()) == (404, {"detail": f"no alert {ua1['id']}"})


def test_triage_keeps_who_decided_when_and_a_false_positive_stops_alerting(w: HubWorld) -> None:
    _run, alerts = screened(w, "kz.border", manifest())
    ua1 = next(a for a in alerts if a["subject"]["uid"] == "ua:1")
    decide = f"{API}/alerts/{ua1['id']}/decision"
    w.clock.now += timedelta(minutes=5)
    fp = {"status": "false_positive", "note": "born 1990, the record's man 1961"}
    assert w.client.post(decide, json=fp, headers=w.auth("kz.analyst")).status_code == 403
    decided = w.client.post(decide, json=fp, headers=w.auth("kz.border"))
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert (body["status"], body["decided_by"]) == ("false_positive", "kz.border")
    assert body["decided_at"].startswith(w.clock.now.isoformat()[:19])
    assert [h["status"] for h in body["history"]] == ["false_positive"]

    # The same traveller on the next flight: the pair no longer alerts for KZ.
    _run, later = screened(w, "kz.border", manifest())
    assert "ua:1" not in [a["subject"]["uid"] for a in later]
    assert len(later) == len(alerts) - 1

    w.clock.now += timedelta(minutes=5)
    reopened = w.client.post(decide, json={"status": "open"}, headers=w.auth("kz.border"))
    assert [h["status"] for h in reopened.json()["history"]] == ["false_positive", "open"]
    _run, again = screened(w, "kz.border", manifest())
    assert "ua:1" in [a["subject"]["uid"] for a in again]

    confirmed = w.client.post(
        f"{API}/alerts/{ua1['id']}/decision",
        json={"status": "confirmed"},
        headers=w.auth("kz.border"),
    )
    assert confirmed.json()["status"] == "confirmed"
    one = w.client.get(f"{API}/alerts/{ua1['id']}", headers=w.auth("kz.border")).json()
    assert [h["status"] for h in one["history"]] == ["false_positive", "open", "confirmed"]
    only_confirmed = w.client.get(
        f"{API}/screenings/{ua1['run']}/alerts",
        params={"status": "confirmed"},
        headers=w.auth("kz.border"),
    ).json()["items"]
    assert [a["id"] for a in only_confirmed] == [ua1["id"]]
    bad = w.client.post(decide, json={"status": "maybe"}, headers=w.auth("kz.border"))
    assert bad.status_code == 422 and "status" in bad.json()["detail"]


def test_another_agency_sees_nothing_of_a_run(w: HubWorld) -> None:
    run, alerts = screened(w, "kz.border", manifest())
    uz = w.auth("uz.border")
    for path in (f"/screenings/{run['id']}", f"/screenings/{run['id']}/alerts"):
        got = w.client.get(API + path, headers=uz)
        assert (got.status_code, got.json()) == (404, {"detail": f"no screening run {run['id']}"})
    alert = alerts[0]["id"]
    got = w.client.post(f"{API}/alerts/{alert}/decision", json={"status": "confirmed"}, headers=uz)
    assert (got.status_code, got.json()) == (404, {"detail": f"no alert {alert}"})
    assert w.client.get(f"{API}/screenings", headers=uz).json() == []
    assert w.client.get(f"{API}/screenings", headers=w.auth("ua.analyst")).status_code == 403


def test_owners_are_notified_of_hits_and_by_whom(w: HubWorld) -> None:
    screened(w, "kz.border", manifest())
    checked = w.client.post(
        f"{API}/hits",
        json={"name": "Коваленко Андрій", "purpose": "case 2026/55"},
        headers=w.auth("kz.analyst"),
    )
    assert checked.json()["hit"] is True
    got = w.client.get(f"{API}/notifications", headers=w.auth("ua.analyst"))
    assert got.status_code == 200, got.text
    seen = {(n["subject_uid"], n["action"], n["by_agency"], n["by_username"]) for n in got.json()}
    assert seen == {
        ("ua:1", "screen", "KZ-KNB", "kz.border"),
        ("ua:2", "screen", "KZ-KNB", "kz.border"),
        ("ua:3", "screen", "KZ-KNB", "kz.border"),
        ("ua:4", "hit_check", "KZ-KNB", "kz.analyst"),
    }
    newest = got.json()[0]
    assert (newest["subject_uid"], newest["purpose"]) == ("ua:4", "case 2026/55")
    # Nobody else is told: not the agency whose record was invisible, nor the list authority.
    assert w.client.get(f"{API}/notifications", headers=w.auth("uz.analyst")).json() == []
    # A screening officer's inbox holds request news only; an auditor has none.
    assert w.client.get(f"{API}/notifications", headers=w.auth("kz.border")).json() == []
    assert w.client.get(f"{API}/notifications", headers=w.auth("ua.auditor")).status_code == 403

    read = w.client.post(f"{API}/notifications/{newest['id']}/read", headers=w.auth("ua.analyst"))
    assert read.status_code == 204
    unread = w.client.get(
        f"{API}/notifications", params={"unread": True}, headers=w.auth("ua.analyst")
    ).json()
    assert newest["id"] not in [n["id"] for n in unread] and len(unread) == 3
    foreign = w.client.post(
        f"{API}/notifications/{newest['id']}/read", headers=w.auth("uz.analyst")
    )
    assert foreign.status_code == 404


def test_every_alert_is_in_the_owners_access_report(w: HubWorld) -> None:
    screened(w, "kz.border", manifest())
    rows = w.client.get(f"{API}/audit/accesses", headers=w.auth("ua.auditor")).json()
    screens = {(r["object_ref"], r["username"]) for r in rows if r["action"] == "screen"}
    assert screens == {("ua:1", "kz.border"), ("ua:2", "kz.border"), ("ua:3", "kz.border")}
    assert {r["purpose"] for r in rows if r["action"] == "screen"} == {PURPOSE}


def test_a_bad_manifest_is_refused_whole_naming_the_place(w: HubWorld) -> None:
    broken = manifest() + b"\n{not json\n"
    got = w.client.post(
        f"{API}/screenings",
        params={"purpose": PURPOSE, "filename": "../../etc/kc917.jsonl"},
        content=broken,
        headers=w.auth("kz.border"),
    )
    assert got.status_code == 422
    assert got.json()["detail"].startswith("kc917.jsonl, line 7: is not valid JSON")
    edi = (FIXTURES / "broken_nad_no_name.edi").read_bytes()
    got = w.client.post(
        f"{API}/screenings",
        params={"purpose": PURPOSE, "filename": "in.edi"},
        content=edi,
        headers=w.auth("kz.border"),
    )
    assert got.status_code == 422 and got.json()["detail"].startswith("in.edi, line "), got.text
    empty = w.client.post(
        f"{API}/screenings",
        params={"purpose": PURPOSE, "filename": "x.csv"},
        content=b"ref,name\n",
        headers=w.auth("kz.border"),
    )
    assert (empty.status_code, empty.json()) == (
        422,
        {"detail": "x.csv: the manifest holds no traveller"},
    )
    assert w.client.get(f"{API}/screenings", headers=w.auth("kz.border")).json() == []


def test_a_manifest_over_the_limit_is_refused(w: HubWorld) -> None:
    w.hub.settings = w.hub.settings.model_copy(update={"max_manifest_bytes": 100})
    got = w.client.post(
        f"{API}/screenings",
        params={"purpose": PURPOSE},
        content=manifest(),
        headers=w.auth("kz.border"),
    )
    assert (got.status_code, got.json()) == (
        413,
        {"detail": "the manifest is over the limit of 100 bytes"},
    )


@pytest.mark.parametrize(
    ("fixture", "form", "count"),
    [("paxlst_features.edi", "paxlst", 3), ("pnrgov_infant.edi", "pnrgov", 3)],
)
def test_edifact_manifests_run(w: HubWorld, fixture: str, form: str, count: int) -> None:
    run = upload(w, "kz.border", (FIXTURES / fixture).read_bytes(), filename=fixture)
    w.hub.runs.wait(timeout=60)
    run, _alerts = finished(w, "kz.border", run["id"])
    assert (run["format"], run["status"], run["travellers"]) == (form, "done", count)


def test_a_run_whose_worker_died_is_taken_up_where_it_stopped(
    w: HubWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runs_module, "BATCH", 2)
    _whole, expected = screened(w, "kz.border", manifest())

    first = Runs(w.hub)  # a worker that screens one batch, then dies
    with w.hub.db.uow() as uow:  # a run stored as an upload stores it, not yet submitted
        uid = uow.screenings.add_run(
            agency="KZ-KNB",
            created_by="kz.border",
            purpose=PURPOSE,
            filename="kc917.jsonl",
            format="jsonl",
            sha256="0" * 64,
            travellers=len(TRAVELLERS),
            content=manifest(),
            at=w.clock.now,
        ).id
    first.execute(uid, max_batches=1)
    half = w.client.get(f"{API}/screenings/{uid}", headers=w.auth("kz.border")).json()
    assert (half["status"], half["screened"], half["progress"]) == ("running", 2, 0.3333)

    second = Runs(w.hub)
    assert second.take_up() == []  # its heartbeat is fresh: the first may still be alive
    w.clock.now += timedelta(minutes=3)
    assert second.take_up() == [uid]
    second.wait(timeout=60)
    done, alerts = finished(w, "kz.border", uid)
    assert (done["status"], done["screened"]) == ("done", 6)

    def pairs(items: list[Any]) -> list[tuple[int, Any, Any]]:
        return [(a["traveller"]["position"], a["subject"]["reference"], a["subject"]["score"])
                for a in items]  # fmt: skip

    assert pairs(alerts) == pairs(expected)
    # The dead worker, come back, has lost its claim and writes nothing.
    first.execute(uid)
    assert finished(w, "kz.border", uid)[1] == alerts


@pytest.fixture
def w(hub_world: HubWorld) -> HubWorld:
    return hub_world

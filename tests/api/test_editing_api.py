"""Subjects written by their owner through the API, their history, and the change feed that
keeps every worker's index current."""

from __future__ import annotations

import time

from interlink.services.hub import Hub
from interlink.settings import Settings
from tests.api.conftest import SECRET, HubWorld

PURPOSE = {"purpose": "case 2026/117"}


def _new(name: str, **extra: object) -> dict[str, object]:
    return {
        "uid": "new",
        "kind": "person",
        "names": [{"full": name}],
        "topics": ["terrorism"],
        **extra,
    }


def test_the_owner_creates_edits_and_deletes_and_partners_follow(hub_world: HubWorld) -> None:
    c, kz, ua = hub_world.client, hub_world.auth("kz.analyst"), hub_world.auth("ua.analyst")
    made = c.post("/api/v1/subjects", json=_new("Жанибек Сарсенбаев"), headers=kz)
    assert made.status_code == 201, made.text
    uid = made.json()["uid"]
    assert uid.startswith("kz-knb:") and made.json()["owner"] == "KZ-KNB"
    # The partner (terrorism shared in full) finds it at once, in Latin.
    found = c.post("/api/v1/search", json={"name": "Zhanibek Sarsenbayev", **PURPOSE}, headers=ua)
    assert found.json()["results"][0]["uid"] == uid
    # Only the owner edits; an agency that does not see it gets "no subject".
    renamed = {
        **_new(
            "Жанибек Сарсенбаев",
            names=[
                {"full": "Жанибек Сарсенбаев"},
                {"full": "Zhanibek Sarsenbaev", "kind": "alias"},
            ],
        ),
        "uid": uid,
    }
    denied = c.put(f"/api/v1/subjects/{uid}", json=renamed, headers=ua)
    assert denied.status_code == 403 and "only its owner edits it" in denied.json()["detail"]
    hidden = c.put(f"/api/v1/subjects/{uid}", json=renamed, headers=hub_world.auth("uz.analyst"))
    assert hidden.json() == {"detail": f"no subject {uid}"}
    assert c.put(f"/api/v1/subjects/{uid}", json=renamed, headers=kz).status_code == 200
    gone = c.delete(f"/api/v1/subjects/{uid}", params={"reason": "duplicate of kz:1"}, headers=kz)
    assert gone.status_code == 204
    assert c.get(f"/api/v1/subjects/{uid}", params=PURPOSE, headers=ua).status_code == 404
    after = c.post("/api/v1/search", json={"name": "Zhanibek Sarsenbayev", **PURPOSE}, headers=ua)
    assert uid not in {r.get("uid") for r in after.json()["results"]}
    # The owner keeps every version; the partner no longer sees even the history.
    history = c.get(f"/api/v1/subjects/{uid}/history", params=PURPOSE, headers=kz).json()
    assert [(v["version"], v["change"], v["changed_by"]) for v in history] == [
        (1, "create", "kz.analyst"),
        (2, "update", "kz.analyst"),
        (3, "delete", "kz.analyst"),
    ]
    assert [n["full"] for n in history[1]["record"]["names"]][1] == "Zhanibek Sarsenbaev"
    assert history[2]["reason"] == "duplicate of kz:1"
    assert c.get(f"/api/v1/subjects/{uid}/history", params=PURPOSE, headers=ua).status_code == 404


def test_creation_rules(hub_world: HubWorld) -> None:
    c, kz = hub_world.client, hub_world.auth("kz.analyst")
    foreign = c.post(
        "/api/v1/subjects", json={**_new("Test Person"), "uid": "ua-sbu:777"}, headers=kz
    )
    assert foreign.status_code == 422 and "starting 'kz-knb:'" in foreign.json()["detail"]
    mine = c.post("/api/v1/subjects", json={**_new("Test Person"), "uid": "kz-knb:7"}, headers=kz)
    assert mine.status_code == 201
    again = c.post("/api/v1/subjects", json={**_new("Test Person"), "uid": "kz-knb:7"}, headers=kz)
    assert again.status_code == 422 and "taken" in again.json()["detail"]
    other_owner = c.post(
        "/api/v1/subjects", json={**_new("Test Person"), "owner": "UA-SBU"}, headers=kz
    )
    assert other_owner.status_code == 422
    # A link to a subject the caller cannot see reads as a link to nothing.
    linked = c.post(
        "/api/v1/subjects",
        json=_new("Test Person", links=[{"target": "uz:1", "kind": "associate"}]),
        headers=kz,
    )
    assert linked.status_code == 422 and linked.json()["detail"] == "links: no subject uz:1"
    border = c.post(
        "/api/v1/subjects", json=_new("Test Person"), headers=hub_world.auth("kz.border")
    )
    assert border.status_code == 403


def test_a_subject_written_through_one_worker_is_found_through_another(hub_world: HubWorld) -> None:
    """Two hubs on one database, as two uvicorn workers: the second follows the change feed."""
    settings = Settings(database_url=hub_world.hub.settings.database_url, secret_key=SECRET)
    other = Hub.open(settings, hub_world.clock)
    try:
        other.follow(every=0.05)
        kz = hub_world.client.post(
            "/api/v1/subjects", json=_new("Ерлан Абдрахманов"), headers=hub_world.auth("kz.analyst")
        )
        uid = kz.json()["uid"]
        who = other.principal(hub_world.tokens["ua.analyst"])
        deadline = time.monotonic() + 10  # it takes a poll or two; the bound only stops a hang
        while time.monotonic() < deadline:
            found = other.search(who, "case 1", "Erlan Abdrakhmanov")
            if found and found[0].uid == uid:
                break
            time.sleep(0.02)
        assert found and found[0].uid == uid
        hub_world.client.delete(
            f"/api/v1/subjects/{uid}",
            params={"reason": "entered twice"},
            headers=hub_world.auth("kz.analyst"),
        )
        other.stop_following()
        other.sync()  # the drop, unless the follower applied it already
        assert uid not in {f.uid for f in other.search(who, "case 1", "Erlan Abdrakhmanov")}
    finally:
        other.close()


def test_an_import_feeds_the_running_hubs_and_keeps_its_run_as_history(hub_world: HubWorld) -> None:
    from interlink.exc import Location
    from interlink.formats.base import SourceRecord
    from interlink.services.importing import import_records
    from tests.api.conftest import record

    hub = hub_world.hub
    listed = record("kz:50", "Нурлан Жаксылыков")
    import_records(
        hub.db,
        [SourceRecord(listed, Location("list.jsonl", 1))],
        fmt="jsonl",
        source="list.jsonl",
        sha256="ab" * 32,
        actor="importer",
        owner="KZ-KNB",
    )
    assert hub.sync() == 1
    who = hub.principal(hub_world.tokens["ua.analyst"])
    assert hub.search(who, "case 1", "Nurlan Zhaksylykov")[0].uid == "kz:50"
    kz = hub.principal(hub_world.tokens["kz.analyst"])
    [version] = hub.history(kz, "kz:50", "case 1")
    assert (version.change, version.record, version.source) == (
        "import",
        None,
        "list.jsonl (sha256 abababababab)",
    )

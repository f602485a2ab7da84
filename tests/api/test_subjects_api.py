"""Reads of subjects over HTTP: what each agency sees, and what it must not."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import HubWorld

PURPOSE = {"purpose": "case 2026/117"}


def test_a_partner_reads_in_full_what_the_agreement_shares_and_nothing_else(
    hub_world: HubWorld,
) -> None:
    c, kz = hub_world.client, hub_world.auth("kz.analyst")
    got = c.get("/api/v1/subjects/ua:1", params=PURPOSE, headers=kz)
    assert got.status_code == 200
    assert got.json()["names"][0]["full"] == "Шевчук Тарас Петрович"
    # Hit-only (extremism), secret above the clearance, H3, another agency's, unknown: all 404
    # with the same words as a uid that does not exist.
    for uid in ("ua:2", "ua:3", "ua:4", "uz:1", "nobody"):
        denied = c.get(f"/api/v1/subjects/{uid}", params=PURPOSE, headers=kz)
        assert (denied.status_code, denied.json()) == (404, {"detail": f"no subject {uid}"})
    assert (
        c.get(
            "/api/v1/subjects/uz:1", params=PURPOSE, headers=hub_world.auth("uz.analyst")
        ).status_code
        == 200
    )


def test_reads_need_a_purpose_and_a_role_that_reads(hub_world: HubWorld) -> None:
    c = hub_world.client
    missing = c.get("/api/v1/subjects/ua:1", headers=hub_world.auth("kz.analyst"))
    assert missing.status_code == 422 and "purpose" in missing.json()["detail"]
    for user in ("hub.admin", "ua.auditor"):
        denied = c.get("/api/v1/subjects/ua:1", params=PURPOSE, headers=hub_world.auth(user))
        assert (
            denied.status_code == 403 and "read_subjects is not allowed" in denied.json()["detail"]
        )


def test_listing_and_export_hold_only_what_is_seen_in_full(hub_world: HubWorld) -> None:
    c, kz = hub_world.client, hub_world.auth("kz.analyst")
    page = c.get("/api/v1/subjects", params=PURPOSE, headers=kz).json()
    assert [i["uid"] for i in page["items"]] == ["kz:1", "ua:1", "un:1"]
    assert page["items"][0]["primary_name"] == "<script>alert(1)</script>"  # data, as written
    only_ua = c.get("/api/v1/subjects", params={**PURPOSE, "owner": "UA-SBU"}, headers=kz).json()
    assert [i["uid"] for i in only_ua["items"]] == ["ua:1"]
    exported = c.get("/api/v1/subjects/export", params=PURPOSE, headers=kz)
    assert exported.status_code == 200
    lines = [json.loads(line) for line in exported.text.splitlines()]
    assert [r["uid"] for r in lines] == ["kz:1", "ua:1", "un:1"]
    # A screening officer may read but not export.
    assert (
        c.get(
            "/api/v1/subjects/export", params=PURPOSE, headers=hub_world.auth("kz.border")
        ).status_code
        == 403
    )


def test_search_finds_across_scripts_within_what_is_visible(hub_world: HubWorld) -> None:
    c = hub_world.client
    body = {"name": "Taras Shevchuk", **PURPOSE}
    kz = c.post("/api/v1/search", json=body, headers=hub_world.auth("kz.analyst")).json()
    top = kz["results"][0]
    assert (top["uid"], top["level"], top["owner"]) == ("ua:1", "full", "UA-SBU")
    assert top["score"] > 0.5 and top["explanation"]["alignments"]
    uz = c.post("/api/v1/search", json=body, headers=hub_world.auth("uz.analyst")).json()
    assert "ua:1" not in {r.get("uid") for r in uz["results"]}
    assert all(r["owner"] != "UA-SBU" for r in uz["results"])
    arabic = c.post(
        "/api/v1/search",
        json={"name": "أبو بكر البغدادي", **PURPOSE},
        headers=hub_world.auth("uz.analyst"),
    ).json()
    assert arabic["results"][0]["uid"] == "un:1"  # a published list: everyone sees it


def test_a_hit_says_only_hit_owner_and_reference_and_the_owner_sees_who_asked(
    hub_world: HubWorld,
) -> None:
    c = hub_world.client
    answer = c.post(
        "/api/v1/hits",
        json={"name": "Oleg Bondarenko", **PURPOSE},
        headers=hub_world.auth("kz.border"),
    ).json()
    assert answer["hit"] is True
    [hit] = [r for r in answer["results"] if r["owner"] == "UA-SBU"]
    assert hit["level"] == "hit" and hit["reference"].startswith("ref-")
    assert {k for k, v in hit.items() if v is not None} == {"level", "owner", "reference"}
    assert "ua:2" not in json.dumps(answer) and "Бондаренко" not in json.dumps(answer)
    none = c.post(
        "/api/v1/hits",
        json={"name": "Zebulon Quartermaine", **PURPOSE},
        headers=hub_world.auth("kz.border"),
    )
    assert none.json() == {"hit": False, "results": []}
    report = c.get("/api/v1/audit/accesses", headers=hub_world.auth("ua.auditor")).json()
    asked = [a for a in report if a["action"] == "hit_check" and a["object_ref"] == "ua:2"]
    assert [(a["username"], a["agency"], a["purpose"]) for a in asked] == [
        ("kz.border", "KZ-KNB", "case 2026/117")
    ]


def test_every_read_is_an_audit_event_with_its_purpose(hub_world: HubWorld) -> None:
    c, kz = hub_world.client, hub_world.auth("kz.analyst")
    c.get("/api/v1/subjects/ua:1", params=PURPOSE, headers=kz)
    c.post("/api/v1/search", json={"name": "Shevchuk", **PURPOSE}, headers=kz)
    report = c.get("/api/v1/audit/accesses", headers=hub_world.auth("ua.auditor")).json()
    mine = [(a["action"], a["object_ref"]) for a in report if a["username"] == "kz.analyst"]
    assert ("read", "ua:1") in mine and ("search", "ua:1") in mine
    with hub_world.hub.db.uow() as uow:
        from interlink.audit import verify

        assert verify(uow.audit.events()).ok
    # An auditor of another agency sees nothing of these; analysts may not read the report.
    kz_report = c.get("/api/v1/audit/accesses", headers=hub_world.auth("kz.admin"))
    assert kz_report.status_code == 403


def test_concurrent_requests_read_then_append_without_busy_errors(hub_world: HubWorld) -> None:
    """Each request reads (the policy's inputs) before it appends its audit events: on SQLite
    that needs the write lock from the start, or a request fails when another commits first."""
    from concurrent.futures import ThreadPoolExecutor

    from interlink.audit import verify

    hub = hub_world.hub
    who = hub.principal(hub_world.tokens["kz.analyst"])

    def ask(n: int) -> int:
        found = hub.search(who, "case 2026/117", ["Taras Shevchuk", "Oleg Bondarenko"][n % 2])
        return len(found)

    with ThreadPoolExecutor(4) as pool:
        assert all(n > 0 for n in pool.map(ask, range(40)))
    with hub.db.uow() as uow:
        verdict = verify(uow.audit.events())
    assert verdict.ok and verdict.count >= 80


def test_no_hit_check_or_search_is_answered_before_its_events_are_written(
    hub_world: HubWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The routes hand the events to the journal and await its commit off the worker's
    threads: an answer whose events could not be written is not given, not even "no hit"."""
    from interlink.services.journal import Journal

    c, border = hub_world.client, hub_world.auth("kz.border")

    def refuse(self: Journal, batch: list) -> None:  # type: ignore[type-arg]
        raise OSError("disk full")

    monkeypatch.setattr(Journal, "_append", refuse)
    for path, name in [
        ("/api/v1/hits", "Oleg Bondarenko"),
        ("/api/v1/hits", "Zebulon Quartermaine"),
        ("/api/v1/search", "Taras Shevchuk"),
    ]:
        answer = c.post(path, json={"name": name, **PURPOSE}, headers=border)
        assert answer.status_code == 500
        assert answer.json() == {"detail": "internal error"}
    monkeypatch.undo()

    def asked() -> list[str]:
        with hub_world.hub.db.uow(read_only=True) as uow:
            return [e.action for e in uow.audit.events() if e.action in {"hit_check", "search"}]

    assert asked() == []
    answer = c.post("/api/v1/hits", json={"name": "Oleg Bondarenko", **PURPOSE}, headers=border)
    assert answer.json()["hit"] is True  # the journal's writer lives on after failures
    assert asked() and set(asked()) == {"hit_check"}

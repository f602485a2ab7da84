"""Agreements made online: proposed, accepted, suspended, resumed, and what they open."""

from __future__ import annotations

import pytest

from interlink.domain.agencies import Role
from interlink.exc import NotFoundError
from interlink.services import agreements
from interlink.services.accounts import Principal
from tests.api.conftest import HubWorld

PURPOSE = {"purpose": "case 2026/117"}
KZ_UZ = {
    "code": "KZ-UZ",
    "title": "Kazakhstan and Uzbekistan on terrorism",
    "parties": ["KZ-KNB", "UZ-SGB"],
    "terms": [{"topic": "terrorism", "level": "full"}],
    "valid_from": "2026-01-01",
}


def _uz_sees_kz1(w: HubWorld) -> bool:
    got = w.client.get("/api/v1/subjects/kz:1", params=PURPOSE, headers=w.auth("uz.analyst"))
    return got.status_code == 200


def test_an_agreement_opens_records_once_every_party_accepts_and_closes_when_suspended(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    c, kz, uz = w.client, w.auth("kz.admin"), w.auth("uz.admin")
    proposed = c.post("/api/v1/agreements", json=KZ_UZ, headers=kz)
    assert proposed.status_code == 201, proposed.text
    assert (proposed.json()["pending"], proposed.json()["in_force"]) == (["UZ-SGB"], False)
    assert not _uz_sees_kz1(w)
    again = c.post("/api/v1/agreements/KZ-UZ/accept", headers=kz)
    assert again.status_code == 409  # the proposer accepted by proposing
    accepted = c.post("/api/v1/agreements/KZ-UZ/accept", headers=uz)
    assert accepted.json()["in_force"] is True
    assert _uz_sees_kz1(w)
    suspended = c.post(
        "/api/v1/agreements/KZ-UZ/suspend", json={"reason": "under review"}, headers=uz
    )
    assert suspended.json()["suspended_reason"] == "under review"
    assert not _uz_sees_kz1(w)
    assert c.post("/api/v1/agreements/KZ-UZ/resume", headers=kz).json()["in_force"] is True
    assert _uz_sees_kz1(w)
    listed = c.get("/api/v1/agreements", headers=uz).json()
    assert [a["code"] for a in listed] == ["KZ-UZ"]
    report = c.get("/api/v1/audit/accesses", headers=w.auth("ua.auditor")).json()
    assert not [a for a in report if a["object_type"] == "agreement"]  # not UA's business


def test_only_party_admins_act_and_other_agreements_do_not_exist_for_others(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    c = w.client
    assert c.post("/api/v1/agreements", json=KZ_UZ, headers=w.auth("kz.analyst")).status_code == 403
    not_mine = c.post(
        "/api/v1/agreements",
        json={**KZ_UZ, "parties": ["UA-SBU", "UZ-SGB"]},
        headers=w.auth("kz.admin"),
    )
    assert not_mine.status_code == 403
    assert c.post("/api/v1/agreements", json=KZ_UZ, headers=w.auth("kz.admin")).status_code == 201
    # UA is no party: the agreement does not exist for it.
    assert c.get("/api/v1/agreements", headers=w.auth("uz.admin")).json()[0]["code"] == "KZ-UZ"
    clearance = w.hub.principal(w.tokens["ua.analyst"]).clearance
    ua_admin = Principal(0, "ua.admin", "UA-SBU", (Role.AGENCY_ADMIN,), clearance)
    with w.hub.db.uow() as uow, pytest.raises(NotFoundError, match=r"^no agreement KZ-UZ$"):
        agreements.accept(uow, ua_admin, "KZ-UZ", w.clock())
    duplicate = c.post("/api/v1/agreements", json=KZ_UZ, headers=w.auth("kz.admin"))
    assert duplicate.status_code == 409


def test_a_nul_in_an_agreement_is_refused_on_both_databases(hub_world: HubWorld) -> None:
    w = hub_world
    bad = w.client.post(
        "/api/v1/agreements", json={**KZ_UZ, "title": "a\x00b"}, headers=w.auth("kz.admin")
    )
    assert bad.status_code == 422 and "body.title" in bad.json()["detail"]
    assert (
        w.client.post("/api/v1/agreements", json=KZ_UZ, headers=w.auth("kz.admin")).status_code
        == 201
    )
    nul = w.client.post(
        "/api/v1/agreements/KZ-UZ/suspend", json={"reason": "x\x00yz"}, headers=w.auth("kz.admin")
    )
    assert nul.status_code == 422 and "reason" in nul.json()["detail"]

"""Who may call: tokens, login, roles, and the secrets the app refuses to start without."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interlink.api import create_app
from interlink.auth import hash_password
from interlink.exc import ConfigError
from interlink.settings import DEMO_PASSWORD, DEMO_SECRET, Settings
from tests.api.conftest import HubWorld

PURPOSE = {"purpose": "case 2026/117"}


def test_no_token_or_a_malformed_one_is_401_with_a_bearer_challenge(hub_world: HubWorld) -> None:
    c = hub_world.client
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic a2V5"}):
        answer = c.get("/api/v1/subjects/ua:1", params=PURPOSE, headers=headers)
        assert answer.status_code == 401, headers
        assert answer.headers["www-authenticate"] == "Bearer"
    assert c.get("/api/v1/me").json() == {"detail": "no token: send Authorization: Bearer <token>"}
    assert c.get("/api/v1/me", headers={"Authorization": "Bearer ilk_" + "x" * 43}).json() == {
        "detail": "invalid token"
    }
    assert c.get("/health").json()["status"] == "ok"  # the only open door


def test_an_expired_or_revoked_token_stops_working(hub_world: HubWorld) -> None:
    c, kz = hub_world.client, hub_world.auth("kz.analyst")
    assert c.get("/api/v1/me", headers=kz).json()["username"] == "kz.analyst"
    hub_world.clock.now += timedelta(days=7)
    assert c.get("/api/v1/me", headers=kz).json() == {"detail": "token expired"}
    hub_world.clock.now -= timedelta(days=7)
    mine = c.get("/api/v1/tokens", headers=kz).json()
    assert [t["username"] for t in mine] == ["kz.analyst"]  # an analyst sees only their own
    revoked = c.delete(f"/api/v1/tokens/{mine[0]['id']}", headers=kz)
    assert revoked.json()["state"] == "revoked"
    assert c.get("/api/v1/me", headers=kz).status_code == 401


def test_an_agency_admin_manages_its_own_tokens_and_users_only(hub_world: HubWorld) -> None:
    c, admin = hub_world.client, hub_world.auth("kz.admin")
    theirs = c.get("/api/v1/tokens", headers=admin).json()
    assert {t["username"] for t in theirs} == {
        "kz.analyst",
        "kz.border",
        "kz.border.chief",
        "kz.admin",
        "kz.liaison",
    }
    asked = {"name": "night shift", "days": 2, "username": "kz.border"}
    made = c.post("/api/v1/tokens", json=asked, headers=admin)
    assert made.status_code == 201 and made.json()["token"].startswith("ilk_")
    border = {"Authorization": f"Bearer {made.json()['token']}"}
    assert c.get("/api/v1/me", headers=border).json()["username"] == "kz.border"
    # Another agency's user is not found; a UA token cannot revoke a KZ token.
    other = c.post("/api/v1/tokens", json={"name": "x", "username": "ua.analyst"}, headers=admin)
    assert other.status_code == 404
    ua_id = c.get("/api/v1/tokens", headers=hub_world.auth("ua.analyst")).json()[0]["id"]
    assert c.delete(f"/api/v1/tokens/{ua_id}", headers=admin).status_code == 404
    created = c.post(
        "/api/v1/users",
        json={"username": "kz.new", "display_name": "Новый Сотрудник", "roles": ["analyst"]},
        headers=admin,
    )
    assert created.status_code == 201 and created.json()["agency"] == "KZ-KNB"
    elsewhere = c.post(
        "/api/v1/users",
        json={"username": "ua.mole", "display_name": "x", "roles": ["analyst"], "agency": "UA-SBU"},
        headers=admin,
    )
    assert elsewhere.status_code == 403
    assert c.get("/api/v1/users", headers=hub_world.auth("kz.analyst")).status_code == 403


def test_a_token_acts_for_its_own_agency_only(hub_world: HubWorld) -> None:
    c = hub_world.client
    # UZ's analyst holds a valid token, but it opens only what UZ may see.
    assert (
        c.get(
            "/api/v1/subjects/ua:1", params=PURPOSE, headers=hub_world.auth("uz.analyst")
        ).status_code
        == 404
    )
    assert (
        c.get(
            "/api/v1/subjects/ua:1", params=PURPOSE, headers=hub_world.auth("kz.analyst")
        ).status_code
        == 200
    )


def test_login_then_throttling_with_retry_after(hub_world: HubWorld) -> None:
    c = hub_world.client
    with hub_world.hub.db.uow() as uow:
        found = uow.users.credentials("kz.analyst")
        assert found is not None
        uow.users.set_password(found[0].id, hash_password("correct horse battery"))
    ok = c.post(
        "/api/v1/auth/login", json={"username": "kz.analyst", "password": "correct horse battery"}
    )
    assert ok.status_code == 200
    assert (
        c.get("/api/v1/me", headers={"Authorization": f"Bearer {ok.json()['token']}"}).status_code
        == 200
    )
    for _ in range(5):
        bad = c.post("/api/v1/auth/login", json={"username": "kz.analyst", "password": "guess"})
        assert bad.json() == {"detail": "wrong user name or password"}
    locked = c.post(
        "/api/v1/auth/login", json={"username": "kz.analyst", "password": "correct horse battery"}
    )
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) == 900


def test_the_demo_password_opens_nothing_outside_demo_mode(hub_world: HubWorld) -> None:
    c = hub_world.client
    with hub_world.hub.db.uow() as uow:
        found = uow.users.credentials("kz.analyst")
        assert found is not None
        uow.users.set_password(found[0].id, hash_password(DEMO_PASSWORD))
    refused = c.post(
        "/api/v1/auth/login", json={"username": "kz.analyst", "password": DEMO_PASSWORD}
    )
    assert refused.status_code == 401


def test_no_default_secrets_outside_demo_mode() -> None:
    with pytest.raises(ConfigError, match="INTERLINK_SECRET_KEY is required"):
        create_app(Settings())
    with pytest.raises(ConfigError, match="32 characters or more"):
        create_app(Settings(secret_key="short"))
    with pytest.raises(ConfigError, match="not the demo secret"):
        create_app(Settings(secret_key=DEMO_SECRET))
    create_app(Settings(demo=True))
    create_app(Settings(secret_key="x" * 32))


def test_a_malformed_request_is_422_naming_the_field_never_500(hub_world: HubWorld) -> None:
    c, kz = hub_world.client, hub_world.auth("kz.analyst")
    bad_date = c.post(
        "/api/v1/search", json={"name": "Taras", "birth_date": "19xx", **PURPOSE}, headers=kz
    )
    assert bad_date.status_code == 422 and "birth_date" in bad_date.json()["detail"]
    extra = c.post("/api/v1/search", json={"name": "Taras", "evil": 1, **PURPOSE}, headers=kz)
    assert extra.status_code == 422 and "body.evil" in extra.json()["detail"]
    naive = c.get(
        "/api/v1/audit/accesses",
        params={"since": "2026-01-01T00:00:00"},
        headers=hub_world.auth("ua.auditor"),
    )
    assert naive.status_code == 200


def test_a_token_id_past_32_bits_is_simply_not_found(hub_world: HubWorld) -> None:
    for token_id in (2**31, 2**63):
        gone = hub_world.client.delete(
            f"/api/v1/tokens/{token_id}", headers=hub_world.auth("kz.admin")
        )
        assert (gone.status_code, gone.json()) == (404, {"detail": f"no token {token_id}"})

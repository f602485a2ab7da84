"""Agency administration on the desk: users, tokens, agreements, webhooks and the four-eyes
setting, as an agency's admin does it, and what an analyst, another agency or a forged form
gets."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interlink.audit import AuditAction
from interlink.audit.chain import AuditEvent
from tests.serving import free_port
from tests.web.conftest import Desk, csrf_of, login

NEW_PASSWORD = "Тарас correct horse 2026"
KZ_UZ: dict[str, object] = {
    "code": "KZ-UZ",
    "title": "Kazakhstan and Uzbekistan on terrorism",
    "parties": ["UZ-SGB"],
    "terms": ["terrorism:full", "", "extremism:hit"],
    "valid_from": "2026-01-01",
    "valid_to": "",
    "hours_urgent": "12",
    "hours_high": "",
    "hours_normal": "",
}
ADMIN_PAGES = ("/admin", "/admin/users", "/admin/tokens", "/admin/agreements", "/admin/webhooks")


def _events(desk: Desk, action: AuditAction, username: str) -> list[AuditEvent]:
    with desk.world.hub.db.uow() as uow:
        return [e for e in uow.audit.events() if e.action == action and e.username == username]


def _issued(desk: Desk, username: str, name: str) -> list[AuditEvent]:
    """The tokens called ``name`` that ``username`` issued (a login is a token too)."""
    made = _events(desk, AuditAction.TOKEN_CREATE, username)
    return [e for e in made if (e.detail or {}).get("name") == name]


def _usernames(desk: Desk) -> set[str]:
    with desk.world.hub.db.uow() as uow:
        return {u.username for u in uow.users.all()}


def _as(desk: Desk, username: str) -> tuple[TestClient, str]:
    client = desk.new_client()
    return client, login(client, username)


def _error(html: str, field: str) -> str:
    """The message shown next to ``field``, which the control names as its description."""
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    assert found is not None, f"no message next to {field}"
    assert f'aria-describedby="{field}-error"' in html
    return found.group(1)


def _login_with(client: TestClient, username: str, password: str) -> int:
    """The status of a login through the form (303: in, with a session)."""
    form = client.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    data = {"username": username, "password": password, "nonce": nonce.group(1), "next": "/"}
    return client.post("/login", data=data, follow_redirects=False).status_code


def test_an_analyst_gets_403_on_every_admin_page_and_action(desk: Desk) -> None:
    c, csrf = _as(desk, "ua.analyst")
    for path in (*ADMIN_PAGES, "/admin/agreements/UA-KZ"):
        assert c.get(path).status_code == 403, path
    assert "Administration" not in c.get("/").text  # not in the navigation either
    before = _usernames(desk)
    made = c.post(
        "/admin/users",
        data={
            "csrf": csrf,
            "username": "ua.sneaky",
            "display_name": "Sneaky",
            "roles": ["agency_admin"],
            "clearance": "secret",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert made.status_code == 403
    assert _usernames(desk) == before
    assert c.post("/admin/tokens", data={"csrf": csrf, "name": "x"}).status_code == 403
    assert c.post("/admin/agency", data={"csrf": csrf, "four_eyes": "off"}).status_code == 403
    assert c.post("/admin/agreements", data={**KZ_UZ, "csrf": csrf}).status_code == 403
    for action in ("accept", "resume"):
        assert c.post(f"/admin/agreements/UA-KZ/{action}", data={"csrf": csrf}).status_code == 403
    suspend = c.post("/admin/agreements/UA-KZ/suspend", data={"csrf": csrf, "reason": "why not"})
    assert suspend.status_code == 403
    ua_admin = desk.world.hub.principal(desk.world.tokens["ua.admin"])
    (agreement,) = desk.world.hub.agreements(ua_admin)
    assert agreement.suspended_at is None
    assert _events(desk, AuditAction.AGREEMENT_SUSPEND, "ua.analyst") == []


def test_admin_pages_carry_the_policy_headers_and_no_inline_style(desk: Desk) -> None:
    c, _csrf = _as(desk, "kz.admin")
    for path in (*ADMIN_PAGES, "/admin/agreements/UA-KZ"):
        answer = c.get(path)
        assert answer.status_code == 200, path
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-store"
        assert 'style="' not in answer.text and "<script>" not in answer.text, path
        assert 'aria-current="page"' in answer.text


def test_an_admin_creates_a_user_who_then_logs_in_with_the_password_given(desk: Desk) -> None:
    c, _csrf = _as(desk, "ua.admin")
    form = c.get("/admin/users")
    assert 'value="hub_admin"' not in form.text  # not an agency admin's to grant
    made = c.post(
        "/admin/users",
        data={
            "csrf": csrf_of(form.text),
            "username": "ua.tkachenko",
            "display_name": "Олена Ткаченко",
            "roles": ["analyst", "liaison_officer"],
            "clearance": "confidential",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert made.headers["location"] == "/admin/users?created=ua.tkachenko"
    assert NEW_PASSWORD not in made.headers["location"]
    listed = c.get(made.headers["location"])
    assert "User <strong>ua.tkachenko</strong> created" in listed.text
    assert '<td dir="auto">Олена Ткаченко</td>' in listed.text
    assert "analyst, liaison officer" in listed.text
    with desk.world.hub.db.uow() as uow:
        user = next(u for u in uow.users.all("UA-SBU") if u.username == "ua.tkachenko")
    assert (user.roles, user.clearance) == (("analyst", "liaison_officer"), "confidential")
    (event,) = _events(desk, AuditAction.USER_CREATE, "ua.admin")
    assert (event.object_ref, event.object_owner) == ("ua.tkachenko", "UA-SBU")

    newcomer = desk.new_client()
    assert _login_with(newcomer, "ua.tkachenko", "a long test password of the desk") == 401
    assert _login_with(newcomer, "ua.tkachenko", NEW_PASSWORD) == 303
    dashboard = newcomer.get("/")
    assert "ua.tkachenko" in dashboard.text and 'href="/search"' in dashboard.text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password": "too short", "password_again": "too short"}, "password", "at least 12"),
        ({"password_again": NEW_PASSWORD + "!"}, "password_again", "the passwords differ"),
        ({"username": "ua.analyst"}, "username", "user ua.analyst exists already"),
        ({"username": "Ua Analyst"}, "username", "lower-case letters"),
        ({"roles": []}, "roles", "at least 1"),
        ({"display_name": ""}, "display_name", "at least 1"),
    ],
)
def test_a_bad_user_form_comes_back_with_the_message_next_to_its_field(
    desk: Desk, change: dict[str, object], field: str, message: str
) -> None:
    c, csrf = _as(desk, "ua.admin")
    data = {
        "csrf": csrf,
        "username": "ua.kovalenko",
        "display_name": "Ірина Коваленко",
        "roles": ["analyst"],
        "clearance": "secret",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
        **change,
    }
    before = _usernames(desk)
    refused = c.post("/admin/users", data=data)
    assert refused.status_code == 422
    assert message in _error(refused.text, field)
    assert 'aria-invalid="true"' in refused.text
    # The values come back, the passwords never do.
    assert 'value="Ірина Коваленко"' in refused.text or field == "display_name"
    assert 'value="secret" selected' in refused.text
    assert str(data["password"]) not in refused.text
    assert NEW_PASSWORD not in refused.text
    assert _usernames(desk) == before
    assert _events(desk, AuditAction.USER_CREATE, "ua.admin") == []


def test_a_token_is_shown_once_works_on_the_api_and_is_refused_once_revoked(desk: Desk) -> None:
    c, csrf = _as(desk, "ua.admin")
    api = desk.world.client
    too_long = c.post(
        "/admin/tokens",
        data={"csrf": csrf, "name": "nightly export", "days": "60", "username": "ua.analyst"},
    )
    assert too_long.status_code == 422
    assert _error(too_long.text, "days") == "a token lives 1 to 30 days, not 60"
    assert 'value="nightly export"' in too_long.text
    not_a_number = c.post("/admin/tokens", data={"csrf": csrf, "name": "x", "days": "soon"})
    assert _error(not_a_number.text, "days") == "a whole number of days"

    issued = c.post(
        "/admin/tokens",
        data={"csrf": csrf, "name": "nightly export", "days": "7", "username": "ua.analyst"},
        follow_redirects=False,
    )
    assert issued.status_code == 200  # the answer itself: no redirect carries the secret
    assert "location" not in issued.headers
    assert "shown only this once" in issued.text
    assert issued.headers["cache-control"] == "no-store"
    found = re.search(r'id="token" value="(ilk_[^"]+)"', issued.text)
    assert found is not None
    token = found.group(1)
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "ua.analyst"

    listing = c.get("/admin/tokens")
    assert token not in listing.text  # never again
    row = re.search(r'<tr id="token-(\d+)">\s*<td>nightly export</td>', listing.text)
    assert row is not None
    token_id = row.group(1)
    revoked = c.post(
        f"/admin/tokens/{token_id}/revoke",
        data={"csrf": csrf_of(listing.text)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert f'id="token-{token_id}"' in c.get("/admin/tokens").text
    (made,) = _issued(desk, "ua.admin", "nightly export")
    (gone,) = _events(desk, AuditAction.TOKEN_REVOKE, "ua.admin")
    assert made.object_ref == gone.object_ref == token_id


def test_revoking_through_htmx_answers_the_row(desk: Desk) -> None:
    c, csrf = _as(desk, "kz.admin")
    issued = c.post("/admin/tokens", data={"csrf": csrf, "name": "scanner", "days": "3"})
    found = re.search(r'id="token" value="(ilk_[^"]+)"', issued.text)
    assert found is not None
    listing = c.get("/admin/tokens")
    row = re.search(r'<tr id="token-(\d+)">\s*<td>scanner</td>', listing.text)
    assert row is not None
    answer = c.post(
        f"/admin/tokens/{row.group(1)}/revoke",
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith(f'<tr id="token-{row.group(1)}">')
    assert "revoked" in answer.text and "<html" not in answer.text
    me = desk.world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {found.group(1)}"})
    assert me.status_code == 401


def test_an_agreement_proposed_and_accepted_through_the_pages_comes_into_force(
    desk: Desk,
) -> None:
    api = desk.world.client
    kz, kz_csrf = _as(desk, "kz.admin")
    uz, uz_csrf = _as(desk, "uz.admin")
    ua, _ua_csrf = _as(desk, "ua.admin")
    proposed = kz.post("/admin/agreements", data={**KZ_UZ, "csrf": kz_csrf}, follow_redirects=False)
    assert proposed.status_code == 303, proposed.text[:2000]
    assert proposed.headers["location"] == "/admin/agreements/KZ-UZ?done=proposed"
    shown = kz.get(proposed.headers["location"])
    assert "Agreement proposed" in shown.text and "awaiting UZ-SGB" in shown.text

    # UZ is asked; UA, no party, sees nothing of it.
    assert "Awaiting your acceptance" in uz.get("/admin").text
    assert 'href="/admin/agreements/KZ-UZ"' in uz.get("/admin/agreements").text
    assert ua.get("/admin/agreements/KZ-UZ").status_code == 404
    assert "KZ-UZ" not in ua.get("/admin/agreements").text
    accepted = uz.post(
        "/admin/agreements/KZ-UZ/accept", data={"csrf": uz_csrf}, follow_redirects=False
    )
    assert accepted.status_code == 303
    page = uz.get(accepted.headers["location"])
    assert "in force" in page.text and "Accept for" not in page.text
    (public,) = api.get("/api/v1/agreements", headers=desk.world.auth("uz.admin")).json()
    assert public["in_force"] is True
    assert public["terms"] == {"terrorism": "full", "extremism": "hit"}
    assert public["response_hours"]["urgent"] == 12
    purpose = {"purpose": "case 2026/117"}
    uz_analyst = desk.world.auth("uz.analyst")
    assert api.get("/api/v1/subjects/kz:1", params=purpose, headers=uz_analyst).status_code == 200

    no_reason = uz.post("/admin/agreements/KZ-UZ/suspend", data={"csrf": uz_csrf, "reason": " "})
    assert no_reason.status_code == 422
    assert "say why" in _error(no_reason.text, "reason")
    suspended = uz.post(
        "/admin/agreements/KZ-UZ/suspend",
        data={"csrf": uz_csrf, "reason": "под проверкой"},
        follow_redirects=False,
    )
    assert suspended.status_code == 303
    seen_by_kz = kz.get("/admin/agreements")
    assert "suspended" in seen_by_kz.text and "под проверкой" in seen_by_kz.text
    assert api.get("/api/v1/subjects/kz:1", params=purpose, headers=uz_analyst).status_code == 404
    resumed = kz.post("/admin/agreements/KZ-UZ/resume", data={"csrf": kz_csrf})
    assert resumed.status_code == 200 and "Agreement resumed." in resumed.text
    assert api.get("/api/v1/subjects/kz:1", params=purpose, headers=uz_analyst).status_code == 200

    assert len(_events(desk, AuditAction.AGREEMENT_PROPOSE, "kz.admin")) == 1
    assert len(_events(desk, AuditAction.AGREEMENT_ACCEPT, "uz.admin")) == 1
    (why,) = _events(desk, AuditAction.AGREEMENT_SUSPEND, "uz.admin")
    assert why.detail == {"reason": "под проверкой"}
    assert len(_events(desk, AuditAction.AGREEMENT_RESUME, "kz.admin")) == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"parties": []}, "parties", "choose at least one other party"),
        ({"terms": ["", ""]}, "terms", "choose a sharing level"),
        ({"code": "kz uz"}, "code", "capital letters"),
        ({"code": "UA-KZ"}, "code", "exists already"),
        ({"valid_to": "2025-12-31"}, "valid_to", "valid_to is before valid_from"),
        ({"valid_from": ""}, "valid_from", "a date"),
        ({"hours_urgent": "0"}, "hours_urgent", "greater than or equal to 1"),
        ({"title": ""}, "title", "at least 1"),
    ],
)
def test_a_bad_agreement_form_comes_back_with_the_message_next_to_its_field(
    desk: Desk, change: dict[str, object], field: str, message: str
) -> None:
    c, csrf = _as(desk, "kz.admin")
    refused = c.post("/admin/agreements", data={**KZ_UZ, **change, "csrf": csrf})
    assert refused.status_code == 422
    assert message in _error(refused.text, field)
    # What was chosen is still chosen.
    if field != "terms":
        assert 'value="terrorism:full" selected' in refused.text
    if field != "parties":
        assert 'value="UZ-SGB" checked' in refused.text
    kz_admin = desk.world.hub.principal(desk.world.tokens["kz.admin"])
    assert [a.code for a in desk.world.hub.agreements(kz_admin)] == ["UA-KZ"]
    assert _events(desk, AuditAction.AGREEMENT_PROPOSE, "kz.admin") == []


def test_an_admin_never_sees_another_agencys_users_or_tokens(desk: Desk) -> None:
    kz, kz_csrf = _as(desk, "kz.admin")
    ua, ua_csrf = _as(desk, "ua.admin")
    users = ua.get("/admin/users").text
    assert "<code>ua.analyst</code>" in users
    assert "kz." not in users and "uz." not in users
    tokens = ua.get("/admin/tokens").text
    assert "<code>ua.analyst</code>" in tokens
    assert "kz." not in tokens and "uz." not in tokens
    # UA's admin may not issue a token for a KZ user, nor revoke a KZ token.
    foreign = ua.post(
        "/admin/tokens", data={"csrf": ua_csrf, "name": "x", "days": "1", "username": "kz.analyst"}
    )
    assert foreign.status_code == 404
    kz_tokens = kz.get("/admin/tokens").text
    kz_ids = re.findall(r'<tr id="token-(\d+)">', kz_tokens)
    assert kz_ids
    refused = ua.post(f"/admin/tokens/{kz_ids[0]}/revoke", data={"csrf": ua_csrf})
    assert refused.status_code == 404
    assert f'id="token-{kz_ids[0]}"' in kz.get("/admin/tokens").text
    assert "Revoke token" in kz.get("/admin/tokens").text
    assert _events(desk, AuditAction.TOKEN_REVOKE, "ua.admin") == []
    assert kz_csrf  # KZ's session is untouched


def test_a_post_without_csrf_is_refused_and_changes_nothing(desk: Desk) -> None:
    c, _csrf = _as(desk, "kz.admin")
    hub = desk.world.hub
    before = _usernames(desk)
    listing = c.get("/admin/tokens").text
    token_id = re.findall(r'<tr id="token-(\d+)">', listing)[0]
    forged: tuple[tuple[str, dict[str, object]], ...] = (
        (
            "/admin/users",
            {
                "username": "kz.forged",
                "display_name": "Forged",
                "roles": ["analyst"],
                "clearance": "restricted",
                "password": NEW_PASSWORD,
                "password_again": NEW_PASSWORD,
            },
        ),
        ("/admin/tokens", {"name": "forged"}),
        (f"/admin/tokens/{token_id}/revoke", {}),
        ("/admin/agency", {"four_eyes": "off"}),
        ("/admin/agreements", KZ_UZ),
        ("/admin/agreements/UA-KZ/suspend", {"reason": "forged"}),
    )
    for path, data in forged:
        answer = c.post(path, data={**data, "csrf": "0" * 40})
        assert answer.status_code == 403, path
        assert "reload the page" in answer.text
        assert c.post(path, data=data).status_code == 403, path
    assert _usernames(desk) == before
    kz_admin = hub.principal(desk.world.tokens["kz.admin"])
    assert [a.code for a in hub.agreements(kz_admin)] == ["UA-KZ"]
    assert hub.agreements(kz_admin)[0].suspended_at is None
    assert next(a for a in hub.agencies(kz_admin) if a.code == "KZ-KNB").four_eyes is True
    assert all(t.revoked_at is None for t in hub.tokens(kz_admin))
    assert "forged" not in c.get("/admin/tokens").text
    assert _issued(desk, "kz.admin", "forged") == []
    for action in (AuditAction.USER_CREATE, AuditAction.AGENCY_UPDATE, AuditAction.TOKEN_REVOKE):
        assert _events(desk, action, "kz.admin") == []


def test_the_four_eyes_setting_is_changed_on_the_overview(desk: Desk) -> None:
    c, csrf = _as(desk, "kz.admin")
    overview = c.get("/admin")
    assert "KZ-KNB" in overview.text and "security" in overview.text and "KZ" in overview.text
    assert 'value="on" checked' in overview.text
    odd = c.post("/admin/agency", data={"csrf": csrf, "four_eyes": "maybe"})
    assert odd.status_code == 422
    assert _error(odd.text, "four_eyes") == "choose on or off"
    saved = c.post("/admin/agency", data={"csrf": csrf, "four_eyes": "off"})
    assert saved.status_code == 200 and "The setting is saved." in saved.text
    assert 'value="off" checked' in saved.text
    kz_admin = desk.world.hub.principal(desk.world.tokens["kz.admin"])
    agency = next(a for a in desk.world.hub.agencies(kz_admin) if a.code == "KZ-KNB")
    assert agency.four_eyes is False
    (event,) = _events(desk, AuditAction.AGENCY_UPDATE, "kz.admin")
    assert event.detail == {"four_eyes": False}


def test_the_hub_admin_manages_users_but_has_no_agreements_page(desk: Desk) -> None:
    c, csrf = _as(desk, "hub.admin")
    assert c.get("/admin").status_code == 200
    form = c.get("/admin/users")
    assert form.status_code == 200
    assert 'value="hub_admin"' in form.text and '<option value="UZ-SGB"' in form.text
    assert c.get("/admin/agreements").status_code == 403
    made = c.post(
        "/admin/users",
        data={
            "csrf": csrf,
            "username": "uz.admin.2",
            "display_name": "Дилноза Рахимова",
            "roles": ["agency_admin"],
            "clearance": "restricted",
            "agency": "UZ-SGB",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    with desk.world.hub.db.uow() as uow:
        assert "uz.admin.2" in {u.username for u in uow.users.all("UZ-SGB")}


# Webhooks.


def _api_hooks(desk: Desk, username: str) -> list[dict[str, Any]]:
    got = desk.world.client.get("/api/v1/webhooks", headers=desk.world.auth(username))
    assert got.status_code == 200, got.text
    found: list[dict[str, Any]] = got.json()
    return found


def _api_deliveries(desk: Desk, webhook_id: int) -> list[dict[str, Any]]:
    got = desk.world.client.get(
        f"/api/v1/webhooks/{webhook_id}/deliveries", headers=desk.world.auth("ua.admin")
    )
    assert got.status_code == 200, got.text
    found: list[dict[str, Any]] = got.json()
    return found


def _ask_ua(desk: Desk) -> None:
    """KZ asks UA a question: UA-SBU is told, and its webhooks get a delivery."""
    got = desk.world.client.post(
        "/api/v1/requests",
        json={"to": ["UA-SBU"], "topic": "terrorism", "question": "Known associates?"},
        headers=desk.world.auth("kz.liaison"),
    )
    assert got.status_code == 201, got.text


@contextmanager
def _receiver(port: int) -> Iterator[list[str]]:
    """A webhook receiver on loopback at ``port``: the delivery ids it was sent."""
    arrived: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            arrived.append(self.headers["Interlink-Delivery"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield arrived
    finally:
        server.shutdown()
        server.server_close()


def test_an_admin_registers_a_webhook_sees_its_secret_once_and_disables_it(desk: Desk) -> None:
    hub = desk.world.hub
    hub.settings.webhook_allow_private = True  # the receiver is on loopback
    c, csrf = _as(desk, "ua.admin")
    empty = c.get("/admin/webhooks")
    assert empty.status_code == 200 and "No webhook" in empty.text
    assert 'href="/admin/webhooks"' in c.get("/admin").text

    not_http = c.post("/admin/webhooks", data={"csrf": csrf, "url": "ftp://files.example/in"})
    assert not_http.status_code == 422
    assert _error(not_http.text, "url") == "an http or https URL with a host"
    assert 'value="ftp://files.example/in"' in not_http.text
    odd_kind = c.post(
        "/admin/webhooks",
        data={"csrf": csrf, "url": "http://127.0.0.1:9/in", "kinds": ["request", "gossip"]},
    )
    assert odd_kind.status_code == 422
    assert _error(odd_kind.text, "kinds").startswith("gossip unknown")
    assert 'value="request" checked' in odd_kind.text
    assert _api_hooks(desk, "ua.admin") == []

    url = "http://127.0.0.1:9/hooks/interlink"
    made = c.post(
        "/admin/webhooks",
        data={"csrf": csrf, "url": url, "kinds": ["request", "overdue"]},
        follow_redirects=False,
    )
    assert made.status_code == 200  # the answer itself: no redirect carries the secret
    assert "location" not in made.headers and made.headers["cache-control"] == "no-store"
    assert "shown only this once" in made.text
    (hook,) = _api_hooks(desk, "ua.admin")
    assert (hook["url"], hook["kinds"], hook["disabled_at"]) == (url, ["overdue", "request"], None)
    secret = hub.webhooks.secret(hook["id"])
    assert f'id="secret" value="{secret}"' in made.text

    listing = c.get("/admin/webhooks")
    assert secret not in listing.text  # never again
    row = listing.text[listing.text.index(f'<tr id="webhook-{hook["id"]}">') :]
    assert f"<code>{url}</code>" in row and "overdue, request" in row and "active" in row
    assert url not in c.get("/admin").text  # the overview counts them
    # Another agency's admin sees nothing of it and may not disable it; an analyst neither.
    kz, kz_csrf = _as(desk, "kz.admin")
    assert url not in kz.get("/admin/webhooks").text
    disable = f"/admin/webhooks/{hook['id']}/disable"
    assert kz.post(disable, data={"csrf": kz_csrf}).status_code == 404
    analyst, analyst_csrf = _as(desk, "ua.analyst")
    assert analyst.post(disable, data={"csrf": analyst_csrf}).status_code == 403
    assert c.post(disable, data={"csrf": "0" * 40}).status_code == 403
    assert _api_hooks(desk, "ua.admin")[0]["disabled_at"] is None

    disabled = c.post(disable, data={"csrf": csrf}, follow_redirects=False)
    assert disabled.status_code == 303
    assert disabled.headers["location"] == "/admin/webhooks?done=webhook-disabled"
    after = c.get(disabled.headers["location"])
    assert "Webhook disabled" in after.text and "<strong>disabled</strong>" in after.text
    assert f'action="{disable}"' not in after.text
    assert _api_hooks(desk, "ua.admin")[0]["disabled_at"] is not None
    events = [e.detail for e in _events(desk, AuditAction.AGENCY_UPDATE, "ua.admin")]
    assert events == [{"url": url}, {"disabled": True}]


def test_a_delivery_set_aside_is_listed_with_its_error_and_replayed(desk: Desk) -> None:
    hub = desk.world.hub
    hub.settings.webhook_allow_private = True
    hub.settings.webhook_attempts = 1  # set aside after one failure
    port = free_port()  # nobody listens there yet
    c, csrf = _as(desk, "ua.admin")
    made = c.post("/admin/webhooks", data={"csrf": csrf, "url": f"http://127.0.0.1:{port}/in"})
    assert made.status_code == 200
    (hook,) = _api_hooks(desk, "ua.admin")
    _ask_ua(desk)
    assert hub.webhooks.deliver_due() == 1
    (failed,) = _api_deliveries(desk, hook["id"])
    assert failed["status"] == "failed" and "ConnectError" in failed["last_error"]

    overview = c.get("/admin")
    assert "1 delivery set aside" in overview.text
    listing = c.get("/admin/webhooks")
    row = listing.text[listing.text.index(f'<tr id="delivery-{failed["id"]}">') :]
    assert "ConnectError" in row and f'aria-label="Replay delivery {failed["id"]}"' in row
    replay = f"/admin/webhooks/{hook['id']}/deliveries/{failed['id']}/replay"

    # Not another agency's, not an analyst's, not without the form's token.
    kz, kz_csrf = _as(desk, "kz.admin")
    assert kz.post(replay, data={"csrf": kz_csrf}).status_code == 404
    assert f"127.0.0.1:{port}" not in kz.get("/admin/webhooks").text
    analyst, analyst_csrf = _as(desk, "ua.analyst")
    assert analyst.get("/admin/webhooks").status_code == 403
    assert analyst.post(replay, data={"csrf": analyst_csrf}).status_code == 403
    forged = c.post(replay, data={"csrf": "0" * 40})
    assert forged.status_code == 403 and "reload the page" in forged.text
    assert c.post(replay).status_code == 403
    assert _api_deliveries(desk, hook["id"])[0]["status"] == "failed"

    with _receiver(port) as arrived:  # the receiver is back
        replayed = c.post(replay, data={"csrf": csrf}, follow_redirects=False)
        assert replayed.status_code == 303
        assert replayed.headers["location"] == "/admin/webhooks?done=replayed"
        assert "put back in line" in c.get(replayed.headers["location"]).text
        (queued,) = _api_deliveries(desk, hook["id"])
        assert (queued["status"], queued["attempts"], queued["last_error"]) == ("pending", 0, None)
        assert c.post(replay, data={"csrf": csrf}).status_code == 409  # no longer set aside
        assert hub.webhooks.deliver_due() == 1
        assert arrived == [str(failed["id"])]  # the same delivery, under its own id
    (delivered,) = _api_deliveries(desk, hook["id"])
    assert delivered["status"] == "delivered"
    assert f'id="delivery-{failed["id"]}"' not in c.get("/admin/webhooks").text
    replays = [e.detail for e in _events(desk, AuditAction.AGENCY_UPDATE, "ua.admin")]
    assert replays[-1] == {"replay": failed["id"]}
    assert _events(desk, AuditAction.AGENCY_UPDATE, "kz.admin") == []
    assert _events(desk, AuditAction.AGENCY_UPDATE, "ua.analyst") == []


def test_an_analyst_or_the_hub_admin_registers_no_webhook(desk: Desk) -> None:
    desk.world.hub.settings.webhook_allow_private = True
    for username in ("ua.analyst", "hub.admin"):
        c, csrf = _as(desk, username)
        assert c.get("/admin/webhooks").status_code == 403, username
        made = c.post("/admin/webhooks", data={"csrf": csrf, "url": "http://127.0.0.1:9/in"})
        assert made.status_code == 403, username
        assert "shown only this once" not in made.text
    assert 'href="/admin/webhooks"' not in _as(desk, "hub.admin")[0].get("/admin").text
    assert _api_hooks(desk, "ua.admin") == []

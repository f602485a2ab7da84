"""The pages over the API tests' small world, on both databases.

``desk`` is a client of the same hub as ``hub_world``'s, on ``https://`` (the session cookie is
``Secure``), with a helper that logs a user in through the login form as a browser does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from interlink.api import create_app
from interlink.auth import hash_password
from tests.api.conftest import HubWorld, hub_world

__all__ = ["Desk", "desk", "hub_world", "login"]

PASSWORD = "a long test password of the desk"
_HASH = hash_password(PASSWORD)  # once: argon2id costs a tenth of a second


@dataclass
class Desk:
    world: HubWorld
    client: TestClient

    def new_client(self) -> TestClient:
        return TestClient(
            self.client.app, base_url="https://testserver", raise_server_exceptions=False
        )


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


def login(client: TestClient, username: str) -> str:
    """Log ``username`` in through the form; returns the dashboard's CSRF token."""
    form = client.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    done = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "nonce": nonce.group(1), "next": "/"},
    )
    assert done.status_code == 200, done.text[:500]  # followed to the dashboard
    return csrf_of(done.text)


@pytest.fixture
def desk(hub_world: HubWorld) -> Iterator[Desk]:
    with hub_world.hub.db.uow() as uow:
        for user in uow.users.all():
            uow.users.set_password(user.id, _HASH)
    client = TestClient(
        create_app(hub_world.hub.settings, hub=hub_world.hub),
        base_url="https://testserver",
        raise_server_exceptions=False,
    )
    with client:
        yield Desk(hub_world, client)

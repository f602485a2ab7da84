"""Browser journeys: the pages served by uvicorn on loopback, driven by Playwright in Debian's
chromium (``/usr/bin/chromium``; ``make test`` installs it when missing).

One hub per module on a SQLite file (the embedded default, as ``make demo`` serves it): the API
tests' small world, every user with the same password, and a few more subjects the journeys look
for. Screenshots of each journey are kept under ``var/screenshots/`` (``INTERLINK_SCREENSHOTS``
moves them), as the run's artifacts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from interlink.api import create_app
from interlink.auth import hash_password
from interlink.domain.subjects import Provenance
from interlink.services.accounts import Principal
from interlink.services.hub import Hub
from interlink.settings import Settings
from interlink.store import Database
from tests.api.conftest import SECRET, START, Clock, record, seed
from tests.serving import serve_in_thread

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a long test password of the desk"
SHOTS = Path(os.environ.get("INTERLINK_SCREENSHOTS", "var/screenshots"))

# The journeys' own subjects, besides the API world's (owner UA-SBU, shared with KZ-KNB in full
# for terrorism; UZ-SGB shares with nobody).
EXTRA = [
    (
        record(
            "ua:10",
            "Бортников Александр Васильевич",
            birth_dates=[{"kind": "full", "value": "1951-11-15"}],
        ),
        "UA-SBU",
    ),
    (record("ua:11", "Khalid Yusuf al-Tamimi"), "UA-SBU"),
    (record("ua:12", "Todd Barrett"), "UA-SBU"),  # a traveller of the PAXLST fixture
    (record("uz:10", "Ташкентов Бахтиёр Рустамович"), "UZ-SGB"),
]


@dataclass
class Served:
    url: str
    hub: Hub


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("browser") / "interlink.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    seed(db)
    secret = hash_password(PASSWORD)
    with db.uow() as uow:
        ids = {a.code: a.id for a in uow.agencies.all()}
        uow.subjects.write(
            [r for r, _ in EXTRA],
            [ids[o] for _, o in EXTRA],
            Provenance(source="test", added_by="test", added_at=START),
            now=START,
        )
        for user in uow.users.all():
            uow.users.set_password(user.id, secret)
    db.dispose()
    settings = Settings(database_url=f"sqlite:///{path}", secret_key=SECRET)
    hub = Hub.open(settings, Clock())
    with hub.db.uow() as uow:
        owner = uow.users.credentials("ua.analyst")
    assert owner is not None
    hub.encounters.flag(Principal.from_user(owner[0]), "ua:12", True)  # report its movements
    try:
        with serve_in_thread(create_app(settings, hub=hub)) as url:
            yield Served(url, hub)
    finally:
        hub.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page: Page, served: Served, username: str) -> None:
    page.goto(served.url + "/")
    assert page.url.startswith(served.url + "/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(served.url + "/")

"""The API over a small world on both databases.

``hub_world`` seeds agencies, an agreement, subjects and users on the ``db`` fixture, and yields
a ``TestClient`` of ``create_app`` with a hub whose clock the test controls (``clock.now``).
Users are made without passwords (argon2id at 64 MiB costs a tenth of a second each) and given
tokens directly; the login tests set a password where they need one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from interlink.api import create_app
from interlink.api.hot import HotRoutes
from interlink.domain.agencies import (
    AgencyKind,
    AgencySpec,
    AgreementSpec,
    Role,
    TopicTerm,
    UserSpec,
)
from interlink.domain.codes import Classification, HandlingCode, SharingLevel, Topic
from interlink.domain.subjects import Name, NameKind, Provenance, SubjectRecord
from interlink.services.accounts import Principal, issue_token
from interlink.services.hub import Hub
from interlink.settings import Settings
from interlink.store import Database

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SECRET = "test secret of the hub, long enough to pass"


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class HubWorld:
    client: TestClient
    hub: Hub
    clock: Clock
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}


def hot_routes(app: object) -> HotRoutes:
    """The hot path of an app made by ``create_app``: its counter of requests taken."""
    assert isinstance(app, FastAPI)
    layer: Any = app.middleware_stack
    while not isinstance(layer, HotRoutes):
        layer = layer.app
    return layer


def record(
    uid: str, *names: str, topics: tuple[Topic, ...] = (Topic.TERRORISM,), **marks: object
) -> SubjectRecord:
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    return SubjectRecord.model_validate(
        {
            "uid": uid,
            "kind": "person",
            "names": [Name(full=n, kind=k) for n, k in zip(names, kinds, strict=True)],
            "topics": topics,
            **marks,
        }
    )


SUBJECTS = [
    (
        record(
            "ua:1",
            "Шевчук Тарас Петрович",
            "SHEVCHUK Taras",
        ),
        "UA-SBU",
    ),
    (record("ua:2", "Бондаренко Олег", topics=(Topic.EXTREMISM,)), "UA-SBU"),
    (record("ua:3", "Мельник Петро", classification=Classification.SECRET), "UA-SBU"),
    (
        record(
            "ua:4", "Коваленко Андрій", handling_code=HandlingCode.H3, handling_note="ask first"
        ),
        "UA-SBU",
    ),
    (record("uz:1", "Каримов Азиз", topics=(Topic.TERRORISM,)), "UZ-SGB"),
    (record("un:1", "أبو بكر البغدادي", "Abu Bakr al-Baghdadi"), "UN-SC"),
    (record("kz:1", "<script>alert(1)</script>"), "KZ-KNB"),
]

USERS = {
    "ua.analyst": ("UA-SBU", (Role.ANALYST,), Classification.SECRET),
    "ua.auditor": ("UA-SBU", (Role.AUDITOR,), Classification.RESTRICTED),
    "ua.liaison": ("UA-SBU", (Role.LIAISON_OFFICER,), Classification.SECRET),
    "ua.liaison2": ("UA-SBU", (Role.LIAISON_OFFICER,), Classification.RESTRICTED),
    "ua.admin": ("UA-SBU", (Role.AGENCY_ADMIN,), Classification.RESTRICTED),
    "kz.analyst": ("KZ-KNB", (Role.ANALYST,), Classification.CONFIDENTIAL),
    "kz.border": ("KZ-KNB", (Role.SCREENING_OFFICER,), Classification.RESTRICTED),
    "kz.admin": ("KZ-KNB", (Role.AGENCY_ADMIN,), Classification.RESTRICTED),
    "kz.liaison": ("KZ-KNB", (Role.LIAISON_OFFICER,), Classification.CONFIDENTIAL),
    "kz.border.chief": ("KZ-KNB", (Role.SCREENING_OFFICER,), Classification.SECRET),
    "uz.analyst": ("UZ-SGB", (Role.ANALYST,), Classification.SECRET),
    "uz.admin": ("UZ-SGB", (Role.AGENCY_ADMIN,), Classification.RESTRICTED),
    "uz.border": ("UZ-SGB", (Role.SCREENING_OFFICER,), Classification.SECRET),
    "hub.admin": ("HUB", (Role.HUB_ADMIN,), Classification.RESTRICTED),
}


def seed(db: Database) -> dict[str, str]:
    """The world above; returns a token per user."""
    with db.uow() as uow:
        ids = {}
        for code, kind, country in (
            ("UA-SBU", AgencyKind.SECURITY, "UA"),
            ("KZ-KNB", AgencyKind.SECURITY, "KZ"),
            ("UZ-SGB", AgencyKind.SECURITY, "UZ"),
            ("UN-SC", AgencyKind.LIST_AUTHORITY, None),
            ("HUB", AgencyKind.SECRETARIAT, None),
        ):
            ids[code] = uow.agencies.add(
                AgencySpec(code=code, name=code, kind=kind, country=country)
            ).id
        uow.agreements.add(
            AgreementSpec(
                code="UA-KZ",
                title="UA and KZ",
                parties=("UA-SBU", "KZ-KNB"),
                terms=(
                    TopicTerm(topic=Topic.TERRORISM, level=SharingLevel.FULL),
                    TopicTerm(topic=Topic.EXTREMISM, level=SharingLevel.HIT),
                ),
                valid_from=date(2026, 1, 1),
            )
        )
        uow.subjects.write(
            [r for r, _ in SUBJECTS],
            [ids[o] for _, o in SUBJECTS],
            Provenance(source="test", added_by="test", added_at=START),
            now=START,
        )
        tokens = {}
        for name, (agency, roles, clearance) in USERS.items():
            user = uow.users.add(
                UserSpec(
                    username=name,
                    agency=agency,
                    display_name=name,
                    roles=roles,
                    clearance=clearance.value,
                ),
                uow.agencies.get(agency),
            )
            who = Principal.from_user(user)
            tokens[name], _ = issue_token(uow, Settings(), who, name, "test", START, days=7)
    return tokens


@pytest.fixture
def hub_world(db: Database) -> Iterator[HubWorld]:
    tokens = seed(db)
    settings = Settings(database_url=db.url, secret_key=SECRET)
    clock = Clock()
    hub = Hub.open(settings, clock)
    with TestClient(create_app(settings, hub=hub), raise_server_exceptions=False) as client:
        yield HubWorld(client, hub, clock, tokens)
    hub.close()

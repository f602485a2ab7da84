"""The council's statistics: requests and answer times per agency and pair, alerts and movements
by country and month, each agency seeing only its own exchanges and a secretariat its council's;
as JSON and as CSV. Deadlines move with the injected clock."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest

from interlink.domain.agencies import AgreementSpec, Role, TopicTerm, UserSpec
from interlink.domain.codes import SharingLevel, Topic
from interlink.services.accounts import Principal, issue_token
from interlink.services.statistics import Period
from interlink.settings import Settings
from tests.api.conftest import START, HubWorld

API = "/api/v1"


def at(w: HubWorld, hours: float) -> None:
    w.clock.now = START + timedelta(hours=hours)


def ask(w: HubWorld, user: str, to: str, priority: str) -> int:
    body = {"to": [to], "topic": "terrorism", "question": "Known associates?", "priority": priority}
    got = w.client.post(f"{API}/requests", json=body, headers=w.auth(user))
    assert got.status_code == 201, got.text
    return int(got.json()["id"])


def answer(w: HubWorld, user: str, request_id: int) -> None:
    got = w.client.post(
        f"{API}/requests/{request_id}/answers",
        json={"text": "Nothing known."},
        headers=w.auth(user),
    )
    assert got.status_code == 201, got.text


@pytest.fixture
def council(hub_world: HubWorld) -> HubWorld:
    """Four requests between UA, KZ and UZ under a council whose secretariat is HUB, and the
    clock a hundred hours on."""
    w = hub_world
    with w.hub.db.uow() as uow:
        uow.agreements.add(
            AgreementSpec(
                code="COUNCIL",
                title="the council",
                parties=("UA-SBU", "KZ-KNB", "UZ-SGB", "HUB"),
                terms=(TopicTerm(topic=Topic.TERRORISM, level=SharingLevel.HIT),),
                valid_from=date(2026, 1, 1),
            )
        )
        user = uow.users.add(
            UserSpec(
                username="hub.secretary",
                agency="HUB",
                display_name="Secretary",
                roles=(Role.AGENCY_ADMIN,),
            ),
            uow.agencies.get("HUB"),
        )
        w.tokens["hub.secretary"], _ = issue_token(
            uow, Settings(), Principal.from_user(user), "hub.secretary", "t", START, days=30
        )
    w.hub.forget()
    on_time = ask(w, "kz.liaison", "UA-SBU", "urgent")  # due in 8 hours
    ask(w, "kz.liaison", "UA-SBU", "high")  # never answered: overdue after 3 days
    at(w, 1)
    late = ask(w, "ua.liaison", "KZ-KNB", "high")  # due in 3 days
    refused = ask(w, "kz.liaison", "UZ-SGB", "normal")
    at(w, 2)
    answer(w, "ua.analyst", on_time)
    at(w, 25)
    got = w.client.post(
        f"{API}/requests/{refused}/refuse",
        json={"reason": "not ours"},
        headers=w.auth("uz.analyst"),
    )
    assert got.status_code == 200
    at(w, 97)
    answer(w, "kz.analyst", late)
    at(w, 100)
    return w


def stats(w: HubWorld, user: str, period: str = "2026-Q4") -> Any:
    got = w.client.get(f"{API}/statistics", params={"period": period}, headers=w.auth(user))
    assert got.status_code == 200, got.text
    return got.json()


def pairs(found: Any) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["sender"], p["recipient"]): p["timing"] for p in found["pairs"]}


def test_times_to_answer_on_time_shares_and_overdue_per_pair(council: HubWorld) -> None:
    found = pairs(stats(council, "kz.liaison"))
    assert found[("KZ-KNB", "UA-SBU")] == {
        "sent": 2, "answered": 1, "refused": 0, "median_hours": 2.0, "p90_hours": 2.0,
        "on_time_share": 0.5, "overdue_now": 1,
    }  # fmt: skip
    assert found[("UA-SBU", "KZ-KNB")] == {
        "sent": 1, "answered": 1, "refused": 0, "median_hours": 96.0, "p90_hours": 96.0,
        "on_time_share": 0.0, "overdue_now": 0,
    }  # fmt: skip
    assert found[("KZ-KNB", "UZ-SGB")]["refused"] == 1
    assert found[("KZ-KNB", "UZ-SGB")]["median_hours"] == 24.0
    agencies = {a["agency"]: a for a in stats(council, "kz.liaison")["agencies"]}
    assert agencies["KZ-KNB"]["sent"] == 3
    assert agencies["UA-SBU"]["received"]["overdue_now"] == 1


def test_each_agency_sees_its_own_exchanges_and_the_secretariat_its_council(
    council: HubWorld,
) -> None:
    assert set(pairs(stats(council, "ua.liaison"))) == {("KZ-KNB", "UA-SBU"), ("UA-SBU", "KZ-KNB")}
    assert set(pairs(stats(council, "uz.analyst"))) == {("KZ-KNB", "UZ-SGB")}
    secretariat = stats(council, "hub.secretary")
    assert set(pairs(secretariat)) == {
        ("KZ-KNB", "UA-SBU"),
        ("UA-SBU", "KZ-KNB"),
        ("KZ-KNB", "UZ-SGB"),
    }
    assert secretariat["scope"] == ["HUB", "KZ-KNB", "UA-SBU", "UZ-SGB"]
    assert stats(council, "kz.liaison", "2026-Q3")["pairs"] == []  # another period
    for user, status in (("kz.border", 403), ("ua.auditor", 403)):
        got = council.client.get(
            f"{API}/statistics", params={"period": "2026-Q4"}, headers=council.auth(user)
        )
        assert got.status_code == status
    bad = council.client.get(
        f"{API}/statistics", params={"period": "2026-Q5"}, headers=council.auth("kz.liaison")
    )
    assert bad.status_code == 422 and "2026-Q3" in bad.json()["detail"]


def test_alerts_and_movements_by_country_and_month(council: HubWorld) -> None:
    w = council
    manifest = json.dumps({"ref": "KC917/1", "name": "Taras Shevchuk"}).encode()
    run = w.client.post(
        f"{API}/screenings",
        params={"purpose": "flight KC 917", "filename": "kc917.jsonl"},
        content=manifest,
        headers=w.auth("kz.border"),
    )
    assert run.status_code == 202
    w.hub.runs.wait(timeout=60)
    w.client.put(
        f"{API}/subjects/ua:1/report-movements", json={"report": True}, headers=w.auth("ua.analyst")
    )
    check = {"subject": "ua:1", "movement": {"place": "ALA", "at": "2026-11-25T08:00:00Z"}}
    assert (
        w.client.post(f"{API}/encounters", json=check, headers=w.auth("kz.border")).status_code
        == 201
    )
    month = w.clock.now.strftime("%Y-%m")
    for user in ("kz.liaison", "ua.liaison", "hub.secretary"):
        found = stats(w, user)
        assert found["alerts"] == [{"country": "KZ", "month": month, "count": 1}], user
        assert found["movements"] == [{"country": "KZ", "month": "2026-11", "count": 1}], user
    nothing = stats(w, "uz.analyst")
    assert nothing["alerts"] == [] and nothing["movements"] == []


def test_each_table_exports_as_csv(council: HubWorld) -> None:
    got = council.client.get(
        f"{API}/statistics/pairs.csv",
        params={"period": "2026-Q4"},
        headers=council.auth("kz.liaison"),
    )
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert 'filename="interlink-pairs-2026-Q4.csv"' in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0] == [
        "sender", "recipient", "sent", "answered", "refused", "median_hours", "p90_hours",
        "on_time_share", "overdue_now",
    ]  # fmt: skip
    assert ["KZ-KNB", "UA-SBU", "2", "1", "0", "2.0", "2.0", "0.5", "1"] in rows
    missing = council.client.get(
        f"{API}/statistics/secrets.csv",
        params={"period": "2026-Q4"},
        headers=council.auth("kz.liaison"),
    )
    assert missing.status_code == 422


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", "2026-01-01", "2027-01-01"),
        ("2026-Q3", "2026-07-01", "2026-10-01"),
        ("2026-Q4", "2026-10-01", "2027-01-01"),
        ("2026-12", "2026-12-01", "2027-01-01"),
    ],
)
def test_periods(text: str, start: str, end: str) -> None:
    period = Period.parse(text)
    assert (period.start.date().isoformat(), period.end.date().isoformat()) == (start, end)

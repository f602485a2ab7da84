"""The hit check and the search answered by ``api.hot.HotRoutes``: the same answers, refusals
and audit events as FastAPI's routes give, and the route left to refuse what it refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlink.api import create_app
from interlink.services import hub as hub_module
from interlink.services.journal import Journal
from tests.api.conftest import HubWorld, hot_routes

API = "/api/v1"
PURPOSE = "case 2026/117"


class _Frozen:
    """``time.monotonic`` held still: what the hub keeps for a second stays kept."""

    def __call__(self) -> float:
        return 1000.0


@pytest.fixture
def both(
    hub_world: HubWorld, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, TestClient]]:
    """A client of the app with the hot routes (the fixture's) and one of an app without them,
    on the same hub."""
    monkeypatch.setattr(hub_module.time, "monotonic", _Frozen())
    plain = create_app(hub_world.hub.settings, hub=hub_world.hub, hot_routes=False)
    with TestClient(plain, raise_server_exceptions=False) as client:
        yield hub_world.client, client


def _taken(client: TestClient) -> int:
    return hot_routes(client.app).taken


def _same(a: Any, b: Any) -> None:
    assert (a.status_code, a.headers["content-type"], a.content) == (
        b.status_code,
        b.headers["content-type"],
        b.content,
    )


ASKED = [
    ("kz.border", "/hits", {"name": "Oleg Bondarenko"}),  # a hit on a partner's record
    ("kz.border", "/hits", {"name": "Zebulon Quartermaine"}),  # no hit
    ("kz.border", "/hits", {"name": "Taras Shevchuk", "birth_date": "1980"}),
    ("kz.analyst", "/search", {"name": "Taras Shevchuk", "top": 3}),  # in full
    ("kz.analyst", "/search", {"name": "Abu Bakr al-Baghdadi", "threshold": 0.5}),
    ("uz.analyst", "/search", {"name": "Karimov Aziz", "nationality": "UZ"}),
    ("ua.analyst", "/search", {"name": "Мельник Петро", "gender": "male"}),
    ("kz.analyst", "/search", {"name": "Мельник Петро"}),  # classified above the clearance
]


@pytest.mark.parametrize(("user", "path", "body"), ASKED)
def test_the_hot_path_answers_byte_for_byte_as_the_route(
    hub_world: HubWorld, both: tuple[TestClient, TestClient], user: str, path: str, body: dict
) -> None:
    hot, plain = both
    headers = hub_world.auth(user)
    asked = {**body, "purpose": PURPOSE}
    hot.get(f"{API}/me", headers=headers)  # the token resolved and kept
    first = hot.post(API + path, json=asked, headers=headers)  # the view read and kept
    before = _taken(hot)
    answers = [hot.post(API + path, json=asked, headers=headers) for _ in range(2)]
    assert _taken(hot) == before + 2
    route = plain.post(API + path, json=asked, headers=headers)
    assert route.status_code == 200
    for answer in (first, *answers):
        _same(answer, route)


def test_a_hot_hit_check_is_audited_and_notified_before_it_is_answered(
    hub_world: HubWorld, both: tuple[TestClient, TestClient]
) -> None:
    hot, _plain = both
    border = hub_world.auth("kz.border")
    asked = {"name": "Oleg Bondarenko", "purpose": PURPOSE}
    hot.post(f"{API}/hits", json=asked, headers=border)
    before = _taken(hot)
    assert hot.post(f"{API}/hits", json=asked, headers=border).json()["hit"] is True
    assert _taken(hot) == before + 1
    report = hot.get(f"{API}/audit/accesses", headers=hub_world.auth("ua.auditor")).json()
    asked_of = [a for a in report if a["action"] == "hit_check" and a["object_ref"] == "ua:2"]
    assert [(a["username"], a["purpose"]) for a in asked_of] == [("kz.border", PURPOSE)] * 2
    inbox = hot.get(f"{API}/notifications", headers=hub_world.auth("ua.analyst")).json()
    hits = [(n["kind"], n["subject_uid"], n["by_username"]) for n in inbox if n["kind"] == "hit"]
    assert hits == [("hit", "ua:2", "kz.border")] * 2


def test_a_search_that_fails_once_taken_is_answered_by_the_error_handlers(
    hub_world: HubWorld, both: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    hot, plain = both
    border = hub_world.auth("kz.border")
    asked = {"name": "Oleg Bondarenko", "purpose": PURPOSE}
    hot.post(f"{API}/hits", json=asked, headers=border)

    def refuse(self: Journal, batch: list) -> None:  # type: ignore[type-arg]
        raise OSError("disk full")

    monkeypatch.setattr(Journal, "_append", refuse)
    before = _taken(hot)
    answer = hot.post(f"{API}/hits", json=asked, headers=border)
    assert _taken(hot) == before + 1
    assert (answer.status_code, answer.json()) == (500, {"detail": "internal error"})
    _same(answer, plain.post(f"{API}/hits", json=asked, headers=border))


def test_what_the_hot_path_cannot_answer_goes_to_the_route(
    hub_world: HubWorld, both: tuple[TestClient, TestClient]
) -> None:
    hot, plain = both
    border = hub_world.auth("kz.border")
    hot.post(f"{API}/hits", json={"name": "Ann", "purpose": PURPOSE}, headers=border)
    before = _taken(hot)
    body = json.dumps({"name": "Oleg Bondarenko", "purpose": PURPOSE})
    refused = [
        ({**border, "Content-Type": "application/json"}, "{not json"),
        ({**border, "Content-Type": "text/plain"}, body),  # the route's 422
        ({**border, "Content-Type": "application/json"}, '{"name": "Oleg", "purpose": "no"}'),
        ({"Authorization": "Basic a2F6OmJvcmRlcg==", "Content-Type": "application/json"}, body),
        ({"Authorization": "Bearer ilk_nothing", "Content-Type": "application/json"}, body),
        ({**hub_world.auth("ua.auditor"), "Content-Type": "application/json"}, body),  # no right
    ]
    for headers, content in refused:
        answer = hot.post(f"{API}/hits", content=content, headers=headers)
        assert answer.status_code in (401, 403, 422)
        _same(answer, plain.post(f"{API}/hits", content=content, headers=headers))
    assert _taken(hot) == before
    # Answered by the route, not refused: a charset in the content type, a query string.
    with_charset = {**border, "Content-Type": "application/json; charset=utf-8"}
    answer = hot.post(f"{API}/hits", content=body, headers=with_charset)
    assert answer.status_code == 200 and answer.json()["hit"] is True
    answer = hot.post(f"{API}/hits?x=1", content=body, headers={**border, **with_charset})
    assert answer.status_code == 200
    assert _taken(hot) == before


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["Oleg Bondarenko", "1980-02", "UZ", "male", "", "\x00", PURPOSE, "2026"]),
    st.lists(st.integers(), max_size=2),
)
_FIELDS = st.sampled_from(
    ["name", "purpose", "birth_date", "nationality", "gender", "top", "threshold", "extra"]
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(["/hits", "/search"]),
    body=st.dictionaries(_FIELDS, _VALUES, max_size=6),
    user=st.sampled_from(["kz.border", "kz.analyst", "ua.auditor"]),
)
def test_any_body_gets_from_the_hot_path_what_the_route_gives(
    hub_world: HubWorld,
    both: tuple[TestClient, TestClient],
    path: str,
    body: dict[str, Any],
    user: str,
) -> None:
    """Whatever the body, both apps answer the same: accepted bodies with the same answer,
    refused ones with the same status and detail (the hot path leaves them to the route)."""
    hot, plain = both
    headers = hub_world.auth(user)
    hot.get(f"{API}/me", headers=headers)
    hot.post(API + path, json={"name": "Ann", "purpose": PURPOSE}, headers=headers)
    _same(
        hot.post(API + path, json=body, headers=headers),
        plain.post(API + path, json=body, headers=headers),
    )

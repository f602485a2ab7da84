"""Hostile input, from the API's own OpenAPI document: a 4xx that says what is wrong, never a 500.

Schemathesis reads ``/openapi.json`` from the app and, for every operation, sends the schema's
examples, its coverage cases (boundaries, NUL bytes, wrong types, missing and extra fields) and
fuzzed cases, valid and invalid, over ASGI to the ``hub_world`` app on both databases. The caller
is ``ua.fuzzer``, a UA-SBU user holding every role that reads (analyst, screening and liaison
officer, auditor, agency admin), so that requests get past the role checks to the code behind.
Its token is sent with every case (schemathesis generates no ``Authorization`` of its own; its
``ignored_auth`` check still asks without one).

For every case: no 5xx; every 4xx is ``{"detail": "<text>"}``; the status is one the operation
documents, or one of ``UNDOCUMENTED``, or 405 for a method the path does not have; and
schemathesis's checks pass, except these, which flag deliberate or framework behaviour:

- ``status_code_conformance``: replaced by the narrower assertion above. The document declares
  401, 403 and 422 for every operation, 404 for those with an object in the path, 409 where a
  uniqueness or state rule can refuse and 429 for the login (``UNDOCUMENTED`` holds only
  FastAPI's 400 for a body that is not JSON).
- ``positive_data_acceptance``: the service enforces rules a JSON Schema does not say (a purpose
  of blanks, a birth date that is not a date, a uid outside the agency's prefix, password
  length, token lifetime), so schema-valid requests may get a deliberate 422.
- ``allow_header_conformance``: a 405 from Starlette lists in ``Allow`` the methods of the first
  route whose path matched (``GET`` of ``/users``), not of every route of the path; that is the
  framework's routing, not a contract of ours.
- ``negative_data_rejection``, for operations with query parameters only (``WITH_QUERY``):
  FastAPI reads the last of a repeated query parameter (schemathesis sends an array that way)
  and pydantic reads a number as a Unix time for a datetime (``until=0.5``), so some
  schema-invalid queries are answered; harmlessly. Bodies stay checked.

``DELETE /tokens/{token_id}`` is fuzzed too: the fuzzer is an agency admin and may revoke its own
token, so after it does a new token is issued and later cases stay authenticated.
``GET /notifications/stream`` is not fuzzed: a stream that answers runs until the client leaves
(its one input, ``Last-Event-ID``, is tested in ``test_notifications_api``).
``PUT /subjects/{uid}`` skips the coverage phase: its body is that of ``POST /subjects``, whose
600 coverage cases try it already (and take a few seconds per database).

``test_the_search_hit_and_read_endpoints_refuse_hostile_strings_clearly`` adds what schemathesis
draws rarely: NUL bytes, lone surrogates, bidi overrides, mixed scripts, SQL and path fragments,
strings past every length limit, NaN and huge or negative numbers, and bodies of the wrong type.
``test_the_inputs_that_gave_500s_give_a_clear_4xx`` keeps the cases the fuzzing found.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlink.api import create_app
from interlink.domain.agencies import Role, UserSpec
from interlink.domain.codes import Classification
from interlink.services.accounts import Principal, issue_token
from interlink.settings import Settings
from tests.api.conftest import SECRET, HubWorld

API = "/api/v1"
FUZZER = "ua.fuzzer"
READING_ROLES = (
    Role.ANALYST,
    Role.SCREENING_OFFICER,
    Role.LIAISON_OFFICER,
    Role.AUDITOR,
    Role.AGENCY_ADMIN,
)
# Statuses the routes give on purpose without documenting them (see the module's docstring).
UNDOCUMENTED = {400}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _CurrentApp:
    """The ASGI app schemathesis calls: it passes each request to the app of the running test.

    The schema is loaded once, at import, for ``@schema.parametrize()``; each test then points
    this at the app of its ``hub_world``, whose lifespan the test client has already run."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the real app's lifespan is the fixture's business
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await self.app(scope, receive, send)


APP = create_app(Settings(secret_key=SECRET))  # the schema's; no request reaches it
WITH_QUERY = [
    f"{method.upper()} {path}"
    for path, operations in APP.openapi()["paths"].items()
    for method, operation in operations.items()
    if any(p["in"] == "query" for p in operation.get("parameters", []))
]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261122,
        "generation": {"max-examples": 10, "database": "none", "with-security-parameters": False},
        "phases": {
            "stateful": {"enabled": False},
            "coverage": {"generate-duplicate-query-parameters": False},
        },
        "checks": {
            "status_code_conformance": {"enabled": False},
            "positive_data_acceptance": {"enabled": False},
            "allow_header_conformance": {"enabled": False},
        },
        "operations": [
            {
                "include-name": WITH_QUERY,
                "checks": {"negative_data_rejection": {"enabled": False}},
            },
            {
                # A stream that answers goes on until the client leaves: each case would wait
                # out the transport. Its one input, Last-Event-ID, is tested in
                # test_notifications_api.
                "include-name": f"GET {API}/notifications/stream",
                "enabled": False,
            },
            {
                # The body is POST /subjects's, whose 600 coverage cases try it already.
                "include-name": f"PUT {API}/subjects/{{uid}}",
                "phases": {"coverage": {"enabled": False}},
            },
        ],
    }
)
TARGET = _CurrentApp(APP)
schema = schemathesis.openapi.from_asgi("/openapi.json", TARGET, config=CONFIG)


@dataclass
class FuzzWorld:
    world: HubWorld
    principal: Principal
    token: str = ""
    token_id: int = 0

    def issue(self) -> None:
        """A fresh token for the fuzzer (at the start, and after it revoked its own)."""
        with self.world.hub.db.uow() as uow:
            self.token, record = issue_token(
                uow, Settings(), self.principal, FUZZER, "fuzz", self.world.clock(), days=7
            )
        self.token_id = record.id

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def fuzz_world(hub_world: HubWorld) -> Iterator[FuzzWorld]:
    with hub_world.hub.db.uow() as uow:
        user = uow.users.add(
            UserSpec(
                username=FUZZER,
                agency="UA-SBU",
                display_name="Fuzzer",
                roles=READING_ROLES,
                clearance=Classification.SECRET.value,
            ),
            uow.agencies.get("UA-SBU"),
        )
    fuzz = FuzzWorld(hub_world, Principal.from_user(user))
    fuzz.issue()
    assert isinstance(hub_world.client.app, FastAPI)
    previous, TARGET.app = TARGET.app, hub_world.client.app
    try:
        yield fuzz
    finally:
        TARGET.app = previous


def assert_clear(status: int, body: bytes) -> None:
    """No server error; a client error says what is wrong, as ``{"detail": "..."}``."""
    assert status < 500, body[:500]
    if 400 <= status < 500:
        problem = json.loads(body)
        assert isinstance(problem, dict) and set(problem) == {"detail"}, problem
        assert isinstance(problem["detail"], str) and problem["detail"].strip(), problem


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_hostile_input_gets_a_clear_4xx_never_a_500(
    case: schemathesis.Case[Any], fuzz_world: FuzzWorld
) -> None:
    response = case.call_and_validate(headers=fuzz_world.headers())
    assert_clear(response.status_code, response.content)
    if case.method.upper() != case.operation.method.upper():
        assert response.status_code == 405  # a method the path does not have
    else:
        documented = {int(code) for code in case.operation.responses.status_codes}
        assert response.status_code in documented | UNDOCUMENTED, response.content[:500]
    revoked = case.operation.label == f"DELETE {API}/tokens/{{token_id}}"
    if revoked and response.status_code == 200 and response.json()["id"] == fuzz_world.token_id:
        fuzz_world.issue()


def test_the_document_is_valid_openapi_3_1(hub_world: HubWorld) -> None:
    served = hub_world.client.get("/openapi.json")
    assert served.status_code == 200
    document = served.json()
    assert document["openapi"].startswith("3.1.")
    # Against the OpenAPI 3.1 meta-schema (the one schemathesis validates documents with), which
    # leaves the JSON Schemas inside alone; those against the 2020-12 meta-schema, OpenAPI 3.1's
    # dialect (jsonschema_rs comes with schemathesis).
    schemathesis.openapi.from_dict(document).validate()
    components = list(document["components"]["schemas"].values())
    schemas = _schemas_in(document["paths"], list(components))
    assert components and len(schemas) > len(components)
    for each in schemas:
        jsonschema_rs.meta.validate(each)


def _schemas_in(node: object, found: list[Any]) -> list[Any]:
    """Every ``schema`` object under ``node`` (parameters, request and response bodies)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema" and isinstance(value, dict):
                found.append(value)
            else:
                _schemas_in(value, found)
    elif isinstance(node, list):
        for value in node:
            _schemas_in(value, found)
    return found


# Hostile strings for the search, hit and read endpoints.

HOSTILE = [
    "\x00",
    "Taras\x00Shevchuk",
    "\x00" * 600,
    "\ud800",  # a lone surrogate: no UTF-8 for it
    "Шевчук\udfff",
    "\u202eSHEVCHUK\u202c",  # right-to-left override
    "\u200f\u061c\u2066أبو بكر\u2069",  # bidi marks and isolates
    "ШевчукTarasأبو بكر李",
    "' OR '1'='1' --",
    "'; DROP TABLE subjects; --",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%00",
    "ua:1\x00",
    " ",
    "\t\n\r",
    "\ufeff",
    "\U0001f4a5" * 200,
    "A" * 501,
    "é" * 3000,
]
HUGE = "é" * 100_000  # for bodies only: no server takes a URL of 600 kB
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "L", "Mn"]), max_size=40),
    st.text(max_size=20),  # surrogates (Cs) included
)
hostile_value = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([float("nan"), float("inf"), -1e308, 1e-320]),
    st.lists(st.sampled_from(HOSTILE), max_size=2),
    st.dictionaries(st.sampled_from(["name", "$ne", "\x00"]), st.sampled_from(HOSTILE), max_size=2),
)
SEARCH_FIELDS = ("name", "birth_date", "nationality", "gender", "top", "threshold", "purpose")


@st.composite
def hostile_bodies(draw: st.DrawFn) -> Any:
    """A search or hit body with some fields hostile, or no object at all."""
    body: dict[str, Any] = {"name": "Shevchuk", "purpose": "fuzz, case 2026/1"}
    for key in draw(st.lists(st.sampled_from(SEARCH_FIELDS), min_size=1, max_size=3)):
        body[key] = draw(hostile_value)
    if draw(st.booleans()):
        body[draw(hostile_text)] = draw(hostile_value)  # an unknown field
    if draw(st.integers(0, 9)) == 0:
        body["name"] = HUGE
    return draw(st.one_of(st.just(body), st.just(body), hostile_value))


def _quote(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _encode(body: Any) -> bytes:
    # NaN and Infinity as Python writes them; lone surrogates as \ud800 escapes: what a careless
    # or hostile client sends.
    return json.dumps(body, allow_nan=True).encode()


def test_the_search_hit_and_read_endpoints_refuse_hostile_strings_clearly(
    fuzz_world: FuzzWorld,
) -> None:
    client = fuzz_world.world.client

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        path=st.sampled_from(["/search", "/hits"]),
        body=hostile_bodies(),
        uid=hostile_text,
        purpose=hostile_text,
    )
    def run(path: str, body: Any, uid: str, purpose: str) -> None:
        headers = {**fuzz_world.headers(), "Content-Type": "application/json"}
        answer = client.post(f"{API}{path}", content=_encode(body), headers=headers)
        assert_clear(answer.status_code, answer.content)
        # Percent-encoded from the raw bytes: a lone surrogate arrives as invalid UTF-8.
        for url in (
            f"{API}/subjects/{_quote(uid)}?purpose={_quote(purpose)}",
            f"{API}/subjects?purpose={_quote(purpose)}&owner={_quote(uid)}",
        ):
            answer = client.get(url, headers=fuzz_world.headers())
            assert_clear(answer.status_code, answer.content)

    run()


# What the fuzzing found, kept as plain cases (method, URL, JSON body, the status and a part of
# the detail): each gave a 500 on one database at least, but the last two, wrong types taken for
# numbers (``false`` for 0.0).
FOUND = [
    ("DELETE", "/tokens/9223372036854775808", None, 404, "no token"),  # past SQLite's INTEGER
    ("GET", "/audit/accesses?since=0001-01-01T00:00:00%2B14:00", None, 422, "since: "),
    ("GET", "/audit/accesses?until=9999-12-31T23:59:59-14:00", None, 422, "until: "),
    ("POST", "/users", {"username": "ua.x", "display_name": "X", "roles": ["analyst"] * 2}, 422,
     "each role once"),
    ("POST", "/users", {"username": "ua.x", "display_name": "X", "roles": ["analyst"],
                        "agency": "create_app"}, 422, "body.agency"),
    ("POST", "/users", {"username": "ua.x", "display_name": "X\x00", "roles": ["analyst"]}, 422,
     "body.display_name: "),
    ("POST", "/tokens", {"name": "night\x00shift"}, 422, "body.name: "),
    ("POST", "/auth/login", {"username": "ua\x00x", "password": "password"}, 422,
     "body.username: "),
    ("GET", "/subjects/ua:1%00?purpose=case%202026", None, 422, "path: "),
    ("GET", "/subjects/ua:1%00/history?purpose=case%202026", None, 422, "path: "),
    ("POST", "/subjects", {"uid": "new", "kind": "person", "names": [{"full": "A\x00B"}]}, 422,
     "body.names.0.full: "),
    ("POST", "/search", {"name": "Shevchuk", "purpose": "case 1", "threshold": False}, 422,
     "body.threshold: "),
    ("POST", "/search", {"name": "Shevchuk", "purpose": "case 1", "top": True}, 422, "body.top: "),
]  # fmt: skip


def test_the_inputs_that_gave_500s_give_a_clear_4xx(fuzz_world: FuzzWorld) -> None:
    client = fuzz_world.world.client
    for method, url, body, status, detail in FOUND:
        answer = client.request(method, API + url, json=body, headers=fuzz_world.headers())
        assert (answer.status_code, detail) == (status, detail), (method, url, answer.text)
        assert_clear(answer.status_code, answer.content)
        assert detail in answer.json()["detail"], (method, url, answer.text)

"""Notifications: each user's inbox with its own read marks, the live stream (server-sent
events), and webhooks posted to a real HTTP receiver on loopback: signed, retried with backoff
on the injected clock, set aside and replayed, delivered after a restart, and applied exactly
once when the server is killed mid-delivery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest

from interlink.api import create_app
from interlink.services.hub import Hub
from interlink.services.webhooks import verify
from interlink.store import Database
from tests.api.conftest import SECRET, START, HubWorld, seed
from tests.serving import free_port, serve_in_thread

API = "/api/v1"
QUESTION = {"to": ["UA-SBU"], "topic": "terrorism", "question": "Known associates?"}


class Receiver:
    """A webhook receiver on loopback, idempotent as the API asks: keeps every attempt and
    applies each ``Interlink-Delivery`` id once (``applied``; an attempt of an id applied
    already is kept in ``repeated``), answering ``status``. With ``hold``, the first attempt
    is applied and then held unanswered until ``release``: done here, unknown to the hub."""

    def __init__(self, status: int = 200, hold: bool = False) -> None:
        self.status = status
        self.hold = hold
        self.release = threading.Event()
        self.arrived = threading.Event()
        self.attempts: list[tuple[dict[str, str], bytes]] = []
        self.applied: list[str] = []
        self.repeated: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.attempts.append((headers, body))
                first = len(receiver.attempts) == 1
                delivery = headers["interlink-delivery"]
                if receiver.status < 300:
                    seen = delivery in receiver.applied
                    (receiver.repeated if seen else receiver.applied).append(delivery)
                receiver.arrived.set()
                if receiver.hold and first:
                    receiver.release.wait(30)  # the server dies while we hold its request
                    return
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/interlink"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def add_webhook(w: HubWorld, url: str, **extra: Any) -> dict[str, Any]:
    w.hub.settings.webhook_allow_private = True
    got = w.client.post(f"{API}/webhooks", json={"url": url, **extra}, headers=w.auth("ua.admin"))
    assert got.status_code == 201, got.text
    made: dict[str, Any] = got.json()
    return made


def send_request(w: HubWorld) -> int:
    got = w.client.post(f"{API}/requests", json=QUESTION, headers=w.auth("kz.liaison"))
    assert got.status_code == 201, got.text
    return int(got.json()["id"])


def deliveries(w: HubWorld, webhook: int) -> list[dict[str, Any]]:
    got = w.client.get(f"{API}/webhooks/{webhook}/deliveries", headers=w.auth("ua.admin"))
    assert got.status_code == 200, got.text
    found: list[dict[str, Any]] = got.json()
    return found


def test_each_user_has_an_inbox_of_the_kinds_their_roles_are_told_with_their_own_marks(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    send_request(w)
    inbox = {
        u: w.client.get(f"{API}/notifications", headers=w.auth(u)).json()
        for u in ("ua.analyst", "ua.liaison")
    }
    (mine,) = inbox["ua.liaison"]
    assert [n["id"] for n in inbox["ua.analyst"]] == [mine["id"]]
    read = w.client.post(f"{API}/notifications/{mine['id']}/read", headers=w.auth("ua.liaison"))
    assert read.status_code == 204
    unread = {"unread": True}
    got = w.client.get(f"{API}/notifications", params=unread, headers=w.auth("ua.liaison"))
    assert got.json() == []
    got = w.client.get(f"{API}/notifications", params=unread, headers=w.auth("ua.analyst"))
    assert [n["id"] for n in got.json()] == [mine["id"]]  # the analyst has not read it
    for user in ("kz.analyst", "uz.analyst"):  # another agency's notification is no one's here
        assert (
            w.client.post(
                f"{API}/notifications/{mine['id']}/read", headers=w.auth(user)
            ).status_code
            == 404
        )


def test_a_webhook_posts_each_notification_signed_to_a_receiver_on_loopback(
    hub_world: HubWorld, receiver: Receiver
) -> None:
    w = hub_world
    refused = w.client.post(
        f"{API}/webhooks", json={"url": receiver.url}, headers=w.auth("ua.admin")
    )
    assert refused.status_code == 422 and "loopback" in refused.text  # not by default
    hook = add_webhook(w, receiver.url, kinds=["request", "overdue"])
    assert (
        w.client.post(
            f"{API}/webhooks", json={"url": receiver.url}, headers=w.auth("ua.analyst")
        ).status_code
        == 403
    )
    rid = send_request(w)
    assert w.hub.webhooks.deliver_due() == 1
    assert w.hub.webhooks.deliver_due() == 0  # delivered once
    ((headers, body),) = receiver.attempts
    assert verify(hook["secret"], headers["interlink-signature"], body)
    assert not verify(hook["secret"], headers["interlink-signature"], body + b" ")
    assert headers["interlink-event"] == "request"
    posted = json.loads(body)
    assert (posted["kind"], posted["request_id"], posted["by_agency"]) == ("request", rid, "KZ-KNB")
    (delivery,) = deliveries(w, hook["id"])
    assert (delivery["status"], delivery["attempts"], delivery["last_status"]) == (
        "delivered",
        1,
        200,
    )
    assert headers["interlink-delivery"] == str(delivery["id"])

    # Kinds the webhook did not ask for are not posted; a disabled webhook gets nothing.
    w.client.post(f"{API}/requests/{rid}/acknowledge", headers=w.auth("ua.liaison"))
    assert (
        w.client.delete(f"{API}/webhooks/{hook['id']}", headers=w.auth("ua.admin")).status_code
        == 200
    )
    send_request(w)
    assert w.hub.webhooks.deliver_due() == 0 and len(receiver.attempts) == 1


def test_failures_are_retried_with_backoff_then_set_aside_and_replayed(
    hub_world: HubWorld, receiver: Receiver
) -> None:
    w = hub_world
    w.hub.settings.webhook_attempts = 3
    receiver.status = 503
    hook = add_webhook(w, receiver.url)
    send_request(w)
    assert w.hub.webhooks.deliver_due() == 1
    (d,) = deliveries(w, hook["id"])
    assert (d["status"], d["attempts"], d["last_error"]) == ("pending", 1, "HTTP 503")
    assert d["next_attempt_at"][:19] == (START + timedelta(seconds=10)).isoformat()[:19]
    w.clock.now = START + timedelta(seconds=9)
    assert w.hub.webhooks.deliver_due() == 0  # not yet
    w.clock.now = START + timedelta(seconds=10)
    assert w.hub.webhooks.deliver_due() == 1
    w.clock.now += timedelta(minutes=1)
    assert w.hub.webhooks.deliver_due() == 1
    (d,) = deliveries(w, hook["id"])
    assert (d["status"], d["attempts"]) == ("failed", 3)  # set aside after the last attempt
    w.clock.now += timedelta(days=1)
    assert w.hub.webhooks.deliver_due() == 0
    assert len({h["interlink-delivery"] for h, _ in receiver.attempts}) == 1  # one id throughout

    receiver.status = 200
    replay = f"{API}/webhooks/{hook['id']}/deliveries/{d['id']}/replay"
    assert w.client.post(replay, headers=w.auth("kz.admin")).status_code == 404  # not theirs
    replayed = w.client.post(replay, headers=w.auth("ua.admin"))
    assert replayed.status_code == 200 and replayed.json()["status"] == "pending"
    assert w.client.post(replay, headers=w.auth("ua.admin")).status_code == 409
    assert w.hub.webhooks.deliver_due() == 1
    (d,) = deliveries(w, hook["id"])
    assert d["status"] == "delivered" and receiver.applied == [str(d["id"])]


def test_what_was_not_delivered_before_a_restart_is_delivered_after_it(
    hub_world: HubWorld, receiver: Receiver
) -> None:
    w = hub_world
    hook = add_webhook(w, receiver.url)
    send_request(w)  # this worker delivers nothing (its delivery thread is not started)
    again = Hub.open(w.hub.settings, w.clock)  # a process started afterwards
    try:
        assert again.webhooks.deliver_due() == 1
    finally:
        again.close()
    assert len(receiver.applied) == 1
    assert deliveries(w, hook["id"])[0]["status"] == "delivered"


def next_block(lines: Iterator[str]) -> dict[str, str]:
    """The next event of a stream, as its fields (blank lines end an event)."""
    block: dict[str, str] = {}
    for line in lines:
        if not line:
            if block:
                return block
            continue
        field, _, value = line.partition(": ")
        block[field] = value
    raise AssertionError("the stream ended")


def test_the_stream_sends_new_notifications_as_server_sent_events(hub_world: HubWorld) -> None:
    w = hub_world
    first = send_request(w)
    with serve_in_thread(create_app(w.hub.settings, hub=w.hub)) as base:
        url = f"{base}{API}/notifications/stream"
        auth = w.auth("ua.analyst")
        with httpx2.Client(timeout=10, trust_env=False) as client:
            with client.stream("GET", url, headers=auth) as stream:
                assert stream.headers["content-type"].startswith("text/event-stream")
                lines = stream.iter_lines()
                assert next_block(lines) == {"retry": "3000"}
                second = send_request(w)  # after the stream began: sent live
                event = next_block(lines)
            assert event["event"] == "request"
            assert json.loads(event["data"])["request_id"] == second
            # Resuming after an id sends what came after it, oldest first.
            resumed = {**auth, "Last-Event-ID": str(int(event["id"]) - 1)}
            with client.stream("GET", url, headers=resumed) as stream:
                lines = stream.iter_lines()
                next_block(lines)
                assert next_block(lines)["id"] == event["id"]
            with client.stream("GET", url, headers=w.auth("ua.auditor")) as stream:
                assert stream.status_code == 403  # no inbox at all
            for bad in ("abc", "1" * 21, "1.5"):
                with client.stream("GET", url, headers={**auth, "Last-Event-ID": bad}) as stream:
                    assert stream.status_code == 422
                    assert "Last-Event-ID" in json.loads(stream.read())["detail"]
        assert first < second


@pytest.mark.parametrize("ending", ["revoked", "expired"])
def test_the_stream_ends_when_its_token_does_though_news_keeps_coming(
    hub_world: HubWorld, ending: str
) -> None:
    w = hub_world
    app = create_app(w.hub.settings, hub=w.hub)
    with (
        serve_in_thread(app) as base,
        httpx2.Client(base_url=f"{base}{API}", timeout=10, trust_env=False) as client,
    ):
        issued = client.post(
            "/tokens", json={"name": "stream", "days": 1}, headers=w.auth("ua.analyst")
        )
        assert issued.status_code == 201, issued.text
        streaming = {"Authorization": f"Bearer {issued.json()['token']}"}

        def news() -> None:
            got = client.post("/requests", json=QUESTION, headers=w.auth("kz.liaison"))
            assert got.status_code == 201, got.text

        with client.stream("GET", "/notifications/stream", headers=streaming) as stream:
            lines = stream.iter_lines()
            assert next_block(lines) == {"retry": "3000"}
            news()
            assert next_block(lines)["event"] == "request"
            if ending == "revoked":
                token_id = issued.json()["details"]["id"]
                gone = client.delete(f"/tokens/{token_id}", headers=w.auth("ua.analyst"))
                assert gone.status_code == 200, gone.text
                w.clock.now += timedelta(seconds=16)  # the next check is due
            else:
                w.clock.now += timedelta(days=1, seconds=1)
            # The news keeps coming, a notification a second at most apart: never 15 s
            # of quiet. The stream ends at its next check: before any of it, or after one
            # it was fetching as the clock moved.
            told: list[dict[str, str]] = []
            for _ in range(8):
                news()
                try:
                    told.append(next_block(lines))
                except AssertionError:  # the stream ended
                    break
            else:
                raise AssertionError(f"the stream went on after the token was {ending}")
            assert len(told) <= 1


def test_a_delivery_interrupted_by_killing_the_server_is_applied_exactly_once(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "hub.db"
    db = Database(f"sqlite:///{db_path}")
    db.migrate()
    tokens = seed(db)
    db.dispose()
    receiver = Receiver(hold=True)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).parents[2] / "src"),
        "INTERLINK_DATABASE_URL": f"sqlite:///{db_path}",
        "INTERLINK_SECRET_KEY": SECRET,
        "INTERLINK_PORT": str(port),
        "INTERLINK_WEBHOOK_ALLOW_PRIVATE": "true",
        "INTERLINK_WEBHOOK_TIMEOUT_SECONDS": "1",
    }
    base = f"http://127.0.0.1:{port}{API}"

    def serve() -> subprocess.Popen[bytes]:
        server = subprocess.Popen(
            [sys.executable, "-c", "from interlink.cli import main; main()", "serve"],
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if (
                    httpx2.get(
                        f"http://127.0.0.1:{port}/health", timeout=1, trust_env=False
                    ).status_code
                    == 200
                ):
                    return server
            except httpx2.HTTPError:
                time.sleep(0.2)
        server.kill()
        raise AssertionError("the server did not start")

    def auth(user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[user]}"}

    server = serve()
    try:
        with httpx2.Client(timeout=10, trust_env=False) as client:
            hook = client.post(
                f"{base}/webhooks", json={"url": receiver.url}, headers=auth("ua.admin")
            ).json()
            sent = client.post(f"{base}/requests", json=QUESTION, headers=auth("kz.liaison"))
            assert sent.status_code == 201, sent.text
            assert receiver.arrived.wait(30), "the first attempt never came"
            assert len(receiver.applied) == 1  # the receiver has done it; the hub cannot know
            os.killpg(server.pid, signal.SIGKILL)  # mid-delivery: the receiver holds it
            server.wait(10)
            receiver.release.set()
            server = serve()
            deadline = time.monotonic() + 30
            found: list[dict[str, Any]] = []
            while time.monotonic() < deadline:
                found = client.get(
                    f"{base}/webhooks/{hook['id']}/deliveries", headers=auth("ua.admin")
                ).json()
                if [d["status"] for d in found] == ["delivered"]:
                    break
                time.sleep(0.2)
        ids = [h["interlink-delivery"] for h, _ in receiver.attempts]
        assert len(ids) == 2 and len(set(ids)) == 1  # sent again, under the same id
        assert all(
            verify(hook["secret"], h["interlink-signature"], b) for h, b in receiver.attempts
        )
        # The second attempt was known by its id and not applied again: applied exactly once.
        assert receiver.applied == receiver.repeated == ids[:1]
        assert [(d["status"], d["id"]) for d in found] == [("delivered", int(ids[0]))]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        receiver.close()

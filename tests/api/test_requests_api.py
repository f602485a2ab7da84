"""Requests for information on the hub: agreements decide who may be asked, priorities and
agreements set deadlines, subjects are shown as the policy allows, answers under H2/H3 wait
for a second officer, and reminders and escalations follow the (injected) clock."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

import pytest

from interlink.domain.agencies import AgreementSpec, TopicTerm
from interlink.domain.codes import Priority, SharingLevel, Topic
from tests.api.conftest import START, HubWorld

API = "/api/v1"
QUESTION = "Travel history of the person since 2024, and known associates?"


def attachment(name: str, content_type: str, data: bytes) -> dict[str, str]:
    return {
        "filename": name,
        "content_type": content_type,
        "content": base64.b64encode(data).decode(),
    }


def send(w: HubWorld, user: str = "kz.liaison", **body: Any) -> Any:
    body = {"to": ["UA-SBU"], "topic": "terrorism", "question": QUESTION, **body}
    return w.client.post(f"{API}/requests", json=body, headers=w.auth(user))


def sent(w: HubWorld, user: str = "kz.liaison", **body: Any) -> dict[str, Any]:
    got = send(w, user, **body)
    assert got.status_code == 201, got.text
    made: dict[str, Any] = got.json()
    return made


def read(w: HubWorld, user: str, request_id: int) -> Any:
    return w.client.get(f"{API}/requests/{request_id}", headers=w.auth(user))


def act(w: HubWorld, user: str, request_id: int, what: str, body: Any = None) -> Any:
    return w.client.post(f"{API}/requests/{request_id}/{what}", json=body, headers=w.auth(user))


def notices(w: HubWorld, user: str) -> list[dict[str, Any]]:
    got = w.client.get(f"{API}/notifications", headers=w.auth(user))
    assert got.status_code == 200, got.text
    found: list[dict[str, Any]] = got.json()
    return found


def add_agreement(w: HubWorld, code: str, parties: tuple[str, ...], **extra: Any) -> None:
    with w.hub.db.uow() as uow:
        uow.agreements.add(
            AgreementSpec(
                code=code,
                title=code,
                parties=parties,
                terms=(TopicTerm(topic=Topic.TERRORISM, level=SharingLevel.FULL),),
                valid_from=date(2026, 1, 1),
                **extra,
            )
        )
    w.hub.forget()


def test_a_request_runs_from_sent_to_closed_and_each_change_names_who_and_when(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    made = sent(w)
    rid = made["id"]
    assert made["side"] == "sender" and made["to"] == ["UA-SBU"]
    (track,) = made["tracks"]
    assert track["status"] == "sent"
    assert track["due_at"].startswith((START + timedelta(days=7)).isoformat()[:19])

    inbox = w.client.get(f"{API}/requests", params={"box": "inbox"}, headers=w.auth("ua.liaison"))
    assert [r["id"] for r in inbox.json()] == [rid]
    outbox = w.client.get(f"{API}/requests", params={"box": "outbox"}, headers=w.auth("kz.liaison"))
    assert [r["id"] for r in outbox.json()] == [rid]
    news = notices(w, "ua.analyst")
    assert [(n["kind"], n["request_id"], n["by_agency"]) for n in news] == [
        ("request", rid, "KZ-KNB")
    ]

    w.clock.now = START + timedelta(hours=1)
    assert act(w, "ua.liaison", rid, "acknowledge").status_code == 200
    assert act(w, "ua.liaison", rid, "acknowledge").status_code == 409  # not twice
    assert act(w, "kz.liaison", rid, "acknowledge").status_code == 403  # the sender cannot
    w.clock.now = START + timedelta(hours=2)
    answered = w.client.post(
        f"{API}/requests/{rid}/answers",
        json={"text": "Crossed at Dostyk on 2026-10-02.", "handling_code": "H1"},
        headers=w.auth("ua.analyst"),
    )
    assert answered.status_code == 201, answered.text
    assert answered.json()["held"] is False

    seen = read(w, "kz.liaison", rid).json()
    assert seen["tracks"][0]["status"] == "answered"
    assert [a["text"] for a in seen["answers"]] == ["Crossed at Dostyk on 2026-10-02."]
    assert seen["answers"][0]["handling_code"] == "H1"
    w.clock.now = START + timedelta(hours=3)
    closed = act(w, "kz.liaison", rid, "close", {"note": "thank you"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["tracks"][0]["status"] == "closed"
    assert act(w, "ua.liaison", rid, "refuse", {"reason": "too late"}).status_code == 409

    history = [
        (e["event"], e["by_agency"], e["by_username"], e["at"][:19])
        for e in read(w, "kz.liaison", rid).json()["history"]
    ]
    hour = [(START + timedelta(hours=h)).isoformat()[:19] for h in range(4)]
    assert history == [
        ("sent", "KZ-KNB", "kz.liaison", hour[0]),
        ("acknowledged", "UA-SBU", "ua.liaison", hour[1]),
        ("answered", "UA-SBU", "ua.analyst", hour[2]),
        ("closed", "KZ-KNB", "kz.liaison", hour[3]),
    ]
    kinds = [n["kind"] for n in notices(w, "kz.analyst")]
    assert kinds == ["answered", "acknowledged"]  # newest first


def test_a_recipient_without_an_agreement_on_the_topic_refuses_the_request(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    got = send(w, to=["UA-SBU", "UZ-SGB"])
    assert got.status_code == 403
    assert "between KZ-KNB and UZ-SGB covers terrorism" in got.json()["detail"]
    got = send(w, topic="drug_trafficking")
    assert got.status_code == 403
    assert "between KZ-KNB and UA-SBU covers drug_trafficking" in got.json()["detail"]
    # Nothing half-sent: no request, no notification.
    outbox = w.client.get(f"{API}/requests", params={"box": "outbox"}, headers=w.auth("kz.liaison"))
    assert outbox.json() == []
    assert notices(w, "ua.analyst") == []
    assert send(w, to=["KZ-KNB"]).status_code == 422  # not your own agency
    assert send(w, to=["UN-SC"]).status_code == 422  # a list authority is not asked
    assert send(w, "ua.auditor").status_code == 403  # the role does not send
    # A suspended agreement covers nothing.
    with w.hub.db.uow() as uow:
        uow.agreements.suspend("UA-KZ", "review", START)
    w.hub.forget()
    assert send(w).status_code == 403


def test_priority_sets_the_deadline_and_the_shortest_agreement_wins(hub_world: HubWorld) -> None:
    w = hub_world
    urgent = sent(w, priority="urgent")["tracks"][0]
    assert urgent["due_at"][:19] == (START + timedelta(hours=8)).isoformat()[:19]
    high = sent(w, priority="high")["tracks"][0]
    assert high["due_at"][:19] == (START + timedelta(days=3)).isoformat()[:19]
    add_agreement(w, "UA-KZ-FAST", ("UA-SBU", "KZ-KNB"), response_hours={Priority.URGENT: 4})
    faster = sent(w, priority="urgent")["tracks"][0]
    assert faster["due_at"][:19] == (START + timedelta(hours=4)).isoformat()[:19]
    normal = sent(w)["tracks"][0]  # the agreement sets only urgent: normal keeps 7 days
    assert normal["due_at"][:19] == (START + timedelta(days=7)).isoformat()[:19]
    shown = w.client.get(f"{API}/agreements", headers=w.auth("kz.admin")).json()
    fast = next(a for a in shown if a["code"] == "UA-KZ-FAST")
    assert fast["response_hours"] == {"urgent": 4, "high": 72, "normal": 168}


def test_subjects_are_named_as_the_sender_may_and_shown_as_each_reader_may(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    hidden = send(w, subjects=["uz:1"])  # no agreement with UZ: as if it did not exist
    assert hidden.status_code == 422 and "subjects.0: no subject uz:1" in hidden.text
    by_uid = send(w, subjects=["ua:2"])  # extremism: KZ sees it only as a hit
    assert by_uid.status_code == 422
    reference = w.hub.reference("ua:2")
    made = sent(w, subjects=["ua:1", reference])
    assert [(s["level"], s["uid"], s["name"]) for s in made["subjects"]] == [
        ("full", "ua:1", "Шевчук Тарас Петрович"),
        ("hit", None, None),
    ]
    assert made["subjects"][1]["reference"] == reference
    owner = read(w, "ua.liaison", made["id"]).json()
    assert [(s["level"], s["uid"]) for s in owner["subjects"]] == [
        ("full", "ua:1"),
        ("full", "ua:2"),
    ]
    # Each subject shown is an access to it, in its owner's report.
    accesses = w.client.get(f"{API}/audit/accesses", headers=w.auth("ua.auditor")).json()
    mentioned = {
        (a["action"], a["agency"], a["object_ref"])
        for a in accesses
        if a["object_type"] == "subject" and "request" in (a["purpose"] or "")
    }
    assert ("request_send", "KZ-KNB", "ua:1") in mentioned
    assert ("request_send", "KZ-KNB", "ua:2") in mentioned
    assert ("read", "UA-SBU", "ua:2") in mentioned


def test_other_agencies_see_nothing_and_co_recipients_not_each_others_answers(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    rid = sent(w)["id"]
    assert read(w, "uz.analyst", rid).status_code == 404
    inbox = w.client.get(f"{API}/requests", headers=w.auth("uz.analyst")).json()
    assert inbox == []
    assert act(w, "uz.analyst", rid, "acknowledge").status_code == 404

    add_agreement(w, "COUNCIL", ("UA-SBU", "KZ-KNB", "UZ-SGB"))
    both = sent(w, to=["UA-SBU", "UZ-SGB"])["id"]
    for user, text in (("ua.analyst", "from UA"), ("uz.analyst", "from UZ")):
        got = w.client.post(
            f"{API}/requests/{both}/answers", json={"text": text}, headers=w.auth(user)
        )
        assert got.status_code == 201, got.text
    by_ua = read(w, "ua.analyst", both).json()
    assert [a["text"] for a in by_ua["answers"]] == ["from UA"]
    assert [t["agency"] for t in by_ua["tracks"]] == ["UA-SBU"]
    assert by_ua["to"] == ["UA-SBU", "UZ-SGB"]
    assert all(e["track"] in (None, "UA-SBU") for e in by_ua["history"])
    sender = read(w, "kz.liaison", both).json()
    assert sorted(a["text"] for a in sender["answers"]) == ["from UA", "from UZ"]
    assert [t["status"] for t in sender["tracks"]] == ["answered", "answered"]


def test_an_answer_under_h2_waits_for_a_second_officer(hub_world: HubWorld) -> None:
    w = hub_world
    rid = sent(w)["id"]
    got = w.client.post(
        f"{API}/requests/{rid}/answers",
        json={"text": "Known courier, see file.", "handling_code": "H2"},
        headers=w.auth("ua.liaison"),
    )
    assert got.status_code == 201, got.text
    held = got.json()
    assert held["held"] is True and held["released_by"] is None

    seen = read(w, "kz.liaison", rid).json()
    assert seen["answers"] == [] and seen["tracks"][0]["status"] == "sent"
    assert "release" in [n["kind"] for n in notices(w, "ua.liaison2")]  # the second officer's
    assert "release" not in [n["kind"] for n in notices(w, "ua.analyst")]  # not an analyst's
    release = f"answers/{held['id']}/release"
    assert act(w, "ua.liaison", rid, release).status_code == 403  # not its author
    assert act(w, "ua.analyst", rid, release).status_code == 403  # not an analyst's to give
    assert act(w, "kz.liaison", rid, release).status_code == 404  # not the sender's
    w.clock.now = START + timedelta(hours=5)
    released = act(w, "ua.liaison2", rid, release)
    assert released.status_code == 200, released.text
    assert act(w, "ua.liaison2", rid, release).status_code == 409

    seen = read(w, "kz.liaison", rid).json()
    (answer,) = seen["answers"]
    assert answer["released_by"] == "ua.liaison2" and answer["handling_code"] == "H2"
    assert seen["tracks"][0]["status"] == "answered"
    assert seen["tracks"][0]["answered_at"][:19] == (START + timedelta(hours=5)).isoformat()[:19]

    # An agency that does not ask for four eyes answers at once.
    patched = w.client.patch(
        f"{API}/agencies/UA-SBU", json={"four_eyes": False}, headers=w.auth("ua.admin")
    )
    assert patched.status_code == 200 and patched.json()["four_eyes"] is False
    assert (
        w.client.patch(
            f"{API}/agencies/KZ-KNB", json={"four_eyes": False}, headers=w.auth("ua.admin")
        ).status_code
        == 404
    )
    other = sent(w)["id"]
    direct = w.client.post(
        f"{API}/requests/{other}/answers",
        json={"text": "Nothing known.", "handling_code": "H3"},
        headers=w.auth("ua.liaison"),
    )
    assert direct.json()["held"] is False


def test_reminder_before_the_deadline_and_escalation_after_it_once_each(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    rid = sent(w, priority="urgent")["id"]  # due in 8 hours, reminded after 6
    w.clock.now = START + timedelta(hours=5, minutes=59)
    assert w.hub.requests.tick() == 0
    w.clock.now = START + timedelta(hours=6)
    assert w.hub.requests.tick() == 1
    assert w.hub.requests.tick() == 0  # once
    assert [n["kind"] for n in notices(w, "ua.analyst")] == ["reminder", "request"]
    w.clock.now = START + timedelta(hours=8)
    assert w.hub.requests.tick() == 0  # due now: not yet overdue
    overdue = w.client.get(
        f"{API}/requests", params={"box": "outbox", "overdue": True}, headers=w.auth("kz.liaison")
    )
    assert overdue.json() == []
    w.clock.now = START + timedelta(hours=8, minutes=1)
    assert w.hub.requests.tick() == 1
    assert w.hub.requests.tick() == 0
    assert notices(w, "ua.analyst")[0]["kind"] == "overdue"
    assert notices(w, "kz.analyst")[0]["kind"] == "overdue"
    overdue = w.client.get(
        f"{API}/requests", params={"box": "outbox", "overdue": True}, headers=w.auth("kz.liaison")
    )
    assert [r["id"] for r in overdue.json()] == [rid]
    assert overdue.json()[0]["tracks"][0]["overdue"] is True
    events = [e["event"] for e in read(w, "kz.liaison", rid).json()["history"]]
    assert events == ["sent", "reminded", "escalated"]
    # Answered late: no longer overdue.
    act(w, "ua.liaison", rid, "answers", {"text": "Late, sorry."})
    overdue = w.client.get(
        f"{API}/requests", params={"box": "outbox", "overdue": True}, headers=w.auth("kz.liaison")
    )
    assert overdue.json() == []


def test_the_reminder_goes_to_the_officers_and_the_escalation_to_the_admins_too(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    rid = sent(w, priority="urgent", subjects=["ua:1"])["id"]

    def told(user: str) -> list[str]:
        return [n["kind"] for n in notices(w, user) if n["request_id"] == rid]

    w.clock.now = START + timedelta(hours=6)
    assert w.hub.requests.tick() == 1
    # The reminder: the recipient's officers who handle requests, and no admin.
    assert told("ua.analyst") == told("ua.liaison") == ["reminder", "request"]
    for user in ("ua.admin", "kz.admin", "uz.admin"):
        assert told(user) == [], user
    assert "reminder" not in told("kz.liaison")

    w.clock.now = START + timedelta(hours=8, minutes=1)
    assert w.hub.requests.tick() == 1
    # The escalation: the officers of both agencies, and a step up, both agencies' admins.
    assert told("ua.liaison") == ["overdue", "reminder", "request"]
    assert told("kz.liaison")[0] == "overdue"
    for user in ("ua.admin", "kz.admin"):
        (escalated,) = [n for n in notices(w, user) if n["request_id"] == rid]
        assert (escalated["kind"], escalated["by_username"]) == ("overdue", "interlink"), user
        # The request's id, never its content: no question, no subject; and no way to read it.
        assert escalated["subject_uid"] is None and escalated["reference"] is None
        assert QUESTION not in str(escalated) and "ua:1" not in str(escalated)
        assert read(w, user, rid).status_code == 403
    assert told("uz.admin") == []  # not a party
    assert w.client.get(f"{API}/notifications", headers=w.auth("hub.admin")).status_code == 403


def test_an_escalation_due_first_stands_for_the_reminder(hub_world: HubWorld) -> None:
    w = hub_world
    sent(w, priority="urgent")
    w.clock.now = START + timedelta(days=1)
    assert w.hub.requests.tick() == 1
    assert w.hub.requests.tick() == 0
    assert [n["kind"] for n in notices(w, "ua.analyst")] == ["overdue", "request"]


def test_attachments_are_checked_by_content_and_downloaded_by_the_parties_only(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    text = "Name;Flight\nТарас;KC917\n".encode()
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    made = sent(
        w,
        attachments=[
            attachment("../../etc/list.csv", "text/csv", text),
            attachment("note.pdf", "application/pdf", pdf),
        ],
    )
    files = made["attachments"]
    assert [(f["filename"], f["size"]) for f in files] == [
        ("list.csv", len(text)),
        ("note.pdf", len(pdf)),
    ]
    url = f"{API}/requests/{made['id']}/attachments/{files[0]['id']}"
    got = w.client.get(url, headers=w.auth("ua.liaison"))
    assert got.status_code == 200 and got.content == text
    assert got.headers["content-disposition"] == 'attachment; filename="list.csv"'
    assert got.headers["x-content-type-options"] == "nosniff"
    assert w.client.get(url, headers=w.auth("uz.analyst")).status_code == 404

    fake = send(w, attachments=[attachment("a.pdf", "application/pdf", b"just text")])
    assert fake.status_code == 422
    assert "attachments.0: a.pdf: the content is not PDF" in fake.json()["detail"]
    exe = send(w, attachments=[attachment("a.exe", "application/x-msdownload", b"MZ\x90\x00")])
    assert exe.status_code == 422 and "is not allowed" in exe.json()["detail"]
    binary = send(w, attachments=[attachment("a.txt", "text/plain", b"\x00\x01")])
    assert binary.status_code == 422
    bad64 = send(
        w, attachments=[{"filename": "a.txt", "content_type": "text/plain", "content": "@@@"}]
    )
    assert bad64.status_code == 422 and "base64" in bad64.json()["detail"]

    # An attachment of a held answer is the answering agency's alone until released.
    rid = made["id"]
    got = w.client.post(
        f"{API}/requests/{rid}/answers",
        json={
            "text": "See the scan.",
            "handling_code": "H3",
            "attachments": [attachment("scan.png", "image/png", b"\x89PNG\r\n\x1a\n....")],
        },
        headers=w.auth("ua.liaison"),
    )
    answer = got.json()
    scan = answer["attachments"][0]["id"]
    url = f"{API}/requests/{rid}/attachments/{scan}"
    assert w.client.get(url, headers=w.auth("kz.liaison")).status_code == 404
    assert w.client.get(url, headers=w.auth("ua.liaison2")).status_code == 200
    act(w, "ua.liaison2", rid, f"answers/{answer['id']}/release")
    assert w.client.get(url, headers=w.auth("kz.liaison")).status_code == 200


def test_attachments_over_the_limit_are_refused(hub_world: HubWorld) -> None:
    w = hub_world
    limit = w.hub.settings.max_attachment_bytes
    w.hub.settings.max_attachment_bytes = 1000
    try:
        over = send(
            w, attachments=[attachment(f"{i}.txt", "text/plain", b"x" * 600) for i in range(2)]
        )
        assert over.status_code == 422 and "over the limit of 1000 bytes" in over.text
    finally:
        w.hub.settings.max_attachment_bytes = limit
    # The body itself is capped before any route reads it.
    huge = b"x" * (limit * 4 // 3 + 2**20 + 1)
    got = w.client.post(
        f"{API}/requests",
        content=huge,
        headers={**w.auth("kz.liaison"), "content-type": "application/json"},
    )
    assert got.status_code == 413


@pytest.mark.parametrize("user", ["kz.admin", "ua.auditor", "hub.admin"])
def test_roles_without_requests_read_none(hub_world: HubWorld, user: str) -> None:
    w = hub_world
    rid = sent(w)["id"]
    assert read(w, user, rid).status_code == 403
    assert w.client.get(f"{API}/requests", headers=w.auth(user)).status_code == 403

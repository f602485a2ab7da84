"""The requests pages: sending with files, the boxes, answering (four eyes), refusing, closing,
and what another agency sees of it all (nothing)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from interlink.audit import AuditAction
from interlink.domain.requests import TrackStatus
from tests.web.conftest import Desk, csrf_of, login

PDF = b"%PDF-1.4\n% a synthetic report\n%%EOF\n"


def _send(c: TestClient, csrf: str, **fields: object) -> Any:
    data: dict[str, object] = {
        "csrf": csrf,
        "to": ["KZ-KNB"],
        "topic": "terrorism",
        "priority": "high",
        "question": "Did this person cross into Kazakhstan in October?",
        "subjects": "",
    }
    data.update(fields)
    files = data.pop("files", None)
    return c.post("/requests/new", data=data, files=files, follow_redirects=False)


def _request_id(location: str) -> int:
    found = re.fullmatch(r"/requests/(\d+)", location)
    assert found is not None, location
    return int(found.group(1))


def _errors(html: str) -> dict[str, str]:
    """Each field error by the id of the control that points at it."""
    found = {}
    for control, error_id in re.findall(r'id="([\w-]+)"[^>]*aria-describedby="([\w-]+)"', html):
        message = re.search(rf'id="{error_id}">([^<]*)<', html)
        assert message is not None, error_id
        found[control] = message.group(1)
    for error_id, message in re.findall(r'<p class="field-error" id="([\w-]+)">([^<]*)<', html):
        found.setdefault(error_id.removesuffix("-error"), message)
    return found


def test_a_request_sent_with_a_file_reaches_the_partner_and_no_one_else(desk: Desk) -> None:
    ua = desk.new_client()
    csrf = login(ua, "ua.analyst")
    form = ua.get("/requests/new?subject=ua:1&to=KZ-KNB")
    assert form.status_code == 200
    assert 'value="KZ-KNB" checked' in form.text and ">ua:1</textarea>" in form.text
    assert 'value="UN-SC"' not in form.text  # a list authority is never asked
    # Each agency with what an agreement in force covers, those with one first.
    assert "KZ-KNB · KZ · agreed: extremism, terrorism" in form.text
    assert "UZ-SGB · UZ · no agreement in force" in form.text
    assert form.text.index('value="KZ-KNB"') < form.text.index('value="UZ-SGB"')

    sent = _send(
        ua,
        csrf,
        subjects="ua:1",
        files=[("attachments", ("report.pdf", PDF, "application/octet-stream"))],
    )
    assert sent.status_code == 303
    rid = _request_id(sent.headers["location"])

    # In the hub, as the partner reads it: the subject, the file typed by its content.
    kz_who = desk.world.hub.principal(desk.world.tokens["kz.analyst"])
    shown = desk.world.hub.requests.get(kz_who, rid)
    assert shown.request.sender == "UA-SBU" and shown.request.priority.value == "high"
    assert [s.uid for s in shown.subjects] == ["ua:1"]
    assert [(f.filename, f.content_type) for f in shown.attachments] == [
        ("report.pdf", "application/pdf")
    ]

    outbox = ua.get("/requests?box=outbox")
    assert f'href="/requests/{rid}"' in outbox.text and "KZ-KNB: " in outbox.text
    assert "due 2026-11-25 09:00 UTC" in outbox.text  # high: three days from the clock's now

    kz = desk.new_client()
    login(kz, "kz.analyst")
    inbox = kz.get("/requests")
    assert f'href="/requests/{rid}"' in inbox.text
    page = kz.get(f"/requests/{rid}")
    assert "Did this person cross into Kazakhstan in October?" in page.text
    assert "Шевчук Тарас Петрович" in page.text
    download = kz.get(f"/requests/{rid}/attachments/{shown.attachments[0].id}")
    assert download.content == PDF
    assert download.headers["content-disposition"] == 'attachment; filename="report.pdf"'

    uz = desk.new_client()
    login(uz, "uz.analyst")
    assert uz.get(f"/requests/{rid}").status_code == 404
    assert uz.get(f"/requests/{rid}/attachments/{shown.attachments[0].id}").status_code == 404
    assert f"/requests/{rid}" not in uz.get("/requests").text
    assert "Did this person" not in uz.get("/requests?box=outbox").text


def test_a_request_no_agreement_covers_is_refused_next_to_the_recipients(desk: Desk) -> None:
    ua = desk.new_client()
    csrf = login(ua, "ua.analyst")
    refused = _send(ua, csrf, to=["UZ-SGB"])
    assert refused.status_code == 403
    errors = _errors(refused.text)
    assert "no agreement in force between UA-SBU and UZ-SGB" in errors["to"]
    assert 'value="UZ-SGB" checked' in refused.text
    assert "Did this person cross" in refused.text  # kept
    ua_who = desk.world.hub.principal(desk.world.tokens["ua.analyst"])
    assert desk.world.hub.requests.listing(ua_who, "outbox", None, False, 10, 0) == []


def test_bad_fields_are_named_next_to_their_controls_and_nothing_is_sent(desk: Desk) -> None:
    ua = desk.new_client()
    csrf = login(ua, "ua.analyst")
    short = _send(ua, csrf, question="  ?  ")
    assert short.status_code == 422
    assert "3 characters or more" in _errors(short.text)["question"]

    nobody = _send(ua, csrf, to=[])
    assert nobody.status_code == 422
    assert "at least 1" in _errors(nobody.text)["to"]

    unseen = _send(ua, csrf, subjects="uz:1")  # UZ-SGB shares nothing with UA-SBU
    assert unseen.status_code == 422
    assert _errors(unseen.text)["subjects"] == "no subject uz:1"

    program = _send(ua, csrf, files=[("attachments", ("tool.exe", b"MZ\x90\x00\x03", "x/y"))])
    assert program.status_code == 422
    message = _errors(program.text)["attachments"]
    assert message.startswith("tool.exe is none of the types allowed: PDF, PNG image")

    ua_who = desk.world.hub.principal(desk.world.tokens["ua.analyst"])
    assert desk.world.hub.requests.listing(ua_who, "outbox", None, False, 10, 0) == []


def test_an_answer_under_h2_waits_for_a_second_officer(desk: Desk) -> None:
    kz = desk.new_client()
    csrf = login(kz, "kz.analyst")
    sent = _send(kz, csrf, to=["UA-SBU"], question="What do you hold on this man?")
    rid = _request_id(sent.headers["location"])

    author = desk.new_client()
    csrf_a = login(author, "ua.liaison")
    page = author.get(f"/requests/{rid}")
    assert "Acknowledge" in page.text
    author.post(f"/requests/{rid}/acknowledge", data={"csrf": csrf_a})
    answered = author.post(
        f"/requests/{rid}/answer",
        data={"csrf": csrf_a, "text": "Seen in Kyiv on 3 November.", "handling_code": "H2"},
        files=[("attachments", ("notes.csv", b"date,place\n2026-11-03,Kyiv\n", "text/plain"))],
    )
    assert answered.status_code == 200  # followed to the request
    assert "Held: waits for a second officer" in answered.text
    assert "Release answer" not in answered.text  # not by its author

    # The sender sees neither the answer nor its file yet.
    assert "Seen in Kyiv" not in kz.get(f"/requests/{rid}").text

    second = desk.new_client()
    csrf_s = login(second, "ua.liaison2")
    held = second.get(f"/requests/{rid}")
    answer_id = re.search(r'/answers/(\d+)/release"', held.text)
    assert answer_id is not None
    second.post(f"/requests/{rid}/answers/{answer_id.group(1)}/release", data={"csrf": csrf_s})

    seen = kz.get(f"/requests/{rid}")
    assert "Seen in Kyiv on 3 November." in seen.text
    assert "Released by ua.liaison2" in seen.text
    file_id = re.search(rf'href="/requests/{rid}/attachments/(\d+)"[^>]*>notes.csv<', seen.text)
    assert file_id is not None
    csv = kz.get(f"/requests/{rid}/attachments/{file_id.group(1)}")
    assert csv.headers["content-type"].startswith("text/csv")
    kz_who = desk.world.hub.principal(desk.world.tokens["kz.analyst"])
    track = desk.world.hub.requests.get(kz_who, rid).request.track("UA-SBU")
    assert track is not None and track.status is TrackStatus.ANSWERED


def test_refusing_needs_a_reason_and_closing_ends_the_track(desk: Desk) -> None:
    ua = desk.new_client()
    csrf = login(ua, "ua.analyst")
    first = _request_id(_send(ua, csrf).headers["location"])
    second = _request_id(_send(ua, csrf).headers["location"])

    kz = desk.new_client()
    csrf_k = login(kz, "kz.analyst")
    bare = kz.post(f"/requests/{first}/refuse", data={"csrf": csrf_k, "reason": " "})
    assert bare.status_code == 422
    assert "say why" in _errors(bare.text)["refuse-reason"]
    done = kz.post(f"/requests/{first}/refuse", data={"csrf": csrf_k, "reason": "Out of scope."})
    assert done.status_code == 200 and "refused" in done.text and "Out of scope." in done.text
    assert "Send the answer" not in done.text  # nothing more to do on a refused track

    closed = ua.post(f"/requests/{second}/close", data={"csrf": csrf, "agency": "KZ-KNB"})
    assert closed.status_code == 200
    ua_who = desk.world.hub.principal(desk.world.tokens["ua.analyst"])
    statuses = {
        rid: desk.world.hub.requests.get(ua_who, rid).request.tracks[0].status
        for rid in (first, second)
    }
    assert statuses == {first: TrackStatus.REFUSED, second: TrackStatus.CLOSED}
    # The outbox filter finds each by its status.
    assert f'href="/requests/{first}"' in ua.get("/requests?box=outbox&status=refused").text
    assert f'href="/requests/{second}"' not in ua.get("/requests?box=outbox&status=refused").text


def test_changes_need_the_csrf_token_and_the_role(desk: Desk) -> None:
    ua = desk.new_client()
    login(ua, "ua.analyst")
    forged = _send(ua, "0" * 40)
    assert forged.status_code == 403
    ua_who = desk.world.hub.principal(desk.world.tokens["ua.analyst"])
    assert desk.world.hub.requests.listing(ua_who, "outbox", None, False, 10, 0) == []

    auditor = desk.new_client()
    login(auditor, "ua.auditor")
    assert auditor.get("/requests").status_code == 403
    assert auditor.get("/requests/new").status_code == 403
    assert (
        "/requests"
        not in re.findall(r'<nav aria-label="Main">.*?</nav>', auditor.get("/").text, re.S)[0]
    )


def test_reading_a_request_page_is_recorded(desk: Desk) -> None:
    ua = desk.new_client()
    csrf = login(ua, "ua.analyst")
    rid = _request_id(_send(ua, csrf, subjects="ua:1").headers["location"])
    kz = desk.new_client()
    login(kz, "kz.analyst")
    kz.get(f"/requests/{rid}")
    with desk.world.hub.db.uow() as uow:
        events = [e for e in uow.audit.events() if e.username == "kz.analyst"]
    reads = [
        (e.action, e.object_type, e.object_ref) for e in events if e.action == AuditAction.READ
    ]
    assert (AuditAction.READ, "request", str(rid)) in reads
    assert (AuditAction.READ, "subject", "ua:1") in reads
    assert csrf_of(kz.get("/").text)


def test_a_blind_hit_leads_to_a_request_quoting_its_reference(desk: Desk) -> None:
    """KZ-KNB sees UA-SBU's extremism subject only as a hit; the result links to a request
    to its owner with the reference, and UA-SBU receives it naming its own record."""
    kz = desk.new_client()
    csrf = login(kz, "kz.analyst")
    found = kz.get("/search", params={"name": "Бондаренко Олег", "purpose": "test"})
    link = re.search(r'href="(/requests/new\?to=UA-SBU&amp;subject=(ref-[\w-]+))"', found.text)
    assert link is not None, found.text
    reference = link.group(2)
    form = kz.get(link.group(1).replace("&amp;", "&"))
    assert f">{reference}</textarea>" in form.text and 'value="UA-SBU" checked' in form.text
    sent = _send(kz, csrf, to=["UA-SBU"], topic="extremism", subjects=reference)
    assert sent.status_code == 303, sent.text
    rid = _request_id(sent.headers["location"])

    ua = desk.new_client()
    login(ua, "ua.analyst")
    page = ua.get(f"/requests/{rid}")
    assert "Бондаренко Олег" in page.text and "ua:2" in page.text
    # The sender still sees only the hit it quoted.
    mine = kz.get(f"/requests/{rid}")
    assert "Бондаренко" not in mine.text and reference in mine.text

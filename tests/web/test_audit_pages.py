"""The auditor's pages: the trail of who accessed the agency's records (a page at a time, and as
CSV), and the verification of the audit chain, on a clean log and after tampering."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import text

from interlink.audit import AuditAction, AuditEvent
from interlink.domain.agencies import Role, UserSpec
from interlink.domain.codes import Classification
from tests.web.conftest import PASSWORD, Desk, csrf_of, login

PURPOSE = "case KZ-2026/041, border alert"


def _read_as_partner(desk: Desk, uid: str = "ua:1", purpose: str = PURPOSE) -> None:
    """kz.analyst reads a UA record through the API, as a partner's officer would."""
    answer = desk.world.client.get(
        f"/api/v1/subjects/{uid}",
        params={"purpose": purpose},
        headers=desk.world.auth("kz.analyst"),
    )
    assert answer.status_code == 200, answer.text


def _rows(html: str) -> list[tuple[int, list[str]]]:
    """(seq, cell texts) of the trail's table, in the page's order."""
    found = []
    for seq, body in re.findall(r'<tr id="seq-(\d+)">(.*?)</tr>', html, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        ]
        found.append((int(seq), cells))
    return found


def _events(desk: Desk) -> list[AuditEvent]:
    with desk.world.hub.db.uow(read_only=True) as uow:
        return list(uow.audit.events())


def test_an_auditor_sees_a_partners_read_with_its_user_and_purpose(desk: Desk) -> None:
    _read_as_partner(desk)
    login(desk.client, "ua.auditor")
    before = len(_events(desk))
    answer = desk.client.get("/audit")
    assert answer.status_code == 200
    rows = _rows(answer.text)
    read = [cells for _, cells in rows if cells[1] == "kz.analyst"]
    assert read == [[read[0][0], "kz.analyst", "KZ-KNB", "read", "subject ua:1", PURPOSE]]
    assert read[0][0].startswith("2026-11-22 09:00")
    # Newest first, and reading the trail is itself an event of the agency's report.
    seqs = [seq for seq, _ in rows]
    assert seqs == sorted(seqs, reverse=True)
    [report] = _events(desk)[before:]
    assert (report.action, report.username, report.object_owner) == (
        AuditAction.AUDIT_REPORT,
        "ua.auditor",
        "UA-SBU",
    )
    # The partner's read is on UA's record: another agency's auditor sees nothing of it.
    kz_admin = desk.world.hub.principal(desk.world.tokens["kz.admin"])
    desk.world.hub.create_user(
        kz_admin,
        UserSpec(
            username="kz.auditor",
            agency="KZ-KNB",
            display_name="Aigerim Sadykova",
            roles=(Role.AUDITOR,),
            clearance=Classification.RESTRICTED.value,
        ),
        PASSWORD,
    )
    other = desk.new_client()
    login(other, "kz.auditor")
    theirs = other.get("/audit")
    assert theirs.status_code == 200
    assert "ua:1" not in theirs.text and PURPOSE not in theirs.text


def test_an_analyst_may_open_no_audit_page(desk: Desk) -> None:
    csrf = login(desk.client, "ua.analyst")
    dashboard = desk.client.get("/")
    assert 'href="/audit"' not in dashboard.text
    for address in ("/audit", "/audit.csv", "/audit/chain"):
        assert desk.client.get(address).status_code == 403, address
    assert desk.client.post("/audit/chain", data={"csrf": csrf}).status_code == 403
    # The hub's admin may verify the chain, but not read an agency's trail.
    admin = desk.new_client()
    login(admin, "hub.admin")
    assert admin.get("/audit").status_code == 403
    assert admin.get("/audit/chain").status_code == 200


def test_the_trail_pages_by_a_hundred_and_the_csv_holds_the_same_lines(desk: Desk) -> None:
    hub = desk.world.hub
    kz = hub.principal(desk.world.tokens["kz.analyst"])
    for i in range(105):
        hub.read_subject(kz, "ua:1", f"case {i:03d}")
    login(desk.client, "ua.auditor")
    first = desk.client.get("/audit?agency=kz-knb&action=read")
    assert first.status_code == 200
    newest = _rows(first.text)
    assert len(newest) == 100 and newest[0][1][5] == "case 104"
    assert {cells[2] for _, cells in newest} == {"KZ-KNB"}
    older_link = re.search(r'<a href="/audit\?([^"]+)" rel="next">', first.text)
    assert older_link is not None
    second = desk.client.get("/audit?" + older_link.group(1).replace("&amp;", "&"))
    rest = _rows(second.text)
    assert [cells[5] for _, cells in rest] == [f"case {i:03d}" for i in range(4, -1, -1)]
    assert 'rel="next"' not in second.text
    assert '<a href="/audit?agency=kz-knb&amp;action=read">back to the newest</a>' in second.text

    download = desk.client.get("/audit.csv?agency=KZ-KNB&action=read")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    table = list(csv.reader(io.StringIO(download.text)))
    assert table[0] == [
        "seq", "at", "username", "agency", "action", "object_type", "object_ref", "purpose"
    ]  # fmt: skip
    assert [int(row[0]) for row in table[1:]] == [seq for seq, _ in newest + rest]
    assert {(row[2], row[3], row[6]) for row in table[1:]} == {("kz.analyst", "KZ-KNB", "ua:1")}
    reports = [e for e in _events(desk) if e.action == AuditAction.AUDIT_REPORT]
    assert [e.detail for e in reports][-1] == {"agency": "KZ-KNB", "action": "read", "form": "csv"}


def test_the_trail_filters_by_days_the_last_one_included(desk: Desk) -> None:
    _read_as_partner(desk)
    login(desk.client, "ua.auditor")
    that_day = _rows(desk.client.get("/audit?since=2026-11-22&until=2026-11-22").text)
    assert any(cells[1] == "kz.analyst" for _, cells in that_day)
    earlier = desk.client.get("/audit?until=2026-11-21")
    assert earlier.status_code == 200 and _rows(earlier.text) == []
    assert "No access that matches." in earlier.text


def test_a_bad_date_is_refused_next_to_its_field(desk: Desk) -> None:
    login(desk.client, "ua.auditor")
    bad = desk.client.get("/audit?since=2026-13-01&agency=KZ-KNB")
    assert bad.status_code == 422
    assert '<p class="field-error" id="since-error">not a date: write it as YYYY-MM-DD</p>' in (
        bad.text
    )
    assert re.search(r'id="since"[^>]*value="2026-13-01" aria-invalid="true"', bad.text)
    assert 'value="KZ-KNB"' in bad.text
    backwards = desk.client.get("/audit?since=2026-11-22&until=2026-11-01")
    assert backwards.status_code == 422
    assert 'id="until-error">the last day comes before the first<' in backwards.text
    assert desk.client.get("/audit.csv?until=someday").status_code == 422
    assert desk.client.get("/audit?action=drop_tables").status_code == 422


def test_the_chain_verifies_intact_then_names_the_tampered_seq(desk: Desk) -> None:
    _read_as_partner(desk)
    csrf = login(desk.client, "ua.auditor")
    page = desk.client.get("/audit/chain")
    assert page.status_code == 200
    # Opening the page verifies nothing: that waits for the button.
    assert "Not verified since this server started." in page.text
    assert not [e for e in _events(desk) if e.object_type == "audit_log"]
    assert desk.client.post("/audit/chain", data={}).status_code == 403  # no CSRF token

    head = _events(desk)[-1]
    done = desk.client.post(
        "/audit/chain", data={"csrf": csrf_of(page.text)}, headers={"HX-Request": "true"}
    )
    assert done.status_code == 200
    assert done.text.lstrip().startswith('<section id="chain-status"')
    assert f"Intact: verified up to seq {head.seq} (sha256 <code>{head.hash[:16]}…</code>)" in (
        done.text
    )
    assert f"{head.seq} events" in done.text and "Last checkpoint" in done.text
    # The verification is itself an event, with its verdict, on no agency's report.
    event = _events(desk)[-1]
    assert (event.action, event.username, event.object_type, event.object_owner) == (
        AuditAction.AUDIT_REPORT,
        "ua.auditor",
        "audit_log",
        None,
    )
    assert event.detail == {"verified": "intact", "events": head.seq, "checkpoints": 0}

    with desk.world.hub.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET purpose = 'routine' WHERE seq = 3"))
    redirected = desk.client.post("/audit/chain", data={"csrf": csrf}, follow_redirects=False)
    assert redirected.status_code == 303 and redirected.headers["location"] == "/audit/chain"
    broken = desk.client.get("/audit/chain")
    verdict = re.search(
        r'<div class="notice bad" role="alert" id="chain-verdict">(.*?)</div>', broken.text, re.S
    )
    assert verdict is not None
    assert "Broken at seq 3: edited." in verdict.group(1)
    assert "its stored hash does not match its content" in verdict.group(1)
    assert _events(desk)[-1].detail == {
        "verified": "broken",
        "events": 2,
        "checkpoints": 0,
        "problem": "edited",
        "broken_at": 3,
    }

"""The pages: sessions, CSRF, headers, escaping, and what each agency's pages show."""

from __future__ import annotations

import re
from datetime import timedelta

from interlink.audit import AuditAction
from interlink.domain.requests import AnswerSpec, RequestSpec
from tests.web.conftest import Desk, csrf_of, login


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_a_page_without_a_session_sends_to_the_login(desk: Desk) -> None:
    c = desk.new_client()
    answer = c.get("/search?name=x", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fsearch%3Fname%3Dx"
    htmx = c.get("/", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.headers["HX-Redirect"] == "/login"
    c.cookies.set("interlink_session", "ilk_forged")
    forged = c.get("/", follow_redirects=False)
    assert forged.status_code == 303


def test_login_sets_a_strict_cookie_and_logout_revokes_the_session(desk: Desk) -> None:
    c = desk.new_client()
    form = c.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    wrong = c.post(
        "/login",
        data={
            "username": "kz.analyst",
            "password": "guess",
            "nonce": nonce.group(1),
            "next": "/notifications",
        },
    )
    assert wrong.status_code == 401
    assert "Wrong user name or password." in wrong.text
    # The address the login was asked for is kept for the next attempt.
    assert 'name="next" value="/notifications"' in wrong.text
    assert "interlink_session" not in wrong.headers.get("set-cookie", "")

    nonce = re.search(r'name="nonce" value="([^"]+)"', wrong.text)
    assert nonce is not None
    ok = c.post(
        "/login",
        data={
            "username": "kz.analyst",
            "password": "a long test password of the desk",
            "nonce": nonce.group(1),
            "next": "//elsewhere.example/",  # not a path of this site: the dashboard instead
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert ok.headers["location"] == "/"
    cookie = next(
        h for h in ok.headers.get_list("set-cookie") if h.startswith("interlink_session=")
    )
    flags = {f.strip().lower() for f in cookie.split(";")}
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= flags
    session = c.cookies.get("interlink_session")
    assert session and session.startswith("ilk_")

    dashboard = c.get("/")
    assert dashboard.status_code == 200
    refused = c.post("/logout", data={"csrf": "0" * 40}, follow_redirects=False)
    assert refused.status_code == 403
    assert "reload the page" in refused.text
    out = c.post("/logout", data={"csrf": csrf_of(dashboard.text)}, follow_redirects=False)
    assert out.status_code == 303
    # The token itself is revoked, not only the cookie dropped: replaying it gets nowhere.
    other = desk.new_client()
    other.cookies.set("interlink_session", session)
    replay = other.get("/", follow_redirects=False)
    assert replay.status_code == 303
    assert replay.headers["location"].startswith("/login")


def test_a_login_form_without_its_nonce_is_refused(desk: Desk) -> None:
    c = desk.new_client()
    c.get("/login")
    forged = c.post(
        "/login",
        data={
            "username": "kz.analyst",
            "password": "a long test password of the desk",
            "nonce": "guessed",
        },
    )
    assert forged.status_code == 403
    assert "interlink_session" not in c.cookies


def test_every_page_has_the_policy_headers_and_no_inline_script(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "kz.analyst")
    for path in (
        "/",
        "/search?name=Shevchuk",
        "/notifications",
        "/subjects/ua:1?purpose=test",
        "/subjects/ua:1",
        "/requests",
        "/requests/new",
        "/login",
    ):
        answer = c.get(path)
        assert answer.status_code == 200, path
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert 'style="' not in answer.text, path
        for tag in _scripts(answer.text):
            ours = r'<script src="/static/js/(htmx\.min|live)\.js\?v=\w+" defer>'
            assert re.fullmatch(ours, tag), tag
        assert '<meta charset="utf-8">' in answer.text


def test_search_shows_ranked_results_with_their_explanation(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "kz.analyst")
    page = c.get("/search", params={"name": "Shevchuk Taras", "purpose": "border screening"})
    assert page.status_code == 200
    assert "Шевчук Тарас Петрович" in page.text or "SHEVCHUK Taras" in page.text
    assert 'href="/subjects/ua%3A1?purpose=border+screening"' in page.text
    assert "Why this match" in page.text and 'class="how"' in page.text
    # HTMX asks for the results alone.
    partial = c.get(
        "/search",
        params={"name": "Shevchuk Taras", "purpose": "border screening"},
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith('<div id="results"')
    assert "<html" not in partial.text
    # A missing purpose is named next to its field, and nothing is searched.
    bad = c.get("/search", params={"name": "Shevchuk", "purpose": ""})
    assert 'id="purpose-error"' in bad.text
    assert "state why" in bad.text
    with desk.world.hub.db.uow() as uow:
        events = [
            e
            for e in uow.audit.events()
            if e.action == AuditAction.SEARCH and e.username == "kz.analyst"
        ]
    assert events and all(e.purpose == "border screening" for e in events)


def test_a_name_that_is_markup_is_shown_as_text(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "kz.analyst")
    page = c.get("/search", params={"name": "<script>alert(1)</script>", "purpose": "test"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text
    record = c.get("/subjects/kz:1", params={"purpose": "test"})
    assert record.status_code == 200
    assert '<h1 dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</h1>' in record.text
    assert "<script>alert" not in record.text


def test_a_subject_page_asks_a_purpose_then_groups_names_by_script(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "kz.analyst")
    ask = c.get("/subjects/ua:1")
    assert "Why do you open this record?" in ask.text
    assert "Шевчук" not in ask.text  # nothing read before the purpose is stated
    shown = c.get("/subjects/ua:1", params={"purpose": "counter-terrorism investigation"})
    groups = re.findall(r"<h3>(\w+)</h3>", shown.text)
    assert groups[:2] == ["Latin", "Cyrillic"]
    assert "Шевчук Тарас Петрович" in shown.text and "SHEVCHUK Taras" in shown.text
    assert "held by UA-SBU" in shown.text and ">H0<" in shown.text
    assert "Movements" not in shown.text  # the owner's timeline is for the owner
    with desk.world.hub.db.uow() as uow:
        reads = [
            e
            for e in uow.audit.events()
            if e.action == AuditAction.READ
            and e.object_ref == "ua:1"
            and e.username == "kz.analyst"
        ]
    # The record and its history: each read recorded with the purpose stated, none before.
    assert reads and {e.purpose for e in reads} == {"counter-terrorism investigation"}


def test_the_owner_sees_a_timeline_of_movements(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "ua.analyst")
    shown = c.get("/subjects/ua:1", params={"purpose": "watchlist maintenance"})
    assert "Movements" in shown.text and "No movement reported." in shown.text


def test_what_an_agency_may_not_see_appears_in_none_of_its_pages(desk: Desk) -> None:
    """uz:1 (UZ-SGB) is shared with nobody: for KZ-KNB it does not exist, in results, counts,
    the record's page and its error, the dashboard and the notifications."""
    c = desk.new_client()
    login(c, "kz.analyst")
    for query in ("Каримов Азиз", "Karimov Aziz"):
        page = c.get("/search", params={"name": query, "purpose": "test"})
        results = page.text[page.text.index('<div id="results"') :]
        results = results.replace(f"<bdi>{query}</bdi>", "")
        assert "Каримов" not in results and "uz:1" not in results and "UZ-SGB" not in results
        # The count is of what the agency sees, item for item: the hidden record adds nothing.
        count = re.search(r'id="result-count">(\d+) result', results)
        assert count is not None
        assert int(count.group(1)) == results.count('<li class="')
    absent = c.get("/subjects/uz:1", params={"purpose": "test"})
    missing = c.get("/subjects/uz:999", params={"purpose": "test"})
    assert absent.status_code == missing.status_code == 404
    assert absent.text.replace("uz:1", "X") == missing.text.replace("uz:999", "X")
    for path in ("/", "/notifications"):
        text = c.get(path).text
        assert "uz:1" not in text and "Каримов" not in text, path


def test_static_assets_are_cached_and_compressed(desk: Desk) -> None:
    c = desk.new_client()
    login_page = c.get("/login")
    script = re.search(r'src="(/static/js/htmx\.min\.js\?v=\w+)"', login_page.text)
    assert script is not None
    answer = c.get(script.group(1), headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert "immutable" in answer.headers["cache-control"]
    api = c.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in api.headers


def test_errors_of_pages_are_pages(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "ua.auditor")  # an auditor: no search of the watchlist
    refused = c.get("/search", params={"name": "x", "purpose": "test"})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "Not allowed" in refused.text
    bad = c.get("/notifications", params={"offset": "-1"})
    assert bad.status_code == 422 and "offset" in bad.text


def test_statistics_show_what_the_agency_may_see_and_move_with_requests(desk: Desk) -> None:
    w = desk.world
    c = desk.new_client()
    login(c, "kz.analyst")
    before = c.get("/statistics", params={"period": "2026"})
    assert before.status_code == 200
    assert re.search(r'id="total-sent">0<', before.text)
    sent = w.client.post(
        "/api/v1/requests",
        json={"to": ["UA-SBU"], "topic": "terrorism", "question": "Who travels with him?"},
        headers=w.auth("kz.liaison"),
    )
    assert sent.status_code == 201, sent.text
    w.clock.now = w.clock.now.replace(day=w.clock.now.day + 8)  # past the 7 days of normal
    c = desk.new_client()  # the session of a day has ended: log in again
    login(c, "kz.analyst")
    after = c.get("/statistics", params={"period": "2026"})
    assert re.search(r'id="total-sent">1<', after.text)
    assert re.search(r'id="total-overdue">1<', after.text)
    assert '<th scope="row">UA-SBU</th>' in after.text
    assert '/charts/pairs.svg?period=2026"' in after.text
    chart = c.get("/charts/pairs.svg", params={"period": "2026"})
    assert chart.headers["content-type"] == "image/svg+xml" and b"<svg" in chart.content
    # An agency outside the pair sees none of it.
    other = desk.new_client()
    login(other, "uz.analyst")
    assert re.search(r'id="total-sent">0<', other.get("/statistics?period=2026").text)
    bad = c.get("/statistics", params={"period": "2026-Q5"})
    assert bad.status_code == 422 and 'id="period-error"' in bad.text


def test_the_dashboard_reads_the_latest_movements_and_only_those(desk: Desk) -> None:
    """Nine movements of a flagged subject: the dashboard shows the eight latest, latest first,
    and the owner's access report holds a read for each shown and none for the ninth."""
    w = desk.world
    w.client.put(
        "/api/v1/subjects/ua:1/report-movements",
        json={"report": True},
        headers=w.auth("ua.analyst"),
    )
    for day in range(1, 10):
        made = w.client.post(
            "/api/v1/encounters",
            json={
                "subject": "ua:1",
                "movement": {"place": f"P{day}", "at": f"2026-11-0{day}T08:00:00Z"},
            },
            headers=w.auth("kz.border"),
        )
        assert made.status_code == 201, made.text
    c = desk.new_client()
    login(c, "ua.analyst")
    with w.hub.db.uow() as uow:
        before = sum(1 for _ in uow.audit.events())
    board = c.get("/")
    places = re.findall(r"· (P\d) ·", board.text)
    assert places == [f"P{d}" for d in range(9, 1, -1)]
    with w.hub.db.uow() as uow:
        reads = [
            e
            for e in uow.audit.events(after_seq=before)
            if e.action == AuditAction.READ and (e.detail or {}).get("what") == "movements"
        ]
    assert len(reads) == 8


def test_the_dashboard_lists_open_requests_by_deadline_however_old(desk: Desk) -> None:
    """KZ-KNB receives an old normal request, then an urgent one, then 55 newer ones, and
    answers one of the newer: the dashboard lists the urgent first and the oldest next, not
    the newest, never the answered; once the urgent one is late it moves to overdue."""
    w = desk.world
    ua = w.hub.principal(w.tokens["ua.analyst"])
    kz = w.hub.principal(w.tokens["kz.analyst"])

    def send(priority: str) -> int:
        spec = RequestSpec(to=("KZ-KNB",), topic="terrorism", priority=priority, question="Seen?")
        return w.hub.requests.send(ua, spec).request.id

    oldest = send("normal")
    w.clock.now += timedelta(hours=1)
    urgent = send("urgent")
    newer = [send("normal") for _ in range(55)]
    w.hub.requests.answer(kz, newer[0], AnswerSpec(text="No."))
    c = desk.new_client()
    login(c, "kz.analyst")

    def listed(heading: str) -> list[int]:
        section = re.search(rf'id="{heading}".*?</section>', c.get("/").text, re.S)
        assert section is not None
        return [int(n) for n in re.findall(r'href="/requests/(\d+)"', section.group(0))]

    to_answer = listed("due-h")
    assert to_answer[:3] == [urgent, oldest, newer[1]] and len(to_answer) == 10
    assert newer[0] not in to_answer
    w.clock.now += timedelta(hours=9)
    assert listed("overdue-h") == [urgent]
    assert listed("due-h")[:2] == [oldest, newer[1]]


def _flag_events(desk: Desk, username: str) -> list[dict[str, object]]:
    with desk.world.hub.db.uow() as uow:
        return [
            dict(e.detail or {}, ref=e.object_ref)
            for e in uow.audit.events()
            if e.action == AuditAction.MOVEMENT_FLAG and e.username == username
        ]


def _flagged(desk: Desk, uid: str) -> bool:
    with desk.world.hub.db.uow() as uow:
        return uow.encounters.flag(uid) is not None


def test_the_owners_analyst_turns_movement_reports_on_and_off(desk: Desk) -> None:
    c = desk.new_client()
    csrf = login(c, "ua.analyst")
    purpose = {"purpose": "watchlist maintenance"}
    shown = c.get("/subjects/ua:1", params=purpose)
    assert "Movements are <strong>not reported</strong>" in shown.text
    assert 'action="/subjects/ua%3A1/report-movements"' in shown.text
    assert 'name="report" value="on"' in shown.text and ">Report movements</button>" in shown.text

    turned_on = c.post(
        "/subjects/ua:1/report-movements",
        data={"csrf": csrf_of(shown.text), "report": "on", **purpose},
        follow_redirects=False,
    )
    assert turned_on.status_code == 303
    assert turned_on.headers["location"] == (
        "/subjects/ua%3A1?purpose=watchlist+maintenance#moves-h"
    )
    assert _flagged(desk, "ua:1")
    again = c.get(turned_on.headers["location"])
    assert "Movements are <strong>reported</strong> to UA-SBU" in again.text
    assert "Asked by <code>ua.analyst</code>" in again.text
    assert 'name="report" value="off"' in again.text
    # The API's own answer agrees.
    api = desk.world.client.put(
        "/api/v1/subjects/ua:1/report-movements",
        json={"report": True},
        headers=desk.world.auth("ua.analyst"),
    )
    assert api.json()["report_movements"] is True

    # Through HTMX the flag's block alone comes back.
    turned_off = c.post(
        "/subjects/ua:1/report-movements",
        data={"report": "off", **purpose},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert turned_off.status_code == 200
    assert turned_off.text.lstrip().startswith('<div id="movement-flag">')
    assert "<html" not in turned_off.text and "not reported" in turned_off.text
    assert not _flagged(desk, "ua:1")
    events = _flag_events(desk, "ua.analyst")
    assert [e["report_movements"] for e in events] == [True, True, False]
    assert {e["ref"] for e in events} == {"ua:1"}

    odd = c.post("/subjects/ua:1/report-movements", data={"csrf": csrf, "report": "maybe"})
    assert odd.status_code == 422 and not _flagged(desk, "ua:1")


def test_a_partner_neither_sees_the_movement_flag_nor_sets_it(desk: Desk) -> None:
    ua = desk.new_client()
    ua_csrf = login(ua, "ua.analyst")
    ua.post("/subjects/ua:1/report-movements", data={"csrf": ua_csrf, "report": "on"})
    assert _flagged(desk, "ua:1")

    kz = desk.new_client()
    kz_csrf = login(kz, "kz.analyst")  # sees ua:1 in full under UA-KZ
    shown = kz.get("/subjects/ua:1", params={"purpose": "counter-terrorism investigation"})
    assert shown.status_code == 200 and "Шевчук" in shown.text
    assert "report-movements" not in shown.text and "movement-flag" not in shown.text
    assert "reported" not in shown.text
    refused = kz.post("/subjects/ua:1/report-movements", data={"csrf": kz_csrf, "report": "off"})
    api = desk.world.client.put(
        "/api/v1/subjects/ua:1/report-movements",
        json={"report": False},
        headers=desk.world.auth("kz.analyst"),
    )
    assert refused.status_code == api.status_code == 404
    # The owner's agency without the permission to set it: no control, and 403 as on the API.
    liaison = desk.new_client()
    liaison_csrf = login(liaison, "ua.liaison")
    own = liaison.get("/subjects/ua:1", params={"purpose": "watchlist maintenance"})
    assert own.status_code == 200 and "report-movements" not in own.text
    denied = liaison.post(
        "/subjects/ua:1/report-movements", data={"csrf": liaison_csrf, "report": "off"}
    )
    assert denied.status_code == 403
    # A forged form changes nothing either.
    assert ua.post("/subjects/ua:1/report-movements", data={"report": "off"}).status_code == 403
    assert _flagged(desk, "ua:1")
    assert _flag_events(desk, "kz.analyst") == _flag_events(desk, "ua.liaison") == []

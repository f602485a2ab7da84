"""Creating, editing and deleting subjects on the desk: the owner only, every value kept as
typed, each refusal's message next to its control, nothing the form does not show lost."""

from __future__ import annotations

import html as html_text
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from interlink.audit import AuditAction
from interlink.domain.subjects import SubjectRecord
from interlink.services.accounts import Principal
from tests.web.conftest import Desk, csrf_of, login

MAINTENANCE = "watchlist maintenance"


def _principal(desk: Desk, username: str) -> Principal:
    with desk.world.hub.db.uow() as uow:
        found = uow.users.credentials(username)
    assert found is not None
    return Principal.from_user(found[0])


def _new(csrf: str, *names: str, **fields: str | list[str]) -> dict[str, Any]:
    """A new person's form: the first name primary, the others aliases, topic terrorism."""
    data: dict[str, Any] = {"csrf": csrf, "kind": "person", "topics": ["terrorism"]}
    data.update({"handling_code": "H0", "classification": "unclassified"})
    for i, name in enumerate(names):
        data[f"names-{i}-full"] = name
        data[f"names-{i}-kind"] = "primary" if i == 0 else "alias"
    data.update(fields)
    return data


class _Controls(HTMLParser):
    """The values a browser would submit with the form whose ``action`` is given."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside or "name" not in a:
            if tag == "option" and self.inside and self._select and "selected" in a:
                self.values.append((self._select, a["value"]))
            return
        if tag == "input" and a.get("type") == "checkbox":
            if "checked" in a:
                self.values.append((a["name"], a.get("value", "on")))
        elif tag == "input":
            self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text))
            self._textarea = None


def _submitted(html: str, action: str) -> dict[str, Any]:
    """The form as a browser would post it (a name with several values as a list)."""
    parser = _Controls(action)
    parser.feed(html)
    out: dict[str, Any] = {}
    for name, value in parser.values:
        if name in out:
            out[name] = [*out[name], value] if isinstance(out[name], list) else [out[name], value]
        else:
            out[name] = [value] if name in ("topics", "categories") else value
    return out


def _field_of(html: str, control: str) -> str:
    """The ``.field`` element that holds the control ``control``."""
    for block in re.findall(r'<div class="field">(.*?)</div>', html, re.S):
        if f'id="{control}"' in block:
            return str(block)
    raise AssertionError(f"no field holds #{control}")


def _assert_error_by(html: str, control: str, words: str) -> None:
    """The message sits in the control's own field, and the control points at it."""
    field = _field_of(html, control)
    error = re.search(rf'<p class="field-error" id="{control}-error">([^<]*)</p>', field)
    assert error is not None, field
    assert words in html_text.unescape(error.group(1)), error.group(1)
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{control}"[^>]*>', field)
    assert tag is not None
    assert 'aria-invalid="true"' in tag.group(0)
    described = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    assert described is not None and f"{control}-error" in described.group(1).split()


def _created_by(desk: Desk, username: str) -> list[str]:
    with desk.world.hub.db.uow() as uow:
        return [
            e.object_ref or ""
            for e in uow.audit.events()
            if e.action == AuditAction.CREATE and e.username == username
        ]


def test_a_subject_typed_in_two_scripts_is_created_and_found_as_typed(desk: Desk) -> None:
    c = desk.new_client()
    login(c, "kz.analyst")
    form = c.get("/subjects/new")
    assert form.status_code == 200
    assert '<input id="names-0-full" name="names-0-full" value="" dir="auto"' in form.text
    # Every control has its label.
    ids = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', form.text)
    assert ids and all(f'<label for="{i}"' in form.text for i in ids)
    made = c.post(
        "/subjects/new",
        data=_new(
            csrf_of(form.text),
            "Жанибек  Сарсенбаев",
            "Zhanibek Sarsenbaev",
            **{
                "names-0-lang": "kk",
                "birth_dates-0-value": "1979-03-14",
                "nationalities": "kz, ru",
                "gender": "male",
                "documents-0-type": "passport",
                "documents-0-number": "N 1234567",
                "documents-0-issuing_country": "kz",
                "review_by": "2027-11-30",
                "source": "report 2026/117",
                "reason": "opened with case 2026/117",
            },
        ),
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text[:2000]
    location = made.headers["location"]
    assert location.endswith("?purpose=watchlist%20maintenance")
    uid = re.fullmatch(r"/subjects/(kz-knb%3A\w+)\?.*", location)
    assert uid is not None
    uid_text = uid.group(1).replace("%3A", ":")
    assert _created_by(desk, "kz.analyst") == [uid_text]

    shown = c.get(location)
    assert shown.status_code == 200
    assert '<h1 dir="auto">Жанибек Сарсенбаев</h1>' in shown.text
    assert "opened with case 2026/117" in shown.text  # the reason, in the history

    hub, analyst = desk.world.hub, _principal(desk, "kz.analyst")
    record = hub.read_subject(analyst, uid_text, MAINTENANCE)
    assert [(n.full, n.kind.value, n.script, n.lang) for n in record.names] == [
        ("Жанибек Сарсенбаев", "primary", "Cyrillic", "kk"),  # white space folded, as the API
        ("Zhanibek Sarsenbaev", "alias", "Latin", None),
    ]
    assert {n.provenance.source for n in record.names} == {"report 2026/117"}
    assert record.nationalities == ("KZ", "RU") and record.gender is not None
    assert [(b.kind.value, b.value) for b in record.birth_dates] == [("full", "1979-03-14")]
    assert [(d.number, d.issuing_country) for d in record.documents] == [("N 1234567", "KZ")]
    assert record.review_by == date(2027, 11, 30) and record.owner == "KZ-KNB"
    (version,) = hub.history(analyst, uid_text, MAINTENANCE)
    assert (version.change, version.reason) == ("create", "opened with case 2026/117")

    # The partner, which terrorism is shared with in full, finds it in Latin, on the page and
    # through the hub as the API asks it.
    partner = desk.new_client()
    login(partner, "ua.analyst")
    found = partner.get("/search", params={"name": "Zhanibek Sarsenbayev", "purpose": "test"})
    assert f'href="/subjects/{quote(uid_text)}?purpose=test"' in found.text
    assert "Жанибек Сарсенбаев" in found.text
    hits = hub.search(_principal(desk, "ua.analyst"), "test", "Жанибек Сарсенбаев")
    assert hits[0].uid == uid_text and hits[0].found is not None
    assert hits[0].found.match.name == "Жанибек Сарсенбаев"


def test_bad_input_comes_back_with_each_message_by_its_control(desk: Desk) -> None:
    c = desk.new_client()
    csrf = login(c, "kz.analyst")
    bad = c.post(
        "/subjects/new",
        data=_new(
            csrf,
            "Ерлан Тестов",
            "Yerlan Testov",
            **{"birth_dates-0-value": "1979-13-01", "nationalities": "KZ, XX", "notes": "черновик"},
        ),
    )
    assert bad.status_code == 422
    _assert_error_by(bad.text, "birth_dates-0-value", "month 13 does not exist")
    _assert_error_by(bad.text, "nationalities", "'XX' is not an ISO 3166")
    assert "names-0-full-error" not in bad.text
    # Every value is kept as typed.
    assert 'value="Ерлан Тестов"' in bad.text and 'value="Yerlan Testov"' in bad.text
    assert 'value="1979-13-01"' in bad.text and 'value="KZ, XX"' in bad.text
    assert ">черновик</textarea>" in bad.text
    assert 'id="form-notice"' in bad.text and "Nothing was saved." in bad.text

    nameless = c.post("/subjects/new", data=_new(csrf, "   ", **{"names-1-lang": ""}))
    assert nameless.status_code == 422
    _assert_error_by(nameless.text, "names-0-full", "Give at least one name.")

    # A row with a language but no name: the message is at that row's name.
    blank = c.post("/subjects/new", data=_new(csrf, "Ерлан Тестов", **{"names-1-lang": "ru"}))
    _assert_error_by(blank.text, "names-1-full", "This cannot be blank.")

    no_primary = c.post(
        "/subjects/new", data=_new(csrf, "Yerlan Testov", **{"names-0-kind": "alias"})
    )
    _assert_error_by(no_primary.text, "names-0-kind", "needs a primary name")

    restricted = c.post(
        "/subjects/new",
        data=_new(csrf, "Yerlan Testov", handling_code="H3", classification="secret"),
    )
    assert restricted.status_code == 422
    # kz.analyst is cleared up to confidential: "secret" would hide the record from its author.
    _assert_error_by(restricted.text, "classification", "Your clearance is confidential")
    assert '<option value="secret"' not in c.get("/subjects/new").text

    body = c.post(
        "/subjects/new",
        data=_new(csrf, "Test Body LLP", kind="organization", **{"birth_dates-0-value": "1990"}),
    )
    _assert_error_by(body.text, "kind", "An organization has no birth date")

    h3 = c.post("/subjects/new", data=_new(csrf, "Yerlan Testov", handling_code="H3"))
    _assert_error_by(h3.text, "handling_note", "H3 needs handling_note")

    # The hub's own refusal (a uid under another agency's prefix) lands at its control too.
    foreign = c.post("/subjects/new", data=_new(csrf, "Yerlan Testov", uid="ua-sbu:9"))
    assert foreign.status_code == 422
    _assert_error_by(foreign.text, "uid", "starting 'kz-knb:'")

    assert _created_by(desk, "kz.analyst") == []
    assert desk.world.hub.search(_principal(desk, "kz.analyst"), "test", "Yerlan Testov") == []


def test_an_edit_changes_one_field_and_keeps_what_the_form_does_not_show(desk: Desk) -> None:
    hub, analyst = desk.world.hub, _principal(desk, "ua.analyst")
    rich = SubjectRecord.model_validate(
        {
            "uid": "new",
            "kind": "person",
            "names": [
                {
                    "full": "Ткаченко Ігор",
                    "lang": "uk",
                    "parts": [
                        {"kind": "family", "value": "Ткаченко"},
                        {"kind": "given", "value": "Ігор"},
                    ],
                    "provenance": {"source": "informant 44", "added_by": "someone"},
                },
                {"full": "Tkachenko Ihor", "kind": "alias"},
            ],
            "birth_dates": [{"kind": "year", "value": "1971", "note": "from a relative"}],
            "places_of_birth": [{"city": "Житомир", "country": "UA"}],
            "addresses": [{"text": "вул. Тестова 1, Київ", "country": "UA"}],
            "documents": [
                {
                    "type": "passport",
                    "number": "FA 123456",
                    "issuing_country": "UA",
                    "issued_on": "2015-02-03",
                    "flags": ["reported_lost"],
                    "note": "reported lost in 2019",
                }
            ],
            "categories": ["facilitator"],
            "topics": ["terrorism"],
            "listings": [{"authority": "national list", "reference": "NL-17"}],
            "links": [{"target": "ua:2", "kind": "associate", "note": "met twice"}],
            "notes": "тестовий запис",
        }
    )
    before = hub.create_subject(analyst, rich)
    uid = before.uid
    c = desk.new_client()
    login(c, "ua.analyst")
    action = f"/edit/subjects/{quote(uid)}"
    form = c.get(f"/edit/subjects/{uid}")  # a uid with ':' as it is, or quoted
    assert form.status_code == 200 and c.get(action).status_code == 200
    assert 'value="Ткаченко Ігор" dir="auto"' in form.text
    assert "national list" in form.text and "Kept as they are" in form.text
    # The record was read for the edit, with the edit as the purpose.
    with hub.db.uow() as uow:
        reads = [
            e.purpose
            for e in uow.audit.events()
            if e.action == AuditAction.READ and e.object_ref == uid
        ]
    assert reads and set(reads) == {MAINTENANCE}

    # The form as the browser sends it, with one field changed.
    data = _submitted(form.text, action)
    assert data["names-0-full"] == "Ткаченко Ігор" and data["topics"] == ["terrorism"]
    data.update({"gender": "male", "reason": "gender confirmed by document"})
    saved = c.post(action, data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    assert saved.headers["location"] == f"/subjects/{quote(uid)}?purpose=watchlist%20maintenance"

    after = hub.read_subject(analyst, uid, MAINTENANCE)
    assert after.gender is not None and after.gender.value == "male"
    assert after.model_copy(update={"gender": None}) == before
    versions = hub.history(analyst, uid, MAINTENANCE)
    assert [(v.version, v.change, v.reason) for v in versions] == [
        (1, "create", None),
        (2, "update", "gender confirmed by document"),
    ]
    with hub.db.uow() as uow:
        updates = [
            e for e in uow.audit.events() if e.action == AuditAction.UPDATE and e.object_ref == uid
        ]
    assert [(e.username, (e.detail or {}).get("reason")) for e in updates] == [
        ("ua.analyst", "gender confirmed by document")
    ]

    # A name's text changed is a new name (its parts, for the old text, go); a name removed
    # by clearing its row is gone; the rest stays.
    again = _submitted(c.get(action).text, action)
    again.update({"names-1-full": "Tkachenko Igor", "documents-0-expires_on": "2025-02-02"})
    assert c.post(action, data=again, follow_redirects=False).status_code == 303
    renamed = hub.read_subject(analyst, uid, MAINTENANCE)
    assert [n.full for n in renamed.names] == ["Ткаченко Ігор", "Tkachenko Igor"]
    assert renamed.names[0] == after.names[0]
    assert renamed.documents[0].flags == after.documents[0].flags
    assert renamed.documents[0].expires_on == date(2025, 2, 2)
    assert renamed.links == after.links and renamed.listings == after.listings


def test_a_stale_form_does_not_undo_a_change_made_meanwhile(desk: Desk) -> None:
    hub, analyst = desk.world.hub, _principal(desk, "ua.analyst")
    c = desk.new_client()
    login(c, "ua.analyst")
    action = f"/edit/subjects/{quote('ua:2')}"
    data = _submitted(c.get(action).text, action)
    current = hub.read_subject(analyst, "ua:2", MAINTENANCE)
    hub.update_subject(analyst, "ua:2", current.model_copy(update={"notes": "meanwhile"}))
    data["gender"] = "male"
    stale = c.post(action, data=data)
    assert stale.status_code == 409
    assert "Someone changed this subject after you opened the form" in stale.text
    kept = hub.read_subject(analyst, "ua:2", MAINTENANCE)
    assert kept.notes == "meanwhile" and kept.gender is None


def test_rows_are_added_with_htmx_or_by_posting_the_form_back(desk: Desk) -> None:
    c = desk.new_client()
    csrf = login(c, "kz.analyst")
    more = c.post("/subjects/new", data={**_new(csrf, "Ерлан Тестов"), "add": "names"})
    assert more.status_code == 200  # shown again with one more row, nothing saved
    assert 'value="Ерлан Тестов"' in more.text and 'id="names-3-full"' in more.text
    assert "field-error" not in more.text and _created_by(desk, "kz.analyst") == []
    row = c.get("/edit/rows/names", params={"index": 3}, headers={"HX-Request": "true"})
    assert row.status_code == 200 and "<html" not in row.text
    assert 'id="names-3-full"' in row.text and 'dir="auto"' in row.text
    assert 'hx-get="/edit/rows/names?index=4"' in row.text and 'hx-swap-oob="true"' in row.text
    assert c.get("/edit/rows/other").status_code == 404


def test_a_partner_that_sees_the_record_may_not_edit_it(desk: Desk) -> None:
    hub = desk.world.hub
    versions = len(hub.history(_principal(desk, "ua.analyst"), "ua:1", "test"))
    c = desk.new_client()
    csrf = login(c, "kz.analyst")
    # kz.analyst reads ua:1 in full (terrorism, shared in full) ...
    assert c.get("/subjects/ua:1", params={"purpose": "test"}).status_code == 200
    # ... but only UA-SBU edits it.
    page = c.get("/edit/subjects/ua:1")
    assert page.status_code == 403 and "only its owner edits it" in page.text
    data = _new(csrf, "Шевчук Тарас", gender="male")
    assert c.post("/edit/subjects/ua:1", data=data).status_code == 403
    gone = c.post("/delete/subjects/ua:1", data={"csrf": csrf, "reason": "not ours to keep"})
    assert gone.status_code == 403
    assert len(hub.history(_principal(desk, "ua.analyst"), "ua:1", "test")) == versions
    assert hub.read_subject(_principal(desk, "ua.analyst"), "ua:1", "test").gender is None
    # An agency that does not see the record learns nothing of it.
    other = desk.new_client()
    login(other, "uz.analyst")
    assert other.get("/edit/subjects/ua:1").status_code == 404


def test_roles_without_the_right_to_edit_are_refused(desk: Desk) -> None:
    officer = desk.new_client()
    csrf = login(officer, "kz.border")
    assert officer.get("/subjects/new").status_code == 403
    assert officer.post("/subjects/new", data=_new(csrf, "Ерлан Тестов")).status_code == 403
    assert officer.get("/edit/subjects/kz:1").status_code == 403
    assert officer.get("/edit/rows/names").status_code == 403
    auditor = desk.new_client()
    csrf = login(auditor, "ua.auditor")
    assert auditor.get("/subjects/new").status_code == 403
    assert auditor.get("/edit/subjects/ua:1").status_code == 403
    assert auditor.post("/edit/subjects/ua:1", data={"csrf": csrf}).status_code == 403
    refused = auditor.post("/delete/subjects/ua:1", data={"csrf": csrf, "reason": "not mine"})
    assert refused.status_code == 403
    assert _created_by(desk, "kz.border") == []
    assert desk.world.hub.read_subject(_principal(desk, "ua.analyst"), "ua:1", "test").uid == "ua:1"


def test_a_post_without_its_csrf_token_changes_nothing(desk: Desk) -> None:
    hub, analyst = desk.world.hub, _principal(desk, "ua.analyst")
    c = desk.new_client()
    csrf = login(c, "ua.analyst")
    assert c.post("/subjects/new", data=_new("", "Ерлан Тестов")).status_code == 403
    data = _submitted(c.get("/edit/subjects/ua:2").text, "/edit/subjects/ua%3A2")
    del data["csrf"]
    assert c.post("/edit/subjects/ua:2", data={**data, "gender": "male"}).status_code == 403
    assert c.post("/delete/subjects/ua:2", data={"reason": "duplicate"}).status_code == 403
    wrong = c.post("/delete/subjects/ua:2", data={"csrf": csrf[::-1], "reason": "duplicate"})
    assert wrong.status_code == 403
    assert _created_by(desk, "ua.analyst") == []
    assert len(hub.history(analyst, "ua:2", "test")) == 1
    assert hub.read_subject(analyst, "ua:2", "test").gender is None


def test_a_name_that_is_markup_is_stored_as_text_and_shown_escaped(desk: Desk) -> None:
    c = desk.new_client()
    csrf = login(c, "kz.analyst")
    markup = "<script>alert(1)</script>"
    refused = c.post("/subjects/new", data=_new(csrf, markup, nationalities="XX"))
    assert refused.status_code == 422
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in refused.text
    assert "<script>alert" not in refused.text
    made = c.post("/subjects/new", data=_new(csrf, markup), follow_redirects=False)
    assert made.status_code == 303
    shown = c.get(made.headers["location"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text
    assert "<script>alert" not in shown.text
    uid = made.headers["location"].split("?")[0].removeprefix("/subjects/").replace("%3A", ":")
    record = desk.world.hub.read_subject(_principal(desk, "kz.analyst"), uid, "test")
    assert record.names[0].full == markup
    edit = c.get(f"/edit/subjects/{uid}")
    assert "<script>alert" not in edit.text and "&lt;script&gt;" in edit.text


def test_the_owner_deletes_with_a_reason_and_search_no_longer_finds_it(desk: Desk) -> None:
    hub, analyst = desk.world.hub, _principal(desk, "kz.analyst")
    c = desk.new_client()
    csrf = login(c, "kz.analyst")
    made = c.post("/subjects/new", data=_new(csrf, "Нурлан Удалов"), follow_redirects=False)
    uid = made.headers["location"].split("?")[0].removeprefix("/subjects/").replace("%3A", ":")
    assert [h.uid for h in hub.search(analyst, "test", "Нурлан Удалов")][:1] == [uid]

    short = c.post(f"/delete/subjects/{uid}", data={"csrf": csrf, "reason": "x"})
    assert short.status_code == 422
    _assert_error_by(short.text, "delete-reason", "Say why the subject is deleted")
    assert hub.read_subject(analyst, uid, "test").uid == uid

    done = c.post(
        f"/delete/subjects/{quote(uid)}",
        data={"csrf": csrf, "reason": "entered twice"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert uid not in {h.uid for h in hub.search(analyst, "test", "Нурлан Удалов")}
    page = c.get("/search", params={"name": "Нурлан Удалов", "purpose": "test"})
    assert quote(uid) not in page.text
    assert c.get(f"/edit/subjects/{uid}").status_code == 404
    last = hub.history(analyst, uid, "test")[-1]
    assert (last.change, last.reason) == ("delete", "entered twice")
    with hub.db.uow() as uow:
        deleted = [
            e.username
            for e in uow.audit.events()
            if e.action == AuditAction.DELETE and e.object_ref == uid
        ]
    assert deleted == ["kz.analyst"]


def test_new_is_not_read_as_a_subject_and_subject_pages_still_open(desk: Desk) -> None:
    c: TestClient = desk.new_client()
    login(c, "ua.analyst")
    new = c.get("/subjects/new")
    assert new.status_code == 200 and 'action="/subjects/new"' in new.text
    assert c.get("/subjects/ua:1", params={"purpose": "test"}).status_code == 200
    assert c.get("/subjects/ua%3A1", params={"purpose": "test"}).status_code == 200

"""Movement reports: a flagged subject's confirmed alert, or a check recorded by hand, reports
the movement (place, time, route, document, companions) to the owner and to no other agency;
the reporter sees the subject only as its visibility allows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.api.conftest import HubWorld

API = "/api/v1"
PAXLST = Path(__file__).parents[3] / "shared" / "data" / "paxlst"
MANIFEST = PAXLST / "gtas_multiple_flight_leg_apis.txt"  # TODD BARRETT, KRISTIN LANG: GJIO3RT
PURPOSE = "flight QQ 877, arrivals"


def get(w: HubWorld, user: str, path: str, **params: Any) -> Any:
    got = w.client.get(API + path, params=params, headers=w.auth(user))
    return got


def plant(w: HubWorld, name: str) -> str:
    """A UA subject named ``name``, flagged "report movements" by its owner: its uid."""
    made = w.client.post(
        f"{API}/subjects",
        json={"uid": "new", "kind": "person", "names": [{"full": name}], "topics": ["terrorism"]},
        headers=w.auth("ua.analyst"),
    )
    assert made.status_code == 201, made.text
    uid: str = made.json()["uid"]
    flagged = w.client.put(
        f"{API}/subjects/{uid}/report-movements",
        json={"report": True},
        headers=w.auth("ua.analyst"),
    )
    assert flagged.status_code == 200 and flagged.json()["report_movements"] is True
    return uid


def screen_and_confirm(w: HubWorld, *uids: str) -> int:
    """KZ screens the PAXLST fixture and confirms the alert on each of ``uids``: the first
    one's id."""
    run = w.client.post(
        f"{API}/screenings",
        params={"purpose": PURPOSE, "filename": MANIFEST.name},
        content=MANIFEST.read_bytes(),
        headers=w.auth("kz.border"),
    )
    assert run.status_code == 202, run.text
    w.hub.runs.wait(timeout=60)
    alerts = get(w, "kz.border", f"/screenings/{run.json()['id']}/alerts").json()["items"]
    confirmed = []
    for uid in uids:
        (alert,) = [a for a in alerts if a["subject"].get("uid") == uid]
        decided = w.client.post(
            f"{API}/alerts/{alert['id']}/decision",
            json={"status": "confirmed", "note": "same passport"},
            headers=w.auth("kz.border"),
        )
        assert decided.status_code == 200, decided.text
        confirmed.append(int(alert["id"]))
    return confirmed[0]


def test_a_confirmed_alert_reports_the_route_and_companions_to_the_owner_only(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    uid = plant(w, "Todd Barrett")
    alert = screen_and_confirm(w, uid)

    (report,) = get(w, "ua.analyst", f"/subjects/{uid}/movements").json()
    assert (report["source"], report["alert"], report["reporter"]) == ("alert", alert, "KZ-KNB")
    m = report["movement"]
    assert m["place"] == "CDG" and m["traveller"] == "TODD BARRETT"
    assert (m["route"]["origin"], m["route"]["destination"]) == ("MIA", "CDG")
    legs = [
        (leg["carrier"], leg["number"], leg["origin"], leg["destination"])
        for leg in m["route"]["legs"]
    ]
    assert legs == [
        ("QQ", "877", "MIA", "IAD"),
        ("QQ", "827", "IAD", "JFK"),
        ("QQ", "827", "JFK", "CDG"),
    ]
    assert m["document"]["number"] == "YY3478621G"
    assert [(c["name"], c["booking"]) for c in m["companions"]] == [("KRISTIN LANG", "GJIO3RT")]
    assert report["subject"]["uid"] == uid

    movement = [n for n in get(w, "ua.analyst", "/notifications").json() if n["kind"] == "movement"]
    assert [(n["subject_uid"], n["by_agency"]) for n in movement] == [(uid, "KZ-KNB")]
    for user in ("kz.analyst", "uz.analyst"):  # no other agency receives it
        assert all(n["kind"] != "movement" for n in get(w, user, "/notifications").json())
        assert get(w, user, f"/subjects/{uid}/movements").status_code == 404
        assert get(w, user, "/encounters").json() == []
    reported = get(w, "kz.border", "/encounters", box="reported").json()
    assert [(r["id"], r["subject"]["level"]) for r in reported] == [(report["id"], "full")]

    # Confirming again (after taking the decision back) reports nothing more.
    for decision in ("open", "confirmed"):
        w.client.post(
            f"{API}/alerts/{alert}/decision", json={"status": decision}, headers=w.auth("kz.border")
        )
    assert len(get(w, "ua.analyst", f"/subjects/{uid}/movements").json()) == 1


def test_the_reporter_sees_the_same_whether_the_owner_flagged_the_subject_or_not(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    flagged = plant(w, "Todd Barrett")
    unflagged = plant(w, "Kristin Lang")  # her companion on booking GJIO3RT
    w.client.put(
        f"{API}/subjects/{unflagged}/report-movements",
        json={"report": False},
        headers=w.auth("ua.analyst"),
    )
    screen_and_confirm(w, flagged, unflagged)

    # The reporter: one report each, alike but for the traveller; its figures count both.
    reported = {
        r["subject"]["uid"]: r for r in get(w, "kz.border", "/encounters", box="reported").json()
    }
    assert set(reported) == {flagged, unflagged}

    def alike(r: dict[str, Any]) -> dict[str, Any]:
        m = r["movement"]
        return {
            **{k: v for k, v in r.items() if k not in ("id", "alert", "subject", "movement")},
            "subject": {k: v for k, v in r["subject"].items() if k in ("level", "owner")},
            "movement": {
                k: v for k, v in m.items() if k not in ("traveller", "document", "companions")
            },
            "fields": sorted(m),
        }

    assert alike(reported[flagged]) == alike(reported[unflagged])
    assert (
        reported[flagged]["subject"]["level"] == reported[unflagged]["subject"]["level"] == "full"
    )
    assert all(n["kind"] != "movement" for n in get(w, "kz.analyst", "/notifications").json())
    month = reported[flagged]["movement"]["at"][:7]
    for user in ("kz.liaison", "kz.analyst"):
        figures = get(w, user, "/statistics", period=month).json()["movements"]
        assert figures == [{"country": "KZ", "month": month, "count": 2}], user

    # The owner: only the flagged subject's report, in its timeline, inbox and figures.
    (timeline,) = get(w, "ua.analyst", f"/subjects/{flagged}/movements").json()
    assert timeline["id"] == reported[flagged]["id"]
    assert get(w, "ua.analyst", f"/subjects/{unflagged}/movements").json() == []
    assert [r["id"] for r in get(w, "ua.analyst", "/encounters").json()] == [timeline["id"]]
    movement = [n for n in get(w, "ua.analyst", "/notifications").json() if n["kind"] == "movement"]
    assert [n["subject_uid"] for n in movement] == [flagged]
    figures = get(w, "ua.liaison", "/statistics", period=month).json()["movements"]
    assert figures == [{"country": "KZ", "month": month, "count": 1}]
    assert get(w, "uz.analyst", "/statistics", period=month).json()["movements"] == []


def test_only_the_owner_flags_and_reads_the_timeline(hub_world: HubWorld) -> None:
    w = hub_world
    for user in ("kz.analyst", "uz.analyst"):
        got = w.client.put(
            f"{API}/subjects/ua:1/report-movements", json={"report": True}, headers=w.auth(user)
        )
        assert got.status_code == 404
    assert get(w, "kz.analyst", "/subjects/ua:1/movements").status_code == 404
    assert get(w, "ua.analyst", "/subjects/ua:1/movements").json() == []


def check(w: HubWorld, subject: str, place: str, at: str, **extra: Any) -> Any:
    body = {
        "subject": subject,
        "movement": {
            "place": place,
            "at": at,
            "route": {"origin": "TAS", "destination": place},
            "document": {"type": "passport", "number": "FA0412287", "issuing_country": "UA"},
            "companions": [{"name": "Ivan Sydorenko"}],
        },
        "note": "secondary inspection",
        **extra,
    }
    return w.client.post(f"{API}/encounters", json=body, headers=w.auth("kz.border"))


def test_checks_by_hand_reach_the_owner_as_a_timeline_when_flagged(hub_world: HubWorld) -> None:
    w = hub_world
    reference = w.hub.reference("ua:2")  # extremism: KZ sees it only as a hit
    assert check(w, reference, "ALA", "2026-11-20T08:00:00Z").status_code == 422  # no owner
    assert check(w, "ua:2", "ALA", "2026-11-20T08:00:00Z").status_code == 422  # a hit, by uid
    assert check(w, "uz:1", "ALA", "2026-11-20T08:00:00Z").status_code == 422  # unseen
    first = check(w, reference, "ALA", "2026-11-20T08:00:00Z", owner="UA-SBU")
    assert first.status_code == 201, first.text
    assert first.json()["subject"] == {
        "level": "hit", "owner": "UA-SBU", "reference": reference, "uid": None, "name": None
    }  # fmt: skip
    assert get(w, "ua.analyst", "/subjects/ua:2/movements").json() == []  # not flagged: kept

    w.client.put(
        f"{API}/subjects/ua:2/report-movements", json={"report": True}, headers=w.auth("ua.analyst")
    )
    later = check(w, reference, "NQZ", "2026-11-21T19:30:00+06:00", owner="UA-SBU")
    earlier = check(w, reference, "TSE", "2026-11-21T09:00:00+06:00", owner="UA-SBU")
    assert later.status_code == earlier.status_code == 201
    timeline = get(w, "ua.analyst", "/subjects/ua:2/movements").json()
    assert [t["movement"]["place"] for t in timeline] == ["TSE", "NQZ"]  # by when, not by entry
    assert timeline[0]["movement"]["companions"] == [
        {"name": "Ivan Sydorenko", "ref": None, "documents": [], "booking": None}
    ]
    assert timeline[0]["subject"]["uid"] == "ua:2"
    reported = get(w, "kz.border", "/encounters", box="reported").json()
    assert len(reported) == 3 and all(r["subject"]["uid"] is None for r in reported)

    # What KZ no longer sees, its own reports no longer show.
    with w.hub.db.uow() as uow:
        uow.agreements.suspend("UA-KZ", "review", w.clock.now)
    w.hub.forget()
    reported = get(w, "kz.border", "/encounters", box="reported").json()
    assert {r["subject"]["level"] for r in reported} == {"none"}
    assert all(r["subject"]["owner"] is None for r in reported)


def test_a_check_refuses_a_time_without_a_zone(hub_world: HubWorld) -> None:
    got = check(hub_world, "ua:1", "ALA", "2026-11-20T08:00:00")
    assert got.status_code == 422 and "timezone" in got.text.lower()

"""The council's statistics: requests and answer times per agency and pair, alerts and movements
by country and month, each agency seeing only its own exchanges and a secretariat its council's;
as JSON and as CSV. Deadlines move with the injected clock."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pypdfium2 as pdfium
import pytest
from defusedxml import ElementTree
from typer.testing import CliRunner

from interlink.cli.app import app
from interlink.domain.agencies import AgreementSpec, Role, TopicTerm, UserSpec
from interlink.domain.codes import SharingLevel, Topic
from interlink.reports import charts
from interlink.reports.charts import CHARTS
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


def close(w: HubWorld, user: str, request_id: int) -> None:
    body = {"note": "no longer needed"}
    got = w.client.post(f"{API}/requests/{request_id}/close", json=body, headers=w.auth(user))
    assert got.status_code == 200, got.text


def test_closing_an_overdue_request_counts_it_late_and_a_withdrawn_one_not_at_all(
    hub_world: HubWorld,
) -> None:
    w = hub_world
    on_time = ask(w, "kz.liaison", "UA-SBU", "urgent")  # due in 8 hours
    lapsing = ask(w, "kz.liaison", "UA-SBU", "high")  # due in 3 days, never answered
    at(w, 2)
    answer(w, "ua.analyst", on_time)
    at(w, 10)

    def received() -> dict[str, Any]:
        both = [stats(w, user) for user in ("kz.liaison", "ua.liaison")]
        rows = [{a["agency"]: a for a in s["agencies"]}["UA-SBU"]["received"] for s in both]
        assert rows[0] == rows[1] == pairs(both[0])[("KZ-KNB", "UA-SBU")]  # one figure each
        found: dict[str, Any] = rows[0]
        return found

    assert (received()["on_time_share"], received()["overdue_now"]) == (1.0, 0)
    at(w, 80)  # the high one is eight hours overdue: the sender gives up on it
    assert (received()["on_time_share"], received()["overdue_now"]) == (0.5, 1)
    close(w, "kz.liaison", lapsing)
    late = received()
    assert (late["sent"], late["answered"], late["on_time_share"], late["overdue_now"]) == (
        2, 1, 0.5, 0,
    )  # fmt: skip
    # Closed before its deadline, a request was withdrawn: it counts neither way.
    withdrawn = ask(w, "kz.liaison", "UA-SBU", "urgent")
    at(w, 81)
    close(w, "kz.liaison", withdrawn)
    at(w, 100)  # long past its deadline
    after = received()
    assert (after["sent"], after["on_time_share"], after["overdue_now"]) == (3, 0.5, 0)


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


def _events(w: HubWorld, object_type: str) -> list[Any]:
    with w.hub.db.uow(read_only=True) as uow:
        return [e for e in uow.audit.events() if e.object_type == object_type]


@pytest.mark.parametrize("name", ["requests", "answer-times", "on-time", "pairs", "alerts",
                                  "movements"])  # fmt: skip
def test_each_chart_renders_as_png_and_svg(council: HubWorld, name: str) -> None:
    w = council
    png = w.client.get(
        f"{API}/statistics/charts/{name}.png", params={"period": "2026-Q4"},
        headers=w.auth("kz.liaison"),
    )  # fmt: skip
    assert png.status_code == 200, png.text
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png.content[16:24])
    assert width == 1125 and 300 <= height <= 1400  # 7.5 inches at 150 dpi
    svg = w.client.get(
        f"{API}/statistics/charts/{name}.svg", params={"period": "2026-Q4"},
        headers=w.auth("kz.liaison"),
    )  # fmt: skip
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    root = ElementTree.fromstring(svg.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # Text is drawn as paths: no markup an agency code could carry, and nothing to run.
    assert b"<text" not in svg.content and b"<script" not in svg.content
    for got in (png, svg):
        assert got.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in got.headers["content-security-policy"]
        assert got.headers["cache-control"] == "no-store"
    forms = {e.detail["form"] for e in _events(w, "statistics") if e.username == "kz.liaison"}
    assert {f"chart:{name}.png", f"chart:{name}.svg"} <= forms


def test_charts_say_so_when_the_period_is_empty(council: HubWorld) -> None:
    # A period without requests draws a chart with a message, not an error or a blank.
    for name in ("requests", "pairs", "alerts"):
        got = council.client.get(
            f"{API}/statistics/charts/{name}.png", params={"period": "2025"},
            headers=council.auth("kz.liaison"),
        )  # fmt: skip
        assert got.status_code == 200 and got.content.startswith(b"\x89PNG")
    unknown = council.client.get(
        f"{API}/statistics/charts/secrets.png", params={"period": "2026-Q4"},
        headers=council.auth("kz.liaison"),
    )  # fmt: skip
    assert unknown.status_code == 422
    gif = council.client.get(
        f"{API}/statistics/charts/pairs.gif", params={"period": "2026-Q4"},
        headers=council.auth("kz.liaison"),
    )  # fmt: skip
    assert gif.status_code == 422


def pdf_pages(data: bytes) -> list[tuple[str, Any]]:
    """Each page of a PDF as (its text, its image at 72 dpi): the PDF renders."""
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in document:
            text = page.get_textpage()
            pages.append((text.get_text_range(), page.render(scale=1).to_pil()))
            text.close()
            page.close()
        return pages
    finally:
        document.close()


def report(w: HubWorld, user: str, period: str = "2026-Q4") -> list[tuple[str, Any]]:
    got = w.client.get(f"{API}/statistics/report.pdf", params={"period": period},
                       headers=w.auth(user))  # fmt: skip
    assert got.status_code == 200, got.text
    assert got.headers["content-type"] == "application/pdf"
    assert (
        f'filename="interlink-council-report-{period}.pdf"' in (got.headers["content-disposition"])
    )
    return pdf_pages(got.content)


def test_the_council_report_renders_and_shows_what_the_agency_may_see(council: HubWorld) -> None:
    w = council
    secretariat = report(w, "hub.secretary")
    # A summary, three pages of charts, one page for each table.
    assert len(secretariat) == 8
    for n, (text, image) in enumerate(secretariat, start=1):
        assert f"page {n} of 8" in text
        width, height = image.size  # A4 at 72 dpi: 595 by 842 points
        assert abs(width - 595) <= 1 and abs(height - 842) <= 1
        assert image.convert("L").getextrema()[0] < 100, f"page {n} is blank"
    summary = secretariat[0][0]
    assert "2026-Q4: 1 October 2026 to 31 December 2026" in summary
    assert "Made for HUB" in summary and "agencies of its council" in summary
    # Four requests, one overdue now (the high one to UA-SBU), one refused.
    assert "4\r\nrequests" in summary.replace(" ", "") or "4 requests" in summary
    every = "\n".join(text for text, _ in secretariat)
    assert {"KZ-KNB", "UA-SBU", "UZ-SGB"} <= set(re.findall(r"[A-Z]{2}-[A-Z]{3}", every))
    agencies = next(text for text, _ in secretariat if "agency sent received" in text)
    assert "UA-SBU 1 2 1 0 2.0 2.0 50% 1" in agencies  # as the CSV and the JSON say
    # UZ-SGB's report shows its own exchange with KZ-KNB and nothing of UA-SBU's.
    own = "\n".join(text for text, _ in report(w, "uz.analyst"))
    assert "KZ-KNB" in own and "UZ-SGB" in own and "UA-SBU" not in own
    assert "Figures of its own requests" in own
    forms = [e.detail["form"] for e in _events(w, "statistics")]
    assert forms.count("report.pdf") == 2
    denied = w.client.get(f"{API}/statistics/report.pdf", params={"period": "2026-Q4"},
                          headers=w.auth("kz.border"))  # fmt: skip
    assert denied.status_code == 403
    bad = w.client.get(f"{API}/statistics/report.pdf", params={"period": "Q4"},
                       headers=w.auth("kz.liaison"))  # fmt: skip
    assert bad.status_code == 422


def test_interlink_report_council_writes_the_pdf_and_its_charts(
    council: HubWorld, tmp_path: Path
) -> None:
    url = council.hub.settings.database_url
    out = tmp_path / "report.pdf"
    done = CliRunner().invoke(
        app,
        ["--database", url, "report", "council", "--period", "2026-Q4", "--output", str(out),
         "--charts", str(tmp_path / "charts")],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "council report 2026-Q4 for HUB, 4 requests" in done.output
    pages = pdf_pages(out.read_bytes())
    assert "Made for HUB" in pages[0][0]
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(
        f"{name}.{fmt}" for name in CHARTS for fmt in ("png", "svg")
    )
    made = [e for e in _events(council, "statistics") if e.detail.get("form") == "report.pdf"]
    assert len(made) == 1 and made[0].username.startswith("cli:") and made[0].agency == "HUB"
    for argv, message in (
        (["--agency", "NOPE"], "NOPE"),
        (["--period", "2026-13"], "is not a year, quarter or month"),
    ):
        failed = CliRunner().invoke(
            app,
            ["--database", url, "report", "council", "--period", "2026-Q4",
             "--output", str(tmp_path / "no.pdf"), *argv],
            env={"COLUMNS": "200"},
        )  # fmt: skip
        assert failed.exit_code == 1 and message in failed.output, failed.output
    assert not (tmp_path / "no.pdf").exists()


def test_a_chart_is_drawn_once_per_figures_and_again_when_they_change(council: HubWorld) -> None:
    w = council
    charts._drawn.cache_clear()  # one process runs the suite on both databases
    url, params = f"{API}/statistics/charts/requests.svg", {"period": "2026-Q4"}
    first = w.client.get(url, params=params, headers=w.auth("kz.analyst")).content
    with patch("interlink.reports.charts.chart", wraps=charts.chart) as drawing:
        again = w.client.get(url, params=params, headers=w.auth("kz.analyst")).content
        assert again == first and drawing.call_count == 0  # the same figures: from memory
        ask(w, "kz.analyst", "UA-SBU", "normal")
        moved = w.client.get(url, params=params, headers=w.auth("kz.analyst")).content
        assert moved != first and drawing.call_count == 1  # new figures: drawn again
    # Another agency's figures are its own, and so is its chart.
    other = w.client.get(url, params=params, headers=w.auth("uz.analyst")).content
    assert other != moved

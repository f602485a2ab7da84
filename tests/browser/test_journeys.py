"""The journeys of the analyst's desk in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import Served, log_in, shoot

pytestmark = pytest.mark.xdist_group("browser")

MANIFEST = Path(__file__).parents[3] / "shared/data/paxlst/gtas_multiple_flight_leg_apis.txt"


def _search(page: Page, name: str) -> None:
    field = page.get_by_label("Name, in any script or spelling")
    field.fill(name)
    field.press("Enter")
    expect(page.locator("#result-count")).to_contain_text(name)


def test_a_latin_spelling_finds_the_cyrillic_named_subject(page: Page, served: Served) -> None:
    log_in(page, served, "kz.analyst")
    shoot(page, "search-1-dashboard")
    page.get_by_role("link", name="Search").click()
    _search(page, "Bortnikow")
    first = page.locator("ol.results > li").first
    expect(first.locator("a.name")).to_have_text("Бортников Александр Васильевич")
    first.get_by_text("Why this match").click()
    expect(first.locator("ul.pairs").first).to_contain_text("Bortnikow → Бортников")
    expect(first.locator("ul.pairs").first).to_contain_text("transliteration")
    shoot(page, "search-2-results")
    first.locator("a.name").click()
    expect(page.locator("h1")).to_have_text("Бортников Александр Васильевич")
    expect(page.locator(".script-group h3")).to_have_text(["Cyrillic"])
    shoot(page, "search-3-subject")
    # The address of the results is kept (HTMX pushes it): back brings them again.
    page.go_back()
    expect(page.locator("ol.results > li").first.locator("a.name")).to_have_text(
        "Бортников Александр Васильевич"
    )


def test_an_arabic_query_finds_the_latin_named_subject(page: Page, served: Served) -> None:
    log_in(page, served, "kz.analyst")
    page.goto(served.url + "/search")
    _search(page, "خالد يوسف التميمي")
    first = page.locator("ol.results > li").first
    expect(first.locator("a.name")).to_have_text("Khalid Yusuf al-Tamimi")
    # The query is shown right to left, the way it is written.
    direction = page.locator("#result-count bdi").evaluate("e => getComputedStyle(e).direction")
    assert direction == "rtl"
    shoot(page, "arabic-1-results")


def test_a_name_that_is_markup_renders_as_text(page: Page, served: Served) -> None:
    dialogs: list[str] = []

    def caught(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", caught)
    log_in(page, served, "kz.analyst")
    page.goto(served.url + "/search")
    _search(page, "<script>alert(1)</script>")
    expect(page.locator("ol.results a.name").first).to_have_text("<script>alert(1)</script>")
    page.locator("ol.results a.name").first.click()
    expect(page.locator("h1")).to_have_text("<script>alert(1)</script>")
    shoot(page, "xss-1-subject")
    assert dialogs == []


def test_a_hidden_subject_appears_in_no_page_of_the_agency(page: Page, served: Served) -> None:
    """uz:10 (UZ-SGB) is shared with nobody. KZ-KNB's analyst searches it under several
    spellings and opens every page of the navigation: no name, uid or owner of it, and every
    count is of the results shown."""
    log_in(page, served, "kz.analyst")
    hidden = ("Ташкентов", "Tashkentov", "uz:10", "UZ-SGB", "Бахтиёр")
    for query in ("Ташкентов Бахтиёр Рустамович", "Tashkentov Bakhtiyor", "Tashkentov"):
        page.goto(served.url + "/search")
        _search(page, query)
        results = page.locator("#results")
        shown = results.inner_text().replace(query, "")
        assert not any(h in shown for h in hidden), (query, shown)
        count = re.match(r"(\d+) result", page.locator("#result-count").inner_text())
        assert count is not None
        assert int(count.group(1)) == page.locator("ol.results > li").count() - (
            1 if int(count.group(1)) == 0 else 0
        )
    shoot(page, "hidden-1-search")
    links = page.locator("header nav a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) >= 3
    for link in links:
        page.goto(link)
        assert not any(h in page.content() for h in hidden), link
    page.goto(served.url + "/subjects/uz:10?purpose=test")
    expect(page.locator("h1")).to_have_text("Not found")
    shoot(page, "hidden-2-subject")


def test_the_keyboard_reaches_every_control_and_the_page_fits_a_phone(
    page: Page, served: Served
) -> None:
    log_in(page, served, "kz.analyst")
    page.goto(served.url + "/search")
    # Every control has a label a screen reader reads.
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
             .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
             .map(e => e.name)"""
    )
    assert unlabelled == []
    assert page.evaluate("document.activeElement.id") == "name"  # the search field has focus
    reached = set()
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.name"))
    assert {"name", "birth_date", "nationality", "gender", "likely", "purpose"} <= reached
    page.goto(served.url + "/")
    page.keyboard.press("Tab")  # the skip link comes first, then the navigation
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(served.url + "/search")
    page.set_viewport_size({"width": 390, "height": 844})
    _search(page, "Bortnikow")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page is {wide} px wide at 390"
    shoot(page, "phone-1-search")


def test_a_confirmed_alert_reaches_the_owner_as_a_movement(
    page: Page, served: Served, browser: Browser
) -> None:
    """KZ-KNB's border officer screens the PAXLST fixture, where Todd Barrett (UA-SBU's
    subject, flagged "report movements") travels, and confirms the alert in one click; UA-SBU's
    analyst then finds the movement on the dashboard and in the subject's timeline."""
    log_in(page, served, "kz.border")
    page.get_by_role("link", name="Screening").click()
    page.get_by_label("Manifest: PAXLST").set_input_files(str(MANIFEST))
    page.get_by_label("Purpose (recorded with the run)").fill("flight QQ 877, arrivals")
    page.get_by_role("button", name="Screen").click()
    row = page.locator("table.alerts tr", has=page.get_by_role("link", name="Todd Barrett"))
    expect(row).to_have_count(1, timeout=60_000)  # HTMX follows the run until it is done
    expect(page.locator("label[for=progress]")).to_contain_text("Done")
    row.get_by_text("Why this match").click()
    shoot(page, "screening-1-alerts")
    row.get_by_role("button", name="Confirm").click()
    expect(row.locator("strong")).to_have_text("confirmed")
    expect(row).to_contain_text("kz.border")
    shoot(page, "screening-2-confirmed")

    owner = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(owner, served, "ua.analyst")
    reports = owner.locator(
        "section", has=owner.get_by_role("heading", name="Recent movement reports")
    )
    expect(reports).to_contain_text("by KZ-KNB")
    shoot(owner, "screening-3-owner-dashboard")
    reports.get_by_role("link", name="Todd Barrett").click()
    owner.get_by_role("button", name="Open the record").click()
    timeline = owner.locator("ol.timeline li").first
    expect(timeline).to_contain_text("reported by KZ-KNB (alert)")
    expect(timeline).to_contain_text("Route:")
    expect(timeline).to_contain_text("With:")
    shoot(owner, "screening-4-owner-timeline")
    owner.context.close()


def _figure(page: Page, figure: str) -> int:
    return int(page.locator(f"#{figure}").inner_text())


def test_a_request_sent_and_answered_moves_the_statistics(
    page: Page, served: Served, browser: Browser
) -> None:
    """UA-SBU's analyst asks KZ-KNB, urgently, with a file; KZ-KNB's analyst finds it on the
    dashboard, answers it; back at UA-SBU the answer is there and the year's figures moved."""
    partner = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(partner, served, "kz.analyst")  # on the dashboard, which listens for news
    log_in(page, served, "ua.analyst")
    page.get_by_role("link", name="Statistics").click()
    sent, answered = _figure(page, "total-sent"), _figure(page, "total-answered")

    page.get_by_role("link", name="Requests").click()
    page.get_by_role("link", name="New request").click()
    page.get_by_label("KZ-KNB").check()
    page.get_by_label("Priority").select_option("urgent")
    page.get_by_label("Question").fill("Has Бортников Александр crossed at Khorgos this week?")
    page.get_by_label("Attachments").set_input_files(
        files=[{"name": "sighting.txt", "mimeType": "text/plain", "buffer": b"Seen 21 Nov.\n"}]
    )
    shoot(page, "request-1-form")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("h1")).to_contain_text("urgent")
    rid = re.search(r"/requests/(\d+)$", page.url)
    assert rid is not None
    expect(page.locator("#tracks-h + .table-wrap")).to_contain_text("sent · due")
    shoot(page, "request-2-sent")

    # The partner's open page is told at once, without a reload.
    expect(partner.locator("#live-count")).to_have_text("1")
    expect(partner.locator("#live")).to_have_text(f"New request #{rid.group(1)} by UA-SBU")
    shoot(partner, "request-3-partner-told")
    partner.reload()
    due = partner.locator("section", has=partner.get_by_role("heading", name="Requests to answer"))
    due.get_by_role("link", name=f"#{rid.group(1)}").click()
    expect(partner.locator(".prose").first).to_have_text(
        "Has Бортников Александр crossed at Khorgos this week?"
    )
    partner.get_by_role("link", name="sighting.txt").wait_for()
    partner.get_by_label("Answer", exact=True).fill("Yes: on 22 November, by car, alone.")
    shoot(partner, "request-4-partner-answers")
    partner.get_by_role("button", name="Send the answer").click()
    expect(partner.locator("#tracks-h + .table-wrap")).to_contain_text("answered")
    partner.context.close()

    page.reload()
    expect(page.locator("#answers")).to_contain_text("Yes: on 22 November, by car, alone.")
    shoot(page, "request-5-answered")
    page.get_by_role("link", name="Statistics").click()
    assert _figure(page, "total-sent") == sent + 1
    assert _figure(page, "total-answered") == answered + 1
    shoot(page, "request-6-statistics")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served.url + "/requests?box=outbox")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the outbox is {wide} px wide at 390"
    shoot(page, "request-7-phone-outbox")

"""The pure rules of requests: deadlines by priority, the reminder's moment, attachment types
recognised by content, and what a request body may say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from interlink.domain.codes import Priority
from interlink.domain.requests import (
    RequestSpec,
    TrackStatus,
    check_attachment,
    deadline,
    reminder_due,
    sniff,
)

SENT = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("priority", "hours"), [(Priority.URGENT, 8), (Priority.HIGH, 72), (Priority.NORMAL, 168)]
)
def test_the_priority_sets_the_default_deadline(priority: Priority, hours: int) -> None:
    assert deadline(SENT, priority, {}) == SENT + timedelta(hours=hours)


def test_an_agreement_sets_its_own_hours_for_the_priorities_it_names() -> None:
    hours = {Priority.URGENT: 2}
    assert deadline(SENT, Priority.URGENT, hours) == SENT + timedelta(hours=2)
    assert deadline(SENT, Priority.HIGH, hours) == SENT + timedelta(days=3)


def test_the_reminder_comes_at_three_quarters_of_the_time_to_answer() -> None:
    assert reminder_due(SENT, SENT + timedelta(hours=8)) == SENT + timedelta(hours=6)


def test_only_sent_and_acknowledged_tracks_are_open() -> None:
    assert {s for s in TrackStatus if s.open} == {TrackStatus.SENT, TrackStatus.ACKNOWLEDGED}


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("Бортников;1951\n".encode(), "text/plain"),
        (b"MZ\x90\x00\x03", None),  # an executable
        (b"\xff\xfe\x00a", None),  # UTF-16: not UTF-8 text
    ],
)
def test_attachments_are_recognised_by_content(data: bytes, found: str | None) -> None:
    assert sniff(data) == found


def test_a_declared_type_the_content_does_not_bear_out_is_refused_by_name() -> None:
    check_attachment("list.csv", "text/csv", b"a;b\n")
    check_attachment("scan.png", "image/png", b"\x89PNG\r\n\x1a\n")
    with pytest.raises(
        ValueError, match=r"scan.png: the content is not PNG image \(it reads as PDF\)"
    ):
        check_attachment("scan.png", "image/png", b"%PDF-1.4")
    with pytest.raises(ValueError, match="empty"):
        check_attachment("a.txt", "text/plain", b"")
    with pytest.raises(ValueError, match="not allowed"):
        check_attachment("page.html", "text/html", b"<script>")


def test_a_request_names_each_recipient_and_subject_once_and_asks_something() -> None:
    base = {"to": ["UA-SBU"], "topic": "terrorism", "question": "Who is he?"}
    assert RequestSpec.model_validate(base).priority is Priority.NORMAL
    for bad in (
        {"to": ["UA-SBU", "UA-SBU"]},
        {"to": []},
        {"subjects": ["ua:1", "ua:1"]},
        {"question": "   ?   "},
        {"topic": "politics"},
        {"priority": "whenever"},
    ):
        with pytest.raises(ValidationError):
            RequestSpec.model_validate({**base, **bad})

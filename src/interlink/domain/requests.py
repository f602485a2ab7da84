"""Requests for information between agencies: priorities, deadlines, the status of each
recipient's track, and the attachments they carry.

A request goes from one agency to one or more; each recipient has a **track** of its own, with
a deadline set by the request's priority (urgent 8 hours, high 3 days, normal 7 days, unless
an agreement between the two sets its own) and a status that runs ``sent``, ``acknowledged``,
``answered``, ``closed``, or ``refused`` with a reason. Everything here is pure: the rules the
services apply, without I/O.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interlink.domain.agencies import Code
from interlink.domain.codes import HandlingCode, Priority, Topic

# The time to answer when no agreement between the two agencies sets its own.
DEFAULT_RESPONSE_HOURS: Mapping[Priority, int] = {
    Priority.URGENT: 8,
    Priority.HIGH: 3 * 24,
    Priority.NORMAL: 7 * 24,
}
# The reminder comes when this share of the time to answer has passed.
REMIND_AT = 0.75


class TrackStatus(StrEnum):
    """Where one recipient's answer to a request stands."""

    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"
    REFUSED = "refused"

    @property
    def open(self) -> bool:
        """Still waiting for the recipient: the deadline runs."""
        return self in (TrackStatus.SENT, TrackStatus.ACKNOWLEDGED)


# Who may move a track from which statuses: the recipient acknowledges, answers (an answer
# counts once released) or refuses an open track; the sender closes any track not ended.
RECIPIENT_MOVES: Mapping[TrackStatus, frozenset[TrackStatus]] = {
    TrackStatus.ACKNOWLEDGED: frozenset({TrackStatus.SENT}),
    TrackStatus.ANSWERED: frozenset({TrackStatus.SENT, TrackStatus.ACKNOWLEDGED}),
    TrackStatus.REFUSED: frozenset({TrackStatus.SENT, TrackStatus.ACKNOWLEDGED}),
}
SENDER_MOVES: Mapping[TrackStatus, frozenset[TrackStatus]] = {
    TrackStatus.CLOSED: frozenset(
        {TrackStatus.SENT, TrackStatus.ACKNOWLEDGED, TrackStatus.ANSWERED}
    ),
}
# Answers written again after the first stay ``answered``; a held answer does not count yet.
ANSWERABLE = frozenset({TrackStatus.SENT, TrackStatus.ACKNOWLEDGED, TrackStatus.ANSWERED})
# Handling codes whose answers wait for a second officer's release, where the answering
# agency asks for it (its ``four_eyes`` setting, on by default).
RELEASE_CODES = frozenset({HandlingCode.H2, HandlingCode.H3})


def deadline(sent_at: datetime, priority: Priority, hours: Mapping[Priority, int]) -> datetime:
    """When an answer is due: ``hours`` for the priority (the agreement's), else the default."""
    return sent_at + timedelta(hours=hours.get(priority, DEFAULT_RESPONSE_HOURS[priority]))


def reminder_due(sent_at: datetime, due: datetime) -> datetime:
    """When the recipient is reminded: once ``REMIND_AT`` of the time to answer has passed."""
    return sent_at + (due - sent_at) * REMIND_AT


# Attachments: what may be attached, recognised by content, not by the name or declared type.
ATTACHMENT_TYPES: Mapping[str, str] = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "text/plain": "plain text (UTF-8)",
    "text/csv": "CSV (UTF-8)",
}
MAX_ATTACHMENTS = 10


def sniff(data: bytes) -> str | None:
    """The attachment type ``data`` is by its content (text types both as text), or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def check_attachment(filename: str, content_type: str, data: bytes) -> None:
    """``ValueError`` saying what is wrong when ``data`` is not of an allowed type or is not what
    ``content_type`` says."""
    if content_type not in ATTACHMENT_TYPES:
        allowed = ", ".join(ATTACHMENT_TYPES)
        raise ValueError(f"{filename}: type {content_type!r} is not allowed (allowed: {allowed})")
    if not data:
        raise ValueError(f"{filename}: the file is empty")
    found = sniff(data)
    text = content_type.startswith("text/")
    if found is None or (found != content_type and not (text and found == "text/plain")):
        raise ValueError(
            f"{filename}: the content is not {ATTACHMENT_TYPES[content_type]}"
            + (f" (it reads as {ATTACHMENT_TYPES[found]})" if found else "")
        )


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttachmentIn(_In):
    """A file sent with a request or an answer, its content in base64."""

    filename: Annotated[str, Field(min_length=1, max_length=200)]
    content_type: Annotated[str, Field(min_length=1, max_length=100)]
    content: Annotated[str, Field(min_length=1, description="The file, base64-encoded")]

    def data(self) -> bytes:
        try:
            return base64.b64decode(self.content, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{self.filename}: content is not valid base64") from None


class RequestSpec(_In):
    """A request as sent."""

    to: tuple[Code, ...] = Field(min_length=1, max_length=20)
    topic: Topic
    priority: Priority = Priority.NORMAL
    question: Annotated[str, Field(min_length=3, max_length=20_000)]
    # Subjects concerned: a uid the sender sees in full, or the reference of a blind hit.
    subjects: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        default=(), max_length=50
    )
    attachments: tuple[AttachmentIn, ...] = Field(default=(), max_length=MAX_ATTACHMENTS)

    @field_validator("question")
    @classmethod
    def _stripped(cls, value: str) -> str:
        if len(value.strip()) < 3:
            raise ValueError("ask something (3 characters or more)")
        return value.strip()

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if len(set(self.to)) != len(self.to):
            raise ValueError("to: an agency is named twice")
        if len(set(self.subjects)) != len(self.subjects):
            raise ValueError("subjects: a subject is named twice")
        return self


class AnswerSpec(_In):
    """An answer from one recipient, under a handling code of its own."""

    text: Annotated[str, Field(min_length=1, max_length=50_000)]
    handling_code: HandlingCode = HandlingCode.H0
    attachments: tuple[AttachmentIn, ...] = Field(default=(), max_length=MAX_ATTACHMENTS)

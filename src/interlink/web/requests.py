"""Requests for information on the desk: inbox and outbox with deadlines, a request's
page, sending one, and answering, refusing, releasing and closing.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

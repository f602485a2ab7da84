"""Agency administration on the desk: users, tokens, agreements and the agency's settings."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

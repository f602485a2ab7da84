"""Creating and editing subjects on the desk, with validation messages next to the field."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

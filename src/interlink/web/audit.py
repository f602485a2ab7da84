"""The audit trail on the desk, for auditors: who accessed the agency's records, and the
status of the audit chain's verification.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

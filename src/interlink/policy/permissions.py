"""What each role may do. Roles grant permissions; visibility (``visibility.py``) then limits
which subjects a permitted read returns. A user holds the union of the permissions of their roles.

Deliberately missing: the hub admin reads no subject (running the platform is not a reason to
see any service's records), and the auditor reads the audit trail, not the records themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from interlink.domain.agencies import Role
from interlink.exc import ForbiddenError


class Permission(StrEnum):
    READ_SUBJECTS = "read_subjects"
    SEARCH_SUBJECTS = "search_subjects"
    HIT_CHECK = "hit_check"
    EXPORT_SUBJECTS = "export_subjects"
    EDIT_SUBJECTS = "edit_subjects"
    RUN_SCREENING = "run_screening"
    TRIAGE_ALERTS = "triage_alerts"
    READ_NOTIFICATIONS = "read_notifications"
    READ_REQUESTS = "read_requests"
    SEND_REQUESTS = "send_requests"
    ANSWER_REQUESTS = "answer_requests"
    # The second officer of four eyes: releases an answer under H2 or H3 written by another.
    RELEASE_ANSWERS = "release_answers"
    CONFIGURE_AGENCY = "configure_agency"
    # Record a check of a subject by hand: a movement report for its owner.
    RECORD_CHECKS = "record_checks"
    # The council's figures, as far as the agency may see them.
    READ_STATISTICS = "read_statistics"
    READ_AUDIT = "read_audit"
    VERIFY_AUDIT = "verify_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_TOKENS = "manage_tokens"
    MANAGE_AGREEMENTS = "manage_agreements"
    MANAGE_AGENCIES = "manage_agencies"


_P = Permission

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.HUB_ADMIN: frozenset({_P.MANAGE_AGENCIES, _P.MANAGE_USERS, _P.VERIFY_AUDIT}),
    Role.AGENCY_ADMIN: frozenset(
        {
            _P.MANAGE_USERS,
            _P.MANAGE_TOKENS,
            _P.MANAGE_AGREEMENTS,
            _P.READ_NOTIFICATIONS,
            _P.CONFIGURE_AGENCY,
            _P.READ_STATISTICS,
        }
    ),
    Role.ANALYST: frozenset(
        {
            _P.READ_SUBJECTS,
            _P.SEARCH_SUBJECTS,
            _P.HIT_CHECK,
            _P.EXPORT_SUBJECTS,
            _P.EDIT_SUBJECTS,
            _P.READ_NOTIFICATIONS,
            _P.READ_REQUESTS,
            _P.SEND_REQUESTS,
            _P.ANSWER_REQUESTS,
            _P.READ_STATISTICS,
        }
    ),
    Role.SCREENING_OFFICER: frozenset(
        {
            _P.READ_SUBJECTS,
            _P.SEARCH_SUBJECTS,
            _P.HIT_CHECK,
            _P.RUN_SCREENING,
            _P.TRIAGE_ALERTS,
            _P.RECORD_CHECKS,
            _P.READ_REQUESTS,
            _P.SEND_REQUESTS,
        }
    ),
    # The service's point of contact for partners: asks, answers and releases answers.
    Role.LIAISON_OFFICER: frozenset(
        {
            _P.READ_SUBJECTS,
            _P.SEARCH_SUBJECTS,
            _P.HIT_CHECK,
            _P.READ_NOTIFICATIONS,
            _P.READ_REQUESTS,
            _P.SEND_REQUESTS,
            _P.ANSWER_REQUESTS,
            _P.RELEASE_ANSWERS,
            _P.READ_STATISTICS,
        }
    ),
    Role.AUDITOR: frozenset({_P.READ_AUDIT, _P.VERIFY_AUDIT}),
}


# The notification kinds each permission brings to a user's inbox (and stream). The reminder
# goes to those who handle requests; the escalation (``overdue``) to them and, a step up, to the
# agency admins who manage the agreements whose deadline was missed, on both sides. A notice
# names the request by its id only, so an admin learns that one is late, not what it asks.
REQUEST_NEWS = frozenset(
    {"request", "acknowledged", "answered", "refused", "closed", "reminder", "overdue"}
)
ESCALATIONS = frozenset({"overdue"})
NOTICES: dict[Permission, frozenset[str]] = {
    _P.READ_NOTIFICATIONS: frozenset({"hit", "movement"}),
    _P.READ_REQUESTS: REQUEST_NEWS,
    _P.RELEASE_ANSWERS: frozenset({"release"}),
    _P.MANAGE_AGREEMENTS: ESCALATIONS,
}
NOTICE_KINDS = frozenset().union(*NOTICES.values())


def notice_kinds(roles: Iterable[Role]) -> frozenset[str]:
    """The notification kinds a user holding ``roles`` is told of; ``ForbiddenError`` when
    none."""
    roles = tuple(roles)
    held = permissions(roles)
    kinds = frozenset().union(*(k for p, k in NOTICES.items() if p in held))
    if not kinds:
        require(roles, Permission.READ_NOTIFICATIONS)
    return kinds


def permissions(roles: Iterable[Role]) -> frozenset[Permission]:
    """The union of the permissions of ``roles``."""
    return frozenset().union(*(ROLE_PERMISSIONS[r] for r in roles))


def permits(roles: Iterable[Role], permission: Permission) -> bool:
    return permission in permissions(roles)


def require(roles: Iterable[Role], permission: Permission) -> None:
    """Raise ``ForbiddenError`` unless one of ``roles`` grants ``permission``."""
    roles = tuple(roles)
    if not permits(roles, permission):
        held = ", ".join(sorted(r.value for r in roles)) or "no role"
        raise ForbiddenError(f"{permission.value} is not allowed for {held}")


def may_manage_user(
    roles: Iterable[Role], actor_agency: str, target_agency: str, target_roles: Iterable[Role]
) -> bool:
    """Whether a user may create or change a user of ``target_agency`` holding ``target_roles``.

    Agency admins manage their own agency's users, and may not hand out the hub admin role; the
    hub admin manages any agency's users (an agency's first admin comes from the hub)."""
    roles = frozenset(roles)
    if Role.HUB_ADMIN in roles:
        return True
    if Role.AGENCY_ADMIN not in roles or actor_agency != target_agency:
        return False
    return Role.HUB_ADMIN not in frozenset(target_roles)

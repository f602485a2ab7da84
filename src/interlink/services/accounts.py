"""Accounts: creating users, logging in (throttled), and API tokens.

Every login, failed login, user creation and token change is an audit event. Errors say what
went wrong without telling an outsider which user names exist: a wrong password and an unknown
user give the same ``AuthError``; a bad token is "invalid", and only a token that was real
says it expired or was revoked (its holder needs to know which).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from interlink.audit import AuditAction, NewEvent
from interlink.auth import (
    ThrottleRule,
    hash_password,
    looks_like_token,
    needs_rehash,
    new_token,
    retry_after,
    token_digest,
    verify_password,
)
from interlink.domain.agencies import Role, UserSpec
from interlink.domain.codes import Classification
from interlink.exc import AuthError, ForbiddenError, NotFoundError, ThrottledError, ValidationError
from interlink.policy import Permission, Viewer, may_manage_user, require
from interlink.settings import DEMO_PASSWORD, Settings
from interlink.store.database import Database
from interlink.store.repositories.accounts import TokenRecord
from interlink.store.repositories.agencies import User
from interlink.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: an authenticated user of an agency."""

    user_id: int
    username: str
    agency: str
    roles: tuple[Role, ...]
    clearance: Classification

    @classmethod
    def from_user(cls, user: User) -> Principal:
        return cls(
            user.id, user.username, user.agency_code, user.roles, Classification(user.clearance)
        )

    def viewer(self) -> Viewer:
        return Viewer(self.agency, self.clearance, self.username)


def audit_event(
    who: Principal | None,
    action: AuditAction,
    *,
    object_type: str | None = None,
    ref: str | None = None,
    owner: str | None = None,
    purpose: str | None = None,
    at: datetime | None = None,
    detail: dict[str, object] | None = None,
) -> NewEvent:
    """The audit event of ``who`` doing ``action`` (``who`` None: nobody authenticated, as in a
    failed login) on the object ``ref`` of ``object_type`` owned by ``owner``; ``detail``
    without its None values. Every service builds its events here."""
    kept = {k: v for k, v in (detail or {}).items() if v is not None}
    return NewEvent(
        action=action,
        username=who.username if who else None,
        agency=who.agency if who else None,
        object_type=object_type,
        object_ref=ref,
        object_owner=owner,
        purpose=purpose,
        detail=kept or None,
        at=at,
    )


def _event(
    actor: Principal | None, action: AuditAction, ref: str, owner: str | None, **detail: object
) -> NewEvent:
    kind = "token" if action in _TOKEN_ACTIONS else "user"
    return audit_event(actor, action, object_type=kind, ref=ref, owner=owner, detail=detail)


_TOKEN_ACTIONS = {AuditAction.TOKEN_CREATE, AuditAction.TOKEN_REVOKE}
_TOUCH_EVERY = timedelta(minutes=1)


def create_user(uow: UnitOfWork, actor: Principal, spec: UserSpec, password: str | None) -> User:
    """Create a user of ``spec.agency``: agency admins for their own agency, the hub admin for
    any. ``password`` may be None for a user who will only use tokens."""
    require(actor.roles, Permission.MANAGE_USERS)
    if not may_manage_user(actor.roles, actor.agency, spec.agency, spec.roles):
        raise ForbiddenError(
            f"{actor.username} may not create users of {spec.agency} with roles "
            f"{', '.join(r.value for r in spec.roles)}"
        )
    digest = hash_password(password) if password is not None else None
    user = uow.users.add(spec, uow.agencies.get(spec.agency), digest)
    roles = [r.value for r in spec.roles]
    uow.audit.append(
        _event(actor, AuditAction.USER_CREATE, spec.username, spec.agency, roles=roles)
    )
    return user


def authenticate(
    db: Database, settings: Settings, username: str, password: str, source: str, now: datetime
) -> Principal:
    """The user whose name and password these are, or ``AuthError``; ``ThrottledError`` while
    the name or the source is locked (see ``auth.throttle``). Runs in its own unit of work, which
    commits before either error is raised, so that failed attempts count."""
    with db.uow() as uow:
        outcome = _attempt(uow, settings, username, password, source, now)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _attempt(
    uow: UnitOfWork, settings: Settings, username: str, password: str, source: str, now: datetime
) -> Principal | AuthError | ThrottledError:
    window = timedelta(seconds=settings.login_window_seconds)
    since = now - window
    for failures, limit, what in (
        (uow.logins.failures_since(since, username=username), settings.login_max_failures, "user"),
        (
            uow.logins.failures_since(since, source=source),
            settings.login_max_failures * 4,
            "source",
        ),
    ):
        wait = retry_after(failures, now, ThrottleRule(limit, window))
        if wait is not None:
            uow.audit.append(
                _event(
                    None,
                    AuditAction.LOGIN_FAILED,
                    username,
                    None,
                    source=source,
                    reason=f"throttled ({what})",
                )
            )
            return ThrottledError(f"too many failed logins; try again in {wait} s", wait)
    found = uow.users.credentials(username)
    stored = found[1] if found else None
    demo_password = password == DEMO_PASSWORD and not settings.demo
    if found is None or not verify_password(stored, password) or demo_password:
        uow.logins.record(username, source, now, succeeded=False)
        owner = found[0].agency_code if found else None
        uow.audit.append(_event(None, AuditAction.LOGIN_FAILED, username, owner, source=source))
        return AuthError("wrong user name or password")
    user = found[0]
    if stored is not None and needs_rehash(stored):
        uow.users.set_password(user.id, hash_password(password))
    uow.logins.record(username, source, now, succeeded=True)
    principal = Principal.from_user(user)
    uow.audit.append(
        _event(principal, AuditAction.LOGIN, username, user.agency_code, source=source)
    )
    return principal


def issue_token(
    uow: UnitOfWork,
    settings: Settings,
    actor: Principal,
    username: str,
    name: str,
    now: datetime,
    days: int | None = None,
) -> tuple[str, TokenRecord]:
    """A new API token for ``username`` (the actor's own, or, for an agency admin, one of the
    agency's users), valid ``days`` (at most ``settings.token_lifetime_days``). Returns the
    token, shown this once, and its stored record."""
    found = uow.users.credentials(username)
    if found is None:
        raise NotFoundError(f"no active user {username}")
    holder = found[0]
    if holder.username != actor.username:
        require(actor.roles, Permission.MANAGE_TOKENS)
        if holder.agency_code != actor.agency:
            raise NotFoundError(f"no active user {username}")  # another agency's: not ours to see
    lifetime = settings.token_lifetime_days if days is None else days
    if not 1 <= lifetime <= settings.token_lifetime_days:
        raise ValidationError(
            f"a token lives 1 to {settings.token_lifetime_days} days, not {lifetime}"
        )
    if not name.strip() or len(name) > 100:
        raise ValidationError("a token needs a name of 1 to 100 characters")
    token = new_token()
    record = uow.tokens.add(holder.id, name, token_digest(token), now, now + timedelta(lifetime))
    uow.audit.append(
        _event(
            actor,
            AuditAction.TOKEN_CREATE,
            str(record.id),
            holder.agency_code,
            holder=holder.username,
            name=name,
            expires=record.expires_at.isoformat(),
        )
    )
    return token, record


def revoke_token(uow: UnitOfWork, actor: Principal, token_id: int, now: datetime) -> TokenRecord:
    """Revoke a token: its holder's own, or any of the agency's for an agency admin."""
    record = uow.tokens.get(token_id)
    if record is None or record.agency_code != actor.agency:
        raise NotFoundError(f"no token {token_id}")
    if record.username != actor.username:
        require(actor.roles, Permission.MANAGE_TOKENS)
    uow.tokens.revoke(token_id, actor.username, now)
    uow.audit.append(
        _event(
            actor,
            AuditAction.TOKEN_REVOKE,
            str(token_id),
            record.agency_code,
            holder=record.username,
        )
    )
    revoked = uow.tokens.get(token_id)
    assert revoked is not None
    return revoked


class Resolved(NamedTuple):
    who: Principal
    stale: int | None  # the token's id when its last use is over a minute old
    expires_at: datetime


def resolve_token(uow: UnitOfWork, token: str, now: datetime) -> Resolved:
    """The user a bearer token stands for, or ``AuthError`` saying whether it is invalid,
    expired or revoked; with the token's id when its last use is over a minute old (for the
    caller to note in a write of its own, see ``Hub.principal``), and its expiry. Writes
    nothing."""
    record = uow.tokens.by_digest(token_digest(token)) if looks_like_token(token) else None
    if record is None:
        raise AuthError("invalid token")
    state = record.state(now)
    if state != "active":
        raise AuthError(f"token {state}")
    stale = record.last_used_at is None or now - record.last_used_at > _TOUCH_EVERY
    who = Principal.from_user(uow.users.get_by_id(record.user_id))
    return Resolved(who, record.id if stale else None, record.expires_at)

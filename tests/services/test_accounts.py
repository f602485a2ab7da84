"""Accounts on both databases: users, throttled logins, tokens; every step an audit event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interlink.audit import verify
from interlink.domain.agencies import AgencyKind, AgencySpec, Role, UserSpec
from interlink.domain.codes import Classification
from interlink.exc import AuthError, ForbiddenError, NotFoundError, ThrottledError, ValidationError
from interlink.services.accounts import (
    Principal,
    authenticate,
    create_user,
    issue_token,
    resolve_token,
    revoke_token,
)
from interlink.settings import Settings
from interlink.store import Database

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SETTINGS = Settings(login_max_failures=3, login_window_seconds=600, token_lifetime_days=30)
PASSWORD = "a long enough passphrase"
HUB = Principal(0, "hub.admin", "HUB", (Role.HUB_ADMIN,), Classification.RESTRICTED)


def _setup(db: Database) -> Principal:
    """Two agencies; KZ's admin made by the hub admin; returns that admin."""
    with db.uow() as uow:
        for code, country in (("KZ-KNB", "KZ"), ("UZ-SGB", "UZ"), ("HUB", None)):
            uow.agencies.add(
                AgencySpec(code=code, name=code, kind=AgencyKind.SECURITY, country=country)
            )
        spec = UserSpec(
            username="kz.admin", agency="KZ-KNB", display_name="Admin", roles=(Role.AGENCY_ADMIN,)
        )
        admin = create_user(uow, HUB, spec, PASSWORD)
    return Principal.from_user(admin)


def _user(name: str, agency: str = "KZ-KNB", *roles: Role) -> UserSpec:
    return UserSpec(username=name, agency=agency, display_name=name, roles=roles or (Role.ANALYST,))


def test_login_with_the_right_password_and_not_with_a_wrong_one(db: Database) -> None:
    admin = _setup(db)
    with db.uow() as uow:
        create_user(uow, admin, _user("kz.analyst"), PASSWORD)
    who = authenticate(db, SETTINGS, "kz.analyst", PASSWORD, "10.0.0.1", NOW)
    assert (who.username, who.agency, who.roles) == ("kz.analyst", "KZ-KNB", (Role.ANALYST,))
    with pytest.raises(AuthError, match="wrong user name or password"):
        authenticate(db, SETTINGS, "kz.analyst", PASSWORD + "x", "10.0.0.1", NOW)
    with pytest.raises(AuthError, match="wrong user name or password"):
        authenticate(db, SETTINGS, "nobody", PASSWORD, "10.0.0.1", NOW)
    with db.uow() as uow:
        events = list(uow.audit.events())
    assert verify(events).ok
    assert [e.action for e in events] == [
        "user_create",
        "user_create",
        "login",
        "login_failed",
        "login_failed",
    ]
    assert events[2].username == "kz.analyst" and events[2].object_owner == "KZ-KNB"


def test_failed_logins_lock_the_name_even_for_the_right_password(db: Database) -> None:
    admin = _setup(db)
    with db.uow() as uow:
        create_user(uow, admin, _user("kz.analyst"), PASSWORD)
    for minute in range(3):
        with pytest.raises(AuthError):
            authenticate(
                db,
                SETTINGS,
                "kz.analyst",
                "wrong guess!!",
                "10.0.0.9",
                NOW + timedelta(minutes=minute),
            )
    with pytest.raises(ThrottledError) as locked:
        authenticate(db, SETTINGS, "kz.analyst", PASSWORD, "10.0.0.1", NOW + timedelta(minutes=3))
    assert locked.value.retry_after == 7 * 60  # the first failure leaves the 10-minute window
    who = authenticate(
        db, SETTINGS, "kz.analyst", PASSWORD, "10.0.0.1", NOW + timedelta(minutes=11)
    )
    assert who.username == "kz.analyst"


def test_one_source_trying_many_names_is_locked(db: Database) -> None:
    _setup(db)
    for n in range(12):  # 4 x max_failures, spread over names so no name is locked
        with pytest.raises(AuthError):
            authenticate(db, SETTINGS, f"guess{n}", "wrong guess!!", "203.0.113.7", NOW)
    with pytest.raises(ThrottledError):
        authenticate(db, SETTINGS, "kz.admin", PASSWORD, "203.0.113.7", NOW)
    assert authenticate(db, SETTINGS, "kz.admin", PASSWORD, "10.0.0.1", NOW).username == "kz.admin"


def test_agency_admins_make_users_of_their_own_agency_only(db: Database) -> None:
    admin = _setup(db)
    with db.uow() as uow, pytest.raises(ForbiddenError, match="may not create users of UZ-SGB"):
        create_user(uow, admin, _user("uz.analyst", "UZ-SGB"), PASSWORD)
    with db.uow() as uow, pytest.raises(ForbiddenError):
        create_user(uow, admin, _user("kz.boss", "KZ-KNB", Role.HUB_ADMIN), PASSWORD)
    with db.uow() as uow:
        analyst = Principal.from_user(create_user(uow, admin, _user("kz.analyst"), PASSWORD))
    with db.uow() as uow, pytest.raises(ForbiddenError, match="manage_users is not allowed"):
        create_user(uow, analyst, _user("kz.other"), PASSWORD)
    with db.uow() as uow, pytest.raises(ValidationError, match="at least 12"):
        create_user(uow, admin, _user("kz.short"), "short")


def test_tokens_work_until_they_expire_or_are_revoked(db: Database) -> None:
    admin = _setup(db)
    with db.uow() as uow:
        analyst = Principal.from_user(create_user(uow, admin, _user("kz.analyst"), None))
        token, record = issue_token(uow, SETTINGS, admin, "kz.analyst", "laptop", NOW, days=7)
        short, _ = issue_token(uow, SETTINGS, analyst, "kz.analyst", "script", NOW, days=1)
    assert record.expires_at == NOW + timedelta(days=7)
    with db.uow() as uow:
        assert resolve_token(uow, token, NOW)[0].username == "kz.analyst"
        assert resolve_token(uow, short, NOW + timedelta(hours=23))[0].agency == "KZ-KNB"
        with pytest.raises(AuthError, match="token expired"):
            resolve_token(uow, short, NOW + timedelta(days=1))
        with pytest.raises(AuthError, match="invalid token"):
            resolve_token(uow, token[:-2] + "xx", NOW)
        with pytest.raises(AuthError, match="invalid token"):
            resolve_token(uow, "Basic a2VrOmtlaw==", NOW)
        revoke_token(uow, admin, record.id, NOW)
        with pytest.raises(AuthError, match="token revoked"):
            resolve_token(uow, token, NOW)
        # The stored row holds a digest, never the token.
        stored = uow.connection.exec_driver_sql("SELECT token_sha256 FROM api_tokens").scalars()
        assert token not in list(stored)


def test_token_rules_lifetime_and_other_agencies(db: Database) -> None:
    admin = _setup(db)
    with db.uow() as uow:
        analyst = Principal.from_user(create_user(uow, admin, _user("kz.analyst"), None))
        other_admin = Principal.from_user(
            create_user(uow, HUB, _user("uz.admin", "UZ-SGB", Role.AGENCY_ADMIN), None)
        )
    with db.uow() as uow, pytest.raises(ValidationError, match="1 to 30 days, not 31"):
        issue_token(uow, SETTINGS, admin, "kz.analyst", "long", NOW, days=31)
    with db.uow() as uow, pytest.raises(ForbiddenError):
        issue_token(uow, SETTINGS, analyst, "kz.admin", "theirs", NOW)
    # Another agency's user and token are not found, as if they did not exist.
    with db.uow() as uow, pytest.raises(NotFoundError):
        issue_token(uow, SETTINGS, other_admin, "kz.analyst", "theirs", NOW)
    with db.uow() as uow:
        _token, record = issue_token(uow, SETTINGS, analyst, "kz.analyst", "mine", NOW)
    with db.uow() as uow, pytest.raises(NotFoundError):
        revoke_token(uow, other_admin, record.id, NOW)

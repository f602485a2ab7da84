"""Login, the caller, users and tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from interlink.api.deps import CurrentPrincipal, HubDep, client_address
from interlink.api.schemas import (
    AgencyPublic,
    AgencyUpdate,
    LoginIn,
    TokenCreate,
    TokenIssued,
    TokenPublic,
    UserCreate,
    UserPublic,
)
from interlink.store.repositories.accounts import TokenRecord
from interlink.store.repositories.agencies import Agency, User

router = APIRouter()


def _token(record: TokenRecord, hub: HubDep) -> TokenPublic:
    return TokenPublic(
        id=record.id,
        username=record.username,
        name=record.name,
        created_at=record.created_at,
        expires_at=record.expires_at,
        revoked_at=record.revoked_at,
        last_used_at=record.last_used_at,
        state=record.state(hub.clock()),
    )


def _user(user: User) -> UserPublic:
    return UserPublic(
        username=user.username,
        agency=user.agency_code,
        display_name=user.display_name,
        roles=list(user.roles),
        clearance=user.clearance,
    )


@router.post("/auth/login", tags=["accounts"], response_model=TokenIssued)
def login(
    body: LoginIn, hub: HubDep, source: Annotated[str, Depends(client_address)]
) -> TokenIssued:
    """Exchange a user name and password for a session token (one day). Throttled: after
    repeated failures the name, or the address, must wait (429 with Retry-After)."""
    token, record = hub.login(body.username, body.password, source)
    return TokenIssued(token=token, details=_token(record, hub))


@router.get("/me", tags=["accounts"], response_model=UserPublic)
def me(who: CurrentPrincipal) -> UserPublic:
    return UserPublic(
        username=who.username,
        agency=who.agency,
        display_name=who.username,
        roles=list(who.roles),
        clearance=who.clearance.value,
    )


def _agency(a: Agency) -> AgencyPublic:
    return AgencyPublic(
        code=a.code, name=a.name, kind=a.kind.value, country=a.country, four_eyes=a.four_eyes
    )


@router.get("/agencies", tags=["agencies"], response_model=list[AgencyPublic])
def agencies(who: CurrentPrincipal, hub: HubDep) -> list[AgencyPublic]:
    return [_agency(a) for a in hub.agencies(who)]


@router.patch("/agencies/{code}", tags=["agencies"], response_model=AgencyPublic)
def update_agency(
    code: Annotated[str, Path(max_length=32)],
    body: AgencyUpdate,
    who: CurrentPrincipal,
    hub: HubDep,
) -> AgencyPublic:
    """Your agency's settings (agency admins): whether answers under H2 or H3 wait for a second
    officer's release (four eyes)."""
    return _agency(hub.configure_agency(who, code, body.four_eyes))


@router.get("/users", tags=["accounts"], response_model=list[UserPublic])
def users(who: CurrentPrincipal, hub: HubDep) -> list[UserPublic]:
    """Your agency's users (agency admins)."""
    return [_user(u) for u in hub.users(who)]


@router.post(
    "/users", tags=["accounts"], response_model=UserPublic, status_code=status.HTTP_201_CREATED
)
def create_user(body: UserCreate, who: CurrentPrincipal, hub: HubDep) -> UserPublic:
    """Create a user of your agency (agency admins), or of any agency (the hub admin)."""
    return _user(hub.create_user(who, body.to_spec(who.agency), body.password))


@router.get("/tokens", tags=["accounts"], response_model=list[TokenPublic])
def tokens(who: CurrentPrincipal, hub: HubDep) -> list[TokenPublic]:
    """Your tokens; an agency admin sees every token of the agency."""
    return [_token(t, hub) for t in hub.tokens(who)]


@router.post(
    "/tokens", tags=["accounts"], response_model=TokenIssued, status_code=status.HTTP_201_CREATED
)
def issue_token(body: TokenCreate, who: CurrentPrincipal, hub: HubDep) -> TokenIssued:
    token, record = hub.issue_token(who, body.name, body.days, body.username)
    return TokenIssued(token=token, details=_token(record, hub))


@router.delete("/tokens/{token_id}", tags=["accounts"], response_model=TokenPublic)
def revoke_token(token_id: int, who: CurrentPrincipal, hub: HubDep) -> TokenPublic:
    return _token(hub.revoke_token(who, token_id), hub)

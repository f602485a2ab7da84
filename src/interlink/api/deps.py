"""Dependencies of the routes: the hub, and who is calling (a bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from interlink.exc import AuthError
from interlink.services.accounts import Principal
from interlink.services.hub import Hub

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer ilk_…`")


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]


def get_principal(
    hub: HubDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise AuthError("no token: send Authorization: Bearer <token>")
    return hub.principal(credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"

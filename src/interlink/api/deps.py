"""Dependencies of the routes: the hub, and who is calling (a bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from interlink.exc import AuthError
from interlink.services.accounts import Principal
from interlink.services.hub import Hub

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer ilk_…`")


# The dependencies are coroutines: FastAPI runs a plain function dependency on the worker's
# thread pool, a hand-over to a thread and back for each, on every request. Neither blocks the
# event loop: the hub is at hand, and a token resolved less than a second ago is kept in memory;
# only a token to be read from the database goes to a thread.


async def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]


async def get_principal(
    hub: HubDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise AuthError("no token: send Authorization: Bearer <token>")
    kept = hub.kept_principal(credentials.credentials)
    if kept is not None:
        return kept
    return await run_in_threadpool(hub.principal, credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"

"""``interlink serve``: the hub's HTTP API on uvicorn, N worker processes."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
import uvicorn

from interlink.cli.context import console, reported, state
from interlink.settings import Settings


def run_server(settings: Settings) -> None:
    """Serve ``settings``' hub until interrupted. Workers are separate processes that read
    their settings from the environment, so the settings given here are put there first."""
    settings.require_secrets()  # refuse before any worker starts
    os.environ["INTERLINK_DATABASE_URL"] = settings.database_url
    os.environ["INTERLINK_DEMO"] = "true" if settings.demo else "false"
    workers = f"{settings.workers} worker{'s' if settings.workers > 1 else ''}"
    console.print(
        f"Interlink hub on http://{settings.host}:{settings.port} ({workers}): the desk at /, "
        "log in with an account; API docs at /docs"
    )
    uvicorn.run(**uvicorn_options(settings))


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """What ``run_server`` hands uvicorn. Its event loop and HTTP parser are left to uvicorn's
    choice, which takes the compiled ones (uvloop, httptools: pinned dependencies) when they
    are installed; a test checks that they are."""
    return {
        "app": "interlink.api.asgi:app",
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "log_level": "warning",
        # Each worker builds its index at start (minutes at a million subjects), and uvicorn
        # kills a worker whose health ping goes unanswered this long: the default 5 s killed
        # every worker mid-build, forever.
        "timeout_worker_healthcheck": 900,
    }


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address; overrides INTERLINK_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Port; overrides INTERLINK_PORT.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes; overrides INTERLINK_WORKERS."),
    ] = None,
) -> None:
    """Serve the hub's HTTP API (OpenAPI at /docs). Needs INTERLINK_SECRET_KEY outside demo mode."""
    st = state(ctx)
    changes = {k: v for k, v in (("host", host), ("port", port), ("workers", workers)) if v}
    with reported():
        run_server(st.settings.model_copy(update=changes))

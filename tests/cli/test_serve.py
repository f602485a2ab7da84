"""``interlink serve``'s uvicorn: the compiled HTTP parser and event loop, not the fallbacks."""

from __future__ import annotations

import asyncio

import uvicorn
import uvloop
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from interlink.cli.serve import uvicorn_options
from interlink.settings import Settings


async def _app(scope: object, receive: object, send: object) -> None:
    """An ASGI app that is never called."""


def test_the_hub_is_served_with_httptools_and_uvloop() -> None:
    # uvicorn falls back to h11 and asyncio's loop without a word when these are missing:
    # the hub then spends a third more CPU on each hit check (docs/benchmarks.md).
    options = uvicorn_options(Settings(demo=True, workers=2, port=8123))
    assert options["workers"] == 2 and options["port"] == 8123
    assert options["app"] == "interlink.api.asgi:app" and options["factory"]
    # The app itself is left out: loading it would open a hub.
    config = uvicorn.Config(**{**options, "app": _app, "factory": False})
    config.load()
    assert config.http_protocol_class is HttpToolsProtocol
    loop = config.get_loop_factory()()
    try:
        assert isinstance(loop, uvloop.Loop)
        assert isinstance(loop, asyncio.AbstractEventLoop)
    finally:
        loop.close()

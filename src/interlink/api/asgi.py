"""The app as uvicorn's workers load it: ``uvicorn --factory interlink.api.asgi:app``.

Each worker process reads the ``INTERLINK_`` settings from its environment and opens its own
hub (database connections and gallery index) in the app's lifespan.
"""

from __future__ import annotations

from fastapi import FastAPI

from interlink.api.app import create_app
from interlink.settings import Settings


def app() -> FastAPI:
    return create_app(Settings())

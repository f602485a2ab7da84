"""The HTTP API (FastAPI): routes are thin, the hub's services do the work."""

from interlink.api.app import create_app

__all__ = ["create_app"]

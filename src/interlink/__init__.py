"""Interlink: a shared watchlist, screening and cooperation hub for counter-terrorism services."""

__version__ = "0.1.0"

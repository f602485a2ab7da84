"""Repositories: every query the project makes, one module per aggregate."""

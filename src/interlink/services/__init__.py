"""Use cases: importing, exporting, generating worlds; later screening, requests, statistics."""

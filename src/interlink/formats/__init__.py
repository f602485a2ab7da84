"""Readers and writers for the formats Interlink exchanges: watchlists, manifests, exports."""

"""The audit log: append-only, SHA-256 chained, verifiable, with signed checkpoints.

``chain`` is pure (events, canonical bytes, ``verify``); ``checkpoints`` signs and checks
checkpoints with Ed25519 and reads and writes their files. The store appends and streams events
(``interlink.store.repositories.audit``); ``interlink audit`` is the command line.
"""

from interlink.audit.chain import (
    GENESIS_HASH,
    AuditAction,
    AuditEvent,
    Checkpoint,
    NewEvent,
    Problem,
    Verdict,
    canonical_bytes,
    canonical_json,
    event_hash,
    format_time,
    seal,
    verify,
)
from interlink.audit.checkpoints import (
    checkpoint_from_json,
    checkpoint_to_json,
    generate_keys,
    key_id,
    load_private_key,
    load_public_key,
    read_checkpoint,
    sign_checkpoint,
    signed_bytes,
    verify_signature,
    write_checkpoint,
)

__all__ = [
    "GENESIS_HASH",
    "AuditAction",
    "AuditEvent",
    "Checkpoint",
    "NewEvent",
    "Problem",
    "Verdict",
    "canonical_bytes",
    "canonical_json",
    "checkpoint_from_json",
    "checkpoint_to_json",
    "event_hash",
    "format_time",
    "generate_keys",
    "key_id",
    "load_private_key",
    "load_public_key",
    "read_checkpoint",
    "seal",
    "sign_checkpoint",
    "signed_bytes",
    "verify",
    "verify_signature",
    "write_checkpoint",
]

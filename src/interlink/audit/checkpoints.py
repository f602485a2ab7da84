"""Signed checkpoints of the audit chain: Ed25519 keys, signatures and the partners' JSON files.

A checkpoint states that event ``seq`` of the chain had ``hash``, signed with the platform's
key. Partners keep it as a file; ``verify`` later compares it with the chain, so a database
administrator who rewrites history (and recomputes every later hash) is still caught.

The signed bytes (version 1, never changed) are the canonical JSON (see ``chain``) of
``{"at", "hash", "key_id", "seq", "type": "interlink.audit.checkpoint/1"}``; the type keeps a
signature made for anything else from passing as a checkpoint's. ``key_id`` is the SHA-256 hex of
the raw 32-byte public key. Key files are PEM: PKCS#8 (unencrypted, mode 0600) and SPKI.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from interlink.audit.chain import Checkpoint, canonical_json, format_time
from interlink.exc import ConfigError, ValidationError

PRIVATE_KEY_FILE = "audit-signing.key"
PUBLIC_KEY_FILE = "audit-signing.pub"
FORMAT = "interlink.audit.checkpoint/1"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"format", "seq", "hash", "at", "key_id", "signature"}


def generate_keys(directory: Path) -> tuple[Path, Path]:
    """A new key pair in ``directory`` as (private, public) PEM files; never overwrites a key."""
    private, public = directory / PRIVATE_KEY_FILE, directory / PUBLIC_KEY_FILE
    for path in (private, public):
        if path.exists():
            raise ConfigError(f"{path} exists already: refusing to overwrite a signing key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    directory.mkdir(parents=True, exist_ok=True)
    # Created with mode 0600 from the start, so the key is never readable by others, not even
    # for the moment between writing and a chmod.
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read the {what} {path}: {error.strerror}") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in PEM file ``path``; ``ConfigError`` naming the file otherwise."""
    try:
        key = serialization.load_pem_private_key(_read(path, "private key"), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ConfigError(f"{path} is not an unencrypted PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} holds a {type(key).__name__}, not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in PEM file ``path``; ``ConfigError`` naming the file otherwise."""
    try:
        key = serialization.load_pem_public_key(_read(path, "public key"))
    except (ValueError, UnsupportedAlgorithm) as error:
        raise ConfigError(f"{path} is not a PEM public key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path} holds a {type(key).__name__}, not an Ed25519 public key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    """SHA-256 hex of the raw public key bytes: names the key in checkpoints."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def signed_bytes(seq: int, hash: str, at: datetime, key: str) -> bytes:
    """The bytes a checkpoint's signature covers (version 1, see the module docstring)."""
    body = {"at": format_time(at), "hash": hash, "key_id": key, "seq": seq, "type": FORMAT}
    return canonical_json(body).encode("utf-8")


def sign_checkpoint(
    private_key: Ed25519PrivateKey, seq: int, hash: str, at: datetime
) -> Checkpoint:
    """A checkpoint of event ``seq`` with ``hash``, made at ``at`` (aware, kept to the µs)."""
    format_time(at)
    at = at.astimezone(UTC)
    key = key_id(private_key.public_key())
    signature = private_key.sign(signed_bytes(seq, hash, at, key))
    return Checkpoint(seq, hash, at, key, base64.b64encode(signature).decode("ascii"))


def verify_signature(checkpoint: Checkpoint, public_key: Ed25519PublicKey, source: str) -> None:
    """Raise ``ValidationError`` (starting with ``source``) unless ``public_key`` signed it."""
    expected = key_id(public_key)
    if checkpoint.key_id != expected:
        raise ValidationError(
            f"{source}: the checkpoint at seq {checkpoint.seq} was signed by key "
            f"{checkpoint.key_id[:16]}…, not by the given key {expected[:16]}…"
        )
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        public_key.verify(
            signature,
            signed_bytes(checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.key_id),
        )
    except (InvalidSignature, binascii.Error):
        raise ValidationError(
            f"{source}: the signature of the checkpoint at seq {checkpoint.seq} does not verify: "
            "the checkpoint was forged or altered"
        ) from None


def checkpoint_to_json(checkpoint: Checkpoint) -> str:
    """The JSON file handed to partners (indented, one trailing newline)."""
    body = {
        "format": FORMAT,
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "at": format_time(checkpoint.at),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }
    return json.dumps(body, indent=2) + "\n"


def checkpoint_from_json(text: str, source: str) -> Checkpoint:
    """Parse a partner's checkpoint file strictly; ``ValidationError`` naming ``source`` and the
    field at fault. The signature is not checked here: see ``verify_signature``."""
    try:
        body: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(f"{source}: not JSON ({error})") from None
    if not isinstance(body, dict) or set(body) != _FIELDS:
        raise ValidationError(
            f"{source}: a checkpoint is an object of {', '.join(sorted(_FIELDS))}"
        )
    if body["format"] != FORMAT:
        raise ValidationError(f"{source}: format {body['format']!r} is not {FORMAT}")
    seq = body["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValidationError(f"{source}: seq must be a positive whole number")
    for name in ("hash", "key_id"):
        if not isinstance(body[name], str) or not _HEX64.fullmatch(body[name]):
            raise ValidationError(f"{source}: {name} must be 64 lower-case hex digits")
    at = body["at"]
    try:
        parsed = datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise ValidationError(f"{source}: at must read YYYY-MM-DDTHH:MM:SS.ffffffZ") from None
    if not isinstance(body["signature"], str):
        raise ValidationError(f"{source}: signature must be base64 text")
    return Checkpoint(seq, body["hash"], parsed, body["key_id"], body["signature"])


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    path.write_text(checkpoint_to_json(checkpoint), encoding="utf-8")


def read_checkpoint(path: Path) -> Checkpoint:
    """The checkpoint in file ``path``; errors name the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(f"cannot read the checkpoint file {path}: {error}") from None
    return checkpoint_from_json(text, str(path))

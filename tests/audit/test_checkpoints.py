"""Checkpoints: Ed25519 key files, signatures, and the JSON file partners hold."""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from interlink.audit import (
    Checkpoint,
    checkpoint_from_json,
    checkpoint_to_json,
    generate_keys,
    key_id,
    load_private_key,
    load_public_key,
    read_checkpoint,
    sign_checkpoint,
    verify_signature,
    write_checkpoint,
)
from interlink.exc import ConfigError, ValidationError

HEAD = "3f" * 32
AT = datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return generate_keys(tmp_path / "keys")


def test_keys_are_pem_files_and_the_private_one_is_only_for_its_owner(
    keys: tuple[Path, Path],
) -> None:
    private, public = keys
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert key_id(load_private_key(private).public_key()) == key_id(load_public_key(public))
    assert len(key_id(load_public_key(public))) == 64


def test_keygen_never_overwrites_a_key(keys: tuple[Path, Path]) -> None:
    private, _ = keys
    before = private.read_bytes()
    with pytest.raises(ConfigError, match=r"audit-signing\.key exists already"):
        generate_keys(private.parent)
    assert private.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the private key .*nowhere.pem"),
        (b"not a key", "nowhere.pem is not an unencrypted PEM private key"),
    ],
)
def test_a_bad_private_key_file_is_named(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "nowhere.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=message):
        load_private_key(path)


def test_a_public_key_is_not_taken_for_a_private_one(keys: tuple[Path, Path]) -> None:
    _, public = keys
    with pytest.raises(ConfigError, match=r"audit-signing\.pub is not an unencrypted PEM private"):
        load_private_key(public)
    with pytest.raises(ConfigError, match=r"audit-signing\.key is not a PEM public key"):
        load_public_key(keys[0])


def test_a_signed_checkpoint_verifies_and_round_trips_through_its_file(
    keys: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = keys
    made = sign_checkpoint(
        load_private_key(private), 42, HEAD, AT.astimezone(timezone(timedelta(hours=5)))
    )
    assert (made.seq, made.hash, made.at) == (42, HEAD, AT)
    verify_signature(made, load_public_key(public), "test")
    path = tmp_path / "checkpoint-42.json"
    write_checkpoint(made, path)
    assert json.loads(path.read_text())["format"] == "interlink.audit.checkpoint/1"
    again = read_checkpoint(path)
    assert again == made
    verify_signature(again, load_public_key(public), str(path))


def test_a_checkpoint_signed_by_another_key_is_refused(keys: tuple[Path, Path]) -> None:
    other = sign_checkpoint(Ed25519PrivateKey.generate(), 42, HEAD, AT)
    with pytest.raises(
        ValidationError, match=r"held\.json: the checkpoint at seq 42 was signed by"
    ):
        verify_signature(other, load_public_key(keys[1]), "held.json")


@pytest.mark.parametrize(
    "forge",
    [
        lambda c: replace(c, hash="00" * 32),
        lambda c: replace(c, seq=c.seq + 1),
        lambda c: replace(c, at=c.at + timedelta(microseconds=1)),
        lambda c: replace(c, signature=base64.b64encode(bytes(64)).decode()),
        lambda c: replace(c, signature="not base64!"),
    ],
)
def test_a_forged_or_altered_checkpoint_does_not_verify(
    keys: tuple[Path, Path], forge: Callable[[Checkpoint], Checkpoint]
) -> None:
    made = sign_checkpoint(load_private_key(keys[0]), 42, HEAD, AT)
    forged = forge(made)
    with pytest.raises(ValidationError, match=r"held\.json: the signature .* does not verify"):
        verify_signature(forged, load_public_key(keys[1]), "held.json")


def test_a_signature_over_other_bytes_with_the_same_key_is_refused(keys: tuple[Path, Path]) -> None:
    """Signing the bare head hash (not the typed checkpoint bytes) must not pass as a checkpoint."""
    private = load_private_key(keys[0])
    made = sign_checkpoint(private, 42, HEAD, AT)
    bare = base64.b64encode(private.sign(HEAD.encode())).decode()
    with pytest.raises(ValidationError, match="does not verify"):
        verify_signature(replace(made, signature=bare), load_public_key(keys[1]), "held.json")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("{", "held.json: not JSON"),
        ('{"seq": 1}', "held.json: a checkpoint is an object of at, format, hash"),
        ({"format": "other/2"}, "held.json: format 'other/2' is not"),
        ({"seq": 0}, "held.json: seq must be a positive whole number"),
        ({"seq": True}, "held.json: seq must be a positive whole number"),
        ({"hash": "3F" * 32}, "held.json: hash must be 64 lower-case hex digits"),
        ({"at": "2026-03-01 08:00"}, "held.json: at must read"),
        ({"signature": 7}, "held.json: signature must be base64 text"),
    ],
)
def test_a_malformed_checkpoint_file_names_the_file_and_field(
    keys: tuple[Path, Path], edit: str | dict[str, object], message: str
) -> None:
    made = sign_checkpoint(load_private_key(keys[0]), 42, HEAD, AT)
    text = (
        edit
        if isinstance(edit, str)
        else json.dumps({**json.loads(checkpoint_to_json(made)), **edit})
    )
    with pytest.raises(ValidationError, match=message):
        checkpoint_from_json(text, "held.json")

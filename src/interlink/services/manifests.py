"""Manifests uploaded for screening: their format, and every traveller read whole."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from interlink.exc import FormatError, ValidationError
from interlink.formats.travellers import LocatedTraveller, read_travellers

_EDIFACT_TYPE = re.compile(rb"UNH\+[^+']*\+(PAXLST|PNRGOV)")


@dataclass(frozen=True, slots=True)
class Manifest:
    format: str
    travellers: list[LocatedTraveller]


def manifest_format(content: bytes, filename: str) -> str:
    head = content[:64].decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()
    if head[:3] in ("UNA", "UNB", "UNH"):
        kinds = sorted({m.decode() for m in _EDIFACT_TYPE.findall(content)})
        return "+".join(kinds).lower() or "edifact"
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix in (".jsonl", ".ndjson") or (suffix != ".csv" and head.startswith("{")):
        return "jsonl"
    return "csv"


def read_manifest(content: bytes, filename: str) -> Manifest:
    """Every traveller of an uploaded manifest; ``FormatError`` naming ``filename`` and the
    place at fault, ``ValidationError`` for an empty one."""
    with tempfile.TemporaryDirectory(prefix="interlink-manifest-") as folder:
        path = Path(folder) / filename
        path.write_bytes(content)
        try:
            read = [
                LocatedTraveller(t.traveller, replace(t.location, file=filename))
                for t in read_travellers(path)
            ]
        except FormatError as error:
            raise FormatError(replace(error.location, file=filename), error.problem) from None
    for item in read:
        for field, value in (("ref", item.traveller.ref), ("name", item.traveller.name)):
            if "\x00" in value:
                where = replace(item.location, field=field)
                raise FormatError(where, "the NUL character (\\u0000) is not allowed")
    if not read:
        raise ValidationError(f"{filename}: the manifest holds no traveller")
    return Manifest(manifest_format(content, filename), read)

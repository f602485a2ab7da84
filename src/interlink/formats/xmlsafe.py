"""Streaming, safe XML reading for list files.

Parsing goes through defusedxml (no entity expansion, no external references), a chunk at a
time, and hands out each record element with the line it starts on; a handed-out element is
detached from its parent so memory stays flat on lists of any size. Every failure is a
FormatError that names the file and line: truncated files, bad bytes, entity bombs, wrong roots.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, open_binary

_CHUNK = 1 << 16


def local(tag: str) -> str:
    """A tag without its namespace: '{http://...}nameAlias' -> 'nameAlias'."""
    return tag.rpartition("}")[2]


class _Collector(ET.TreeBuilder):
    def __init__(self, path: Path, root: str, records: frozenset[str]) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self._path = path
        self._root = root
        self._records = records
        self._stack: list[tuple[str, int]] = []
        self._elements: list[ET.Element] = []
        self.ready: deque[tuple[ET.Element, int]] = deque()

    def _line(self) -> int:
        assert self.parser is not None
        return int(self.parser.parser.CurrentLineNumber)

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        name = local(tag)
        if not self._stack and name != self._root:
            raise FormatError(
                Location(str(self._path), self._line(), f"<{name}>"),
                f"is not the expected root element <{self._root}>",
            )
        self._stack.append((name, self._line()))
        element = super().start(tag, attrs)
        self._elements.append(element)
        return element

    def end(self, tag: str) -> ET.Element:
        element = super().end(tag)
        name, line = self._stack.pop()
        self._elements.pop()
        if name in self._records and self._elements:
            self.ready.append((element, line))
            self._elements[-1].remove(element)
        return element


def iter_records(
    path: Path, *, root: str, records: frozenset[str], progress: ProgressFn | None = None
) -> Iterator[tuple[ET.Element, int]]:
    """Yield ``(element, start_line)`` for every element whose local name is in ``records``.

    ``root`` is the local name the document element must have.
    """
    collector = _Collector(path, root, records)
    parser = DefusedXMLParser(target=collector, forbid_dtd=False, forbid_entities=True)
    collector.parser = parser
    with open_binary(path, progress) as handle:
        try:
            while chunk := handle.read(_CHUNK):
                parser.feed(chunk)
                while collector.ready:
                    yield collector.ready.popleft()
            parser.close()
        except ET.ParseError as error:
            line = error.position[0] if error.position else None
            message = str(error).split(": line")[0]
            if "invalid token" in message:
                message += (
                    ": a byte sequence not valid in the declared encoding, or a stray character"
                )
            raise FormatError(
                Location(str(path), line), f"is not well-formed XML ({message})"
            ) from None
        except DefusedXmlException as error:
            raise FormatError(
                Location(str(path), collector._line() if parser.parser else None),
                f"declares XML entities or external references, which are refused ({error})",
            ) from None
    while collector.ready:
        yield collector.ready.popleft()


def text(element: ET.Element, child: str) -> str | None:
    """The folded text of the first direct child with local name ``child``, or None if empty."""
    for sub in element:
        if local(sub.tag) == child:
            value = " ".join((sub.text or "").split())
            return value or None
    return None


def children(element: ET.Element, child: str) -> list[ET.Element]:
    """Every direct child with local name ``child``."""
    return [sub for sub in element if local(sub.tag) == child]

"""Pickling of frozen slotted dataclasses by their slots in one tuple.

``dataclasses`` pickles a frozen slotted dataclass through ``fields()``, called for every
object both ways: at 200,000 subjects the gallery's snapshot holds some 850,000 name parts,
names and labels, and that call was about 40% of pickling it and of loading it again
(docs/benchmarks.md, "The gallery kept as a signed snapshot"). The state is the same list of
values in the same order, so files pickled either way load either way.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, TypeVar

__all__ = ["quick_pickle"]

_C = TypeVar("_C", bound=type)


def quick_pickle(cls: _C) -> _C:
    """``cls`` (a frozen dataclass with slots, of two fields or more) pickled as the tuple of
    its fields' values, read by one ``attrgetter`` and set again through the slots'
    descriptors."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    if len(names) < 2:
        raise TypeError(f"{cls.__name__}: quick_pickle needs two fields or more")
    read = operator.attrgetter(*names)
    setters = tuple(getattr(cls, name).__set__ for name in names)

    def __getstate__(self: Any) -> tuple[object, ...]:
        return read(self)

    def __setstate__(self: Any, state: tuple[object, ...] | list[object]) -> None:
        for put, value in zip(setters, state, strict=True):
            put(self, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 (mypy reads the attribute's type)
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls

"""Frozen slotted dataclasses pickled by their slots in one tuple (``interlink.pickling``): the
same objects back, every field (the derived ones too), and the state ``dataclasses`` writes
still loads (index files and snapshots pickled before)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from interlink.domain.codes import Classification, HandlingCode, Topic
from interlink.names.analysis import AnalysedName, NamePart, UngroupedName, analyse_name
from interlink.pickling import quick_pickle
from interlink.policy.visibility import SubjectLabel


def _slots(obj: object) -> list[object]:
    return [getattr(obj, f.name) for f in dataclasses.fields(obj)]  # type: ignore[arg-type]


def _objects() -> list[object]:
    name = analyse_name("Abu Bakr al-Baghdadi")
    assert isinstance(name.ungrouped, UngroupedName)
    label = SubjectLabel(
        owner="UA-SBU",
        topics=frozenset({Topic.TERRORISM}),
        handling_code=HandlingCode.H2,
        classification=Classification.RESTRICTED,
        published=False,
    )
    return [name, name.ungrouped, name.parts[0], analyse_name("Бортников Александр"), label]


@pytest.mark.parametrize("obj", _objects(), ids=lambda o: type(o).__name__)
def test_a_quickly_pickled_dataclass_comes_back_whole(obj: object) -> None:
    back = pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is type(obj) and back == obj
    assert _slots(back) == _slots(obj)  # latin_set, forms_set and the rest not compared too
    assert isinstance(obj.__getstate__(), tuple)


@pytest.mark.parametrize("obj", _objects(), ids=lambda o: type(o).__name__)
def test_the_state_dataclasses_pickled_before_still_loads(obj: object) -> None:
    cls = type(obj)
    old_state = [getattr(obj, f.name) for f in dataclasses.fields(obj)]  # type: ignore[arg-type]
    back = cls.__new__(cls)
    back.__setstate__(old_state)  # type: ignore[attr-defined]
    assert back == obj and _slots(back) == _slots(obj)


def test_a_state_of_other_fields_is_refused() -> None:
    part = analyse_name("Aleksandr").parts[0]
    back = NamePart.__new__(NamePart)
    with pytest.raises(ValueError):
        back.__setstate__(_slots(part)[:-1])  # type: ignore[attr-defined]


def test_only_dataclasses_of_two_fields_or_more() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class One:
        value: int

    with pytest.raises(TypeError):
        quick_pickle(One)
    assert AnalysedName.__getstate__ is not UngroupedName.__getstate__  # each its own fields

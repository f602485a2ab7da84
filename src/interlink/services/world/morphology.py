"""Slavic-style name morphology: feminine surnames, patronymics, Russian forms.

Used for Russian and Ukrainian names and for the Russian-form names of Central Asia and the
Caucasus (Магомед -> Магомедович, Раҳим -> Раҳимов).
"""

from __future__ import annotations

from interlink.services.world import pools

_RU_PATRONYMICS = {given: (m, f) for given, m, f in pools.RU_MALE}


def feminine_surname(surname: str) -> str:
    """The feminine form of a Russian-style surname: -ов/-ев/-ин +а, -ский -> -ская,
    -ський -> -ська, -ой -> -ая; -енко, -ук, -ых and the like do not change."""
    if surname.endswith(("ський", "цький")):
        return surname[:-2] + "а"
    if surname.endswith(("ский", "цкий", "ой")):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын", "ін")):
        return surname + "а"
    return surname


def patronymic(father: str, female: bool) -> str:
    """A Russian-style patronymic from the father's given name (Магомед -> Магомедович,
    Али -> Алиевна, Игорь -> Игоревич)."""
    if father in _RU_PATRONYMICS:
        return _RU_PATRONYMICS[father][1 if female else 0]
    ending = "евна" if female else "евич"
    if father.endswith("ий"):
        return father[:-2] + "ь" + ending
    if father[-1] in "йь":
        return father[:-1] + ending
    if father[-1] in "аяоиеуэыӣӯю":
        return father + ending
    return father + ("овна" if female else "ович")


def surname_from_stem(stem: str, female: bool) -> str:
    """Russified surname from a stem: Раҳим -> Раҳимов, Одина -> Одинаев, Жұмабай -> Жұмабаев,
    Гурь -> Гурьев, Грач -> Грачев (+а for a woman)."""
    if stem.endswith("й"):
        stem = stem[:-1]
    suffix = "ев" if stem[-1] in "аяоиеуэыӣӯюёәөүұіьжшчщ" else "ов"
    return stem + suffix + ("а" if female else "")


_RUSSIFY = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": ""})


def russify(surname: str) -> str:
    """A rough Russian spelling of a Ukrainian surname (Олійник -> Олийник, -ський -> -ский)."""
    if surname.endswith("ський"):
        surname = surname[:-5] + "ский"
    elif surname.endswith("ська"):
        surname = surname[:-4] + "ская"
    return surname.translate(_RUSSIFY)

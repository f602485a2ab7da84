"""Cyrillic romanization: one name, every spelling a passport office or a list may have used.

Russian names reach the Latin script through several official systems that changed over time
(Russian passports: MVD 310 in 1997-2010, GOST R 52535.1 in 2010-14, ICAO 9303 since), through
library and geographic standards (ISO 9, BGN/PCGN), and through press conventions of the country
that wrote them down (English, German, French, Polish). Ukrainian passports follow the national
2010 standard. STANDARDS.md §3.4-3.7 has the tables; this module implements them.

Russian systems use iuliia's schemes. German, French and Polish press transcriptions, the
Ukrainian national system and the Ukrainian column of the ICAO table are small tables here. The
letters of Ukrainian, Kazakh, Uzbek, Tajik and Kyrgyz that a Russian scheme lacks are first mapped
per system (mostly to the Russian letter a Russian-speaking clerk would write, as names from these
countries often reach the Latin script via Russian); whatever Cyrillic is still left is folded by
anyascii.

Everything is pure and cached per word: a name is romanized word by word, and names repeat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

import iuliia
from anyascii import anyascii

__all__ = [
    "CYRILLIC_SYSTEMS",
    "cyrillic_language",
    "cyrillic_spellings",
    "cyrillic_variants",
    "default_systems",
    "has_cyrillic",
    "romanize_cyrillic",
]

# Every system ``romanize_cyrillic`` knows, in the order variants are listed.
CYRILLIC_SYSTEMS: tuple[str, ...] = (
    "icao",  # ICAO Doc 9303: Russian passports since ~2014, most CIS passports
    "gost_52535",  # GOST R 52535.1-2006: Russian passports 2010-14 (ц->tc, ю->iu, я->ia)
    "mvd_310",  # MVD Order 310 of 1997: Russian passports 1997-2010 (Yuriy, Naval'nyy)
    "mvd_310_fr",  # the French-based variant of MVD 310 (Iourii, Chtchoukine)
    "bgn_pcgn",  # BGN/PCGN 1947: US and UK government lists, gazetteers
    "iso9",  # ISO 9:1995 = GOST 7.79 A: one Latin letter per Cyrillic letter
    "wikipedia",  # English press and Wikipedia (Yeltsin, Pyotr, Navalny)
    "german",  # Duden press transcription (Jelzin, Chruschtschow)
    "french",  # French press transcription (Eltsine, Khrouchtchev)
    "polish",  # Polish press transcription (Jelcyn, Chruszczow)
    "ua_2010",  # Ukrainian national system, Cabinet Resolution 55 of 2010 (Hryhorii, Kyiv)
    "uz_latin",  # official Uzbek Latin alphabet (Xoʻjaev, Gʻayrat, Qodirov)
)

_RUSSIAN_FAMILY = CYRILLIC_SYSTEMS[:10]

_IULIIA: dict[str, iuliia.Schema] = {
    "icao": iuliia.ICAO_DOC_9303,
    "gost_52535": iuliia.GOST_52535,
    "mvd_310": iuliia.MVD_310,
    "mvd_310_fr": iuliia.MVD_310_FR,
    "bgn_pcgn": iuliia.BGN_PCGN,
    "iso9": iuliia.GOST_779,
    "wikipedia": iuliia.WIKIPEDIA,
    "uz_latin": iuliia.UZ,
}

_VOWELS = frozenset("аеёиоуыэюяіїєәөұүӣӯў")
_SIGNS = frozenset("ьъ")
# A word: Cyrillic letters and combining marks, possibly joined by a Ukrainian apostrophe.
_WORD = re.compile(r"[\u0400-\u052f\u0300-\u036f]+(?:['ʼ’][\u0400-\u052f\u0300-\u036f]+)*")
_APOSTROPHES = "'ʼ’"
_CYRILLIC_LETTER = re.compile("[\u0400-\u052f]")

# Letters outside the Russian alphabet, per system: a Cyrillic value goes on through the Russian
# scheme (Kazakh қ is written к by a Russian clerk), a Latin value is final.
_VIA_RUSSIAN = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ӣ": "и", "ӯ": "у", "ҳ": "х", "ҷ": "дж", "ў": "у", "ї": "и", "є": "е", "ґ": "г", "ӏ": "",
}  # fmt: skip
_EXTRA_LETTERS: dict[str, dict[str, str]] = {
    "icao": _VIA_RUSSIAN,
    "gost_52535": _VIA_RUSSIAN,
    "mvd_310": _VIA_RUSSIAN,
    "mvd_310_fr": _VIA_RUSSIAN,
    "wikipedia": _VIA_RUSSIAN | {"ғ": "gh", "ҳ": "h", "һ": "h", "ҷ": "j"},
    "bgn_pcgn": {
        "ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "ö", "ұ": "u", "ү": "ü", "һ": "h",
        "і": "i", "ӣ": "ī", "ӯ": "ū", "ҳ": "h", "ҷ": "j", "ў": "ŭ", "ї": "yi", "є": "ye",
        "ґ": "g", "ӏ": "",
    },
    "iso9": {
        "ә": "a̋", "ғ": "ġ", "қ": "k̦", "ң": "n̦", "ө": "ô", "ұ": "u", "ү": "ù", "һ": "ḩ",
        "і": "ì", "ӣ": "ī", "ӯ": "ū", "ҳ": "h̦", "ҷ": "c̦", "ў": "ŭ", "ї": "ï", "є": "ê",
        "ґ": "g̀", "ӏ": "",
    },
    "uz_latin": {
        "ә": "a", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ӣ": "i",
        "ӯ": "u", "ҷ": "j", "ї": "yi", "є": "ye", "ґ": "g", "ӏ": "",
    },
}  # fmt: skip

# ICAO 9303's own column for Ukrainian letters (и->Y; є->IE; ї, й->I).
_ICAO_UK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ё": "io", "ъ": "",
    "ы": "y", "э": "e",
}  # fmt: skip
# Ukrainian national 2010 system; the pairs are (word-initial, elsewhere).
_UA_2010: dict[str, str | tuple[str, str]] = {
    **_ICAO_UK,
    "г": "h", "й": ("y", "i"), "є": ("ye", "ie"), "ї": ("yi", "i"), "ю": ("yu", "iu"),
    "я": ("ya", "ia"), "ё": ("yo", "io"),
}  # fmt: skip
# BGN/PCGN for Ukrainian: like the national system, but y-forms everywhere.
_BGN_UK = _ICAO_UK | {"г": "h", "й": "y", "є": "ye", "ї": "yi", "ю": "yu", "я": "ya", "ё": "yo"}
_UK_TABLES: dict[str, dict[str, str | tuple[str, str]]] = {
    "ua_2010": _UA_2010,
    "icao": {**_ICAO_UK},
    "bgn_pcgn": {**_BGN_UK},
}
_NO_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
# Central Asian letters in the tables written here (Ukrainian and press transcriptions).
_CENTRAL_ASIAN = {
    "ә": "a", "ғ": "gh", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ӣ": "i",
    "ӯ": "u", "ҳ": "kh", "ҷ": "j", "ў": "u", "ӏ": "",
}  # fmt: skip


def _table_word(word: str, table: dict[str, str | tuple[str, str]]) -> str:
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == "г" and i and word[i - 1] == "з" and table is _UA_2010:
            out.append("gh")  # зг -> zgh keeps it apart from ж -> zh (Zghurskyi)
            continue
        value = table.get(ch, _CENTRAL_ASIAN.get(ch, ch))
        out.append(value if isinstance(value, str) else value[0 if i == 0 else 1])
    return "".join(out)


def _german(word: str, uk: bool) -> str:
    """Duden press transcription: Jelzin, Chruschtschow, Juri Schtschukin, Tschaikowski."""
    simple = {
        "а": "a", "б": "b", "в": "w", "г": "h" if uk else "g", "д": "d", "ж": "sch", "з": "s",
        "и": "y" if uk else "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
        "щ": "schtsch", "ъ": "", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "і": "i", "ї": "ji",
        "є": "je", "ґ": "g", "ә": "ä", "ғ": "g", "қ": "k", "ң": "n", "ө": "ö", "ұ": "u",
        "ү": "ü", "һ": "h", "ӣ": "i", "ӯ": "u", "ҳ": "ch", "ҷ": "dsch", "ў": "u", "ӏ": "",
    }  # fmt: skip
    out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "е":
            out.append("je" if not prev or prev in _VOWELS or prev in _SIGNS else "e")
        elif ch == "ё":
            out.append("o" if prev in "жчшщ" and prev else "jo")
        elif ch == "й":
            if uk:
                out.append("j")
            elif i == n - 1:
                out.append("" if prev in "иы" else "i")  # Juri, Grosny, Nikolai, Tolstoi
            else:
                out.append("j" if nxt in _VOWELS else "i")  # Maja, Tschaikowski
        elif ch == "ь":
            out.append("j" if nxt and nxt in "ио" else "")  # Iljin; ье, ья already give je, ja
        elif ch == "к" and nxt == "с":
            out.append("x")  # Alexandr, Alexei
            i += 1
        elif ch == "с":
            between = prev in _VOWELS and nxt in _VOWELS and prev and nxt
            out.append("ss" if between else "s")  # Wassili
        else:
            out.append(simple.get(ch, ch))
        i += 1
    return "".join(out)


def _french(word: str, uk: bool) -> str:
    """French press transcription: Iouri Chtchoukine, Eltsine, Khrouchtchev, Tchaïkovski."""
    simple = {
        "а": "a", "б": "b", "в": "v", "д": "d", "ж": "j", "з": "z", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "т": "t", "у": "ou", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ь": "", "ы": "y",
        "э": "e", "ю": "iou", "я": "ia", "і": "i", "ї": "ï", "є": "ie", "ґ": "g", "ә": "a",
        "ғ": "gh", "қ": "k", "ң": "n", "ө": "o", "ұ": "ou", "ү": "u", "һ": "h", "ӣ": "i",
        "ӯ": "ou", "ҳ": "kh", "ҷ": "dj", "ў": "ou", "ӏ": "",
    }  # fmt: skip
    out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        after_vowel = bool(prev) and prev in _VOWELS
        if ch == "г":
            if uk:
                out.append("h")
            else:
                out.append("gu" if nxt and nxt in "еиыэ" else "g")  # Gueorgui
        elif ch == "е":
            out.append("ie" if after_vowel or (prev and prev in _SIGNS) else "e")
        elif ch == "ё":
            out.append("e" if prev and prev in "жчшщ" else "io")  # Khrouchtchev, Piotr
        elif ch == "и":
            if uk:
                out.append("y")
            else:
                out.append("ï" if after_vowel else "i")  # Mikhaïl
        elif ch == "й":
            if uk:
                out.append("y" if i == n - 1 else "i")  # Andriy, Hryhoriy
            elif i == n - 1:
                out.append("" if prev in "иы" else "ï")  # Iouri, Nikolaï, Tolstoï
            elif not prev or (nxt and nxt in _VOWELS):
                out.append("i")
            else:
                out.append("ï")  # Tchaïkovski
        elif ch == "к" and nxt == "с":
            out.append("x")
            i += 1
        elif ch == "с":
            out.append("ss" if after_vowel and nxt and nxt in _VOWELS else "s")
        else:
            out.append(simple.get(ch, ch))
        i += 1
    if word.endswith("ин") and n > 3:
        out.append("e")  # Eltsine, Chtchoukine, Poutine
    return "".join(out)


_POLISH_HARD = frozenset("жшчщц")
_POLISH_SOFTENED = {"n": "ń", "s": "ś", "z": "ź", "t": "ć", "d": "dź", "c": "ć"}


def _polish(word: str, uk: bool) -> str:
    """Polish press transcription: Jurij Szczukin, Jelcyn, Chruszczow, Czajkowski."""
    simple = {
        "а": "a", "б": "b", "в": "w", "г": "h" if uk else "g", "д": "d", "ж": "ż", "з": "z",
        "к": "k", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz", "ъ": "",
        "ы": "y", "э": "e", "і": "i", "ї": "ji", "є": "je", "ґ": "g", "ә": "a", "ғ": "gh",
        "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ӣ": "i", "ӯ": "u",
        "ҳ": "ch", "ҷ": "dż", "ў": "u", "ӏ": "",
    }  # fmt: skip
    iotated = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch in iotated:
            vowel = iotated[ch]
            if not prev or prev in _VOWELS or prev == "ъ":
                out.append("j" + vowel)
            elif prev in _POLISH_HARD or prev == "л":
                out.append(vowel)  # Szczukin, Olga: the consonant carries the softness
            else:
                out.append("i" + vowel)  # Piotr, Gieorgij, Tatiana
        elif ch == "и":
            if uk:
                out.append("y")
            else:
                out.append("y" if prev and prev in "жшц" else "i")
        elif ch == "й":
            if uk:
                out.append("j")  # Ukrainian keeps it: Zełenśkyj
            elif i == n - 1 and prev == "ы":
                out.append("")
            elif i == n - 1 and word.endswith(("ский", "цкий")):
                out.append("")  # -ski, -cki
            else:
                out.append("j")
        elif ch == "л":
            soft = nxt and (nxt in "иеёюяь" or nxt in "іїє")
            out.append("l" if soft else "ł")
        elif ch == "ь":
            if nxt and nxt in "ио":
                out.append("j")  # Iljicz
            elif out and out[-1] and out[-1][-1] in _POLISH_SOFTENED and nxt not in iotated:
                last = out.pop()
                out.append(last[:-1] + _POLISH_SOFTENED[last[-1]])
            else:
                out.append("")
        else:
            out.append(simple.get(ch, ch))
    return "".join(out)


_OWN_ENGINES: dict[str, Callable[[str, bool], str]] = {
    "german": _german,
    "french": _french,
    "polish": _polish,
}


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` holds a Cyrillic letter (U+0400 to U+052F)."""
    return not text.isascii() and _CYRILLIC_LETTER.search(text) is not None


def _fold_leftovers(text: str) -> str:
    """anyascii for any Cyrillic a system did not cover (Azerbaijani ҹ, Abkhaz letters...)."""
    if not has_cyrillic(text):
        return text
    return "".join(anyascii(ch) if "\u0400" <= ch <= "\u052f" else ch for ch in text)


@lru_cache(maxsize=1 << 16)
def _romanize_word(word: str, system: str, uk: bool) -> str:
    """Romanize one lower-case word; ``uk`` when it is Ukrainian."""
    if system in _OWN_ENGINES:
        out = _OWN_ENGINES[system](word.translate(_NO_APOSTROPHES), uk)
    elif system == "ua_2010" or (uk and system in ("icao", "bgn_pcgn")):
        out = _table_word(word.translate(_NO_APOSTROPHES), _UK_TABLES[system])
    else:
        extra = _EXTRA_LETTERS[system]
        prepared = "".join(extra.get(ch, ch) for ch in word)
        if system in ("bgn_pcgn", "iso9"):
            # iuliia leaves precomposed ё unconverted in these schemes (STANDARDS §3.6 †): give
            # it е plus a combining diaeresis, so that the scheme's е rule applies and ë results.
            prepared = prepared.replace("ё", "е\u0308")
        out = _IULIIA[system].translate(prepared)
    return unicodedata.normalize("NFC", _fold_leftovers(out))


def _recase(source: str, out: str) -> str:
    letters = [ch for ch in source if ch.isalpha()]
    if not out or not letters:
        return out
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return out.upper()
    if source[0].isupper():
        return out[0].upper() + out[1:]
    return out


_UK_ONLY = frozenset("їєґ")
_KK_ONLY = frozenset("әұ")
_TG_ONLY = frozenset("ӣӯҷ")
_TURKIC = frozenset("ғқңөүһ")


def cyrillic_language(text: str) -> str | None:
    """Guess the language of a Cyrillic name from its letters: 'ru', 'uk', 'be', 'kk', 'uz',
    'tg', 'ky', or None when the text has no Cyrillic.

    Only letters outside the Russian alphabet decide, so most names of any of these languages
    written in Russian form come back 'ru', which is how a Russian scheme reads them anyway.
    """
    if not has_cyrillic(text):
        return None
    letters = set(text.lower())
    if letters & _TG_ONLY:
        return "tg"
    if letters & _KK_ONLY or ("і" in letters and letters & _TURKIC):
        return "kk"
    if "ў" in letters:
        return "be" if "і" in letters else "uz"
    if "ҳ" in letters:
        return "uz"
    if letters & _UK_ONLY:
        return "uk"
    if "і" in letters:
        return "be" if letters & set("ыэёъ") else "uk"
    if letters & set("ңөү"):
        return "ky"
    if letters & _TURKIC:
        return "kk"
    return "ru"


def romanize_cyrillic(text: str, system: str, *, lang: str | None = None) -> str:
    """Romanize the Cyrillic words of ``text`` in ``system`` (one of CYRILLIC_SYSTEMS).

    Anything that is not Cyrillic is kept as it is. Case follows the source word: a capitalised
    word stays capitalised and an all-capitals word (a list's SURNAME) comes back in capitals.
    ``lang`` ("uk", "kk", ...) defaults to ``cyrillic_language(text)``; it matters for Ukrainian,
    whose ICAO and BGN/PCGN columns differ from the Russian ones (и -> y, г -> h in BGN).
    Raises ValueError for an unknown system.
    """
    if system not in CYRILLIC_SYSTEMS:
        raise ValueError(f"unknown Cyrillic romanization system {system!r}")
    uk = (lang or cyrillic_language(text)) == "uk"

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        return _recase(word, _romanize_word(word.lower(), system, uk))

    return _WORD.sub(one, text)


def default_systems(lang: str | None) -> tuple[str, ...]:
    """The systems a name in ``lang`` is plausibly spelled in: every Russian-based system, plus
    the national Latin system of Ukrainian or Uzbek names."""
    extra = {"uk": ("ua_2010",), "uz": ("uz_latin",)}.get(lang or "", ())
    return _RUSSIAN_FAMILY + extra


def cyrillic_variants(
    text: str, systems: Iterable[str] | None = None, *, lang: str | None = None
) -> dict[str, str]:
    """Each system's spelling of ``text``: ``{system: spelling}`` in the order of ``systems``
    (default: ``default_systems`` for the text's language)."""
    language = lang or cyrillic_language(text)
    chosen = default_systems(language) if systems is None else tuple(systems)
    return {s: romanize_cyrillic(text, s, lang=language) for s in chosen}


def cyrillic_spellings(
    text: str, systems: Iterable[str] | None = None, *, lang: str | None = None
) -> dict[str, tuple[str, ...]]:
    """The de-duplicated view of ``cyrillic_variants``: ``{spelling: systems giving it}``, in
    first-seen order (Юрий Щукин: "Iurii Shchukin" from icao and gost_52535, ...)."""
    out: dict[str, tuple[str, ...]] = {}
    for system, spelling in cyrillic_variants(text, systems, lang=lang).items():
        out[spelling] = (*out.get(spelling, ()), system)
    return out

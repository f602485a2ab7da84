"""Long-tailed family names: the curated common surnames first, then composed ones.

Real populations share a few very common given names but spread over a long tail of family
names, so three-part names are rarely identical. Each pool here is the curated list of
``pools`` (most common first) followed by surnames composed from ``stems`` by the morphology of
the language (Slavic roots + -ов/-ин/-енко/-чук, name stems + -ов/-зода, al- + place or trade +
-i, Persian stems + -zadeh/-pour/-nejad, Turkish Kara+kaya, English Ash+ford ...), shuffled by a
fixed seed; ``origins`` draws from them on a Zipf curve, so curated names stay the most common.
Composed names that would spell a well-known person's surname are left out (``FAMOUS``).

Arabic-script composed names are not in the name table of ``interlink.names.arabic``; their
spellings in every system are registered in ``lexicon``.
"""

from __future__ import annotations

from collections.abc import Iterable
from random import Random

from interlink.names.arabic import romanize_arabic
from interlink.services.world import lexicon, pools, stems
from interlink.services.world.morphology import surname_from_stem

# Composed surnames tied to one well-known person; never generated.
FAMOUS = frozenset(
    {
        "Путин", "Тимошенко", "Ющенко", "Порошенко", "Зеленський", "Кадыров", "Дудаев",
        "Басаев", "Нурмагомедов", "Назарбаев", "Раҳмонов", "Мирзиёев", "Алиев", "Əliyev",
        "Erdoğan", "Demirel", "Öcalan", "احمدی\u200cنژاد", "Trump", "Merkel",
    }
)  # fmt: skip


def _long_tail(key: str, curated: Iterable[str], composed: Iterable[str]) -> tuple[str, ...]:
    """The curated names, then the composed ones not already there, in a fixed shuffled order."""
    head = tuple(dict.fromkeys(curated))
    seen = set(head) | FAMOUS
    tail = [name for name in dict.fromkeys(composed) if name not in seen]
    Random(f"interlink-world:surnames:{key}").shuffle(tail)
    return head + tuple(tail)


def _russian() -> tuple[str, ...]:
    composed = [surname_from_stem(root, False) for root in stems.RU_OV_ROOTS]
    composed += [root + ("ын" if root.endswith("ц") else "ин") for root in stems.RU_IN_ROOTS]
    composed += stems.RU_SKY
    composed += [
        surname_from_stem(head + tail, False)
        for head in stems.RU_COMPOUND_HEADS
        for tail in stems.RU_COMPOUND_TAILS
    ]
    # Ukrainian-origin surnames are common in Russia, written the Russian way.
    composed += [name.replace("і", "и") for name in _ukrainian_composed() if "ї" not in name]
    return _long_tail("ru", pools.RU_SURNAMES, composed)


def _ukrainian_composed() -> list[str]:
    out: list[str] = []
    for root in stems.UA_ROOTS:
        if root.endswith("ь"):
            out += [root[:-1] + "енко", root[:-1] + "юк", root + "чук"]
        elif root.endswith("й"):
            out += [root[:-1] + "єнко", root + "чук"]
        elif root.endswith("ч"):
            out += [root + "енко", root + "ук"]
        else:
            out += [root + "енко", root + "ук", root + "чук"]
    return out


def _central_asian(
    key: str, curated: Iterable[str], names: Iterable[str], endings: tuple[str, ...]
) -> tuple[str, ...]:
    bases = list(dict.fromkeys(names))
    composed = [surname_from_stem(stem, False) for stem in bases]
    composed += [
        surname_from_stem(stem + ending, False)
        for stem in bases
        for ending in endings
        if not stem.endswith(ending)
    ]
    return _long_tail(key, curated, composed)


def _azerbaijani() -> tuple[tuple[str, str], ...]:
    """(Cyrillic, Latin) pairs: -ов/-ev (Алекперов, Ələkbərov) and the newer -ли/-li."""
    out = dict(pools.AZ_SURNAMES)
    composed: list[tuple[str, str]] = []
    for cyr, lat in (*stems.AZ_STEMS, *pools.AZ_MALE):
        vowel = lat[-1] in "aeiıouəöü"
        composed.append((surname_from_stem(cyr, False), lat + ("yev" if vowel else "ov")))
        last = next((ch for ch in reversed(lat.lower()) if ch in "aeiıouəöü"), "ə")
        harmony = {"a": "lı", "ı": "lı", "o": "lu", "u": "lu", "ö": "lü", "ü": "lü"}
        composed.append((cyr + "ли", lat + harmony.get(last, "li")))
    tail = [p for p in dict.fromkeys(composed) if p[0] not in out and p[0] not in FAMOUS]
    Random("interlink-world:surnames:az").shuffle(tail)
    return (*pools.AZ_SURNAMES, *tail)


def _tajik_stems() -> tuple[str, ...]:
    return tuple(dict.fromkeys((*pools.TJ_SURNAME_STEMS, *stems.TJ_STEMS, *pools.TJ_MALE)))


def _persian() -> tuple[str, ...]:
    composed: list[str] = []
    for stem in stems.FA_STEMS:
        for suffix in stems.FA_SUFFIXES:
            if suffix[0] == "ی" and stem[0][-1] in "اویه":
                continue
            composed.append(lexicon.persian_surname(stem, suffix))
        if stem[0][-1] not in "اویه":
            composed.append(lexicon.persian_surname(stem, stems.FA_SUFFIXES[0], mir=True))
    places = [
        lexicon.persian_surname(place, stems.FA_SUFFIXES[0])
        for place in stems.FA_PLACES
        if place[0][-1] != "ه"
    ]
    composed += places
    # Double surnames of old families: a common surname and a place (Hosseini Tabrizi).
    composed += [f"{name} {place}" for name in pools.FA_SURNAMES[:24] for place in places]
    return _long_tail("fa", pools.FA_SURNAMES, composed)


def _arabic_nisbas() -> tuple[str, ...]:
    composed = [lexicon.arabic_nisba(stem, article=True) for stem in stems.AR_NISBA_STEMS]
    # Nisbas of an ancestor's name: Khalid -> al-Khalidi, Hamdan -> al-Hamdani.
    composed += [
        lexicon.arabic_nisba((name.removesuffix("ى") + "ي", spelling + "i"), article=True)
        for name in pools.AR_MALE
        if " " not in name and not name.endswith(("ي", "ة"))
        for spelling in [romanize_arabic(name, "english").removesuffix("a")]
    ]
    return _long_tail("ar-nisba", pools.AR_NISBAS, composed)


def _arabic_families() -> tuple[str, ...]:
    """Family names without the article: curated ones, trades (Khayyat) and given names."""
    first = next(i for i, (script, _) in enumerate(stems.AR_NISBA_STEMS) if script == "خياط")
    trades = [lexicon.arabic_nisba(s, article=False) for s in stems.AR_NISBA_STEMS[first:]]
    return _long_tail("ar-family", pools.AR_FAMILIES, [*trades, *pools.AR_MALE[5:]])


def _turkish() -> tuple[str, ...]:
    composed = [
        head + tail
        for head in stems.TR_HEADS
        for tail in stems.TR_TAILS
        if head.lower() != tail and not head.lower().endswith(tail)
    ]
    composed += [root + "oğlu" for root in stems.TR_NAME_ROOTS]
    return _long_tail("tr", pools.TR_SURNAMES, composed)


def _western(key: str) -> tuple[str, ...]:
    heads, tails = stems.WESTERN_PARTS[key]
    if key == "es":
        composed = [*heads, *(f"de la {tail}" for tail in tails)]
    elif key == "nl":
        composed = [f"van {head}{tail}" for head in heads for tail in tails]
        composed += [
            f"van {head}{tail}".replace("van ", "") for head in heads[:10] for tail in tails
        ]
    else:
        composed = [head + tail for head in heads for tail in tails if head[-1] != tail[0]]
    if key in stems.WESTERN_PATRONYMS:
        names, suffix = stems.WESTERN_PATRONYMS[key]
        composed += [name + suffix for name in names]
    return _long_tail(key, pools.WESTERN[key][2], composed)


RU_SURNAMES = _russian()
UA_SURNAMES = _long_tail("ua", pools.UA_SURNAMES, _ukrainian_composed())
UZ_SURNAMES = _central_asian(
    "uz", pools.UZ_SURNAMES, (*stems.UZ_STEMS, *pools.UZ_MALE), stems.CA_ENDINGS["uzbek"]
)
KZ_SURNAMES = _central_asian(
    "kz", pools.KZ_SURNAMES, (*stems.KZ_STEMS, *pools.KZ_MALE), stems.CA_ENDINGS["kazakh"]
)
KG_SURNAMES = _central_asian(
    "kg", pools.KG_SURNAMES, (*stems.KG_STEMS, *pools.KG_MALE), stems.CA_ENDINGS["kyrgyz"]
)
CE_SURNAMES = _central_asian(
    "ce", pools.CE_SURNAMES, (*stems.CE_STEMS, *pools.CE_MALE), stems.CA_ENDINGS["chechen"]
)
DA_SURNAMES = _central_asian(
    "da", pools.DA_SURNAMES, (*stems.DA_STEMS, *pools.DA_MALE), stems.CA_ENDINGS["dagestani"]
)
TJ_SURNAME_STEMS = _tajik_stems()
AZ_SURNAMES = _azerbaijani()
FA_SURNAMES = _persian()
AR_NISBAS = _arabic_nisbas()
AR_FAMILIES = _arabic_families()
TR_SURNAMES = _turkish()
WESTERN_SURNAMES = {key: _western(key) for key in pools.WESTERN}

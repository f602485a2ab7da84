"""Per-origin name builders: how a Russian, Uzbek, Egyptian or Dutch name is put together.

Each builder draws parts from ``pools`` (Zipf-weighted), sets the original script and language,
the systems its spellings come in, the system of the primary name (passport practice of the
country: ICAO for Russia since 2014, the national system for Ukraine, Egyptian spellings for
Egypt ...), nationalities and a place of birth. Equivalent forms (the Russian form of a Ukrainian
name, the Russified form of a Tajik surname) and kunyas go in ``Draft.extra``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from random import Random
from typing import TypeVar

from interlink.domain.subjects import NamePartKind
from interlink.names.arabic import ARABIC_SYSTEMS, PERSIAN_SYSTEMS
from interlink.names.romanize import default_systems, romanize_cyrillic
from interlink.services.world import lexicon, pools, surnames
from interlink.services.world.morphology import (
    feminine_surname,
    patronymic,
    russify,
    surname_from_stem,
)
from interlink.services.world.naming import (
    Draft,
    Part,
    arabic_speller,
    cyrillic_speller,
    latin_speller,
    render,
)
from interlink.services.world.sampling import Weighted
from interlink.services.world.types import Origin, Variant, VariantKind

GIVEN = NamePartKind.GIVEN
PATRONYMIC = NamePartKind.PATRONYMIC
FAMILY = NamePartKind.FAMILY
MIDDLE = NamePartKind.MIDDLE

T = TypeVar("T")

_Z = 1.1  # Zipf exponent of given names
# Family names: exponent 1.0 over long pools, the head flattened so that the most common
# surname of an origin is borne by about one percent of its people (Иванов, Yılmaz, Mohammadi).
_SHIFT = 60.0


def _family(names: Sequence[T]) -> Weighted[T]:
    return Weighted.zipf(names, 1.0, _SHIFT)


_RU_MALE = Weighted.zipf(pools.RU_MALE, _Z)
_RU_FEMALE = Weighted.zipf(pools.RU_FEMALE, _Z)
_RU_SURNAMES = _family(surnames.RU_SURNAMES)
_UA_MALE = Weighted.zipf(pools.UA_MALE, _Z)
_UA_FEMALE = Weighted.zipf(pools.UA_FEMALE, _Z)
_UA_SURNAMES = _family(surnames.UA_SURNAMES)
_CENTRAL_ASIAN = {
    Origin.UZBEK: (pools.UZ_MALE, pools.UZ_FEMALE, surnames.UZ_SURNAMES),
    Origin.KAZAKH: (pools.KZ_MALE, pools.KZ_FEMALE, surnames.KZ_SURNAMES),
    Origin.KYRGYZ: (pools.KG_MALE, pools.KG_FEMALE, surnames.KG_SURNAMES),
    Origin.CHECHEN: (pools.CE_MALE, pools.CE_FEMALE, surnames.CE_SURNAMES),
    Origin.DAGESTANI: (pools.DA_MALE, pools.DA_FEMALE, surnames.DA_SURNAMES),
    Origin.TAJIK: (pools.TJ_MALE, pools.TJ_FEMALE, surnames.TJ_SURNAME_STEMS),
}
_CA_POOLS = {
    origin: (Weighted.zipf(m, _Z), Weighted.zipf(f, _Z), _family(s))
    for origin, (m, f, s) in _CENTRAL_ASIAN.items()
}
_AZ = (Weighted.zipf(pools.AZ_MALE, _Z), Weighted.zipf(pools.AZ_FEMALE, _Z))
_AZ_SURNAMES = _family(surnames.AZ_SURNAMES)
_AR_MALE = Weighted.zipf(pools.AR_MALE, _Z)
_AR_FEMALE = Weighted.zipf(pools.AR_FEMALE, _Z)
_AR_NISBAS = _family(surnames.AR_NISBAS)
_AR_FAMILIES = _family(surnames.AR_FAMILIES)
_KUNYA_NAMES = Weighted.zipf(pools.KUNYA_NAMES)
_FA_MALE = Weighted.zipf(pools.FA_MALE, _Z)
_FA_FEMALE = Weighted.zipf(pools.FA_FEMALE, _Z)
_FA_SURNAMES = _family(surnames.FA_SURNAMES)
_TR = (Weighted.zipf(pools.TR_MALE, _Z), Weighted.zipf(pools.TR_FEMALE, _Z))
_TR_SURNAMES = _family(surnames.TR_SURNAMES)
_WESTERN = {
    key: (Weighted.zipf(m, _Z), Weighted.zipf(f, _Z), _family(surnames.WESTERN_SURNAMES[key]))
    for key, (m, f, _) in pools.WESTERN.items()
}


def _w(*pairs: tuple[str, float]) -> Weighted[str]:
    return Weighted.of(pairs)


# The system of the primary name, by origin: how passports of the country spell it.
_PRIMARY: dict[Origin, Weighted[str]] = {
    Origin.RUSSIAN: _w(("icao", 45), ("mvd_310", 20), ("gost_52535", 10), ("bgn_pcgn", 10),
                       ("wikipedia", 10), ("german", 3), ("french", 2)),
    Origin.UKRAINIAN: _w(("ua_2010", 50), ("icao", 15), ("bgn_pcgn", 15), ("mvd_310", 10),
                         ("wikipedia", 10)),
    Origin.UZBEK: _w(("icao", 40), ("uz_latin", 25), ("mvd_310", 15), ("wikipedia", 10),
                     ("bgn_pcgn", 10)),
    Origin.KAZAKH: _w(("icao", 50), ("mvd_310", 20), ("bgn_pcgn", 15), ("wikipedia", 15)),
    Origin.KYRGYZ: _w(("icao", 50), ("mvd_310", 20), ("bgn_pcgn", 15), ("wikipedia", 15)),
    Origin.TAJIK: _w(("icao", 40), ("wikipedia", 30), ("mvd_310", 20), ("bgn_pcgn", 10)),
    Origin.CHECHEN: _w(("icao", 50), ("mvd_310", 25), ("gost_52535", 10), ("wikipedia", 15)),
    Origin.DAGESTANI: _w(("icao", 50), ("mvd_310", 25), ("gost_52535", 10), ("wikipedia", 15)),
    Origin.AZERBAIJANI: _w(("az_latin", 35), ("icao", 35), ("mvd_310", 20), ("wikipedia", 10)),
    Origin.PERSIAN: _w(("persian", 75), ("persian_alt", 15), ("standard", 10)),
    Origin.TURKISH: _w(("native", 55), ("ascii", 35), ("icao", 10)),
    Origin.WESTERN: _w(("native", 70), ("ascii", 30)),
}  # fmt: skip
_LANG = {
    Origin.RUSSIAN: "ru", Origin.UKRAINIAN: "uk", Origin.UZBEK: "uz", Origin.KAZAKH: "kk",
    Origin.KYRGYZ: "ky", Origin.TAJIK: "tg", Origin.CHECHEN: "ru", Origin.DAGESTANI: "ru",
    Origin.AZERBAIJANI: "ru",
}  # fmt: skip
_LATIN_SYSTEMS = ("native", "ascii", "icao")

_Nationality = Weighted[tuple[tuple[str, ...], str]]


def _n(*pairs: tuple[tuple[str, ...], str, float]) -> _Nationality:
    return Weighted([(c, b) for c, b, _ in pairs], [w for _, _, w in pairs])


# Nationalities (first = of birth, unless a place key is given) per origin.
NATIONALITY: dict[Origin, _Nationality] = {
    Origin.RUSSIAN: _n((("RU",), "RU", 95), (("KZ",), "KZ", 5)),
    Origin.UKRAINIAN: _n((("UA",), "UA", 96), (("UA", "RU"), "UA", 4)),
    Origin.UZBEK: _n((("UZ",), "UZ", 92), (("UZ", "RU"), "UZ", 5), (("KG",), "KG", 3)),
    Origin.KAZAKH: _n((("KZ",), "KZ", 97), (("KZ", "RU"), "KZ", 3)),
    Origin.TAJIK: _n((("TJ",), "TJ", 90), (("TJ", "RU"), "TJ", 10)),
    Origin.KYRGYZ: _n((("KG",), "KG", 92), (("KG", "RU"), "KG", 8)),
    Origin.CHECHEN: _n((("RU",), "RU-CE", 80), (("GE",), "GE", 5), (("RU", "AT"), "RU-CE", 5),
                       (("RU", "FR"), "RU-CE", 4), (("RU", "DE"), "RU-CE", 3),
                       (("RU", "BE"), "RU-CE", 3)),
    Origin.DAGESTANI: _n((("RU",), "RU-DA", 95), (("RU", "TR"), "RU-DA", 5)),
    Origin.AZERBAIJANI: _n((("AZ",), "AZ", 90), (("AZ", "RU"), "AZ", 10)),
    Origin.PERSIAN: _n((("IR",), "IR", 85), (("AF",), "AF", 15)),
    Origin.TURKISH: _n((("TR",), "TR", 88), (("TR", "DE"), "TR", 8), (("DE",), "DE", 4)),
}  # fmt: skip
AR_COUNTRY = Weighted.of(
    [("SA", 10.0), ("EG", 14.0), ("JO", 8.0), ("IQ", 15.0), ("SY", 16.0), ("YE", 6.0),
     ("LY", 6.0), ("TN", 9.0), ("DZ", 6.0), ("MA", 6.0), ("LB", 4.0)]
)  # fmt: skip
_AR_LABEL = {"EG": "egyptian", "TN": "maghreb", "DZ": "maghreb", "MA": "maghreb"}
_AR_COUNTRY_NISBA = {
    "EG": "المصري", "SY": "الشامي", "IQ": "العراقي", "TN": "التونسي", "DZ": "الجزائري",
    "MA": "المغربي", "YE": "اليمني",
}  # fmt: skip
_DIASPORA = ("FR", "BE", "DE", "GB", "SE", "NL")
WESTERN_COUNTRY = Weighted.of(
    [("FR", 20.0), ("DE", 18.0), ("GB", 15.0), ("BE", 10.0), ("NL", 7.0), ("ES", 8.0),
     ("IT", 7.0), ("SE", 6.0), ("US", 6.0), ("AT", 3.0)]
)  # fmt: skip


def _father(pool: Weighted[T], rng: Random, child: str, name: Callable[[T], str]) -> T:
    """The father's name, drawn again once if it is the child's (rare in life, but frequent in
    a Zipf draw)."""
    father = pool.pick(rng)
    return pool.pick(rng) if name(father) == child else father


def _order(rng: Random) -> bool:
    """Family name first in 30% of Cyrillic names, as Russian-language documents write them."""
    return rng.random() < 0.3


def _kunya(
    draft: Draft, rng: Random, nisba: str | None, label: str = "english", chance: float = 0.12
) -> None:
    """Sometimes give the subject a kunya (Abu Hamza al-Shishani) as nom de guerre."""
    if rng.random() >= chance:
        return
    name = _KUNYA_NAMES.pick(rng)
    if nisba is not None and (name, nisba) in pools.FAMOUS_KUNYAS:
        nisba = None
    kunya = f"أبو {name}" + (f" {nisba}" if nisba else "")
    draft.extra.append(Variant(kunya, "Arabic", "native", VariantKind.NOM_DE_GUERRE))
    for system, text in lexicon.variants(kunya, False):
        draft.extra.append(Variant(text, "Latin", system, VariantKind.NOM_DE_GUERRE))
    draft.weak_alias = lexicon.romanize(kunya, label, False)


def _slavic(origin: Origin, rng: Random, female: bool) -> Draft:
    lang = _LANG[origin]
    extra: list[Variant] = []
    if origin is Origin.UKRAINIAN:
        if female:
            given, given_ru = _UA_FEMALE.pick(rng)
        else:
            given, given_ru = _UA_MALE.pick(rng)[0::3]
        father = _father(_UA_MALE, rng, given, lambda f: f[0])
        patr = father[2] if female else father[1]
        surname = _UA_SURNAMES.pick(rng)
        surname = feminine_surname(surname) if female else surname
        # The Russian form of the same name, as Russian-language records write it.
        russian = " ".join((given_ru, patronymic(father[3], female), russify(surname)))
        extra.append(Variant(russian, "Cyrillic", "native", VariantKind.EQUIVALENT))
        for system in ("icao", "mvd_310"):
            extra.append(
                Variant(romanize_cyrillic(russian, system, lang="ru"), "Latin", system,
                        VariantKind.EQUIVALENT)
            )  # fmt: skip
    else:
        given_m = _RU_MALE.pick(rng)
        given = _RU_FEMALE.pick(rng) if female else given_m[0]
        father_m = _father(_RU_MALE, rng, given, lambda f: f[0])
        patr = father_m[2] if female else father_m[1]
        surname = _RU_SURNAMES.pick(rng)
        surname = feminine_surname(surname) if female else surname
    parts = (Part(GIVEN, given), Part(PATRONYMIC, patr, droppable=True), Part(FAMILY, surname))
    draft = _cyrillic_draft(origin, lang, parts, rng, extra)
    if not female:
        _kunya(draft, rng, pools.ORIGIN_NISBAS[origin.value], chance=0.03)
    return draft


_PATRONYMIC_WORDS = {
    Origin.UZBEK: ("ўғли", "қизи"),
    Origin.KYRGYZ: ("уулу", "кызы"),
    Origin.KAZAKH: ("ұлы", "қызы"),
}


def _central_asian(origin: Origin, rng: Random, female: bool) -> Draft:
    """Uzbek, Kazakh, Kyrgyz, Tajik, Chechen and Dagestani names in Cyrillic."""
    lang = _LANG[origin]
    males, females, surnames = _CA_POOLS[origin]
    given = (females if female else males).pick(rng)
    father = _father(males, rng, given, str)
    extra: list[Variant] = []
    previous_parts: tuple[Part, ...] | None = None
    style = rng.random()
    patr: Part | None = None
    if origin in _PATRONYMIC_WORDS and 0.55 <= style < 0.85:
        word = _PATRONYMIC_WORDS[origin][1 if female else 0]
        # Kazakh writes the word joined (Әбішұлы), Uzbek and Kyrgyz apart (Бахтиёр ўғли).
        text = f"{father}{word}" if origin is Origin.KAZAKH else f"{father} {word}"
        patr = Part(PATRONYMIC, text, droppable=True)
    elif style < 0.85 or origin in (Origin.CHECHEN, Origin.DAGESTANI):
        patr = Part(PATRONYMIC, patronymic(father, female), droppable=True)
    if origin is Origin.TAJIK:
        stem = surnames.pick(rng)
        russified = surname_from_stem(stem, female)
        form = rng.random()
        if form < 0.45:
            family = russified
        elif form < 0.85 or stem[-1] in "аоиуеӣӯ":
            family = stem + "зода"
        else:
            family = stem + "ӣ"
        if family != russified:
            # Adults may keep the Russified surname of their old documents (STANDARDS §3.7).
            previous_parts = (Part(GIVEN, given), Part(FAMILY, russified))
    else:
        family = surnames.pick(rng)
        family = feminine_surname(family) if female else family
    parts = tuple(p for p in (Part(GIVEN, given), patr, Part(FAMILY, family)) if p is not None)
    draft = _cyrillic_draft(origin, lang, parts, rng, extra)
    if previous_parts is not None:
        old = replace(draft, parts=previous_parts)
        native = render(old, "native", family_first=draft.family_first)
        extra.append(Variant(native, "Cyrillic", "native", VariantKind.EQUIVALENT))
        for system in dict.fromkeys(("icao", "mvd_310", draft.primary_system)):
            text = render(old, system, family_first=draft.family_first)
            extra.append(Variant(text, "Latin", system, VariantKind.EQUIVALENT))
        draft.previous = render(old, draft.primary_system, family_first=draft.family_first)
    if not female:
        _kunya(draft, rng, pools.ORIGIN_NISBAS[origin.value])
    return draft


def _azerbaijani(rng: Random, female: bool) -> Draft:
    males, females = _AZ
    given_cyr, given_lat = (females if female else males).pick(rng)
    father_cyr, father_lat = _father(males, rng, given_cyr, lambda f: f[0])
    surname_cyr, surname_lat = _AZ_SURNAMES.pick(rng)
    if female and surname_cyr.endswith("в"):  # Мамедова; Мамедли does not change
        surname_cyr, surname_lat = surname_cyr + "а", surname_lat + "a"
    word_cyr, word_lat = ("кызы", "qızı") if female else ("оглы", "oğlu")
    if rng.random() < 0.5:
        patr = Part(PATRONYMIC, f"{father_cyr} {word_cyr}", True, f"{father_lat} {word_lat}")
    else:
        patr = Part(PATRONYMIC, patronymic(father_cyr, female), True, f"{father_lat} {word_lat}")
    parts = (Part(GIVEN, given_cyr, latin=given_lat), patr,
             Part(FAMILY, surname_cyr, latin=surname_lat))  # fmt: skip
    nationalities, birth = NATIONALITY[Origin.AZERBAIJANI].pick(rng)
    draft = Draft(
        origin=Origin.AZERBAIJANI,
        script="Cyrillic",
        lang="ru",
        parts=parts,
        spell=cyrillic_speller("ru"),
        systems=(*default_systems("ru"), "az_latin"),
        primary_system=_PRIMARY[Origin.AZERBAIJANI].pick(rng),
        nationalities=nationalities,
        birth_place=birth,
        family_first=_order(rng),
    )
    if not female:
        _kunya(draft, rng, pools.ORIGIN_NISBAS["azerbaijani"], chance=0.06)
    return draft


def _arabic(rng: Random, female: bool) -> Draft:
    country = AR_COUNTRY.pick(rng)
    ism = (_AR_FEMALE if female else _AR_MALE).pick(rng)
    parts: list[Part] = [Part(GIVEN, ism)]
    father = _father(_AR_MALE, rng, ism, str)
    style = rng.random()
    if style < 0.35:
        parts.append(Part(None, "بنت" if female else "بن", droppable=True))
        parts.append(Part(NamePartKind.SECOND, father, droppable=True))
    else:
        parts.append(Part(NamePartKind.SECOND, father, droppable=True))
        if style < 0.65:
            parts.append(Part(NamePartKind.THIRD, _AR_MALE.pick(rng), droppable=True))
    with_nisba = rng.random() < 0.75
    family = (_AR_NISBAS if with_nisba else _AR_FAMILIES).pick(rng)
    parts.append(Part(FAMILY, family))
    if rng.random() < 0.04:
        country_list: tuple[str, ...] = (rng.choice(_DIASPORA),)
        birth = country_list[0]
    elif rng.random() < 0.08:
        country_list, birth = (country, rng.choice(_DIASPORA)), country
    else:
        country_list, birth = (country,), country
    label = _AR_LABEL.get(country, "english")
    primary = _w((label, 70), ("standard", 15), ("english", 15)).pick(rng)
    draft = Draft(
        origin=Origin.ARABIC,
        script="Arabic",
        lang="ar",
        parts=tuple(parts),
        spell=arabic_speller(False),
        systems=(*ARABIC_SYSTEMS, "icao_mrz"),
        primary_system=primary,
        nationalities=country_list,
        birth_place=birth,
    )
    native = render(draft, "native", family_first=False)
    draft.extra.extend(
        Variant(text, "Latin", system, VariantKind.ROMANIZATION)
        for system, text in lexicon.variants(native, False)
    )
    if not female:
        nisba = family if with_nisba else _AR_COUNTRY_NISBA.get(country)
        _kunya(draft, rng, nisba, label=primary, chance=0.25)
    return draft


def _persian(rng: Random, female: bool) -> Draft:
    parts = (Part(GIVEN, (_FA_FEMALE if female else _FA_MALE).pick(rng)),
             Part(FAMILY, _FA_SURNAMES.pick(rng)))  # fmt: skip
    nationalities, birth = NATIONALITY[Origin.PERSIAN].pick(rng)
    draft = Draft(
        origin=Origin.PERSIAN,
        script="Arabic",
        lang="fa" if nationalities[0] == "IR" else "prs",
        parts=parts,
        spell=arabic_speller(True),
        systems=(*PERSIAN_SYSTEMS, "icao_mrz"),
        primary_system=_PRIMARY[Origin.PERSIAN].pick(rng),
        nationalities=nationalities,
        birth_place=birth,
    )
    native = render(draft, "native", family_first=False)
    draft.extra.extend(
        Variant(text, "Latin", system, VariantKind.ROMANIZATION)
        for system, text in lexicon.variants(native, True)
    )
    return draft


def _latin_parts(
    males: Weighted[str], females: Weighted[str], surnames: Weighted[str], rng: Random,
    female: bool, double_surname: bool = False,
) -> tuple[Part, ...]:  # fmt: skip
    given = (females if female else males).pick(rng)
    parts = [Part(GIVEN, given)]
    if rng.random() < 0.15:
        middle = (females if female else males).pick(rng)
        if middle != given:
            parts.append(Part(MIDDLE, middle, droppable=True))
    parts.append(Part(FAMILY, surnames.pick(rng)))
    if double_surname and rng.random() < 0.7:
        second = surnames.pick(rng)
        if second != parts[-1].native:
            parts.append(Part(FAMILY, second, droppable=True))
    return tuple(parts)


def _turkish(rng: Random, female: bool) -> Draft:
    nationalities, birth = NATIONALITY[Origin.TURKISH].pick(rng)
    draft = Draft(
        origin=Origin.TURKISH,
        script="Latin",
        lang="tr",
        parts=_latin_parts(*_TR, _TR_SURNAMES, rng, female),
        spell=latin_speller,
        systems=_LATIN_SYSTEMS,
        primary_system=_PRIMARY[Origin.TURKISH].pick(rng),
        nationalities=nationalities,
        birth_place=birth,
    )
    if not female:
        _kunya(draft, rng, pools.ORIGIN_NISBAS["turkish"], chance=0.08)
    return draft


def _western(rng: Random, female: bool) -> Draft:
    country = WESTERN_COUNTRY.pick(rng)
    males, females, surnames = _WESTERN[pools.WESTERN_POOL[country]]
    draft = Draft(
        origin=Origin.WESTERN,
        script="Latin",
        lang=None,
        parts=_latin_parts(males, females, surnames, rng, female, double_surname=country == "ES"),
        spell=latin_speller,
        systems=_LATIN_SYSTEMS,
        primary_system=_PRIMARY[Origin.WESTERN].pick(rng),
        nationalities=(country,),
        birth_place=country,
    )
    if not female:
        # Converts who joined a group abroad: Abu Ibrahim al-Almani.
        _kunya(draft, rng, pools.ORIGIN_NISBAS[country], chance=0.08)
    return draft


def build_person(origin: Origin, rng: Random, female: bool) -> Draft:
    """The name of a synthetic person of ``origin``."""
    if origin in (Origin.RUSSIAN, Origin.UKRAINIAN):
        return _slavic(origin, rng, female)
    if origin in _CA_POOLS:
        return _central_asian(origin, rng, female)
    builders: dict[Origin, Callable[[Random, bool], Draft]] = {
        Origin.AZERBAIJANI: _azerbaijani,
        Origin.ARABIC: _arabic,
        Origin.PERSIAN: _persian,
        Origin.TURKISH: _turkish,
        Origin.WESTERN: _western,
    }
    return builders[origin](rng, female)


def _cyrillic_draft(
    origin: Origin, lang: str, parts: tuple[Part, ...], rng: Random, extra: list[Variant]
) -> Draft:
    """A Cyrillic-script person's draft: nationality, birth place, primary system and order."""
    nationalities, birth = NATIONALITY[origin].pick(rng)
    return Draft(
        origin=origin,
        script="Cyrillic",
        lang=lang,
        parts=parts,
        spell=cyrillic_speller(lang),
        systems=default_systems(lang),
        primary_system=_PRIMARY[origin].pick(rng),
        nationalities=nationalities,
        birth_place=birth,
        family_first=_order(rng),
        extra=extra,
    )

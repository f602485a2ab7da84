"""Names of synthetic organisations: charities, associations and trading firms.

An organisation's name is one part in its original script; lists mostly carry its English
translation ("Al-Furqan Charitable Foundation"), which is planted as a TRANSLATION variant and
is often the primary name. Besides a few stock words, organisations are named after families
(ООО «Белоусов», Al-Dimashqi Charitable Foundation, Karakaya Dış Ticaret), so their names are
long-tailed like the surnames of ``surnames``.
"""

from __future__ import annotations

from random import Random

from interlink.names.arabic import ARABIC_SYSTEMS
from interlink.names.romanize import default_systems, romanize_cyrillic
from interlink.services.world import lexicon, pools, surnames
from interlink.services.world.naming import (
    Draft,
    Part,
    arabic_speller,
    cyrillic_speller,
    latin_speller,
)
from interlink.services.world.origins import AR_COUNTRY, NATIONALITY, WESTERN_COUNTRY
from interlink.services.world.sampling import Weighted
from interlink.services.world.types import Origin, Variant, VariantKind

# Origins of organisations; Ukrainian, Central Asian and Caucasian ones mostly carry Russian
# names, so Kazakh, Uzbek, Tajik and Chechen organisations are named in Russian here.
ORGANISATION_ORIGINS: Weighted[Origin] = Weighted.of(
    [(Origin.ARABIC, 40.0), (Origin.RUSSIAN, 20.0), (Origin.KAZAKH, 5.0), (Origin.UZBEK, 5.0),
     (Origin.TAJIK, 3.0), (Origin.CHECHEN, 4.0), (Origin.TURKISH, 10.0), (Origin.WESTERN, 13.0)]
)  # fmt: skip
_PRIMARY_AR = Weighted.of([("translation", 60.0), ("english", 25.0), ("standard", 15.0)])
_PRIMARY_RU = Weighted.of([("translation", 50.0), ("icao", 35.0), ("mvd_310", 15.0)])
_PRIMARY_TR = Weighted.of([("native", 50.0), ("ascii", 30.0), ("translation", 20.0)])
# The word an organisation is named with: now and then a stock word, else a family name.
_STOCK = 0.05
_AR_WORDS = Weighted.zipf(surnames.AR_NISBAS, 1.0, 40.0)
_FOUNDERS = Weighted.zipf(pools.AR_MALE, 1.1)
_RU_WORDS = Weighted.zipf(surnames.RU_SURNAMES, 1.0, 40.0)
_TR_WORDS = Weighted.zipf(surnames.TR_SURNAMES, 1.0, 40.0)


def _word(stock: tuple[str, ...], families: Weighted[str], rng: Random) -> str:
    if rng.random() < _STOCK:
        return stock[rng.randrange(len(stock))]
    return families.pick(rng)


_WESTERN_NAMES = Weighted.zipf(
    (*pools.WESTERN_ORGS,
     *(f"{a} {n} {k}" for k in pools.WESTERN_ORG_KINDS for n in pools.WESTERN_ORG_NOUNS
       for a in pools.WESTERN_ORG_ADJECTIVES)),
    1.0, 40.0,
)  # fmt: skip


def _arabic(rng: Random) -> Draft:
    native_pattern, english_pattern = pools.AR_ORG_TYPES[rng.randrange(len(pools.AR_ORG_TYPES))]
    word = _word(pools.AR_ORG_WORDS, _AR_WORDS, rng)
    if word not in pools.AR_ORG_WORDS and rng.random() < 0.6:
        # Named after its founder: Khaled al-Dimashqi Charitable Foundation.
        word = f"{_FOUNDERS.pick(rng)} {word}"
    native = native_pattern.format(w=word)
    stem = lexicon.romanize(word, "english", False)
    translation = english_pattern.format(W=stem[:1].upper() + stem[1:])
    country = AR_COUNTRY.pick(rng)
    draft = Draft(
        origin=Origin.ARABIC,
        script="Arabic",
        lang="ar",
        parts=(Part(None, native, latin=translation),),
        spell=arabic_speller(False),
        systems=(*ARABIC_SYSTEMS, "icao_mrz", "translation"),
        primary_system=_PRIMARY_AR.pick(rng),
        nationalities=(country,),
        birth_place=country,
        person=False,
    )
    draft.extra.extend(
        Variant(text, "Latin", system, VariantKind.ROMANIZATION)
        for system, text in lexicon.variants(native, False)
    )
    return draft


def _russian(origin: Origin, rng: Random) -> Draft:
    kind_ru, kind_en = pools.RU_ORG_TYPES[rng.randrange(len(pools.RU_ORG_TYPES))]
    word = _word(pools.RU_ORG_WORDS, _RU_WORDS, rng)
    native = f"{kind_ru} «{word}»"
    translation = f"{romanize_cyrillic(word, 'icao', lang='ru')} {kind_en}"
    nationalities, _ = NATIONALITY.get(origin, NATIONALITY[Origin.RUSSIAN]).pick(rng)
    return Draft(
        origin=origin,
        script="Cyrillic",
        lang="ru",
        parts=(Part(None, native, latin=translation),),
        spell=cyrillic_speller("ru"),
        systems=(*default_systems("ru"), "translation"),
        primary_system=_PRIMARY_RU.pick(rng),
        nationalities=nationalities[:1],
        birth_place=nationalities[0],
        person=False,
    )


def _turkish(rng: Random) -> Draft:
    native_pattern, english_pattern = pools.TR_ORG_TYPES[rng.randrange(len(pools.TR_ORG_TYPES))]
    word = _word(pools.TR_ORG_WORDS, _TR_WORDS, rng)
    return Draft(
        origin=Origin.TURKISH,
        script="Latin",
        lang="tr",
        parts=(Part(None, native_pattern.format(w=word), latin=english_pattern.format(w=word)),),
        spell=latin_speller,
        systems=("native", "ascii", "icao", "translation"),
        primary_system=_PRIMARY_TR.pick(rng),
        nationalities=("TR",),
        birth_place="TR",
        person=False,
    )


def _western(rng: Random) -> Draft:
    country = WESTERN_COUNTRY.pick(rng)
    return Draft(
        origin=Origin.WESTERN,
        script="Latin",
        lang=None,
        parts=(Part(None, _WESTERN_NAMES.pick(rng)),),
        spell=latin_speller,
        systems=("native",),
        primary_system="native",
        nationalities=(country,),
        birth_place=country,
        person=False,
    )


def build_organisation(origin: Origin, rng: Random) -> Draft:
    """The name of a synthetic organisation of ``origin`` (one of ORGANISATION_ORIGINS)."""
    if origin is Origin.ARABIC:
        return _arabic(rng)
    if origin is Origin.TURKISH:
        return _turkish(rng)
    if origin is Origin.WESTERN:
        return _western(rng)
    return _russian(origin, rng)

"""The stream of synthetic subjects: names, dates, documents, categories, codes and links.

Subjects are made one at a time from one ``random.Random`` seeded from the world's seed, so the
same seed gives the same subjects in every process, and nothing but a small ring of recent
subjects per owner (the possible link targets) is kept: a million subjects stream in flat
memory. Each record is validated once, from plain data, by ``SubjectRecord.model_validate``.
"""

from __future__ import annotations

import calendar
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from random import Random

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.subjects import SubjectRecord
from interlink.services.world import pools
from interlink.services.world.naming import Draft, finish
from interlink.services.world.organisations import ORGANISATION_ORIGINS, build_organisation
from interlink.services.world.origins import build_person
from interlink.services.world.sampling import Weighted
from interlink.services.world.types import GeneratedSubject, Origin

# Share of each origin among persons, in percent.
PERSON_ORIGINS: Weighted[Origin] = Weighted.of(
    [(Origin.RUSSIAN, 20.0), (Origin.UKRAINIAN, 6.0), (Origin.UZBEK, 5.0), (Origin.KAZAKH, 4.0),
     (Origin.TAJIK, 4.0), (Origin.KYRGYZ, 3.0), (Origin.CHECHEN, 5.0), (Origin.DAGESTANI, 4.0),
     (Origin.AZERBAIJANI, 3.0), (Origin.ARABIC, 26.0), (Origin.PERSIAN, 6.0),
     (Origin.TURKISH, 6.0), (Origin.WESTERN, 8.0)]
)  # fmt: skip
ORGANISATION_SHARE = 0.1

_BIRTH_KIND = Weighted.of(
    [("full", 68.0), ("year", 12.0), ("year_month", 6.0), ("range", 7.0), ("approximate", 7.0)]
)
_CATEGORIES = Weighted.of(
    [(Category.SUSPECT, 40.0), (Category.MEMBER, 20.0), (Category.FOREIGN_FIGHTER, 15.0),
     (Category.FACILITATOR, 12.0), (Category.FINANCIER, 8.0), (Category.WANTED, 10.0)]
)  # fmt: skip
_CATEGORY_TOPICS = {
    Category.SUSPECT: (Topic.TERRORISM, Topic.EXTREMISM),
    Category.MEMBER: (Topic.TERRORISM, Topic.EXTREMISM),
    Category.FOREIGN_FIGHTER: (Topic.FOREIGN_FIGHTERS, Topic.TERRORISM),
    Category.FACILITATOR: (Topic.ILLEGAL_MIGRATION, Topic.WEAPONS_SMUGGLING,
                           Topic.TERRORIST_FINANCING),
    Category.FINANCIER: (Topic.TERRORIST_FINANCING,),
    Category.WANTED: (Topic.TERRORISM, Topic.EXTREMISM, Topic.WEAPONS_SMUGGLING),
    Category.ORGANISATION: (Topic.TERRORISM, Topic.EXTREMISM, Topic.TERRORIST_FINANCING),
}  # fmt: skip
_RARE_TOPICS = Weighted.of(
    [(Topic.DRUG_TRAFFICKING, 40.0), (Topic.CYBERCRIME, 25.0),
     (Topic.CRITICAL_INFRASTRUCTURE, 25.0), (Topic.NUCLEAR_SMUGGLING, 10.0)]
)  # fmt: skip
_CLASSIFICATION = Weighted.of(
    [(Classification.UNCLASSIFIED, 45.0), (Classification.RESTRICTED, 35.0),
     (Classification.CONFIDENTIAL, 15.0), (Classification.SECRET, 5.0)]
)  # fmt: skip
_HANDLING = Weighted.of(
    [(HandlingCode.H0, 55.0), (HandlingCode.H1, 22.0), (HandlingCode.H2, 17.0),
     (HandlingCode.H3, 6.0)]
)  # fmt: skip
_H3_NOTES = (
    "Do not act on this record without consulting the owner first",
    "Source protection: do not disclose the document numbers",
    "Not to be shared with border services of third countries",
    "For intelligence purposes only; no arrest on this record alone",
)
# Passport number formats: '#' a digit, '@' a letter, anything else itself.
_PASSPORT = {
    "RU": "7# #######", "UA": "@@######", "KZ": "N########", "UZ": "@@#######",
    "TJ": "4########", "KG": "AC#######", "AZ": "C########", "GE": "##@@#####",
    "SA": "@#######", "EG": "A########", "JO": "@######", "IQ": "@########",
    "SY": "N########", "YE": "0#######", "LY": "@@######", "TN": "@######",
    "DZ": "#########", "MA": "@@#######", "LB": "RL#######", "AE": "@#######",
    "IR": "@########", "AF": "P########", "TR": "U########", "DE": "C@#@##@##",
    "AT": "P#######", "FR": "##@@#####", "BE": "@@######", "NL": "@@#######",
    "GB": "#########", "US": "@########", "ES": "@@@######", "IT": "@@#######",
    "SE": "########",
}  # fmt: skip
_NATIONAL_ID = {
    "RU": "## ## ######", "TR": "###########", "KZ": "############", "EG": "##############",
    "UA": "#########", "UZ": "@@#######", "AZ": "AZE########", "IR": "##########",
}  # fmt: skip
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_DIGITS = "0123456789"


def _number(pattern: str, rng: Random) -> str:
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(_DIGITS[int(rng.random() * 10)])
        elif ch == "@":
            out.append(_LETTERS[int(rng.random() * len(_LETTERS))])
        else:
            out.append(ch)
    return "".join(out)


def _birth_dates(rng: Random) -> list[dict[str, str]]:
    year = int(rng.triangular(1955, 2007, 1990))
    kind = _BIRTH_KIND.pick(rng)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    if kind == "full":
        dates = [{"kind": "full", "value": f"{year:04d}-{month:02d}-{day:02d}"}]
        if rng.random() < 0.06:  # lists often give a second, alternative date
            other = date(year, month, day) + timedelta(days=rng.randint(-800, 800))
            dates.append({"kind": "full", "value": other.isoformat()})
        return dates
    if kind == "year_month":
        return [{"kind": kind, "value": f"{year:04d}-{month:02d}"}]
    if kind == "range":
        return [{"kind": kind, "value": str(year), "value_to": str(year + rng.randint(1, 4))}]
    if kind == "approximate":
        return [{"kind": kind, "value": str(year), "note": "approximately"}]
    return [{"kind": kind, "value": str(year)}]


def _documents(rng: Random, countries: Sequence[str], as_of: date) -> list[dict[str, object]]:
    docs: list[dict[str, object]] = []
    for index, country in enumerate(countries):
        if rng.random() < (0.75 if index == 0 else 0.4):
            issued = date(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
            expires = issued + timedelta(days=3652)
            doc: dict[str, object] = {
                "type": "passport",
                "number": _number(_PASSPORT.get(country, "@########"), rng),
                "issuing_country": country,
                "issued_on": issued.isoformat(),
                "expires_on": expires.isoformat(),
            }
            roll = rng.random()
            if roll < 0.06:
                doc["flags"] = ["reported_lost"]
            elif roll < 0.10:
                doc["flags"] = ["known_false"]
                doc["note"] = "Counterfeit; seized at a border crossing"
            elif roll < 0.12:
                doc["flags"] = ["revoked"]
            elif expires < as_of:
                doc["flags"] = ["expired"]
            docs.append(doc)
        if index == 0 and country in _NATIONAL_ID and rng.random() < 0.3:
            docs.append(
                {
                    "type": "national_id",
                    "number": _number(_NATIONAL_ID[country], rng),
                    "issuing_country": country,
                }
            )
    return docs


_PREFERRED: dict[Category, tuple[AgencyKind, ...]] = {
    Category.FINANCIER: (AgencyKind.FINANCIAL_INTELLIGENCE,),
    Category.FACILITATOR: (AgencyKind.BORDER_GUARD, AgencyKind.CUSTOMS),
}
_KIND_WEIGHT: dict[AgencyKind, float] = {
    AgencyKind.SECURITY: 3.0, AgencyKind.POLICE: 2.0, AgencyKind.INTELLIGENCE: 2.0,
    AgencyKind.BORDER_GUARD: 1.0, AgencyKind.CUSTOMS: 1.0,
    AgencyKind.FINANCIAL_INTELLIGENCE: 1.0,
}  # fmt: skip


class _Owners:
    """Picks an owner: usually a service of the subject's country, of the kind its category
    calls for; otherwise any operational service."""

    def __init__(self, agencies: Sequence[AgencySpec]) -> None:
        operational = [a for a in agencies if a.kind in _KIND_WEIGHT]
        self._any = Weighted(operational, [_KIND_WEIGHT[a.kind] for a in operational])
        self._by_country: dict[str, list[AgencySpec]] = {}
        for agency in operational:
            self._by_country.setdefault(agency.country or "", []).append(agency)

    def pick(self, rng: Random, country: str, categories: Sequence[Category]) -> str:
        local = self._by_country.get(country)
        if local and rng.random() < 0.7:
            wanted = [k for c in categories for k in _PREFERRED.get(c, ())]
            preferred = [a for a in local if a.kind in wanted]
            choices = preferred or [a for a in local if a.kind is not AgencyKind.CUSTOMS] or local
            return choices[rng.randrange(len(choices))].code
        return self._any.pick(rng).code


def _categories_and_topics(rng: Random, person: bool) -> tuple[list[Category], list[Topic]]:
    if person:
        categories = [_CATEGORIES.pick(rng)]
        if rng.random() < 0.3:
            second = _CATEGORIES.pick(rng)
            if second not in categories:
                categories.append(second)
    else:
        categories = [Category.ORGANISATION]
        if rng.random() < 0.3:
            categories.append(Category.FINANCIER)
    pool = [t for c in categories for t in _CATEGORY_TOPICS[c]]
    topics = [pool[rng.randrange(len(pool))]]
    if rng.random() < 0.4:
        topics.append(pool[rng.randrange(len(pool))])
    if rng.random() < 0.08:
        topics.append(_RARE_TOPICS.pick(rng))
    return categories, topics


def _place(draft: Draft, rng: Random) -> list[dict[str, str]]:
    cities = pools.CITIES[draft.birth_place]
    return [{"city": cities[rng.randrange(len(cities))], "country": draft.birth_place[:2]}]


def stream_subjects(
    seed: int, count: int, agencies: Sequence[AgencySpec], as_of: date
) -> Iterator[GeneratedSubject]:
    """``count`` subjects, uids "world:<seed>:1" onwards, owned by ``agencies``."""
    rng = Random(f"interlink-world:{seed}:subjects")
    owners = _Owners(agencies)
    recent: dict[str, deque[tuple[str, bool]]] = {}
    for n in range(1, count + 1):
        person = rng.random() >= ORGANISATION_SHARE
        if person:
            origin = PERSON_ORIGINS.pick(rng)
            female = rng.random() < 0.15
            draft = build_person(origin, rng, female)
        else:
            origin = ORGANISATION_ORIGINS.pick(rng)
            female = False
            draft = build_organisation(origin, rng)
        variants, names = finish(draft, rng)
        categories, topics = _categories_and_topics(rng, person)
        owner = owners.pick(rng, draft.nationalities[0], categories)
        handling = _HANDLING.pick(rng)
        uid = f"world:{seed}:{n}"
        record: dict[str, object] = {
            "uid": uid,
            "kind": "person" if person else "organization",
            "owner": owner,
            "names": names,
            "nationalities": list(draft.nationalities),
            "categories": categories,
            "topics": topics,
            "handling_code": handling,
            "classification": _CLASSIFICATION.pick(rng),
            "review_by": (as_of + timedelta(days=rng.randint(90, 1460))).isoformat(),
        }
        if handling is HandlingCode.H3:
            record["handling_note"] = _H3_NOTES[rng.randrange(len(_H3_NOTES))]
        if person:
            record["gender"] = "female" if female else "male"
            record["birth_dates"] = _birth_dates(rng)
            if rng.random() < 0.7:
                record["places_of_birth"] = _place(draft, rng)
            record["documents"] = _documents(rng, draft.nationalities, as_of)
        elif rng.random() < 0.4:
            country = draft.nationalities[0]
            number = _number("##########", rng)
            record["documents"] = [
                {"type": "registration", "number": number, "issuing_country": country}
            ]
        ring = recent.setdefault(owner, deque(maxlen=32))
        if ring and rng.random() < (0.07 if person else 0.2):
            target, target_is_person = ring[rng.randrange(len(ring))]
            if person and not target_is_person:
                kind = "leader_of" if rng.random() < 0.2 else "member_of"
            elif person:
                kind = "family" if rng.random() < 0.3 else "associate"
            else:
                kind = "linked_to"
            record["links"] = [{"target": target, "kind": kind}]
        ring.append((uid, person))
        yield GeneratedSubject(SubjectRecord.model_validate(record), variants, origin)

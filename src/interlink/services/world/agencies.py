"""The agencies of a synthetic world, their agreements and their users.

A fixed core of services (one or more per country the subjects come from, plus Western partners
and a council secretariat) and a few more chosen by seed, so that every kind of agency is there:
security, police, border guard, customs, financial intelligence, intelligence.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from interlink.domain.agencies import (
    AgencyKind,
    AgencySpec,
    AgreementSpec,
    Role,
    TopicTerm,
    UserSpec,
)
from interlink.domain.codes import Classification, SharingLevel, Topic
from interlink.services.world.naming import render
from interlink.services.world.origins import build_person
from interlink.services.world.types import Origin

_K = AgencyKind
# (code, name, kind, country)
_CORE: tuple[tuple[str, str, AgencyKind, str | None], ...] = (
    ("CTC-SEC", "Council of Heads of Services: Secretariat", _K.SECRETARIAT, None),
    ("RU-FSB", "Federal Security Service", _K.SECURITY, "RU"),
    ("RU-MVD", "Ministry of Internal Affairs, Counter-Extremism Directorate", _K.POLICE, "RU"),
    ("KZ-KNB", "National Security Committee", _K.SECURITY, "KZ"),
    ("UZ-SGB", "State Security Service", _K.SECURITY, "UZ"),
    ("KG-GKNB", "State Committee for National Security", _K.SECURITY, "KG"),
    ("TJ-GKNB", "State Committee for National Security", _K.SECURITY, "TJ"),
    ("AZ-DTX", "State Security Service", _K.SECURITY, "AZ"),
    ("UA-SBU", "Security Service", _K.SECURITY, "UA"),
    ("TR-EGM", "General Directorate of Security, Counter-Terrorism Department", _K.POLICE, "TR"),
    ("SA-PSS", "Presidency of State Security", _K.SECURITY, "SA"),
    ("EG-NSS", "National Security Sector", _K.SECURITY, "EG"),
    ("JO-GID", "General Intelligence Directorate", _K.INTELLIGENCE, "JO"),
    ("AE-SSD", "State Security Department", _K.SECURITY, "AE"),
    ("DE-BKA", "Federal Criminal Police Office", _K.POLICE, "DE"),
    ("FR-DGSI", "General Directorate for Internal Security", _K.SECURITY, "FR"),
    ("GB-CTP", "Counter Terrorism Policing", _K.POLICE, "GB"),
    ("US-NCTC", "National Counterterrorism Center", _K.INTELLIGENCE, "US"),
)
_BORDER = (
    ("RU-PS", "Border Service", _K.BORDER_GUARD, "RU"),
    ("KZ-PS", "Border Service", _K.BORDER_GUARD, "KZ"),
    ("US-CBP", "Customs and Border Protection", _K.BORDER_GUARD, "US"),
)
_CUSTOMS = (
    ("UZ-GTK", "State Customs Committee", _K.CUSTOMS, "UZ"),
    ("DE-ZOLL", "Customs Investigation Bureau", _K.CUSTOMS, "DE"),
)
_FIU = (
    ("RU-RFM", "Federal Financial Monitoring Service", _K.FINANCIAL_INTELLIGENCE, "RU"),
    ("KZ-AFM", "Financial Monitoring Agency", _K.FINANCIAL_INTELLIGENCE, "KZ"),
    ("TR-MASAK", "Financial Crimes Investigation Board", _K.FINANCIAL_INTELLIGENCE, "TR"),
    ("FR-TRACFIN", "Tracfin", _K.FINANCIAL_INTELLIGENCE, "FR"),
)
_OTHERS = (
    ("AM-NSS", "National Security Service", _K.SECURITY, "AM"),
    ("BY-KGB", "State Security Committee", _K.SECURITY, "BY"),
    ("IT-DCPP", "Central Directorate of Prevention Police", _K.POLICE, "IT"),
    ("ES-CNP", "National Police, General Information Commissariat", _K.POLICE, "ES"),
)

_OPERATIONAL_TOPICS = tuple(t for t in Topic if t is not Topic.SANCTIONS)
_SUSPENSION_REASONS = (
    "Data-protection review pending after a complaint",
    "Partner did not answer the annual audit request",
    "Suspended by the governments pending renegotiation",
)


def build_agencies(rng: Random) -> list[AgencySpec]:
    """The core agencies plus one border guard, one customs service, one financial
    intelligence unit and two more services chosen by ``rng``."""
    chosen = [rng.choice(_BORDER), rng.choice(_CUSTOMS), rng.choice(_FIU)]
    rest = [a for a in (*_BORDER, *_CUSTOMS, *_FIU, *_OTHERS) if a not in chosen]
    chosen += rng.sample(rest, 2)
    rows = list(_CORE) + sorted(chosen, key=lambda row: row[0])
    return [AgencySpec(code=c, name=n, kind=k, country=cc) for c, n, k, cc in rows]


def _terms(rng: Random) -> tuple[TopicTerm, ...]:
    topics = rng.sample(_OPERATIONAL_TOPICS, rng.randint(2, 6))
    return tuple(
        TopicTerm(topic=t, level=SharingLevel.FULL if rng.random() < 0.6 else SharingLevel.HIT)
        for t in topics
    )


def build_agreements(
    rng: Random, agencies: list[AgencySpec], as_of: date
) -> tuple[list[AgreementSpec], list[tuple[str, str]]]:
    """Bilateral agreements (some expired, some ending later), one council agreement covering
    most agencies, and the one or two bilateral agreements that are suspended."""
    operational = [a for a in agencies if a.kind is not AgencyKind.SECRETARIAT]
    pairs: dict[tuple[str, str], None] = {}
    for agency in operational:
        others = [o for o in operational if o.code != agency.code]
        for partner in rng.sample(others, rng.randint(1, 3)):
            first, second = sorted((agency.code, partner.code))
            pairs[first, second] = None
    agreements: list[AgreementSpec] = []
    for first, second in pairs:
        roll = rng.random()
        if roll < 0.15:  # expired
            start = date(rng.randint(2010, 2018), rng.randint(1, 12), 1)
            end: date | None = start + timedelta(days=rng.randint(2, 5) * 365)
        else:
            start = date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
            end = as_of + timedelta(days=rng.randint(1, 4) * 365) if roll < 0.35 else None
        agreements.append(
            AgreementSpec(
                code=f"BI-{first}-{second}",
                title=f"{first} and {second}: cooperation against terrorism and extremism",
                parties=(first, second),
                terms=_terms(rng),
                valid_from=min(start, as_of),
                valid_to=end,
            )
        )
    council = [a.code for a in agencies if a.kind is AgencyKind.SECRETARIAT or rng.random() < 0.85]
    agreements.append(
        AgreementSpec(
            code="COUNCIL-CT",
            title="Council of Heads of Services: counter-terrorism information exchange",
            parties=tuple(council),
            terms=(
                TopicTerm(topic=Topic.TERRORISM, level=SharingLevel.FULL),
                TopicTerm(topic=Topic.EXTREMISM, level=SharingLevel.FULL),
                TopicTerm(topic=Topic.FOREIGN_FIGHTERS, level=SharingLevel.FULL),
                TopicTerm(topic=Topic.TERRORIST_FINANCING, level=SharingLevel.HIT),
                TopicTerm(topic=Topic.ILLEGAL_MIGRATION, level=SharingLevel.HIT),
                TopicTerm(topic=Topic.WEAPONS_SMUGGLING, level=SharingLevel.HIT),
            ),
            valid_from=date(2016, 1, 1),
        )
    )
    current = [
        a for a in agreements[:-1] if a.valid_to is None or a.valid_to > as_of
    ]  # fmt: skip
    suspended = [
        (a.code, rng.choice(_SUSPENSION_REASONS))
        for a in rng.sample(current, min(len(current), rng.randint(1, 2)))
    ]
    return agreements, suspended


_COUNTRY_ORIGIN = {
    "RU": Origin.RUSSIAN, "BY": Origin.RUSSIAN, "AM": Origin.RUSSIAN, "UA": Origin.UKRAINIAN,
    "KZ": Origin.KAZAKH, "UZ": Origin.UZBEK, "KG": Origin.KYRGYZ, "TJ": Origin.TAJIK,
    "AZ": Origin.AZERBAIJANI, "TR": Origin.TURKISH, "SA": Origin.ARABIC, "EG": Origin.ARABIC,
    "JO": Origin.ARABIC, "AE": Origin.ARABIC,
}  # fmt: skip
_CLEARANCE = {
    Role.HUB_ADMIN: Classification.SECRET,
    Role.AGENCY_ADMIN: Classification.CONFIDENTIAL,
    Role.ANALYST: Classification.SECRET,
    Role.SCREENING_OFFICER: Classification.RESTRICTED,
    Role.LIAISON_OFFICER: Classification.CONFIDENTIAL,
    Role.AUDITOR: Classification.SECRET,
}


def _display_name(rng: Random, country: str | None) -> str:
    origin = _COUNTRY_ORIGIN.get(country or "", Origin.WESTERN)
    draft = build_person(origin, rng, rng.random() < 0.3)
    return render(draft, draft.primary_system, family_first=False)


def build_users(rng: Random, agencies: list[AgencySpec]) -> list[UserSpec]:
    """A few users per agency: an admin, analysts, screening officers, often a liaison officer
    and an auditor; one hub administrator at the secretariat."""
    users: list[UserSpec] = []
    for agency in agencies:
        roles: list[tuple[Role, ...]] = [(Role.AGENCY_ADMIN,)]
        if agency.kind is AgencyKind.SECRETARIAT:
            roles.insert(0, (Role.HUB_ADMIN,))
            roles.append((Role.AUDITOR,))
        else:
            roles += [(Role.ANALYST,)] * rng.randint(1, 2)
            roles += [(Role.SCREENING_OFFICER,)] * rng.randint(1, 2)
            if rng.random() < 0.7:
                roles.append((Role.LIAISON_OFFICER,))
            elif rng.random() < 0.5:
                roles.append((Role.ANALYST, Role.LIAISON_OFFICER))
            if rng.random() < 0.5:
                roles.append((Role.AUDITOR,))
        seen: dict[str, int] = {}
        for user_roles in roles:
            role = user_roles[0].value
            seen[role] = seen.get(role, 0) + 1
            username = "hub.admin" if role == "hub_admin" else f"{agency.code.lower()}.{role}"
            if seen[role] > 1:
                username += str(seen[role])
            users.append(
                UserSpec(
                    username=username,
                    agency=agency.code,
                    display_name=_display_name(rng, agency.country),
                    roles=user_roles,
                    clearance=max((_CLEARANCE[r] for r in user_roles), key=lambda c: c.rank).value,
                )
            )
    return users

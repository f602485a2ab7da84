"""Controlled vocabularies shared across the domain: topics, handling codes, classifications."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """What an agreement covers and what a subject concerns."""

    TERRORISM = "terrorism"
    EXTREMISM = "extremism"
    FOREIGN_FIGHTERS = "foreign_fighters"
    ILLEGAL_MIGRATION = "illegal_migration"
    WEAPONS_SMUGGLING = "weapons_smuggling"
    NUCLEAR_SMUGGLING = "nuclear_smuggling"
    DRUG_TRAFFICKING = "drug_trafficking"
    TERRORIST_FINANCING = "terrorist_financing"
    CYBERCRIME = "cybercrime"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"
    # Listed under a sanctions regime that is not itself counter-terrorism (DPRK, Iran, ...).
    SANCTIONS = "sanctions"


class Priority(StrEnum):
    """How soon a request for information must be answered (see ``domain.requests``)."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"


class SharingLevel(StrEnum):
    """How much a partner may learn about a subject under an agreement topic."""

    FULL = "full"
    # Blind hit/no-hit: the partner learns that a match exists, the owner and a reference.
    HIT = "hit"


class HandlingCode(StrEnum):
    """Originator control, as in police information exchange."""

    H0 = "H0"  # use for the agreed purpose
    H1 = "H1"  # not for court without the owner's consent
    H2 = "H2"  # no onward dissemination without consent
    H3 = "H3"  # other restrictions, stated in free text


class Classification(StrEnum):
    """Security classification, lowest first; compare with ``rank``."""

    UNCLASSIFIED = "unclassified"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"

    @property
    def rank(self) -> int:
        return list(Classification).index(self)


class Category(StrEnum):
    """Why a subject is on the watchlist."""

    SUSPECT = "suspect"
    FOREIGN_FIGHTER = "foreign_fighter"
    FACILITATOR = "facilitator"
    FINANCIER = "financier"
    WANTED = "wanted"
    SANCTIONED = "sanctioned"
    MEMBER = "member"
    ORGANISATION = "organisation"

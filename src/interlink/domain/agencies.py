"""Agencies, their users, and the agreements between them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interlink.domain.codes import Priority, SharingLevel, Topic
from interlink.domain.countries import is_country_code


class AgencyKind(StrEnum):
    SECURITY = "security"
    POLICE = "police"
    BORDER_GUARD = "border_guard"
    CUSTOMS = "customs"
    FINANCIAL_INTELLIGENCE = "financial_intelligence"
    INTELLIGENCE = "intelligence"
    # A public list's publisher (UN Security Council, OFAC, the EU): owns imported list entries.
    LIST_AUTHORITY = "list_authority"
    # A council's secretariat or a hub operator.
    SECRETARIAT = "secretariat"


class Role(StrEnum):
    HUB_ADMIN = "hub_admin"
    AGENCY_ADMIN = "agency_admin"
    ANALYST = "analyst"
    SCREENING_OFFICER = "screening_officer"
    LIAISON_OFFICER = "liaison_officer"
    AUDITOR = "auditor"


class AgreementKind(StrEnum):
    BILATERAL = "bilateral"
    MULTILATERAL = "multilateral"


Code = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{1,31}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgencySpec(_Model):
    """An agency as created: a short code, its name, kind and country.

    ``country`` is ISO 3166 alpha-2; international bodies (the UN) have none.
    """

    code: Code
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: AgencyKind
    country: str | None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not is_country_code(value):
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return value


class UserSpec(_Model):
    username: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")]
    agency: Code
    display_name: str
    roles: tuple[Role, ...] = Field(min_length=1)
    # Highest classification the user may see; compared by Classification.rank.
    clearance: str = "restricted"


class TopicTerm(_Model):
    """One topic an agreement covers, at one sharing level."""

    topic: Topic
    level: SharingLevel


class AgreementSpec(_Model):
    """An agreement between two or more agencies, dated and suspendable."""

    code: Code
    title: Annotated[str, Field(min_length=1, max_length=300)]
    parties: tuple[Code, ...] = Field(min_length=2)
    terms: tuple[TopicTerm, ...] = Field(min_length=1)
    valid_from: date
    valid_to: date | None = None
    # Hours the parties give each other to answer a request, per priority; the defaults
    # (``domain.requests.DEFAULT_RESPONSE_HOURS``) for the priorities left out.
    response_hours: dict[Priority, Annotated[int, Field(ge=1, le=24 * 365)]] = Field(
        default_factory=dict
    )

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if len(set(self.parties)) != len(self.parties):
            raise ValueError("an agency is named twice among the parties")
        topics = [t.topic for t in self.terms]
        if len(set(topics)) != len(topics):
            raise ValueError("a topic is listed twice; each topic has one sharing level")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    @property
    def kind(self) -> AgreementKind:
        return AgreementKind.BILATERAL if len(self.parties) == 2 else AgreementKind.MULTILATERAL

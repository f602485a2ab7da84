"""The subject record: a person or organisation on the shared watchlist.

``SubjectRecord`` is the one canonical form. Every list reader (UN, OFAC, EU, JSONL, CSV) yields
it, the store writes it, ``export jsonl`` writes it back. Its JSON form is the project's JSONL
schema (docs/formats.md).

Identity: ``uid`` is stable across re-imports ("un:QDi.006", "ofac:306", or the caller's own id),
so importing a file again updates records in place.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from rigour.text.scripts import text_scripts

from interlink.domain import dates
from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.countries import is_country_code


class SubjectKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    # The name as written in its own script (NAME_ORIGINAL_SCRIPT, an EU nameAlias in Cyrillic).
    ORIGINAL_SCRIPT = "original_script"
    # A low-quality alias or nom de guerre: too common to alert on by itself.
    WEAK_ALIAS = "weak_alias"
    PREVIOUS = "previous"


class NamePartKind(StrEnum):
    GIVEN = "given"
    SECOND = "second"
    THIRD = "third"
    FOURTH = "fourth"
    MIDDLE = "middle"
    FAMILY = "family"
    PATRONYMIC = "patronymic"
    MATRONYMIC = "matronymic"
    TITLE = "title"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class BirthDateKind(StrEnum):
    FULL = "full"
    YEAR_MONTH = "year_month"
    YEAR = "year"
    RANGE = "range"
    APPROXIMATE = "approximate"


class DocumentType(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    VISA = "visa"
    RESIDENCE_PERMIT = "residence_permit"
    DRIVING_LICENCE = "driving_licence"
    TAX_ID = "tax_id"
    REGISTRATION = "registration"
    OTHER = "other"


class DocumentFlag(StrEnum):
    REPORTED_LOST = "reported_lost"
    KNOWN_FALSE = "known_false"
    REVOKED = "revoked"
    EXPIRED = "expired"
    DIPLOMATIC = "diplomatic"


class LinkKind(StrEnum):
    ASSOCIATE = "associate"
    MEMBER_OF = "member_of"
    LEADER_OF = "leader_of"
    FAMILY = "family"
    OWNER_OF = "owner_of"
    LINKED_TO = "linked_to"


def _clean(value: str) -> str:
    """Fold runs of white space (lists break long names over lines) and trim."""
    return " ".join(value.split())


Text = Annotated[str, Field(min_length=1, max_length=1000)]


_E = TypeVar("_E", bound=StrEnum)


def _sorted_unique(values: tuple[_E, ...]) -> tuple[_E, ...]:
    return tuple(sorted(set(values)))


# Sets are kept as sorted tuples so that a record's JSON, and so its content hash, is the same in
# every process (frozenset order follows the per-process string hash seed).
Flags = Annotated[tuple[DocumentFlag, ...], AfterValidator(_sorted_unique)]
Categories = Annotated[tuple[Category, ...], AfterValidator(_sorted_unique)]
Topics = Annotated[tuple[Topic, ...], AfterValidator(_sorted_unique)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Provenance(_Model):
    """Who added a name or document, when, and from which source."""

    added_by: str | None = None
    added_at: datetime | None = None
    source: str | None = None


class NamePart(_Model):
    kind: NamePartKind
    value: Text

    @field_validator("value")
    @classmethod
    def _fold(cls, value: str) -> str:
        return _clean(value)


def detect_script(text: str) -> str:
    """The script a name is written in: 'Latin', 'Cyrillic', 'Arabic', ..., 'Mixed' or 'Common'."""
    scripts = sorted(text_scripts(text))
    if not scripts:
        return "Common"
    if len(scripts) == 1:
        return scripts[0]
    return "Mixed"


class Name(_Model):
    full: Text
    kind: NameKind = NameKind.PRIMARY
    # Detected from ``full`` when not given; a reader never needs to set it.
    script: str = ""
    lang: str | None = None
    parts: tuple[NamePart, ...] = ()
    provenance: Provenance = Provenance()

    @field_validator("full")
    @classmethod
    def _fold(cls, value: str) -> str:
        folded = _clean(value)
        if not folded:
            raise ValueError("a name cannot be blank")
        return folded

    @model_validator(mode="after")
    def _script(self) -> Self:
        if not self.script:
            object.__setattr__(self, "script", detect_script(self.full))
        return self


class BirthDate(_Model):
    """A birth date as precise as the source: full, year-month, year, a range, or approximate.

    ``value`` is an ISO prefix; ``value_to`` closes a range; an approximate date carries the
    value it is near.
    """

    kind: BirthDateKind
    value: str
    value_to: str | None = None
    note: str | None = None

    @field_validator("value", "value_to")
    @classmethod
    def _check(cls, value: str | None) -> str | None:
        return None if value is None else dates.parse_partial_date(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        expected = {"day": BirthDateKind.FULL, "month": BirthDateKind.YEAR_MONTH}.get(
            dates.precision(self.value), BirthDateKind.YEAR
        )
        if self.kind is BirthDateKind.RANGE:
            if self.value_to is None:
                raise ValueError("a range birth date needs value_to")
            if dates.earliest(self.value_to) < dates.earliest(self.value):
                raise ValueError(f"range {self.value}..{self.value_to} ends before it starts")
        elif self.value_to is not None:
            raise ValueError("only a range birth date has value_to")
        elif self.kind is not BirthDateKind.APPROXIMATE and self.kind is not expected:
            raise ValueError(f"{self.value!r} is a {expected.value} date, not {self.kind.value}")
        return self

    @classmethod
    def from_prefix(
        cls, prefix: str, *, approximate: bool = False, note: str | None = None
    ) -> Self:
        """A single date of whatever precision ``prefix`` has."""
        checked = dates.parse_partial_date(prefix)
        if approximate:
            return cls(kind=BirthDateKind.APPROXIMATE, value=checked, note=note)
        kind = {"day": BirthDateKind.FULL, "month": BirthDateKind.YEAR_MONTH}.get(
            dates.precision(checked), BirthDateKind.YEAR
        )
        return cls(kind=kind, value=checked, note=note)

    @property
    def earliest(self) -> date:
        return dates.earliest(self.value)

    @property
    def latest(self) -> date:
        return dates.latest(self.value_to or self.value)


class Place(_Model):
    """A place as lists write it: free text, with the parts known split out."""

    text: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not is_country_code(value):
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not (self.text or self.city or self.region or self.country):
            raise ValueError("a place needs at least one of text, city, region, country")
        return self


class Document(_Model):
    type: DocumentType
    number: Annotated[str, Field(min_length=1, max_length=200)]
    issuing_country: str | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    flags: Flags = ()
    note: str | None = None
    provenance: Provenance = Provenance()

    @field_validator("number")
    @classmethod
    def _fold(cls, value: str) -> str:
        folded = _clean(value)
        if not folded:
            raise ValueError("a document number cannot be blank")
        return folded

    @field_validator("issuing_country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not is_country_code(value):
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return value

    @property
    def normalised_number(self) -> str:
        """Upper-case letters and digits only: how the number is matched."""
        return normalise_document_number(self.number)


def normalise_document_number(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())


class Listing(_Model):
    """A sanctions or watchlist listing: who listed the subject, under what, when."""

    authority: Text
    program: str | None = None
    reference: str | None = None
    listed_on: date | None = None


class Link(_Model):
    """A directed link to another subject, named by its uid."""

    target: Text
    kind: LinkKind = LinkKind.LINKED_TO
    note: str | None = None


class SubjectRecord(_Model):
    """A person or organisation with everything the watchlist knows about it."""

    uid: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S+$")]
    kind: SubjectKind
    owner: str | None = None
    names: tuple[Name, ...] = Field(min_length=1)
    birth_dates: tuple[BirthDate, ...] = ()
    places_of_birth: tuple[Place, ...] = ()
    nationalities: tuple[str, ...] = ()
    gender: Gender | None = None
    documents: tuple[Document, ...] = ()
    addresses: tuple[Place, ...] = ()
    categories: Categories = ()
    topics: Topics = ()
    handling_code: HandlingCode = HandlingCode.H0
    # The free-text restriction an H3 code carries.
    handling_note: str | None = None
    classification: Classification = Classification.UNCLASSIFIED
    review_by: date | None = None
    listings: tuple[Listing, ...] = ()
    links: tuple[Link, ...] = ()
    notes: str | None = None

    @field_validator("nationalities")
    @classmethod
    def _countries(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not is_country_code(value):
                raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return tuple(dict.fromkeys(values))

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if not any(n.kind is NameKind.PRIMARY for n in self.names):
            raise ValueError("a subject needs a primary name")
        if self.kind is SubjectKind.ORGANIZATION and (self.birth_dates or self.gender):
            raise ValueError("an organization has no birth date or gender")
        if self.handling_code is HandlingCode.H3 and not self.handling_note:
            raise ValueError("handling code H3 needs handling_note stating the restriction")
        return self

    @property
    def primary_name(self) -> Name:
        return next(n for n in self.names if n.kind is NameKind.PRIMARY)

    def content_hash(self) -> str:
        """A digest of the record without provenance or owner: equal digests mean nothing changed.

        The owner is left out because it is stored, and checked, on its own: a record imported
        with a default owner and exported naming that owner is the same record.
        """
        payload = self.model_dump_json(
            exclude={
                "owner": True,
                "names": {"__all__": {"provenance"}},
                "documents": {"__all__": {"provenance"}},
            },
        )
        return hashlib.sha256(payload.encode()).hexdigest()

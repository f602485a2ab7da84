"""The API's request and response bodies (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from interlink.domain.agencies import Code, Role, UserSpec
from interlink.domain.codes import Classification

Purpose = Annotated[
    str, Field(min_length=3, max_length=500, description="Why you ask: recorded in the audit log.")
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL stores no NUL in text, and no name, purpose or password needs one.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("the NUL character (\\u0000) is not allowed")
        return value


class LoginIn(_In):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class TokenCreate(_In):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    days: Annotated[int | None, Field(ge=1, le=365, strict=True)] = None
    # Another user of your agency (agency admins); yourself when left out.
    username: Annotated[str | None, Field(max_length=64)] = None


class TokenPublic(BaseModel):
    id: int
    username: str
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    state: str


class TokenIssued(BaseModel):
    token: Annotated[str, Field(description="Shown this once; send it as `Authorization: Bearer`.")]
    details: TokenPublic


def _each_once(roles: list[Role]) -> list[Role]:
    if len(set(roles)) < len(roles):
        raise ValueError("name each role once")
    return roles


class UserCreate(_In):
    username: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")]
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    roles: Annotated[
        list[Role],
        Field(min_length=1, json_schema_extra={"uniqueItems": True}),
        AfterValidator(_each_once),
    ]
    clearance: Classification = Classification.RESTRICTED
    # Another agency (hub admins only); your own when left out.
    agency: Code | None = None
    password: Annotated[str | None, Field(min_length=12, max_length=1024)] = None

    def to_spec(self, own_agency: str) -> UserSpec:
        """The user to create: of ``agency``, else of ``own_agency`` (the creator's)."""
        return UserSpec(
            username=self.username,
            agency=self.agency or own_agency,
            display_name=self.display_name,
            roles=tuple(self.roles),
            clearance=self.clearance.value,
        )


class UserPublic(BaseModel):
    username: str
    agency: str
    display_name: str
    roles: list[Role]
    clearance: str


class AgencyPublic(BaseModel):
    code: str
    name: str
    kind: str
    country: str | None
    four_eyes: Annotated[
        bool, Field(description="Answers under H2 or H3 wait for a second officer's release")
    ]


class AgencyUpdate(_In):
    four_eyes: bool


class SearchIn(_In):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    birth_date: Annotated[
        str | None, Field(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None
    nationality: Annotated[str | None, Field(min_length=2, max_length=2)] = None
    gender: Annotated[str | None, Field(pattern="^(male|female|other)$")] = None
    # Strict: a number, not ``true`` or ``"0.5"`` read as one.
    top: Annotated[int, Field(ge=1, le=100, strict=True)] = 10
    threshold: Annotated[float, Field(ge=0.0, le=1.0, strict=True)] = 0.0
    purpose: Purpose


class HitIn(_In):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    birth_date: Annotated[str | None, Field(max_length=10)] = None
    nationality: Annotated[str | None, Field(min_length=2, max_length=2)] = None
    gender: Annotated[str | None, Field(pattern="^(male|female|other)$")] = None
    purpose: Purpose


class ResultPublic(BaseModel):
    """A match. At ``hit`` only the level, the owner and the reference are given."""

    level: str
    owner: str
    reference: str
    uid: str | None = None
    score: float | None = None
    name: str | None = None
    explanation: dict[str, Any] | None = None


class SearchOut(BaseModel):
    results: list[ResultPublic]


class HitOut(BaseModel):
    hit: bool
    results: list[ResultPublic]


class SubjectItem(BaseModel):
    uid: str
    owner: str | None
    kind: str
    primary_name: str


class SubjectPage(BaseModel):
    items: list[SubjectItem]
    limit: int
    offset: int


class AccessPublic(BaseModel):
    seq: int
    at: datetime
    username: str | None
    agency: str | None
    action: str
    object_type: str | None
    object_ref: str | None
    purpose: str | None


class Problem(BaseModel):
    """Every error: what went wrong, in words a person can act on."""

    detail: str

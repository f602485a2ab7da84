"""Tiny factories for matching tests: ``person("Александр Бортников", dob="1951")``."""

from __future__ import annotations

from interlink.domain.subjects import (
    BirthDate,
    Document,
    DocumentType,
    Gender,
    Name,
    NameKind,
    SubjectKind,
    SubjectRecord,
)


def person(
    primary: str,
    *aliases: str,
    uid: str | None = None,
    dob: str | None = None,
    nationality: str | None = None,
    gender: str | None = None,
    passport: str | None = None,
    weak: tuple[str, ...] = (),
) -> SubjectRecord:
    """A person with a primary name, aliases, weak aliases and optional facts."""
    names = [Name(full=primary)]
    names += [Name(full=a, kind=NameKind.ALIAS) for a in aliases]
    names += [Name(full=w, kind=NameKind.WEAK_ALIAS) for w in weak]
    return SubjectRecord(
        uid=uid or "t:" + "-".join(primary.lower().split()),
        kind=SubjectKind.PERSON,
        names=tuple(names),
        birth_dates=(BirthDate.from_prefix(dob),) if dob else (),
        nationalities=(nationality,) if nationality else (),
        gender=Gender(gender) if gender else None,
        documents=(Document(type=DocumentType.PASSPORT, number=passport),) if passport else (),
    )


def organisation(primary: str, *aliases: str, uid: str | None = None) -> SubjectRecord:
    """An organisation with a primary name and aliases."""
    names = [Name(full=primary)] + [Name(full=a, kind=NameKind.ALIAS) for a in aliases]
    return SubjectRecord(
        uid=uid or "t:" + "-".join(primary.lower().split()),
        kind=SubjectKind.ORGANIZATION,
        names=tuple(names),
    )

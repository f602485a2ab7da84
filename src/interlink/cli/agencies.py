"""``init``, ``agency add|list`` and ``agreement add|list|suspend``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

import pydantic
import typer

from interlink.cli.context import console, reported, state, table
from interlink.domain.agencies import AgencyKind, AgencySpec, AgreementSpec, TopicTerm
from interlink.domain.codes import Priority, SharingLevel, Topic
from interlink.domain.requests import DEFAULT_RESPONSE_HOURS
from interlink.exc import ValidationError

_M = TypeVar("_M", bound=pydantic.BaseModel)

agency_app = typer.Typer(
    help="Agencies: the services that share the watchlist.", no_args_is_help=True
)
agreement_app = typer.Typer(
    help="Agreements: which topics agencies share, and how much.", no_args_is_help=True
)


def init(ctx: typer.Context) -> None:
    """Create the database, or bring its schema to the newest version."""
    with reported():
        db = state(ctx).database()
        console.print(f"database ready: {db.url}")


def _spec(model: type[_M], **fields: object) -> _M:
    try:
        return model.model_validate(fields)
    except pydantic.ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValidationError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


@agency_app.command("add")
def agency_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short unique code, e.g. KZ-KNB.")],
    name: Annotated[str, typer.Option(help="Full name of the service.")],
    kind: Annotated[AgencyKind, typer.Option(help="What kind of service it is.")],
    country: Annotated[
        str | None, typer.Option(help="ISO 3166 alpha-2 code; none for international bodies.")
    ] = None,
) -> None:
    """Add an agency."""
    with reported():
        spec = _spec(AgencySpec, code=code, name=name, kind=kind, country=country)
        with state(ctx).database().uow() as uow:
            agency = uow.agencies.add(spec)
        console.print(f"added agency {agency.code} ({agency.name})")


@agency_app.command("list")
def agency_list(ctx: typer.Context) -> None:
    """List agencies."""
    with reported(), state(ctx).database().uow() as uow:
        rows = uow.agencies.all()
    out = table("code", "name", "kind", "country")
    for a in rows:
        out.add_row(a.code, a.name, a.kind.value, a.country or "-")
    console.print(out)


def _terms(values: list[str]) -> list[TopicTerm]:
    terms = []
    for value in values:
        topic, _, level = value.partition("=")
        try:
            terms.append(TopicTerm(topic=Topic(topic), level=SharingLevel(level or "full")))
        except ValueError:
            topics = ", ".join(t.value for t in Topic)
            raise ValidationError(
                f"--topic {value!r}: write TOPIC=full or TOPIC=hit; topics are {topics}"
            ) from None
    return terms


_DEFAULTS = "Left out: " + ", ".join(f"{p.value}={h}" for p, h in DEFAULT_RESPONSE_HOURS.items())


def _response_hours(values: list[str]) -> dict[str, str]:
    """``PRIORITY=HOURS`` values as the agreement's ``response_hours`` (checked by the spec)."""
    hours: dict[str, str] = {}
    for value in values:
        priority, _, given = value.partition("=")
        priority = priority.strip().lower()
        if priority not in {p.value for p in Priority} or not given.strip():
            priorities = ", ".join(p.value for p in Priority)
            raise ValidationError(
                f"--response-hours {value!r}: write PRIORITY=HOURS; priorities are {priorities}"
            )
        if priority in hours:
            raise ValidationError(f"--response-hours: {priority} is given twice")
        hours[priority] = given.strip()
    return hours


@agreement_app.command("add")
def agreement_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Short unique code, e.g. KZ-DE-2026.")],
    title: Annotated[str, typer.Option(help="Title of the agreement.")],
    party: Annotated[list[str], typer.Option(help="An agency code; repeat for each party.")],
    topic: Annotated[
        list[str], typer.Option(help="TOPIC=full or TOPIC=hit; repeat for each topic.")
    ],
    valid_from: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day in force (today).")
    ] = None,
    valid_to: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day in force (open).")
    ] = None,
    response_hours: Annotated[
        list[str] | None,
        typer.Option(help=f"PRIORITY=HOURS: hours to answer a request; repeat. {_DEFAULTS}."),
    ] = None,
) -> None:
    """Add an agreement between two agencies (bilateral) or more (multilateral)."""
    with reported():
        spec = _spec(
            AgreementSpec,
            code=code,
            title=title,
            parties=party,
            terms=_terms(topic),
            valid_from=valid_from.date() if valid_from else date.today(),
            valid_to=valid_to.date() if valid_to else None,
            response_hours=_response_hours(response_hours or []),
        )
        with state(ctx).database().uow() as uow:
            agreement = uow.agreements.add(spec)
        console.print(
            f"added {agreement.kind.value} agreement {agreement.code}: "
            f"{', '.join(agreement.parties)}"
        )


@agreement_app.command("suspend")
def agreement_suspend(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The agreement's code.")],
    reason: Annotated[str, typer.Option(help="Why it is suspended.")],
) -> None:
    """Suspend an agreement: nothing is shared under it until it is lifted."""
    with reported(), state(ctx).database().uow() as uow:
        uow.agreements.suspend(code, reason, datetime.now(UTC))
    console.print(f"suspended {code}")


@agreement_app.command("list")
def agreement_list(
    ctx: typer.Context,
    agency: Annotated[str | None, typer.Option(help="Only agreements of this agency.")] = None,
) -> None:
    """List agreements with their parties, topics and validity."""
    with reported(), state(ctx).database().uow() as uow:
        rows = uow.agreements.all(agency)
    today = date.today()
    out = table("code", "kind", "parties", "topics", "valid", "status")
    for a in rows:
        status = "suspended" if a.suspended_at else ("in force" if a.in_force(today) else "lapsed")
        out.add_row(
            a.code,
            a.kind.value,
            "\n".join(a.parties),
            "\n".join(f"{t.topic.value}={t.level.value}" for t in a.terms),
            f"{a.valid_from} .. {a.valid_to or ''}",
            status,
        )
    console.print(out)

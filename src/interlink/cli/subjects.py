"""``subject add|show|list``."""

from __future__ import annotations

import sys
import uuid
from datetime import datetime
from typing import Annotated

import typer

from interlink.cli.context import console, reported, state, table
from interlink.domain.codes import Category, Classification, HandlingCode, Topic
from interlink.domain.subjects import (
    BirthDate,
    Document,
    Gender,
    Name,
    NameKind,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError, Location
from interlink.formats.base import build_record
from interlink.formats.jsonl import write_jsonl
from interlink.services.importing import import_subjects

subject_app = typer.Typer(
    help="Subjects: persons and organisations on the watchlist.", no_args_is_help=True
)


def _document(value: str) -> Document:
    doc_type, _, rest = value.partition(":")
    number, _, country = rest.partition(":")
    return Document.model_validate(
        {"type": doc_type, "number": number, "issuing_country": country or None}
    )


@subject_app.command("add")
def subject_add(
    ctx: typer.Context,
    owner: Annotated[str, typer.Option(help="Code of the owning agency.")],
    name: Annotated[str, typer.Option(help="Primary name, in any script.")],
    kind: Annotated[SubjectKind, typer.Option(help="person or organization.")] = SubjectKind.PERSON,
    alias: Annotated[list[str] | None, typer.Option(help="An alias; repeatable.")] = None,
    original: Annotated[
        list[str] | None, typer.Option(help="The name in its original script; repeatable.")
    ] = None,
    weak_alias: Annotated[
        list[str] | None, typer.Option(help="A weak alias or nom de guerre; repeatable.")
    ] = None,
    dob: Annotated[
        list[str] | None, typer.Option(help="Birth date: 1971-05-03, 1971-05 or 1971; repeatable.")
    ] = None,
    nationality: Annotated[
        list[str] | None, typer.Option(help="ISO 3166 alpha-2 code; repeatable.")
    ] = None,
    gender: Annotated[Gender | None, typer.Option(help="male, female or other.")] = None,
    document: Annotated[
        list[str] | None,
        typer.Option(help="TYPE:NUMBER[:COUNTRY], e.g. passport:7512345:RU; repeatable."),
    ] = None,
    topic: Annotated[list[Topic] | None, typer.Option(help="A topic; repeatable.")] = None,
    category: Annotated[list[Category] | None, typer.Option(help="A category; repeatable.")] = None,
    handling: Annotated[HandlingCode, typer.Option(help="Handling code.")] = HandlingCode.H0,
    handling_note: Annotated[
        str | None, typer.Option(help="The restriction an H3 code carries.")
    ] = None,
    classification: Annotated[
        Classification, typer.Option(help="Security classification.")
    ] = Classification.RESTRICTED,
    review_by: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date to review the entry by.")
    ] = None,
    uid: Annotated[str | None, typer.Option(help="Stable id; generated when absent.")] = None,
) -> None:
    """Add a subject owned by an agency."""
    with reported():
        where = Location("subject add")
        names = [Name(full=name, kind=NameKind.PRIMARY)]
        for values, kind_ in (
            (alias, NameKind.ALIAS),
            (original, NameKind.ORIGINAL_SCRIPT),
            (weak_alias, NameKind.WEAK_ALIAS),
        ):
            names += [Name(full=v, kind=kind_) for v in values or []]
        try:
            documents = [_document(d) for d in document or []]
            birth_dates = [BirthDate.from_prefix(d) for d in dob or []]
        except ValueError as error:
            raise FormatError(where, str(error).splitlines()[-1]) from None
        record = build_record(
            where,
            {
                "uid": uid or f"{owner.lower()}:{uuid.uuid4().hex[:12]}",
                "kind": kind,
                "names": names,
                "birth_dates": birth_dates,
                "nationalities": nationality or [],
                "gender": gender,
                "documents": documents,
                "topics": topic or [],
                "categories": category or [],
                "handling_code": handling,
                "handling_note": handling_note,
                "classification": classification,
                "review_by": review_by.date() if review_by else None,
            },
        )
        summary = import_subjects(
            state(ctx).database(), [record], owner=owner, actor=f"cli:{owner}"
        )
    verb = "added" if summary.added else "updated"
    console.print(f"{verb} subject {record.uid}")


@subject_app.command("show")
def subject_show(
    ctx: typer.Context,
    uid: Annotated[str, typer.Argument(help="The subject's uid.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSONL record.")] = False,
) -> None:
    """Show one subject with its names by script, dates, documents and provenance."""
    with reported(), state(ctx).database().uow() as uow:
        record = uow.subjects.get(uid)
    if as_json:
        write_jsonl([record], sys.stdout)
        return
    _print_record(record)


def _print_record(record: SubjectRecord) -> None:
    console.print(f"[bold]{record.primary_name.full}[/bold]  {record.uid}  ({record.kind.value})")
    console.print(
        f"owner {record.owner}  handling {record.handling_code.value}"
        f"{' (' + record.handling_note + ')' if record.handling_note else ''}"
        f"  classification {record.classification.value}  review by {record.review_by or '-'}"
    )
    names = table("script", "kind", "name", "added by", "added at", "source", title="names")
    for n in sorted(record.names, key=lambda n: (n.script, n.kind.value)):
        p = n.provenance
        names.add_row(
            n.script,
            n.kind.value,
            n.full,
            p.added_by or "-",
            f"{p.added_at:%Y-%m-%d %H:%M}" if p.added_at else "-",
            p.source or "-",
        )
    console.print(names)
    facts = table("fact", "value", show_header=False, title="facts")
    for bd in record.birth_dates:
        value = f"{bd.value}..{bd.value_to}" if bd.value_to else bd.value
        facts.add_row("birth date", f"{value} ({bd.kind.value})")
    for place in record.places_of_birth:
        facts.add_row("born in", ", ".join(filter(None, [place.text, place.city, place.country])))
    if record.nationalities:
        facts.add_row("nationality", ", ".join(record.nationalities))
    if record.gender:
        facts.add_row("gender", record.gender.value)
    if record.topics:
        facts.add_row("topics", ", ".join(t.value for t in record.topics))
    if record.categories:
        facts.add_row("categories", ", ".join(c.value for c in record.categories))
    for listing in record.listings:
        facts.add_row(
            "listed",
            " ".join(filter(None, [listing.authority, listing.program, listing.reference]))
            + (f" on {listing.listed_on}" if listing.listed_on else ""),
        )
    for link in record.links:
        facts.add_row("link", f"{link.kind.value} {link.target}")
    console.print(facts)
    if record.documents:
        docs = table("type", "number", "country", "flags", "source", title="documents")
        for d in record.documents:
            docs.add_row(
                d.type.value,
                d.number,
                d.issuing_country or "-",
                ", ".join(f.value for f in d.flags) or "-",
                d.provenance.source or "-",
            )
        console.print(docs)
    if record.notes:
        console.print(f"notes: {record.notes}", soft_wrap=True)


@subject_app.command("list")
def subject_list(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option(help="Only subjects of this agency.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many to show.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="How many to skip.")] = 0,
) -> None:
    """List subjects, oldest first."""
    with reported(), state(ctx).database().uow() as uow:
        rows = uow.subjects.summaries(owner=owner, limit=limit, offset=offset)
        total = uow.subjects.count()
    out = table("uid", "kind", "primary name", "owner", "code", "class.")
    for s in rows:
        out.add_row(s.uid, s.kind.value, s.primary_name, s.owner, s.handling_code, s.classification)
    console.print(out)
    console.print(f"{len(rows)} shown of {total}")

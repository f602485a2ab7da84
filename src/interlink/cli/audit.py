"""``interlink audit verify|keygen|checkpoint|report``: the audit log from the command line."""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from interlink.audit import (
    AuditAction,
    NewEvent,
    checkpoint_to_json,
    format_time,
    generate_keys,
    key_id,
    load_private_key,
    load_public_key,
    read_checkpoint,
    sign_checkpoint,
    verify,
    write_checkpoint,
)
from interlink.cli.context import console, errors, reported, state, table
from interlink.exc import ValidationError
from interlink.services.auditing import access_csv, check_signatures, verify_log
from interlink.store.repositories.audit import Access

audit_app = typer.Typer(
    help="The audit log: verify its chain, sign checkpoints, report who accessed what.",
    no_args_is_help=True,
)


def operator() -> str:
    """The audit log's name for whoever runs the command: the CLI has no login of its own."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = "unknown"
    return f"cli:{name}"[:64]


@audit_app.command("verify")
def verify_command(
    ctx: typer.Context,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            help="A checkpoint file held by a partner; repeat for each.",
            metavar="FILE",
            dir_okay=False,
        ),
    ] = None,
    public_key: Annotated[
        list[Path] | None,
        typer.Option(
            help="The PEM public key that signed the checkpoints; repeat for each.",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Recompute the audit chain and compare it with checkpoints; exit 1 at the first fault.

    Stored checkpoints are compared too. With --public-key every checkpoint's signature must
    verify with one of the given keys; without it, signatures are not checked.
    """
    with reported():
        keys = {key_id(key): key for key in map(load_public_key, public_key or [])}
        held = [(str(path), read_checkpoint(path)) for path in checkpoint or []]
        with state(ctx).database().uow() as uow:
            check = verify_log(uow, datetime.now(UTC), held, keys)
    verdict = check.verdict
    if not verdict.ok:
        errors.print(str(verdict), markup=False, soft_wrap=True)
        raise typer.Exit(1)
    note = f", {check.signatures} signature(s) verified" if keys else ", signatures not checked"
    console.print(f"{verdict}{note}", markup=False, soft_wrap=True)


@audit_app.command("keygen")
def keygen(
    out: Annotated[Path, typer.Option(help="Directory for the key files.", file_okay=False)],
) -> None:
    """Make an Ed25519 key pair for signing checkpoints; never overwrites a key."""
    with reported():
        private, public = generate_keys(out)
        identity = key_id(load_public_key(public))
    console.print(
        f"private key: {private} (mode 0600; keep it off the database host)", markup=False
    )
    console.print(f"public key:  {public} (give it to partners with the checkpoints)", markup=False)
    console.print(f"key id:      {identity}")


@audit_app.command("checkpoint")
def checkpoint_command(
    ctx: typer.Context,
    key: Annotated[Path, typer.Option(help="The PEM private key to sign with.", dir_okay=False)],
    output: Annotated[
        Path | None,
        typer.Option(help="Write the checkpoint JSON here; standard output by default."),
    ] = None,
) -> None:
    """Verify the chain, sign its head, store the checkpoint and write it for partners.

    Refuses to sign a broken chain. Making a checkpoint is itself an audit event, the first one
    that the next checkpoint covers.
    """
    with reported():
        private = load_private_key(key)
        own = key_id(private.public_key())
        db = state(ctx).database()
        with db.uow() as uow:
            stored = [
                (f"the database's checkpoint at seq {c.seq}", c) for c in uow.audit.checkpoints()
            ]
            check_signatures([s for s in stored if s[1].key_id == own], {own: private.public_key()})
            verdict = verify(uow.audit.events(), [c for _, c in stored])
        if not verdict.ok:
            raise ValidationError(f"refusing to sign: {verdict}")
        if verdict.head_seq == 0:
            raise ValidationError("the audit log is empty: there is nothing to sign yet")
        made = sign_checkpoint(private, verdict.head_seq, verdict.head_hash, datetime.now(UTC))
        with db.uow() as uow:
            uow.audit.append(
                NewEvent(
                    AuditAction.CHECKPOINT,
                    username=operator(),
                    object_type="audit_log",
                    object_ref=str(made.seq),
                    detail={"hash": made.hash, "key_id": made.key_id},
                )
            )
            uow.audit.add_checkpoint(made)
            # Written before the commit: a file that cannot be written stores nothing.
            if output is not None:
                write_checkpoint(made, output)
    summary = f"signed checkpoint at seq {made.seq} (sha256 {made.hash[:16]}…) with key {own[:16]}…"
    if output is None:
        typer.echo(checkpoint_to_json(made), nl=False)
        errors.print(summary, markup=False)
    else:
        console.print(f"{summary}: {output}", markup=False)


def _write_csv(path: Path, rows: Iterable[Access]) -> int:
    count = 0

    def counted() -> Iterator[Access]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    with path.open("w", newline="", encoding="utf-8") as out:
        out.writelines(access_csv(counted()))
    return count


@audit_app.command("report")
def report(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option(help="The agency whose records were accessed.")],
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day (UTC) included.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day (UTC) included.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option(help="Write CSV here instead of printing a table.")
    ] = None,
) -> None:
    """Who accessed an agency's records: users of other agencies and its own, with purposes.

    The report is itself an audit event. CSV cells that a spreadsheet would run as a formula
    are prefixed with a single quote.
    """
    with reported():
        start = since.replace(tzinfo=UTC) if since else None
        end = (until + timedelta(days=1)).replace(tzinfo=UTC) if until else None
        if start and end and end <= start:
            raise ValidationError("--until is before --since")
        db = state(ctx).database()
        with db.uow() as uow:
            uow.agencies.get(agency)
        # Recorded before anything is disclosed, in its own transaction.
        with db.uow() as uow:
            uow.audit.append(
                NewEvent(
                    AuditAction.AUDIT_REPORT,
                    username=operator(),
                    object_type="agency",
                    object_ref=agency,
                    detail={
                        "since": format_time(start) if start else None,
                        "until": format_time(end) if end else None,
                    },
                )
            )
        with db.uow() as uow:
            if output is not None:
                count = _write_csv(output, uow.audit.accesses(agency, start, end))
                console.print(
                    f"{count} accesses to records of {agency} written to {output}", markup=False
                )
                return
            rows = list(uow.audit.accesses(agency, start, end))
    out = table("time (UTC)", "user", "agency", "action", "object", "purpose")
    for row in rows:
        out.add_row(
            row.at.strftime("%Y-%m-%d %H:%M:%S"),
            Text(row.username or "-"),
            Text(row.agency or "-"),
            Text(row.action),
            Text(f"{row.object_type or ''} {row.object_ref or ''}".strip() or "-"),
            Text(row.purpose or "-"),
        )
    console.print(out)
    others = sum(1 for row in rows if row.agency != agency)
    console.print(
        f"{len(rows)} accesses to records of {agency}, {others} by other agencies", markup=False
    )

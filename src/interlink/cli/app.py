"""The root command and its groups."""

from __future__ import annotations

from typing import Annotated

import pydantic
import typer

from interlink.cli import agencies, audit, demo, imports, reports, screening, serve, subjects
from interlink.cli.context import State, errors
from interlink.settings import Settings

app = typer.Typer(
    name="interlink",
    help="Interlink: a shared watchlist, screening and cooperation hub.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(agencies.agency_app, name="agency")
app.add_typer(agencies.agreement_app, name="agreement")
app.add_typer(subjects.subject_app, name="subject")
app.add_typer(imports.import_app, name="import")
app.add_typer(imports.export_app, name="export")
app.add_typer(audit.audit_app, name="audit")
app.add_typer(reports.report_app, name="report")
app.command("init")(agencies.init)
app.command("demo")(demo.demo)
app.command("screen")(screening.screen)
app.command("judge")(screening.judge)
app.command("serve")(serve.serve)


@app.callback()
def root(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            "-d",
            help="SQLAlchemy URL of the database; overrides INTERLINK_DATABASE_URL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Interlink: a shared watchlist, screening and cooperation hub."""
    try:
        settings = Settings()
    except pydantic.ValidationError as error:
        errors.print(f"error: the INTERLINK_ settings are invalid:\n{error}")
        raise typer.Exit(1) from None
    if database is not None:
        settings = settings.model_copy(update={"database_url": database})
    ctx.obj = State(settings)
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    app()

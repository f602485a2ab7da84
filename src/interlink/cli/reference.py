"""The README's CLI reference, generated from ``--help`` so that it cannot drift.

``python -m interlink.cli.reference README.md`` rewrites the block between the markers;
a test fails when the committed README differs from what this produces.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from interlink.cli.app import app

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def _paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path below ``command`` (a group's sub-commands are in ``.commands``)."""
    paths = [prefix]
    commands: dict[str, object] = getattr(command, "commands", {})
    for name in sorted(commands):
        paths += _paths(commands[name], (*prefix, name))
    return paths


def cli_reference() -> str:
    """Markdown: one section per command with its ``--help`` text."""
    runner = CliRunner()
    sections = []
    for path in _paths(typer.main.get_command(app)):
        result = runner.invoke(
            app, [*path, "--help"], env={"COLUMNS": "96", "NO_COLOR": "1", "TERM": "dumb"}
        )
        if result.exit_code != 0:
            raise RuntimeError(f"interlink {' '.join(path)} --help failed: {result.output}")
        body = "\n".join(line.rstrip() for line in result.output.strip().splitlines())
        sections.append(f"#### `{' '.join(('interlink', *path))}`\n\n```text\n{body}\n```\n")
    return "\n".join(sections)


def render(readme: str) -> str:
    """``readme`` with its reference block replaced by a freshly generated one."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the README lacks the {START} ... {END} markers")
    return f"{head}{START}\n{cli_reference()}\n{END}{tail}"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    target.write_text(render(target.read_text(encoding="utf-8")), encoding="utf-8")

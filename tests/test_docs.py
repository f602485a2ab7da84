"""Docs that cannot drift: the README's CLI reference and settings table match the code."""

from __future__ import annotations

from pathlib import Path

from interlink.cli.reference import render
from interlink.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_cli_reference_in_readme_is_current() -> None:
    assert render(README) == README, "the CLI reference is stale: run `make docs`"


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`INTERLINK_{name.upper()}`" in README, f"INTERLINK_{name.upper()} is undocumented"


def test_readme_names_the_two_commands_and_ci_calls_the_test_one() -> None:
    assert "make demo" in README
    assert "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_committed_openapi_document_is_current() -> None:
    from interlink.api.openapi import render

    committed = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert render() == committed, "docs/openapi.json is stale: run `make docs`"

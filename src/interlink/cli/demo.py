"""``interlink demo``: the main job on the embedded default.

Builds a demo hub in a SQLite file: a synthetic world (agencies of several kinds across
countries, bilateral agreements and a council, users, subjects whose names are planted in their
own script and several romanizations) plus the public UN list excerpt shipped with the package.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer

from interlink.auth import hash_password
from interlink.cli.context import State, console, reported, state, table
from interlink.cli.serve import run_server
from interlink.exc import Location
from interlink.formats.base import SourceRecord
from interlink.services.importing import import_file, import_records
from interlink.settings import DEMO_PASSWORD
from interlink.store import Database
from interlink.store.repositories.agencies import User


def _demo_database(st: State) -> Database:
    """The demo database: INTERLINK_DATABASE_URL when set, else a file under demo_dir."""
    if "database_url" in st.settings.model_fields_set:
        return st.database()
    path = st.settings.demo_dir / "interlink.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    st.close()
    st.settings = st.settings.model_copy(update={"database_url": f"sqlite:///{path}"})
    return st.database()


def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic world.")] = 2026,
    subjects: Annotated[
        int, typer.Option(min=0, max=1_000_000, help="How many synthetic subjects.")
    ] = 2000,
    serve: Annotated[
        bool, typer.Option(help="Serve the hub once built (at INTERLINK_HOST:INTERLINK_PORT).")
    ] = True,
) -> None:
    """Build the demo hub (a synthetic world plus the UN list excerpt, in SQLite), print its
    demo accounts, and serve it."""
    from interlink.formats.un import UN_AUTHORITY, read_un
    from interlink.services.world import generate_world

    st = state(ctx)
    with reported():
        started = time.perf_counter()
        db = _demo_database(st)
        world = generate_world(seed, subjects)
        with db.uow() as uow:
            for spec in world.agencies:
                uow.agencies.ensure(spec)
            # Every demo user has the published demo password; one hash serves them all (argon2id
            # at 64 MiB costs a tenth of a second per hash, and nothing here is secret).
            shared = hash_password(DEMO_PASSWORD)
            for user in world.users:
                uow.users.add(user, uow.agencies.get(user.agency), shared)
            for agreement in world.agreements:
                uow.agreements.add(agreement)
            for code, reason in world.suspended:
                uow.agreements.suspend(code, reason, datetime.now(UTC))
        spellings: list[str] = []  # held-out spellings of listed subjects, for the manifest

        def records() -> Iterator[SourceRecord]:
            for g in world.subjects():
                if g.held_out and len(spellings) < 4 and g.record.kind.value == "person":
                    spellings.append(g.held_out[0].text)
                yield SourceRecord(g.record, Location(f"demo world {seed}"))

        made = import_records(
            db,
            records(),
            fmt="demo",
            source=f"demo world, seed {seed}",
            sha256=hashlib.sha256(f"demo world {seed} {subjects}".encode()).hexdigest(),
            actor="demo",
        )
        with as_file(files("interlink.data") / "un_sc_consolidated_excerpt.xml") as un_path:
            listed = import_file(db, read_un(un_path), fmt="un", path=un_path, owner=UN_AUTHORITY)
        with db.uow() as uow:
            per_owner = uow.subjects.count_by_owner()
            agencies = {a.code: a for a in uow.agencies.all()}
            agreements = uow.agreements.all()
            users = uow.users.all()
    out = table("agency", "kind", "country", "subjects", title="the demo hub")
    for code, agency in agencies.items():
        out.add_row(code, agency.kind.value, agency.country or "-", str(per_owner.get(code, 0)))
    console.print(out)
    console.print(
        f"{len(agencies)} agencies, {len(agreements)} agreements, {len(users)} users, "
        f"{made.total} synthetic subjects and {listed.total} UN list entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    console.print(f"database: {st.settings.database_url}")
    _print_accounts(users)
    manifest = _write_manifest(st.settings.demo_dir, spellings, seed)
    console.print(
        "try:  export INTERLINK_DATABASE_URL=" + st.settings.database_url + "\n"
        "      interlink subject list --owner UN-SC\n"
        "      interlink subject show un:QDi.006\n"
        "      interlink agreement list\n"
        f"      a manifest to screen on the hub (POST /api/v1/screenings): {manifest}"
    )
    if serve:
        with reported():
            run_server(st.settings.model_copy(update={"demo": True}))


def _write_manifest(folder: Path, spellings: list[str], seed: int) -> Path:
    """A small traveller manifest (JSONL) for a screening run: listed people under other
    spellings, and travellers of another synthetic world, on no list."""
    from interlink.services.world import generate_world

    others = [g.record.primary_name.full for g in generate_world(seed + 1, 4).subjects()]
    travellers = [
        {"ref": f"DM{100 + n}/{n + 1}", "name": name}
        for n, name in enumerate([*spellings, "Ayman Muhammad Rabi al-Zawahiri", *others])
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.jsonl"
    path.write_text(
        "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in travellers), encoding="utf-8"
    )
    return path


def _print_accounts(users: list[User]) -> None:
    """A few demo accounts of agencies in different countries, one per role."""
    shown = table("user", "agency", "role", "clearance", title="demo accounts")
    agencies: list[str] = []
    for user in users:
        if user.agency_code not in agencies and len(agencies) < 4 and "." in user.username:
            agencies.append(user.agency_code)
    for user in users:
        if user.agency_code in agencies or user.username == "hub.admin":
            roles = ", ".join(r.value for r in user.roles)
            shown.add_row(user.username, user.agency_code, roles, user.clearance)
    console.print(shown)
    console.print(f"every demo account's password: {DEMO_PASSWORD}  (demo mode only)")

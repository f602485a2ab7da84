"""``interlink demo``: the main job on the embedded default.

Builds a demo hub in a SQLite file: a synthetic world (agencies of several kinds across
countries, bilateral agreements and a council, users, subjects whose names are planted in their
own script and several romanizations) plus the public UN and EU list excerpts shipped with the
package.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer

from interlink.auth import hash_password
from interlink.cli.context import State, console, reported, state, table
from interlink.cli.serve import run_server
from interlink.services.importing import import_file
from interlink.services.world.loading import load_world
from interlink.services.world.traffic import Traffic, Watched
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
    requests: Annotated[
        int,
        typer.Option(
            min=0,
            max=5000,
            help="How many requests the agencies exchange over the 150 days before now (and "
            "screening runs, one per 20 requests).",
        ),
    ] = 240,
    serve: Annotated[
        bool, typer.Option(help="Serve the hub once built (at INTERLINK_HOST:INTERLINK_PORT).")
    ] = True,
) -> None:
    """Build the demo hub (a synthetic world plus the UN and EU list excerpts, in SQLite), print its
    demo accounts, and serve it."""
    from interlink.formats.eu import EU_AUTHORITY
    from interlink.formats.subjects_csv import read_csv
    from interlink.formats.un import UN_AUTHORITY, read_un
    from interlink.services.world import generate_world

    st = state(ctx)
    with reported():
        started = time.perf_counter()
        db = _demo_database(st)
        world = generate_world(seed, subjects)
        # Every demo user has the published demo password; one hash serves them all (argon2id
        # at 64 MiB costs a tenth of a second per hash, and nothing here is secret).
        loaded = load_world(db, world, hash_password(DEMO_PASSWORD))
        made, spellings = loaded.made, loaded.spellings
        with as_file(files("interlink.data") / "un_sc_consolidated_excerpt.xml") as un_path:
            listed = import_file(db, read_un(un_path), fmt="un", path=un_path, owner=UN_AUTHORITY)
        with as_file(files("interlink.data") / "eu_fsf_excerpt.csv") as eu_path:
            eu = import_file(db, read_csv(eu_path), fmt="csv", path=eu_path, owner=EU_AUTHORITY)
        traffic = _play(st, seed, requests, loaded.watched) if requests else None
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
        f"{made.total} synthetic subjects, {listed.total} UN and {eu.total} EU list entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if traffic is not None:
        console.print(
            f"traffic of the last 150 days: {traffic.requests} requests to {traffic.tracks} "
            f"agencies ({traffic.answered} answered, {traffic.refused} refused, {traffic.open} "
            f"open of which {traffic.overdue} overdue), {traffic.runs} screening runs with "
            f"{traffic.alerts} alerts ({traffic.confirmed} confirmed), {traffic.movements} "
            "movements reported"
        )
    console.print(f"database: {st.settings.database_url}")
    _print_accounts(users)
    manifest, paxlst = _write_manifest(st.settings.demo_dir, spellings, seed)
    console.print(
        "try:  export INTERLINK_DATABASE_URL=" + st.settings.database_url + "\n"
        "      interlink subject list --owner UN-SC\n"
        "      interlink subject show un:QDi.006\n"
        "      interlink agreement list\n"
        f"      interlink report council --period {_last_quarter()}\n"
        f"      a manifest to screen on the hub (POST /api/v1/screenings): {manifest}"
    )
    desk = f"http://{st.settings.host}:{st.settings.port}/"
    _print_walk(desk, paxlst, loaded.watched if traffic is not None else [], users)
    if serve:
        with reported():
            run_server(st.settings.model_copy(update={"demo": True}))


def _play(st: State, seed: int, requests: int, watched: list[Watched]) -> Traffic:
    """The agencies' traffic of the last 150 days, played on a hub over the demo database."""
    from interlink.services.hub import Hub
    from interlink.services.world import generate_world
    from interlink.services.world.traffic import ManualClock, play

    now = datetime.now(UTC)
    clock = ManualClock(now)
    travellers = [g.record.primary_name.full for g in generate_world(seed + 2, 60).subjects()]
    hub = Hub.open(st.settings.model_copy(update={"demo": True}), clock)
    try:
        return play(
            hub,
            clock,
            seed,
            now,
            requests=requests,
            runs=max(1, requests // 20),
            watched=watched,
            travellers=travellers,
        )
    finally:
        hub.close()


def _last_quarter() -> str:
    today = datetime.now(UTC).date()
    quarter = (today.month - 1) // 3  # this quarter's index, 0 to 3; the last one's is one less
    return f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"


def _write_manifest(folder: Path, spellings: list[str], seed: int) -> tuple[Path, Path]:
    """Two manifests of the same travellers for a screening run: listed people under other
    spellings, and travellers of another synthetic world, on no list. As JSONL (names as
    written) and as a carrier's PAXLST (names in Latin capitals, two travellers to a booking)."""
    from anyascii import anyascii

    from interlink.formats.paxlst import Passenger, write_paxlst
    from interlink.services.world import generate_world

    others = [g.record.primary_name.full for g in generate_world(seed + 1, 4).subjects()]
    names = [*spellings, "Ayman Muhammad Rabi al-Zawahiri", "Bortnikow Alexander", *others]
    travellers = [{"ref": f"DM{100 + n}/{n + 1}", "name": name} for n, name in enumerate(names)]
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "manifest.jsonl"
    jsonl.write_text(
        "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in travellers), encoding="utf-8"
    )
    passengers = []
    for n, name in enumerate(names):
        *given, surname = anyascii(name).upper().split() or ["TRAVELLER"]
        booking = f"DM{seed % 100:02d}{n // 2:02d}"  # companions: two to a booking
        passengers.append(Passenger(surname, " ".join(given), booking, f"P{7100200 + n}"))
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    route = ("ALA", now + timedelta(hours=2), "IST", now + timedelta(hours=8))
    paxlst = folder / "manifest.paxlst"
    paxlst.write_text(write_paxlst("DEMO1", "KC911", route, passengers, now), encoding="ascii")
    return jsonl, paxlst


def _print_walk(desk: str, paxlst: Path, watched: list[Watched], users: list[User]) -> None:
    """Where to start on the desk: the PAXLST to screen, and who owns its flagged travellers."""
    console.print(
        f"on the desk at {desk}: search 'Bortnikow' or 'أبو بكر البغدادي' as an analyst; "
        f"as a screening officer, upload {paxlst}"
    )
    names = {u.username for u in users}
    for w in watched:
        analyst = f"{w.owner.lower()}.analyst"
        if analyst in names:
            console.print(
                f"      among its travellers, {w.uid} of {w.owner} asked for its movements: "
                f"confirm an alert on it, then log in as {analyst} to see the movement"
            )


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

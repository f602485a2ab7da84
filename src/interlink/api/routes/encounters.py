"""Movement reports: the owner's flag, checks recorded by hand, the owner's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.domain.encounters import CheckSpec, Movement
from interlink.services.encounters import EncounterView

router = APIRouter(tags=["movements"])

Uid = Annotated[str, Path(min_length=1, max_length=200)]


class FlagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report: Annotated[bool, Field(description="Report this subject's movements to you")]


class FlagPublic(BaseModel):
    uid: str
    report_movements: bool
    set_by: str | None
    set_at: datetime | None


class CheckIn(CheckSpec):
    owner: Annotated[
        str | None, Field(max_length=32, description="The owner, for a blind hit's reference")
    ] = None


class SubjectSeen(BaseModel):
    level: Annotated[str, Field(description="`full`, `hit`, or `none`: no longer visible")]
    owner: str | None
    reference: str | None
    uid: str | None
    name: str | None


class EncounterPublic(BaseModel):
    id: int
    source: Annotated[str, Field(description="`alert` (a confirmed alert) or `check` (by hand)")]
    alert: int | None
    reporter: str
    reported_by: str
    created_at: datetime
    subject: SubjectSeen
    movement: Movement
    note: str | None


def encounter_public(shown: EncounterView) -> EncounterPublic:
    e = shown.encounter
    level = shown.level.value
    full = level == "full"
    seen = level != "none"
    return EncounterPublic(
        id=e.id,
        source=e.source,
        alert=e.alert_id,
        reporter=e.reporter,
        reported_by=e.reported_by,
        created_at=e.created_at,
        subject=SubjectSeen(
            level=level,
            owner=e.owner if seen else None,
            reference=shown.reference if seen else None,
            uid=e.subject_uid if full else None,
            name=shown.name if full else None,
        ),
        movement=e.movement,
        note=e.note,
    )


@router.put("/subjects/{uid}/report-movements", response_model=FlagPublic)
def flag_subject(uid: Uid, body: FlagIn, who: CurrentPrincipal, hub: HubDep) -> FlagPublic:
    """Ask for movement reports on one of your agency's subjects (or stop): a confirmed alert
    or a check by any agency then reports to you, and to no other agency."""
    flag = hub.encounters.flag(who, uid, body.report)
    return FlagPublic(
        uid=uid,
        report_movements=flag is not None,
        set_by=flag.set_by if flag else None,
        set_at=flag.set_at if flag else None,
    )


@router.get("/subjects/{uid}/movements", response_model=list[EncounterPublic])
def movements(
    uid: Uid,
    who: CurrentPrincipal,
    hub: HubDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[EncounterPublic]:
    """One of your subjects' movements, as a timeline (oldest first)."""
    return [encounter_public(e) for e in hub.encounters.received(who, uid, limit, offset)]


@router.post("/encounters", response_model=EncounterPublic, status_code=status.HTTP_201_CREATED)
def record_check(body: CheckIn, who: CurrentPrincipal, hub: HubDep) -> EncounterPublic:
    """Record a check of a subject by hand: place, time, route, document and companions. The
    subject is a uid you see in full, or a blind hit's reference with its owner."""
    spec = CheckSpec.model_validate(body.model_dump(exclude={"owner"}))
    return encounter_public(hub.encounters.record(who, spec, body.owner))


@router.get("/encounters", response_model=list[EncounterPublic])
def list_encounters(
    who: CurrentPrincipal,
    hub: HubDep,
    box: Annotated[str, Query(pattern="^(reported|received)$")] = "received",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[EncounterPublic]:
    """Movement reports your agency received on its subjects (`received`, in the order the
    movements happened) or reported (`reported`, newest first, each subject as you may see it
    now)."""
    if box == "reported":
        found = hub.encounters.reported(who, limit, offset)
    else:
        found = hub.encounters.received(who, None, limit, offset)
    return [encounter_public(e) for e in found]

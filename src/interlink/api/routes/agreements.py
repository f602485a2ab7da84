"""Agreements: proposed by one agency's admin, accepted by the others', suspended by any."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, ConfigDict, Field

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.domain.agencies import AgreementSpec
from interlink.domain.codes import Priority
from interlink.domain.requests import DEFAULT_RESPONSE_HOURS
from interlink.store.repositories.agreements import Agreement

router = APIRouter(tags=["agreements"])

Code = Annotated[str, Path(max_length=32)]


class AgreementPublic(BaseModel):
    code: str
    title: str
    kind: str
    parties: list[str]
    terms: dict[str, str]
    valid_from: date
    valid_to: date | None
    pending: list[str]
    suspended_at: datetime | None
    suspended_reason: str | None
    in_force: bool
    response_hours: Annotated[
        dict[str, int], Field(description="Hours to answer a request, per priority")
    ]


class Suspension(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=3, max_length=1000)]


def agreement_public(a: Agreement, today: date) -> AgreementPublic:
    return AgreementPublic(
        code=a.code,
        title=a.title,
        kind=a.kind.value,
        parties=list(a.parties),
        terms={t.topic.value: t.level.value for t in a.terms},
        valid_from=a.valid_from,
        valid_to=a.valid_to,
        pending=list(a.pending),
        suspended_at=a.suspended_at,
        suspended_reason=a.suspended_reason,
        in_force=a.in_force(today),
        response_hours={
            p.value: a.response_hours.get(p, DEFAULT_RESPONSE_HOURS[p]) for p in Priority
        },
    )


@router.get("/agreements", response_model=list[AgreementPublic])
def agreements(who: CurrentPrincipal, hub: HubDep) -> list[AgreementPublic]:
    """The agreements your agency is a party to, in force or not."""
    return [agreement_public(a, hub.clock().date()) for a in hub.agreements(who)]


@router.post("/agreements", response_model=AgreementPublic, status_code=status.HTTP_201_CREATED)
def propose(spec: AgreementSpec, who: CurrentPrincipal, hub: HubDep) -> AgreementPublic:
    """Propose an agreement (agency admins, for an agreement their agency is a party to). It is
    in force once every other party's admin accepts it."""
    return agreement_public(hub.propose_agreement(who, spec), hub.clock().date())


@router.post("/agreements/{code}/accept", response_model=AgreementPublic)
def accept(code: Code, who: CurrentPrincipal, hub: HubDep) -> AgreementPublic:
    return agreement_public(hub.accept_agreement(who, code), hub.clock().date())


@router.post("/agreements/{code}/suspend", response_model=AgreementPublic)
def suspend(code: Code, body: Suspension, who: CurrentPrincipal, hub: HubDep) -> AgreementPublic:
    return agreement_public(hub.suspend_agreement(who, code, body.reason), hub.clock().date())


@router.post("/agreements/{code}/resume", response_model=AgreementPublic)
def resume(code: Code, who: CurrentPrincipal, hub: HubDep) -> AgreementPublic:
    return agreement_public(hub.resume_agreement(who, code), hub.clock().date())

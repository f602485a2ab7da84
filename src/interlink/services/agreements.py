"""Agreements made on the hub: one agency admin proposes, the other parties' admins accept.

An agreement is in force once every party has accepted, between its dates, unless suspended;
any party's admin may suspend it (and resume it), which takes effect at the next request of
every partner. Agreements are visible to their parties only: to anyone else one is "no
agreement", as if it did not exist.
"""

from __future__ import annotations

from datetime import datetime

from interlink.audit import AuditAction, NewEvent
from interlink.domain.agencies import AgreementSpec
from interlink.exc import ConflictError, ForbiddenError, NotFoundError, ValidationError
from interlink.policy import Permission, require
from interlink.services.accounts import Principal, audit_event
from interlink.services.text import refuse_nul
from interlink.store.repositories.agreements import Agreement
from interlink.store.uow import UnitOfWork


def _event(
    who: Principal, action: AuditAction, code: str, now: datetime, **detail: object
) -> NewEvent:
    return audit_event(
        who, action, object_type="agreement", ref=code, owner=who.agency, at=now, detail=detail
    )


def _party(uow: UnitOfWork, who: Principal, code: str) -> Agreement:
    require(who.roles, Permission.MANAGE_AGREEMENTS)
    found = next((a for a in uow.agreements.all(who.agency) if a.code == code), None)
    if found is None:
        raise NotFoundError(f"no agreement {code}")
    return found


def agreements_of(uow: UnitOfWork, who: Principal) -> list[Agreement]:
    """The agreements the caller's agency is a party to."""
    return uow.agreements.all(who.agency)


def propose(uow: UnitOfWork, who: Principal, spec: AgreementSpec, now: datetime) -> Agreement:
    require(who.roles, Permission.MANAGE_AGREEMENTS)
    refuse_nul(spec.model_dump(), "body")
    if who.agency not in spec.parties:
        raise ForbiddenError(f"{who.agency} may only propose agreements it is a party to")
    made = uow.agreements.add(spec, proposed_by=(who.agency, who.username))
    topics = {t.topic.value: t.level.value for t in spec.terms}
    uow.audit.append(
        _event(
            who,
            AuditAction.AGREEMENT_PROPOSE,
            spec.code,
            now,
            parties=list(spec.parties),
            topics=topics,
        )
    )
    return made


def accept(uow: UnitOfWork, who: Principal, code: str, now: datetime) -> Agreement:
    agreement = _party(uow, who, code)
    if who.agency not in agreement.pending:
        raise ConflictError(f"{who.agency} has accepted agreement {code} already")
    done = uow.agreements.accept(code, who.agency, who.username, now)
    uow.audit.append(
        _event(who, AuditAction.AGREEMENT_ACCEPT, code, now, in_force=not done.pending)
    )
    return done


def suspend(uow: UnitOfWork, who: Principal, code: str, reason: str, now: datetime) -> Agreement:
    agreement = _party(uow, who, code)
    refuse_nul(reason, "reason")
    if len(reason.strip()) < 3:
        raise ValidationError("reason: say why the agreement is suspended")
    if agreement.suspended_at is not None:
        raise ConflictError(f"agreement {code} is suspended already")
    done = uow.agreements.suspend(code, reason.strip(), now)
    uow.audit.append(_event(who, AuditAction.AGREEMENT_SUSPEND, code, now, reason=reason.strip()))
    return done


def resume(uow: UnitOfWork, who: Principal, code: str, now: datetime) -> Agreement:
    agreement = _party(uow, who, code)
    if agreement.suspended_at is None:
        raise ConflictError(f"agreement {code} is not suspended")
    done = uow.agreements.resume(code)
    uow.audit.append(_event(who, AuditAction.AGREEMENT_RESUME, code, now))
    return done

"""Subjects written through the hub: created, replaced and soft-deleted by their owner only.

Every write keeps a version (``subject_versions``: who, when, the whole record, and for a
deletion the reason) and feeds the change table the hub's workers follow. A subject the caller
may not see in full answers as one that does not exist; one the caller sees but does not own
answers "only its owner edits it". New uids live under the caller's agency (``kz-knb:...``), so
that creating one can never reveal that another agency's uid exists.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from interlink.audit import AuditAction, NewEvent
from interlink.domain.subjects import Provenance, SubjectRecord
from interlink.exc import ForbiddenError, NotFoundError, ValidationError
from interlink.policy import AccessView, Permission, Visibility, require
from interlink.services.access import level_of, levels
from interlink.services.accounts import Principal, audit_event
from interlink.store.uow import UnitOfWork


def uid_prefix(agency: str) -> str:
    return agency.lower() + ":"


def _event(
    who: Principal, action: AuditAction, uid: str, now: datetime, **detail: object
) -> NewEvent:
    return audit_event(
        who, action, object_type="subject", ref=uid, owner=who.agency, at=now, detail=detail
    )


def _owned(uow: UnitOfWork, view: AccessView, who: Principal, uid: str) -> None:
    """Pass when ``who``'s agency owns the live subject ``uid``."""
    level, marks = level_of(uow, view, uid)
    if level is not Visibility.FULL or marks is None:
        raise NotFoundError(f"no subject {uid}")
    owner = marks.owner
    if owner != who.agency:
        raise ForbiddenError(f"subject {uid} belongs to {owner}; only its owner edits it")


def _reason(reason: str | None) -> str | None:
    return (reason or "").strip() or None


def _write(
    uow: UnitOfWork,
    view: AccessView,
    who: Principal,
    record: SubjectRecord,
    now: datetime,
    reason: str | None,
) -> SubjectRecord:
    """Store ``record`` as the caller's, with its links to subjects the caller sees; ``reason``
    goes with the version it makes."""
    owned = record.model_copy(update={"owner": who.agency})
    targets = [link.target for link in owned.links]
    seen = levels(uow, view, targets) if targets else {}
    for target in targets:
        if seen.get(target) is not Visibility.FULL:
            raise ValidationError(f"links: no subject {target}")
    agency = uow.agencies.get(who.agency)
    provenance = Provenance(added_by=who.username, added_at=now, source=f"hub:{who.agency}")
    result = uow.subjects.write(
        [owned], [agency.id], provenance, now=now, agency=who.agency, reason=reason
    )
    if targets or result.updated:
        ids = uow.subjects.ids_for([owned.uid, *targets])
        uow.subjects.replace_links(
            {ids[owned.uid]: [(ids[link.target], link) for link in owned.links]}
        )
    return uow.subjects.get(owned.uid)


def create_subject(
    uow: UnitOfWork,
    view: AccessView,
    who: Principal,
    record: SubjectRecord,
    now: datetime,
    reason: str | None = None,
) -> SubjectRecord:
    """A new subject owned by the caller's agency; its uid is given (under the agency's
    prefix) or made. ``reason``, when given, is kept with the version and the audit event."""
    require(who.roles, Permission.EDIT_SUBJECTS)
    prefix = uid_prefix(who.agency)
    if record.owner not in (None, who.agency):
        raise ValidationError(f"owner: a subject is created by its owner, {who.agency}")
    if record.uid == "new":
        record = record.model_copy(update={"uid": prefix + uuid.uuid4().hex[:16]})
    elif not record.uid.startswith(prefix):
        raise ValidationError(f"uid: new subjects of {who.agency} have uids starting {prefix!r}")
    if uow.subjects.find_id(record.uid) is not None or uow.subjects.versions(record.uid):
        raise ValidationError(f"uid: {record.uid} is taken; leave it as 'new' for a fresh one")
    why = _reason(reason)
    stored = _write(uow, view, who, record, now, why)
    uow.audit.append(_event(who, AuditAction.CREATE, stored.uid, now, reason=why))
    return stored


def update_subject(
    uow: UnitOfWork,
    view: AccessView,
    who: Principal,
    uid: str,
    record: SubjectRecord,
    now: datetime,
    reason: str | None = None,
) -> SubjectRecord:
    """Replace the caller's subject ``uid`` by ``record`` (the whole record, as a new version;
    ``reason``, when given, is kept with it and with the audit event)."""
    require(who.roles, Permission.EDIT_SUBJECTS)
    _owned(uow, view, who, uid)
    if record.uid != uid:
        raise ValidationError(f"uid: the record says {record.uid}, the address {uid}")
    why = _reason(reason)
    stored = _write(uow, view, who, record, now, why)
    uow.audit.append(_event(who, AuditAction.UPDATE, uid, now, reason=why))
    return stored


def delete_subject(
    uow: UnitOfWork, view: AccessView, who: Principal, uid: str, reason: str, now: datetime
) -> None:
    """Soft-delete the caller's subject ``uid``; it stays, with its history, for the owner."""
    require(who.roles, Permission.EDIT_SUBJECTS)
    why = reason.strip()
    if len(why) < 3:
        raise ValidationError("reason: say why the subject is deleted (3 characters or more)")
    _owned(uow, view, who, uid)
    uow.subjects.soft_delete(uid, who.username, who.agency, why, now)
    uow.audit.append(_event(who, AuditAction.DELETE, uid, now, reason=why))

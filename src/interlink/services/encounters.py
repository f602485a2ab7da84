"""Movement reports (encounters) on the hub.

An owner flags one of its subjects "report movements" (``flag``). From then on a report goes
back to the owner, and to no other agency, when:

- an officer of any agency confirms a screening alert on the subject (``from_alert``, called by
  the triage): the report is drawn from the run's manifest, with the traveller's legs, first
  document and companions (``domain.encounters``);
- an officer records a check by hand (``record``): place, time, route, document, companions.

The owner reads a subject's movements as a timeline (``timeline``) and every report it received
(``received``); the reporting agency reads what it reported (``reported``), the subject shown as
its visibility allows now. A confirmed alert or a check on a subject that is not flagged is kept
all the same, as the reporter's record (``delivered`` false), and goes to nobody: the owner's
timeline, notifications and figures never show it. The reporter sees the same either way, in
its list and in its figures, so that a flag says nothing to those who may only see a hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from interlink.audit import AuditAction, NewEvent
from interlink.domain.encounters import CheckSpec, movement_of
from interlink.exc import NotFoundError, ValidationError
from interlink.policy import Permission, Visibility, require
from interlink.services.access import access_view, level_of, levels, visible_marks
from interlink.services.accounts import Principal, audit_event
from interlink.services.manifests import read_manifest
from interlink.services.text import refuse_nul
from interlink.store.repositories.encounters import Encounter, Flag
from interlink.store.repositories.notifications import NewNotification
from interlink.store.repositories.screenings import Alert, ScreeningRun
from interlink.store.uow import UnitOfWork

if TYPE_CHECKING:
    from interlink.services.hub import Hub


@dataclass(frozen=True, slots=True)
class EncounterView:
    """An encounter, and its subject as the reader may see it now (``none``: not at all)."""

    encounter: Encounter
    level: Visibility
    reference: str
    name: str | None


class Encounters:
    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    def _notice(self, who: Principal, encounter: Encounter) -> NewNotification:
        m = encounter.movement
        return NewNotification(
            agency=encounter.owner,
            kind="movement",
            subject_uid=encounter.subject_uid,
            reference=self._hub.reference(encounter.subject_uid),
            by_agency=who.agency,
            by_username=who.username,
            action=AuditAction.ENCOUNTER.value,
            purpose=encounter.note,
            detail={"encounter": encounter.id, "place": m.place, "at": m.at.isoformat()},
            at=encounter.created_at,
        )

    def _event(self, who: Principal, encounter: Encounter, purpose: str) -> NewEvent:
        return audit_event(
            who,
            AuditAction.ENCOUNTER,
            object_type="subject",
            ref=encounter.subject_uid,
            owner=encounter.owner,
            purpose=purpose,
            at=encounter.created_at,
            detail={"encounter": encounter.id, "source": encounter.source},
        )

    # The owner's flag.

    def flag_of(self, who: Principal, uid: str) -> Flag | None:
        """Whether the agency asked for movement reports on its subject ``uid``, under the
        permission that sets it. Not an audit event of its own: the page that shows the flag
        reads the record, which is one."""
        require(who.roles, Permission.EDIT_SUBJECTS)
        with self._hub.db.uow(read_only=True) as uow:
            _own(uow, who, uid)
            return uow.encounters.flag(uid)

    def flag(self, who: Principal, uid: str, on: bool) -> Flag | None:
        """Ask for movement reports on one of the agency's subjects, or stop."""
        require(who.roles, Permission.EDIT_SUBJECTS)
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            _own(uow, who, uid)
            uow.encounters.set_flag(uid, who.agency, who.username, now, on)
            uow.audit.append(
                audit_event(
                    who,
                    AuditAction.MOVEMENT_FLAG,
                    object_type="subject",
                    ref=uid,
                    owner=who.agency,
                    at=now,
                    detail={"report_movements": on},
                )
            )
            return uow.encounters.flag(uid)

    # Reports.

    def from_alert(
        self, uow: UnitOfWork, who: Principal, run: ScreeningRun, alert: Alert
    ) -> Encounter | None:
        """The report of a confirmed alert, inside the triage's unit of work, once per alert
        (confirming again adds nothing). As with a check by hand, it is always kept as the
        reporter's record, and delivered to the owner only when the subject is flagged: what
        the reporter sees says nothing of the flag."""
        if uow.encounters.of_alert(alert.id) is not None:
            return None
        delivered = uow.encounters.flag(alert.subject_uid) is not None
        manifest = read_manifest(uow.screenings.manifest(run.id), run.filename)
        travellers = [t.traveller for t in manifest.travellers]
        traveller = travellers[alert.position]
        now = self._hub.clock()
        movement = movement_of(traveller, travellers, now)
        made = uow.encounters.add(
            alert.subject_uid,
            alert.owner,
            who.agency,
            who.username,
            "alert",
            alert.id,
            movement,
            f"screening run {run.id}: {run.purpose}",
            delivered,
            now,
        )
        uow.audit.append(self._event(who, made, run.purpose))
        if delivered:
            uow.notifications.add_many([self._notice(who, made)])
        return made

    def record(self, who: Principal, spec: CheckSpec, owner: str | None) -> EncounterView:
        """A check recorded by hand. The subject is a uid the officer sees in full, or the
        reference of a blind hit together with its ``owner``."""
        require(who.roles, Permission.RECORD_CHECKS)
        refuse_nul(spec.model_dump(mode="json"), "body")
        hub = self._hub
        now = hub.clock()
        with hub.db.uow() as uow:
            view = access_view(uow, who.viewer(), now.date())
            if spec.subject.startswith("ref-"):
                if owner is None:
                    raise ValidationError("owner: name the owner of a blind hit's reference")
                seen = visible_marks(uow, view, owner=owner)
                uid = next((u for u in seen if hub.reference(u) == spec.subject), "")
                found = seen.get(uid)
            else:
                uid = spec.subject
                level, marks = level_of(uow, view, uid)
                found = (level, marks) if marks and level is Visibility.FULL else None
            if found is None:
                raise ValidationError(f"subject: no subject {spec.subject}")
            level, marks = found
            delivered = uow.encounters.flag(uid) is not None
            made = uow.encounters.add(
                uid, marks.owner, who.agency, who.username, "check", None, spec.movement,
                spec.note, delivered, now,
            )  # fmt: skip
            uow.audit.append(self._event(who, made, spec.note or "check recorded by hand"))
            if delivered:
                uow.notifications.add_many([self._notice(who, made)])
            name = uow.subjects.get(uid).primary_name.full if level is Visibility.FULL else None
        return EncounterView(made, level, hub.reference(uid), name)

    def _shown(
        self, uow: UnitOfWork, who: Principal, found: list[Encounter]
    ) -> list[EncounterView]:
        view = access_view(uow, who.viewer(), self._hub.clock().date())
        seen = levels(uow, view, sorted({e.subject_uid for e in found}))
        full = [u for u, lv in seen.items() if lv is Visibility.FULL]
        names = {r.uid: r.primary_name.full for r in uow.subjects.get_many(full)}
        return [
            EncounterView(
                e,
                seen.get(e.subject_uid, Visibility.NONE),
                self._hub.reference(e.subject_uid),
                names.get(e.subject_uid),
            )
            for e in found
        ]

    def _read_events(self, who: Principal, shown: list[EncounterView], what: str) -> list[NewEvent]:
        now = self._hub.clock()
        return [
            audit_event(
                who,
                AuditAction.READ,
                object_type="subject",
                ref=s.encounter.subject_uid,
                owner=s.encounter.owner,
                at=now,
                detail={"what": what, "encounter": s.encounter.id, "level": s.level.value},
            )
            for s in shown
            if s.level is not Visibility.NONE
        ]

    def reported(self, who: Principal, limit: int, offset: int) -> list[EncounterView]:
        """What the caller's agency reported, newest first, each subject as it may see it."""
        require(who.roles, Permission.RECORD_CHECKS)
        with self._hub.db.uow(read_only=True) as uow:
            shown = self._shown(uow, who, uow.encounters.reported_by(who.agency, limit, offset))
        self._hub.record(self._read_events(who, shown, "reported movements"))
        return shown

    def received(
        self, who: Principal, uid: str | None, limit: int, offset: int, newest_first: bool = False
    ) -> list[EncounterView]:
        """The movement reports the caller's agency received on its subjects (of ``uid`` when
        given: its timeline), in the order the movements happened (the latest first when
        ``newest_first``)."""
        require(who.roles, Permission.READ_SUBJECTS)
        with self._hub.db.uow(read_only=True) as uow:
            if uid is not None:
                marks = uow.subjects.marks([uid], include_deleted=True).get(uid)
                if marks is None or marks.owner != who.agency:
                    raise NotFoundError(f"no subject {uid}")
            found = uow.encounters.received(who.agency, uid, limit, offset, newest_first)
            shown = self._shown(uow, who, found)
        self._hub.record(self._read_events(who, shown, "movements"))
        return shown


def _own(uow: UnitOfWork, who: Principal, uid: str) -> None:
    """Refuse, as a subject that does not exist, one that is not the caller's agency's."""
    marks = uow.subjects.marks([uid]).get(uid)
    if marks is None or marks.owner != who.agency:
        raise NotFoundError(f"no subject {uid} of yours")

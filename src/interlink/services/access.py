"""The access policy applied to stored data: the agreements in force as policy grants, stored
subjects as policy labels, and one viewer's levels over many subjects.

Every read of subjects goes through ``levels``: a subject the viewer may not see is left out,
never returned with a flag for the caller to check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from interlink.domain.agencies import AgencyKind
from interlink.domain.codes import Classification, HandlingCode, Topic
from interlink.policy import AccessView, Grant, SubjectLabel, Viewer, Visibility
from interlink.store.repositories.agreements import Agreement
from interlink.store.repositories.subjects import SubjectMarks
from interlink.store.uow import UnitOfWork


def grant_of(agreement: Agreement) -> Grant:
    return Grant(
        agreement.code,
        frozenset(agreement.parties),
        {t.topic: t.level for t in agreement.terms},
        agreement.valid_from,
        agreement.valid_to,
        # Pending (not accepted by every party) counts as suspended: not in force.
        agreement.suspended_at is not None or bool(agreement.pending),
    )


def label_of(marks: SubjectMarks) -> SubjectLabel:
    return SubjectLabel(
        owner=marks.owner,
        topics=frozenset(Topic(t) for t in marks.topics),
        handling_code=HandlingCode(marks.handling_code),
        classification=Classification(marks.classification),
        published=marks.owner_kind == AgencyKind.LIST_AUTHORITY.value,
        deleted=marks.deleted,
    )


def access_view(uow: UnitOfWork, viewer: Viewer, on: date) -> AccessView:
    """``viewer``'s view on ``on``, from the agreements that name the viewer's agency."""
    return AccessView(viewer, (grant_of(a) for a in uow.agreements.all(viewer.agency)), on)


def levels(
    uow: UnitOfWork,
    view: AccessView,
    uids: Sequence[str] | None = None,
    *,
    include_deleted: bool = False,
) -> dict[str, Visibility]:
    """The visible subjects among ``uids`` (all subjects when None) and their levels; subjects
    at ``none`` and unknown uids are absent alike."""
    found: dict[str, Visibility] = {}
    for uid, marks in uow.subjects.marks(uids, include_deleted=include_deleted).items():
        level = view.level(label_of(marks))
        if level is not Visibility.NONE:
            found[uid] = level
    return found

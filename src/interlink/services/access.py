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
    owner: str | None = None,
) -> dict[str, Visibility]:
    """The visible subjects among ``uids`` (all subjects when None; of the agency ``owner``
    when given) and their levels; subjects at ``none`` and unknown uids are absent alike."""
    seen = visible_marks(uow, view, uids, include_deleted=include_deleted, owner=owner)
    return {uid: level for uid, (level, _) in seen.items()}


def visible_marks(
    uow: UnitOfWork,
    view: AccessView,
    uids: Sequence[str] | None = None,
    *,
    include_deleted: bool = False,
    owner: str | None = None,
) -> dict[str, tuple[Visibility, SubjectMarks]]:
    """``levels``, with each visible subject's marks (its owner, its codes): one read."""
    found: dict[str, tuple[Visibility, SubjectMarks]] = {}
    stored = uow.subjects.marks(uids, include_deleted=include_deleted, owner=owner)
    for uid, marks in stored.items():
        level = view.level(label_of(marks))
        if level is not Visibility.NONE:
            found[uid] = (level, marks)
    return found


def level_of(
    uow: UnitOfWork, view: AccessView, uid: str, *, include_deleted: bool = False
) -> tuple[Visibility, SubjectMarks | None]:
    """One subject's level for ``view`` and its marks (``none`` and None when there is no
    such subject): one read for the callers that need both."""
    marks = uow.subjects.marks([uid], include_deleted=include_deleted).get(uid)
    if marks is None:
        return Visibility.NONE, None
    return view.level(label_of(marks)), marks


def publishers(uow: UnitOfWork) -> frozenset[str]:
    """The agencies whose subjects are published lists (list authorities)."""
    return frozenset(a.code for a in uow.agencies.all() if a.kind is AgencyKind.LIST_AUTHORITY)

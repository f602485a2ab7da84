from __future__ import annotations

import pytest

from interlink.domain.agencies import Role
from interlink.exc import ForbiddenError
from interlink.policy import Permission, may_manage_user, permits, require


def test_analysts_read_and_edit_and_auditors_read_only_the_trail() -> None:
    assert permits([Role.ANALYST], Permission.EDIT_SUBJECTS)
    assert not permits([Role.AUDITOR], Permission.READ_SUBJECTS)
    assert permits([Role.AUDITOR], Permission.READ_AUDIT)
    assert not permits([Role.SCREENING_OFFICER], Permission.EXPORT_SUBJECTS)
    assert permits([Role.SCREENING_OFFICER, Role.ANALYST], Permission.EXPORT_SUBJECTS)


def test_the_hub_admin_reads_no_subject() -> None:
    for permission in (Permission.READ_SUBJECTS, Permission.SEARCH_SUBJECTS, Permission.HIT_CHECK):
        assert not permits([Role.HUB_ADMIN], permission)


def test_require_names_the_permission_and_the_roles() -> None:
    require([Role.LIAISON_OFFICER], Permission.HIT_CHECK)
    with pytest.raises(ForbiddenError, match="edit_subjects is not allowed for liaison_officer"):
        require([Role.LIAISON_OFFICER], Permission.EDIT_SUBJECTS)
    with pytest.raises(ForbiddenError, match="for no role"):
        require([], Permission.READ_SUBJECTS)


def test_agency_admins_manage_their_own_agency_only_and_never_make_hub_admins() -> None:
    admin = [Role.AGENCY_ADMIN]
    assert may_manage_user(admin, "UA-SBU", "UA-SBU", [Role.ANALYST])
    assert not may_manage_user(admin, "UA-SBU", "KZ-KNB", [Role.ANALYST])
    assert not may_manage_user(admin, "UA-SBU", "UA-SBU", [Role.HUB_ADMIN])
    assert not may_manage_user([Role.ANALYST], "UA-SBU", "UA-SBU", [Role.ANALYST])
    assert may_manage_user([Role.HUB_ADMIN], "HUB", "KZ-KNB", [Role.AGENCY_ADMIN])

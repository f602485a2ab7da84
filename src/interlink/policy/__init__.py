"""The access policy: visibility of subjects and role permissions, as pure functions.

Every read path of the hub asks this package; nothing here does I/O.
"""

from interlink.policy.columns import PolicyColumns, levels
from interlink.policy.permissions import (
    NOTICE_KINDS,
    ROLE_PERMISSIONS,
    Permission,
    may_manage_user,
    notice_kinds,
    permissions,
    permits,
    require,
)
from interlink.policy.visibility import (
    AccessView,
    Grant,
    SubjectLabel,
    Viewer,
    Visibility,
    visibility,
)

__all__ = [
    "NOTICE_KINDS",
    "ROLE_PERMISSIONS",
    "AccessView",
    "Grant",
    "Permission",
    "PolicyColumns",
    "SubjectLabel",
    "Viewer",
    "Visibility",
    "levels",
    "may_manage_user",
    "notice_kinds",
    "permissions",
    "permits",
    "require",
    "visibility",
]

"""What each role may do through model permissions (R-ACL-2, R-ACL-3).

Each role has a Django group of the same name; a user belongs to the group of their role.
Object-level access (one applicant's rows) is django-guardian's, granted by the services.
"""

from __future__ import annotations

from typing import Any

from .models import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.APPLICANT: [],
    Role.PMA: ["audit.view_auditevent", "parameters.view_parameterversion"],
    Role.TC: ["parameters.view_parameterversion"],
    Role.SMC: ["parameters.view_parameterversion"],
    Role.MHI: [
        "parameters.view_parameterversion",
        "parameters.add_parameterversion",
        "audit.view_auditevent",
    ],
    Role.IE: [],
    Role.ADMIN: [],  # administrators are superusers
}


def sync_role_groups(**_: Any) -> None:
    """Create one group per role with its permissions (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted: list[Permission] = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)

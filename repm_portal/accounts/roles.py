"""What each role may do through model permissions (R-ACL-2, R-ACL-3).

Each role has a Django group of the same name; a user belongs to the group of their role.
Object-level access (one applicant's rows) is django-guardian's, granted by the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from repm_portal.errors import NotAllowed

from .models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Staff who read a beneficiary's certificates and claim evidence: the PMA examines them, MHI
# decides on them (R-ACL-2/3). An Independent Engineer reads those of the claims assigned to it.
EVIDENCE_READERS: tuple[str, ...] = (Role.PMA, Role.MHI)

# Staff who read every letter, notice and order of the scheme; the beneficiary reads its own.
LETTER_READERS: tuple[str, ...] = (Role.MHI, Role.TC, Role.PMA)


def require_role(user: Any, *roles: str, message: StrOrPromise | None = None) -> None:
    """Refuse (NotAllowed) unless ``user`` holds one of ``roles`` (R-ACL-2, R-ACL-3).

    The one role check of the services: it asks ``user.has_role``, never ``user.role``, so
    whatever decides whether a role is held (active account, a committee seat in force) is
    decided in one place.
    """
    if user is None or not user.has_role(*roles):
        raise NotAllowed(message or _("Your role does not allow this step (R-ACL-2/3)."))


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

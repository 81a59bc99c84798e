"""Who sees which claims (R-ACL-1…3): a beneficiary its own; the PMA, MHI and administrators
all; an Independent Engineer only the claims assigned to it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from repm_portal.accounts.models import Role, User
from repm_portal.errors import NotFound

from .models import SLIClaim


def claims_of(user: User) -> QuerySet[SLIClaim]:
    rows = SLIClaim.objects.select_related("beneficiary__user", "register")
    if user.has_role(Role.PMA, Role.MHI, Role.ADMIN):
        return rows
    if user.has_role(Role.IE):
        return rows.filter(ie=user)
    if user.has_role(Role.APPLICANT):
        return rows.filter(beneficiary__user=user)
    return rows.none()


def claim_for(user: User, pk: int | str) -> SLIClaim:
    try:
        return claims_of(user).get(pk=pk)
    except (SLIClaim.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such claim.")) from None

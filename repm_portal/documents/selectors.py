from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from repm_portal.accounts.models import User
from repm_portal.accounts.seating import SEATED_ROLES
from repm_portal.errors import NotFound

from .models import Document


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Documents the user may read: their own and those shared with them (R-ACL-1)."""
    if not user.is_authenticated:
        return Document.objects.none()
    # A TC or SMC member reads what is shared with the role's group only while holding a seat
    # today (R-COM-3): a member who left keeps the group but not what it gives.
    use_groups = user.role not in SEATED_ROLES or user.has_role(user.role)
    qs = get_objects_for_user(
        user,
        "documents.view_document",
        klass=Document,
        accept_global_perms=False,
        use_groups=use_groups,
    )
    return qs.select_related("owner")


def document_for(user: User, pk: int) -> Document:
    """One document the user may read; any other answers 'not found', never 'forbidden'."""
    try:
        return documents_visible_to(user).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise NotFound("No such document.") from None

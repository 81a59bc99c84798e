from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from repm_portal.accounts.models import User
from repm_portal.errors import NotFound

from .models import Document


def documents_visible_to(user: User) -> QuerySet[Document]:
    """Documents the user may read: their own and those shared with them (R-ACL-1)."""
    if not user.is_authenticated:
        return Document.objects.none()
    qs = get_objects_for_user(
        user, "documents.view_document", klass=Document, accept_global_perms=False
    )
    return qs.select_related("owner")


def document_for(user: User, pk: int) -> Document:
    """One document the user may read; any other answers 'not found', never 'forbidden'."""
    try:
        return documents_visible_to(user).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise NotFound("No such document.") from None

"""Show a link only to who may follow it (R-ACL-1…3): ``{% if d.pk|readable_by:user %}``.

The documents a user may read are read once per request (one query, kept on the request's user
object), whatever the number of links the page checks.
"""

from __future__ import annotations

from typing import Any

from django import template

from repm_portal.documents.selectors import documents_visible_to

register = template.Library()


@register.filter
def readable_by(document_id: Any, user: Any) -> bool:
    if not document_id or user is None or not getattr(user, "is_authenticated", False):
        return False
    readable = getattr(user, "_readable_document_ids", None)
    if readable is None:
        readable = frozenset(documents_visible_to(user).values_list("pk", flat=True))
        user._readable_document_ids = readable
    return int(document_id) in readable

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import ALL, nav_for
from .pages import FOOTER_PAGES


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    unread = 0
    if role is not None:
        from repm_portal.notifications.models import Notification

        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    items = nav_for(role)
    if role is not None and not user.has_role(role):  # type: ignore[union-attr]
        # A TC or SMC account without a seat today (R-COM-3): only what every user has.
        items = [item for item in items if item.roles == ALL]
    return {
        "nav_items": items,
        "user_role": role,
        "footer_pages": FOOTER_PAGES,
        "unread_notifications": unread,
    }

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import nav_for, nav_groups
from .pages import FOOTER_PAGES


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    unread = 0
    if role is not None:
        from repm_portal.notifications.models import Notification

        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {
        "nav_items": nav_for(role),
        "nav_groups": nav_groups(role),
        "user_role": role,
        "footer_pages": FOOTER_PAGES,
        "unread_notifications": unread,
    }

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from .navigation import ALL, nav_for, nav_groups
from .pages import FOOTER_PAGES


def portal(request: HttpRequest) -> dict[str, Any]:
    """The frame's context. What only some renderings use is computed when first used (a
    template calls a callable): the menu's groups only when its cached fragment is missing,
    the unread count (a query) only by pages in the portal's frame, not by HTMX fragments."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    items = nav_for(role)
    if role is not None and not user.has_role(role):  # type: ignore[union-attr]
        # A TC or SMC account without a seat today (R-COM-3): only what every user has.
        items = [item for item in items if item.roles == ALL]

    @cache
    def unread_notifications() -> int:
        if role is None:
            return 0
        from repm_portal.notifications.selectors import unread_count

        return unread_count(user.pk)  # type: ignore[union-attr]

    return {
        "nav_items": items,
        "nav_groups": cache(lambda: nav_groups(role, items)),
        "user_role": role,
        "footer_pages": FOOTER_PAGES,
        "unread_notifications": unread_notifications,
    }

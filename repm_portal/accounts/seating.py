"""Roles that come from a committee seat held today (R-COM-3).

A TC or SMC member has the role only while holding a seat of that committee today, so a
person who leaves keeps nothing. The committees app owns the seats and registers the check
here in its ``AppConfig.ready``; the kernel and the lower apps ask through ``User.has_role``
and ``seated_users`` and never import committees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from .models import User

# The roles whose access depends on a seat held today.
SEATED_ROLES = frozenset({"tc", "smc"})


@dataclass(frozen=True)
class SeatProvider:
    holds: Callable[[int, str, date], bool]  # (user id, role, day) -> holds a seat of it
    holders: Callable[[str, date], Q]  # (role, day) -> a filter on User


_PROVIDER: list[SeatProvider] = []


def seat_provider(provider: SeatProvider) -> None:
    """Register the seat check (once; registering again replaces it)."""
    _PROVIDER[:] = [provider]


def holds_seat(user_id: int, role: str, on: date) -> bool:
    """Without a registered provider nobody holds a seat: access is refused, not assumed."""
    return bool(_PROVIDER) and _PROVIDER[0].holds(user_id, role, on)


def seated_users(role: str, on: date | None = None) -> QuerySet[User]:
    """The active users of ``role`` who hold a seat of its committee on ``on`` (today)."""
    from repm_portal.periods import today_ist

    from .models import User

    users = User.objects.filter(role=role, is_active=True)
    if role not in SEATED_ROLES:
        return users
    if not _PROVIDER:
        return users.none()
    return users.filter(_PROVIDER[0].holders(role, on or today_ist())).distinct()

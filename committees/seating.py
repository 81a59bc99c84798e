"""The seat check the kernel asks through ``User.has_role`` (R-COM-3): a TC or SMC member has
the role only while holding a seat of that committee today."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from repm_portal.accounts.models import User

from .models import SeatTerm


def holds(user_id: int, role: str, on: date) -> bool:
    return (
        SeatTerm.objects.filter(holder_id=user_id, seat__committee__code=role, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .exists()
    )


def holders_q(role: str, on: date) -> Q:
    """A filter on User: holds a seat of the committee ``role`` names on ``on``."""
    return Q(
        pk__in=SeatTerm.objects.filter(seat__committee__code=role, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values("holder_id")
    )


def seat_for_test(
    user: User, *, on: date | None = None, until: date | None = None, number: int | None = None
) -> SeatTerm:
    """Give ``user`` a free member seat of its role's committee from ``on`` (for fixtures and
    the demo; appointments in the portal go through services.seat_appoint)."""
    from repm_portal.periods import today_ist

    from .models import Seat

    on = on or today_ist()
    seats = Seat.objects.filter(committee__code=user.role).order_by("number")
    if number is not None:
        seat = seats.get(number=number)
    else:
        taken = SeatTerm.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on)).values(
            "seat_id"
        )
        free = seats.filter(designation="member").exclude(pk__in=taken).first()
        if free is None:
            raise LookupError(f"No free member seat of the {user.role} committee.")
        seat = free
    term = SeatTerm.objects.create(seat=seat, holder=user, starts_on=on, ends_on=until)
    user.__dict__.pop("_seated_on", None)
    user.__dict__.pop("_committee_seats", None)
    return term

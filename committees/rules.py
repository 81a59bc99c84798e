"""The committees' arithmetic, pure (no ORM): quorum of a review meeting.

Decision (RULES.md R-COM-1/2, issue 11): a meeting has quorum when at least half the seats
(rounded up) are present, the chair or the member secretary among them. The fraction is the
versioned parameter ``committee_quorum_fraction``.
"""

from __future__ import annotations

import math
from decimal import Decimal


def quorum_size(*, seats: int, fraction: Decimal) -> int:
    """R-COM-1/2: seats present needed: ``fraction`` of the seats, rounded up (15 → 8, 10 → 5)."""
    if seats < 1:
        raise ValueError("A committee has at least one seat.")
    if not Decimal(0) < fraction <= Decimal(1):
        raise ValueError("The quorum fraction lies in (0, 1].")
    return max(1, math.ceil(Decimal(seats) * fraction))


def quorum_met(
    *,
    seats: int,
    present: int,
    chair_present: bool,
    member_secretary_present: bool,
    fraction: Decimal,
) -> bool:
    """R-COM-1/2: enough seats present, and the chair or the member secretary among them."""
    return present >= quorum_size(seats=seats, fraction=fraction) and (
        chair_present or member_secretary_present
    )

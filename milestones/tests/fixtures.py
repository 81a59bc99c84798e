"""Builders for the milestones tests and for other apps' page tests (not a test module)."""

from __future__ import annotations

from datetime import date, timedelta

from bidding.models import Beneficiary
from milestones.models import CaseKind, CaseStatus, PenaltyCase
from repm_portal.accounts.models import User


def penalty_cases(beneficiary: Beneficiary, n: int, *, raised_by: User) -> list[PenaltyCase]:
    """``n`` cases of ``beneficiary`` by hand, one in each status in turn; written directly
    (for query counts and loads)."""
    statuses = list(CaseStatus.values)
    return PenaltyCase.objects.bulk_create(
        PenaltyCase(
            beneficiary=beneficiary,
            kind=CaseKind.OTHER_OBLIGATION,
            status=statuses[i % len(statuses)],
            description=f"Obligation {i} not met.",
            raised_on=date(2027, 6, 1) + timedelta(days=i),
            raised_by=raised_by,
            decisions=["close"] if statuses[i % len(statuses)] == CaseStatus.DECIDED else [],
        )
        for i in range(n)
    )

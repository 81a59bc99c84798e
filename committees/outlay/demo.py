"""Demo data for the outlay dashboard (manage.py seed_demo): MHI's administration expenses of §7
so far — the PMA's fees, a knowledge partner and a technical expert. The rest of the dashboard
comes from the other apps' demo data (the awarded beneficiaries' caps, L1's claim)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from repm_portal.accounts.models import User
from repm_portal.periods import today_ist

from ..models import AdminExpense, AdminHead
from .services import admin_expense_record

EXPENSES = [
    (AdminHead.PMA_FEES, "PMA fees, first half-year", "24000000.00", 210, "MHI/REPM/PMA/2026/1"),
    (
        AdminHead.KNOWLEDGE_PARTNERS,
        "Knowledge partner: market study of NdFeB demand",
        "8500000.00",
        150,
        "MHI/REPM/KP/2026/1",
    ),
    (
        AdminHead.TECHNICAL_EXPERTISE,
        "Technical expert on the Technical Committee's evaluation",
        "3500000.00",
        90,
        "MHI/REPM/TE/2026/1",
    ),
    (AdminHead.PMA_FEES, "PMA fees, second half-year", "24000000.00", 20, "MHI/REPM/PMA/2026/2"),
]


def seed_outlay(mhi: User) -> None:
    """Safe to run twice: each expense is recorded once, by its reference."""
    today = today_ist()
    for head, description, amount, days_ago, reference in EXPENSES:
        if AdminExpense.objects.filter(reference=reference).exists():
            continue
        admin_expense_record(
            actor=mhi,
            head=head,
            description=description,
            amount=Decimal(amount),
            incurred_on=today - timedelta(days=days_ago),
            reference=reference,
        )

"""Builders for the milestones' tests and the apps above them: penalty cases by hand, investment lines (a factory of
the dicts the investment report takes), an investment report and the commissioning of the
entire capacity, each through the milestones' services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory

from bidding.models import Beneficiary
from bidding.tests.fixtures import pdf
from milestones import services
from milestones.models import CaseKind, CaseStatus, InvestmentReport, PenaltyCase
from repm_portal.accounts.models import User
from repm_portal.documents.models import DocumentKind


class InvestmentLineFactory(factory.DictFactory):
    """One line of an investment report: ₹90 cr of plant, claimed eligible."""

    head = "plant"
    description = "Vacuum sintering furnace"
    vendor = "Ipsen India"
    invoice_number = "INV-1"
    invoice_date = date(2027, 6, 1)
    amount = Decimal("900000000.00")
    non_creditable_taxes = Decimal("0")
    claimed_eligible = True


def line(**overrides: Any) -> dict[str, Any]:
    """An investment line, as ``InvestmentLineFactory`` builds it with ``overrides``."""
    return InvestmentLineFactory(**overrides)


def report(
    b: Beneficiary, *lines: dict[str, Any], as_of: date = date(2027, 12, 31)
) -> InvestmentReport:
    """The beneficiary's investment report of ``lines`` as of ``as_of``, with a CA's certificate."""
    return services.investment_report_submit(
        actor=b.user,
        beneficiary=b,
        as_of=as_of,
        ca_certificate=pdf(b.user, DocumentKind.CERTIFICATE, "ca.pdf"),
        lines=list(lines),
    )


def commission_all(b: Beneficiary, on: date = date(2028, 6, 1)) -> None:
    """The beneficiary's entire capacity commissioned ``on`` (1 Jun 2028 unless said), with both
    certificates."""
    services.commissioning_record(
        actor=b.user,
        beneficiary=b,
        capacity_mtpa=Decimal(b.allocated_capacity_mtpa),
        commissioned_on=on,
        industries_certificate=pdf(b.user, DocumentKind.CERTIFICATE, "doi.pdf"),
        engineer_certificate=pdf(b.user, DocumentKind.CERTIFICATE, "ce.pdf"),
    )


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

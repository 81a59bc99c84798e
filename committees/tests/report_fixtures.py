"""Beneficiaries with Letters of Award in FY2026-27-Q2 and their investment, for the R-COM-4
tests. Worked by hand: L1 holds 600 MTPA (Table 5: ₹300 cr) and invested ₹42 cr + ₹0.84 cr of
non-creditable taxes on 10 Sep 2026 and ₹31 cr on 5 Oct 2026 (after Q2 ends)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bidding.tests.fixtures import awarded, pdf
from committees import report_services as services
from milestones import services as milestones
from repm_portal.documents.models import DocumentKind
from repm_portal.money import crore
from repm_portal.periods import Quarter
from tests.factories import UserFactory

Q2 = Quarter(2026, 2)  # 1 July – 30 September 2026, due 15 October 2026
Q3 = Quarter(2026, 3)
TODAY = date(2026, 11, 29)

FIGURES: dict[str, Any] = {
    "phases_narrative": "Civil works on the sintering hall.",
    "land_pct": "100",
    "buildings_pct": "60",
    "utilities_pct": "40",
    "equipment_ordered_pct": "55",
    "equipment_installed_pct": "20",
    "technology_source": "licensed",
    "process_stages": ["alloy", "powder"],
    "grades_produced": "N42",
    "yield_pct": "82.5",
    "rnd_spend": "12500000.00",
    "headcount_managerial": 12,
    "headcount_technical": 40,
    "headcount_skilled": 90,
    "headcount_other": 18,
    "women": 31,
    "trained": 25,
    "produced_kg": "1250.500",
    "sold_kg": "1000.000",
    "exported_kg": "250.000",
    "irel_oxide_kg": "3000.000",
}
RISKS = [
    {"risk": "Jet mill delivery slips", "likelihood": 3, "impact": 2, "owner": "COO"},
    {"risk": "Dysprosium price spike", "likelihood": 2, "impact": 2, "status": "mitigating"},
    {"risk": "Permit for effluent plant", "likelihood": 1, "impact": 3, "status": "closed"},
]


def beneficiary(
    user: Any, *, loa_date: date = date(2026, 8, 17), capacity: int = 600, rank: int = 1
):
    b = awarded(user, capacity=capacity, loa_date=loa_date, rank=rank)
    milestones.milestones_start(beneficiary=b)
    return b


def invest(b: Any) -> None:
    ca = pdf(b.user, DocumentKind.CERTIFICATE, "ca.pdf")
    milestones.investment_report_submit(
        actor=b.user,
        beneficiary=b,
        as_of=date(2026, 10, 31),
        ca_certificate=ca,
        lines=[
            {
                "head": "plant",
                "description": "Strip casting line",
                "vendor": "ULVAC India",
                "invoice_number": "UL/26/311",
                "invoice_date": date(2026, 9, 10),
                "amount": crore(42),
                "non_creditable_taxes": crore("0.84"),
            },
            {
                "head": "plant",
                "description": "Jet mills",
                "vendor": "Hosokawa Micron",
                "invoice_number": "HM-7781",
                "invoice_date": date(2026, 10, 5),
                "amount": crore(31),
            },
        ],
    )


def filed(b: Any, quarter: Quarter = Q2, *, today: date = TODAY, risks=RISKS, **changes: Any):
    report = services.quarterly_report_start(
        actor=b.user, beneficiary=b, quarter=quarter, today=today
    )
    return services.quarterly_report_save(
        actor=b.user, report=report, fields={**FIGURES, **changes}, risks=risks
    )


def second_applicant(email: str = "third@magnets.in") -> Any:
    return UserFactory(email=email, role="applicant", organisation="Kaveri Magnetics Ltd")

"""A small scheme for the outlay tests, every event dated by hand (R-OUT-2).

Scheme years from 15 Dec 2025: Y1 to 14 Dec 2026, Y2 to 14 Dec 2027, Y3 15 Dec 2027–14 Dec 2028,
Y4 15 Dec 2028–14 Dec 2029, … Y7 15 Dec 2031–14 Dec 2032.

- A: 1,000 MTPA (Table 3: ₹1,075 cr; Table 4: ₹120 cr), B: 600 MTPA (₹645 cr; ₹75 cr).
- A's SLI claim 1: filed 10 Oct 2028 (Y3) payable ₹10 cr, sanctioned 20 Nov 2028 (Y3),
  disbursed 20 Dec 2028 (Y4). A's SLI claim 2: filed 15 Apr 2029 (Y4) payable ₹6 cr.
- B's capital subsidy: filed 1 Jul 2028 payable ₹75 cr, sanctioned 1 Aug 2028 (Y3).
- A refund of ₹2 cr demanded of B on 10 Jan 2029 (Y4), ₹0.50 cr recovered 1 Feb 2029 (Y4).
- MHI paid the PMA ₹3 cr on 1 May 2026 (Y1).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from bidding.tests.fixtures import awarded, pdf
from committees.models import AdminExpense, AdminHead, RefundRecovery
from incentives.models import CapitalSubsidyClaim, ClaimStatus, SLIClaim
from milestones.models import CaseKind, CaseStatus, PenaltyCase, RefundDemand
from repm_portal.accounts.models import User
from repm_portal.documents.models import DocumentKind
from repm_portal.money import crore
from repm_portal.periods import IST

D1 = date(2028, 12, 1)
D2 = date(2029, 6, 30)
# An amended Table 6 SLI row (₹ cr a scheme year): years 3–6 cut to ₹1,000 cr, year 7 ₹2,450 cr.
TABLE6_SLI_AMENDED = {str(k): "0" for k in range(1, 8)} | {
    "3": "1000",
    "4": "1000",
    "5": "1000",
    "6": "1000",
    "7": "2450",
}


def at(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=IST)


def sli_claim(
    b: Any,
    *,
    start: date,
    end: date,
    filed: date,
    payable: Decimal,
    sanctioned: date | None = None,
    disbursed: date | None = None,
) -> SLIClaim:
    status = (
        ClaimStatus.DISBURSED
        if disbursed
        else ClaimStatus.SANCTIONED
        if sanctioned
        else ClaimStatus.UNDER_EXAMINATION
    )
    claim = SLIClaim.objects.create(
        beneficiary=b,
        period_kind="H1",
        period_start=start,
        period_end=end,
        status=status,
        declaration=True,
        register=pdf(b.user, DocumentKind.CERTIFICATE, "register.pdf"),
        filed_by=b.user,
        payable=payable,
        sanctioned_amount=payable if sanctioned else None,
        sanctioned_at=at(sanctioned) if sanctioned else None,
        disbursed_on=disbursed,
        payment_reference="PFMS/1" if disbursed else "",
    )
    SLIClaim.objects.filter(pk=claim.pk).update(filed_at=at(filed))
    return claim


def capital_claim(
    b: Any, *, filed: date, payable: Decimal, sanctioned: date | None = None
) -> CapitalSubsidyClaim:
    claim = CapitalSubsidyClaim.objects.create(
        beneficiary=b,
        status=ClaimStatus.SANCTIONED if sanctioned else ClaimStatus.UNDER_EXAMINATION,
        filed_by=b.user,
        commissioned_on=filed,
        auditor_certificate=pdf(b.user, DocumentKind.CERTIFICATE, "auditor.pdf"),
        investment_reported=payable * 10,
        eligible_investment=payable * 10,
        at_rate=payable,
        cap=b.capital_subsidy_cap,
        payable=payable,
        sanctioned_amount=payable if sanctioned else None,
        sanctioned_at=at(sanctioned) if sanctioned else None,
    )
    CapitalSubsidyClaim.objects.filter(pk=claim.pk).update(filed_at=at(filed))
    return claim


def refund(b: Any, *, mhi: User, issued: date, total: Decimal) -> RefundDemand:
    case = PenaltyCase.objects.create(
        beneficiary=b,
        kind=CaseKind.MISREPRESENTATION,
        status=CaseStatus.DECIDED,
        description="Invoices misstated.",
        raised_on=issued,
        decisions=["close"],
        decided_on=issued,
        decided_by=mhi,
    )
    demand = RefundDemand.objects.create(
        case=case,
        demand_on=issued,
        lines=[],
        principal=total,
        interest=Decimal(0),
        total=total,
        issued_by=mhi,
    )
    RefundDemand.objects.filter(pk=demand.pk).update(issued_at=at(issued))
    return demand


def forfeit(b: Any, *, mhi: User, decided: date) -> PenaltyCase:
    return PenaltyCase.objects.create(
        beneficiary=b,
        kind=CaseKind.MISSED_MILESTONE,
        status=CaseStatus.DECIDED,
        description="Milestone 2 missed.",
        raised_on=decided,
        decisions=["forfeit"],
        decided_on=decided,
        decided_by=mhi,
    )


def small_scheme(applicant: User, rival: User, mhi: User) -> dict[str, Any]:
    a = awarded(applicant, capacity=1000, loa_date=date(2026, 3, 1), mhi=mhi)
    b = awarded(rival, capacity=600, loa_date=date(2026, 3, 1), mhi=mhi)
    c1 = sli_claim(
        a,
        start=date(2028, 4, 1),
        end=date(2028, 9, 30),
        filed=date(2028, 10, 10),
        payable=crore(10),
        sanctioned=date(2028, 11, 20),
        disbursed=date(2028, 12, 20),
    )
    c2 = sli_claim(
        a, start=date(2028, 10, 1), end=date(2029, 3, 31), filed=date(2029, 4, 15), payable=crore(6)
    )
    cap = capital_claim(b, filed=date(2028, 7, 1), payable=crore(75), sanctioned=date(2028, 8, 1))
    demand = refund(b, mhi=mhi, issued=date(2029, 1, 10), total=crore(2))
    RefundRecovery.objects.create(
        demand=demand,
        amount=crore("0.5"),
        received_on=date(2029, 2, 1),
        reference="CHALLAN/1",
        recorded_by=mhi,
    )
    AdminExpense.objects.create(
        head=AdminHead.PMA_FEES,
        description="PMA fees, first year",
        amount=crore(3),
        incurred_on=date(2026, 5, 1),
        reference="MHI/PMA/1",
        recorded_by=mhi,
    )
    return {"a": a, "b": b, "c1": c1, "c2": c2, "capital": cap, "demand": demand}

"""Demo data for quarterly reports and the QRR (manage.py seed_demo, after the claims demo).

Round 1's L3, L4 and L5 receive their Letters of Award in the last ended quarter (FY2026-27-Q2
when today is 29 Nov 2026), so each owes a report for it: L3's is accepted, L4's is returned
for revision, resubmitted and accepted, L5's is missing (a draft never submitted). The PMA
compiles and issues that quarter's QRR (its PDF). L1, awarded today, has its current quarter's
report in progress (a draft). Safe to run twice: nothing is added once the QRR exists.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bidding import services as bidding
from bidding.demo import _pdf
from bidding.models import Beneficiary, BeneficiaryStatus
from milestones import services as milestones
from repm_portal.accounts.models import User
from repm_portal.documents.models import DocumentKind
from repm_portal.money import crore
from repm_portal.periods import Quarter, today_ist

from . import report_services as services
from . import reports as rules
from .models.reports import QuarterlyReviewReport

ROUND = "MHI/REPM/RFP/2026/01"

BASE: dict[str, Any] = {
    "technology_source": "licensed",
    "grades_produced": "",
    "rnd_spend": "0",
    "headcount_managerial": 9,
    "headcount_technical": 26,
    "headcount_skilled": 48,
    "headcount_other": 14,
    "women": 21,
    "trained": 18,
    "produced_kg": "0",
    "sold_kg": "0",
    "exported_kg": "0",
    "irel_oxide_kg": "0",
}

FIGURES: dict[int, dict[str, Any]] = {
    3: {
        "phases_narrative": "Detailed engineering closed; civil works on the sintering hall and "
        "the hydrogen decrepitation bay started in August.",
        "land_pct": "100",
        "buildings_pct": "35",
        "utilities_pct": "20",
        "equipment_ordered_pct": "48",
        "equipment_installed_pct": "5",
        "infrastructure_narrative": "66 kV substation sanctioned by the state utility.",
        "process_stages": ["alloy"],
        "technology_narrative": "Licence for grain-boundary diffusion signed; trial strip "
        "casting at the licensor's pilot line.",
        "yield_pct": None,
        "rnd_spend": "18500000.00",
        "hr_narrative": "Metallurgists recruited from IIT Madras and NFTDC.",
        "risk_narrative": "Jet mill lead time is the main schedule risk.",
    },
    4: {
        "phases_narrative": "Land allotted in the Nellore industrial park; design freeze in "
        "September.",
        "land_pct": "100",
        "buildings_pct": "10",
        "utilities_pct": "5",
        "equipment_ordered_pct": "22",
        "equipment_installed_pct": "0",
        "infrastructure_narrative": "Boundary wall and site levelling complete.",
        "process_stages": [],
        "technology_narrative": "In-house process under qualification with DMRL support.",
        "yield_pct": None,
        "rnd_spend": "6200000.00",
        "hr_narrative": "Core team in place; operators to be trained at DMRL from January.",
        "risk_narrative": "Dysprosium prices and the environmental clearance are watched.",
    },
}

RISKS: dict[int, list[dict[str, Any]]] = {
    3: [
        {
            "risk": "Jet mill delivery slips beyond March 2027",
            "likelihood": 3,
            "impact": 2,
            "mitigation": "Second supplier qualified; liquidated damages in the order.",
            "owner": "Chief Operating Officer",
            "status": "mitigating",
        },
        {
            "risk": "Dysprosium price spike",
            "likelihood": 2,
            "impact": 2,
            "mitigation": "Grain-boundary diffusion cuts Dy use by 60 %.",
            "owner": "Head of Procurement",
            "status": "open",
        },
    ],
    4: [
        {
            "risk": "Environmental clearance delayed",
            "likelihood": 2,
            "impact": 3,
            "mitigation": "Application filed; public hearing held on 12 Sep.",
            "owner": "Director (Projects)",
            "status": "open",
        }
    ],
}


def _award(mhi: User, b: Beneficiary, loa_date: date) -> Beneficiary:
    if b.status == BeneficiaryStatus.LOI_ISSUED:
        bidding.pbg_submit(
            actor=b.user,
            beneficiary=b,
            bank="Bank of Baroda, Corporate branch",
            number=f"PBG/{b.rank}/2026",
            amount=b.pbg_due,
            issued_on=loa_date - timedelta(days=10),
            valid_until=today_ist() + timedelta(days=5 * 365),
            document=_pdf(
                b.user,
                DocumentKind.CERTIFICATE,
                "Performance Bank Guarantee",
                "Bank guarantee in favour of the President of India.",
            ),
        )
        b.refresh_from_db()
    if b.status == BeneficiaryStatus.PBG_RECEIVED:
        bidding.loa_issue(actor=mhi, beneficiary=b, loa_date=loa_date)
        b.refresh_from_db()
    return b


def _invest(b: Beneficiary, on: date, amount: Decimal) -> None:
    milestones.investment_report_submit(
        actor=b.user,
        beneficiary=b,
        as_of=on,
        ca_certificate=_pdf(
            b.user,
            DocumentKind.CERTIFICATE,
            "CA certificate – investment to date",
            "Certified that the eligible investment listed was made and capitalised.",
        ),
        lines=[
            {
                "head": "plant",
                "description": "Vacuum induction melting and strip casting line (advance)",
                "vendor": "ULVAC India",
                "invoice_number": f"UL/{b.rank}/2026",
                "invoice_date": on,
                "amount": amount,
            }
        ],
    )


def seed_quarterly_reports(pma: User, mhi: User) -> None:
    today = today_ist()
    quarter = rules.last_ended_quarter(today)
    if QuarterlyReviewReport.objects.filter(quarter=quarter.code).exists():
        return
    round_ = {b.rank: b for b in Beneficiary.objects.filter(round__reference=ROUND)}
    if not {1, 3, 4, 5} <= set(round_):
        return
    awarded = {
        rank: _award(mhi, round_[rank], quarter.start + timedelta(days=days))
        for rank, days in ((3, 33), (4, 54), (5, 75))
    }
    _invest(awarded[3], quarter.start + timedelta(days=60), crore("61.5"))
    reports = {}
    for rank in (3, 4):
        b = awarded[rank]
        report = services.quarterly_report_start(actor=b.user, beneficiary=b, quarter=quarter)
        reports[rank] = services.quarterly_report_save(
            actor=b.user, report=report, fields={**BASE, **FIGURES[rank]}, risks=RISKS[rank]
        )
        services.quarterly_report_submit(actor=b.user, report=reports[rank])
    services.quarterly_report_accept(actor=pma, report=reports[3])
    services.quarterly_report_return(
        actor=pma,
        report=reports[4],
        reasons="Section (d): the headcount by category does not add up to the 97 people in "
        "the narrative; state women employees separately.",
    )
    l4 = awarded[4]
    services.quarterly_report_save(
        actor=l4.user,
        report=reports[4],
        fields={**BASE, **FIGURES[4], "hr_narrative": "97 people on the rolls, 21 of them women."},
        risks=RISKS[4],
    )
    services.quarterly_report_submit(actor=l4.user, report=reports[4])
    services.quarterly_report_accept(actor=pma, report=reports[4])
    l5 = awarded[5]
    services.quarterly_report_start(actor=l5.user, beneficiary=l5, quarter=quarter)  # missing

    qrr = services.qrr_compile(actor=pma, quarter=quarter)
    services.qrr_update(
        actor=pma,
        qrr=qrr,
        recommendations=(
            "1. The TC may ask L5 to file its overdue report within 15 days.\n"
            "2. Track the jet mill delivery of L3 monthly until installed.\n"
            "3. MHI may request an update on L4's environmental clearance."
        ),
        analyses={
            awarded[3].pk: "Civil works and orders are ahead of the DPR schedule; M1 "
            "(₹150 cr) is likely by mid-2027. The jet mill lead time is rated high.",
            awarded[4].pk: "Early stage: land in hand and design frozen. The environmental "
            "clearance is the critical path for M2.",
            awarded[5].pk: "No report received for the quarter; the PMA has written to the "
            "beneficiary.",
        },
    )
    services.qrr_issue(actor=pma, qrr=qrr)

    # The current quarter in progress: L1's first report, as a draft.
    l1 = round_[1]
    l1.refresh_from_db()
    current = Quarter.containing(today)
    if l1.loa_date and Quarter.containing(l1.loa_date) <= current:
        draft = services.quarterly_report_start(actor=l1.user, beneficiary=l1, quarter=current)
        services.quarterly_report_save(
            actor=l1.user,
            report=draft,
            fields={
                **BASE,
                "phases_narrative": "Letter of Award received; site mobilisation under way.",
                "land_pct": "100",
            },
            risks=[],
        )

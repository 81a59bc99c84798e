"""Demo data for milestones (manage.py seed_demo): MCLR rates, an investment report, a case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from bidding import services as bidding
from bidding.demo import _pdf
from bidding.models import Beneficiary, BeneficiaryStatus
from repm_portal.accounts.models import User
from repm_portal.documents.models import DocumentKind
from repm_portal.money import crore

from . import services
from .models import InvestmentReport, MCLRRate, PenaltyCase

MCLR = [(date(2025, 4, 15), "9.10"), (date(2025, 12, 15), "8.95"), (date(2026, 6, 15), "8.85")]


def seed_milestones(mhi: User, pma: User) -> None:
    for day, rate in MCLR:
        if not MCLRRate.objects.filter(effective_from=day).exists():
            services.mclr_record(
                actor=mhi,
                effective_from=day,
                rate_pct=Decimal(rate),
                source=f"SBI MCLR notice of {day:%d %b %Y} (demo)",
            )
    round_ = "MHI/REPM/RFP/2026/01"
    l1 = Beneficiary.objects.filter(round__reference=round_, rank=1).first()
    if l1 and not InvestmentReport.objects.filter(beneficiary=l1).exists():
        ca = _pdf(
            l1.user,
            DocumentKind.CERTIFICATE,
            "CA certificate – investment to date",
            "Certified that the eligible investment listed was made and capitalised.",
        )
        today = timezone.localdate()
        services.investment_report_submit(
            actor=l1.user,
            beneficiary=l1,
            as_of=today,
            ca_certificate=ca,
            lines=[
                {
                    "head": "plant",
                    "description": "Strip casting line",
                    "vendor": "ULVAC India",
                    "invoice_number": "UL/26/311",
                    "invoice_date": date(2025, 11, 3),
                    "amount": crore(42),
                    "non_creditable_taxes": crore("0.84"),
                },
                {
                    "head": "plant",
                    "description": "Jet mills (2) with nitrogen plant",
                    "vendor": "Hosokawa Micron",
                    "invoice_number": "HM-7781",
                    "invoice_date": date(2026, 2, 19),
                    "amount": crore(31),
                },
                {
                    "head": "rnd",
                    "description": "Magnetic property test bench (hysteresigraph)",
                    "vendor": "Magnet-Physik",
                    "invoice_number": "MP-2026-04",
                    "invoice_date": date(2026, 4, 8),
                    "amount": crore("3.6"),
                },
                {
                    "head": "tot",
                    "description": "Grain-boundary diffusion know-how licence",
                    "vendor": "Licensor (confidential)",
                    "invoice_number": "TOT-1",
                    "invoice_date": date(2026, 7, 1),
                    "amount": crore(18),
                },
                {
                    "head": "land_building",
                    "description": "Factory shed, Visakhapatnam",
                    "vendor": "APIIC",
                    "invoice_number": "APIIC-552",
                    "invoice_date": date(2026, 1, 10),
                    "amount": crore(25),
                    "claimed_eligible": False,
                },
            ],
        )
    l2 = Beneficiary.objects.filter(round__reference=round_, rank=2).first()
    if l2 and l2.status == BeneficiaryStatus.LOI_ISSUED:
        if l2.needs_spv and not l2.spv_cin:
            bidding.spv_record(
                actor=l2.user,
                beneficiary=l2,
                name="Deccan Magnets SPV Pvt Ltd",
                cin="U27100TG2026PTC198765",
                incorporated_on=date(2026, 10, 1),
            )
        bidding.pbg_submit(
            actor=l2.user,
            beneficiary=l2,
            bank="Canara Bank, Hyderabad main branch",
            number="CNRB-PBG-2026-44",
            amount=l2.pbg_due,
            issued_on=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=90),  # the 90-day reminder is due
            document=_pdf(
                l2.user,
                DocumentKind.CERTIFICATE,
                "Performance Bank Guarantee",
                "Bank guarantee in favour of the President of India.",
            ),
        )
        bidding.loa_issue(actor=mhi, beneficiary=l2, loa_date=timezone.localdate())
        l2.refresh_from_db()
    if l2 and not PenaltyCase.objects.filter(beneficiary=l2).exists():
        services.case_raise(
            actor=pma,
            beneficiary=l2,
            kind="other_obligation",
            description="The quarterly progress report for July–September 2026 "
            "was not filed by 15 October 2026.",
        )
    services.daily_checks(today=timezone.localdate())  # today's reminders, as beat would

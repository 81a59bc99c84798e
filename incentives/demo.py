"""Demo data for claims (manage.py seed_demo): L1's first half-year claim, its register checked,
examined by the PMA, verified by the Independent Engineer and now waiting on the beneficiary's
answer to a clarification. L1's capital subsidy page shows the subsidy as it stands (it is
filed once the entire capacity is commissioned), and its ledger the claim against its caps."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.models import Beneficiary
from repm_portal.accounts.models import User
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.periods import ClaimPeriod, PeriodKind

from . import examination, processing, services
from .models import SLIClaim

BUYERS = ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4"]  # Maharashtra and Karnataka buyers
HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"


def seed_claims(pma: User, ie: User) -> None:
    l1 = Beneficiary.objects.filter(round__reference="MHI/REPM/RFP/2026/01", rank=1).first()
    if l1 is None or SLIClaim.objects.filter(beneficiary=l1).exists():
        return
    period = ClaimPeriod.containing(timezone.localdate() - timedelta(days=200), PeriodKind.H1)
    lines = [HEADER]
    for i in range(1, 241):
        day = period.start + timedelta(days=i % 170)
        kg = 250 + (i * 37) % 900
        value = kg * 4200  # ₹4,200/kg of magnet
        lines.append(
            f"BM/{period.fy}/{i:04d},{day:%Y-%m-%d},{BUYERS[i % 2]},"
            f"{331000000000 + i:012d},{kg}.000,{value}.00,{value * 18 // 100}.00"
        )
    lines.append(
        f"BM/{period.fy}/0241,{period.end + timedelta(days=3):%Y-%m-%d},{BUYERS[0]},"
        f"331000000241,100.000,420000.00,75600.00"
    )  # outside the period
    lines.append(
        f"BM/{period.fy}/0242,{period.start:%Y-%m-%d},27AAPFU0939F1ZX,"
        f"331000000242,100.000,420000.00,75600.00"
    )  # wrong GSTIN check character
    lines.append(
        f"BM/{period.fy}/0243,{period.start:%Y-%m-%d},{BUYERS[1]},"
        f"331000000005,100.000,420000.00,75600.00"
    )  # e-way bill of row 6
    register = document_upload(
        owner=l1.user,
        kind=DocumentKind.INVOICE_REGISTER,
        title=f"Invoice register {period}",
        uploaded=SimpleUploadedFile(
            f"invoice-register-{period}.csv", ("\n".join(lines) + "\n").encode()
        ),
    )
    claim = services.sli_claim_file(
        actor=l1.user,
        beneficiary=l1,
        period=period.code,
        declaration=True,
        register_document=register,
    )
    claim = processing.register_process(claim_id=claim.pk)
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_assign_ie(actor=pma, claim=claim, ie=ie)
    examination.claim_verify(
        actor=ie,
        claim=claim,
        report="Sampled 24 invoices against e-way bills and dispatch registers at the plant: "
        "quantities and buyers match.",
    )
    examination.claim_seek_clarification(
        actor=pma,
        claim=claim,
        question="Please upload the GSTR-1 to books reconciliation for the period; three "
        "rows of the register were rejected (see the list).",
    )

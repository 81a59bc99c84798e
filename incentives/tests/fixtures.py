"""Helpers shared by incentives' tests and the browser tests (not a test module)."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bidding.tests.fixtures import awarded
from incentives import processing, services
from incentives.models import ClaimStatus, SLIClaim
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload

HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"
ROW = "BM/001,2027-04-02,27AAPFU0939F1ZV,111111111111,1000,4000000.00,720000.00"


def checked_claim(applicant, mhi) -> SLIClaim:
    """A claim of 1,000 kg for H1 of FY2027-28 (1,200 MTPA at ₹1,185.00/kg), its register
    checked: submitted, the PMA's to examine."""
    b = awarded(applicant, capacity=1200, loa_date=date(2027, 2, 1), mhi=mhi)
    b.quoted_rate = Decimal("1185.00")
    b.save(update_fields=["quoted_rate"])
    register = document_upload(
        owner=applicant,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile("register.csv", f"{HEADER}\n{ROW}\n".encode()),
    )
    filed = services.sli_claim_file(
        actor=applicant,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register,
    )
    return processing.register_process(claim_id=filed.pk)


# Every stage a claim passes through, and the ends it may reach (for lists of many claims).
STAGES = [
    ClaimStatus.SUBMITTED,
    ClaimStatus.UNDER_EXAMINATION,
    ClaimStatus.IE_VERIFICATION,
    ClaimStatus.CLARIFICATION,
    ClaimStatus.RECOMMENDED,
    ClaimStatus.HELD,
    ClaimStatus.SANCTIONED,
    ClaimStatus.DISBURSED,
    ClaimStatus.REJECTED,
    ClaimStatus.REGISTER_FAILED,
]


def claims_at_every_stage(beneficiary, n: int, *, ie=None, first: int = 0) -> list[SLIClaim]:
    """``n`` half-year claims of ``beneficiary`` (numbered from ``first``), spread over every
    stage, their service-target clocks started on days of their own; the IE verifies those
    with it. Written directly, without the register's check (for query counts and loads)."""
    from datetime import timedelta

    from django.utils import timezone

    register = document_upload(
        owner=beneficiary.user,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile("register.csv", f"{HEADER}\n{ROW}\n".encode()),
    )
    now = timezone.now()
    rows = []
    for i in range(first, first + n):
        status = STAGES[i % len(STAGES)]
        start = date(2027, 4, 1) + timedelta(days=200 * i)
        rows.append(
            SLIClaim(
                beneficiary=beneficiary,
                period_kind="H1",
                period_start=start,
                period_end=start + timedelta(days=180),
                status=status,
                declaration=True,
                register=register,
                filed_by=beneficiary.user,
                payable=Decimal("1000000.00"),
                ie=ie if status == ClaimStatus.IE_VERIFICATION else None,
                stage_since=now - timedelta(days=7 * i),
                sanctioned_amount=Decimal("1000000.00")
                if status in (ClaimStatus.SANCTIONED, ClaimStatus.DISBURSED)
                else None,
                sanctioned_at=now
                if status in (ClaimStatus.SANCTIONED, ClaimStatus.DISBURSED)
                else None,
                disbursed_on=date(2028, 1, 1) if status == ClaimStatus.DISBURSED else None,
            )
        )
    return SLIClaim.objects.bulk_create(rows)

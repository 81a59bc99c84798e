"""Helpers shared by incentives' tests and the browser tests (not a test module)."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bidding.tests.fixtures import awarded
from incentives import processing, services
from incentives.models import SLIClaim
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

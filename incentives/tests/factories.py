"""factory_boy factories for the incentives' models, built directly rather than filed through
the services: for tests of what follows filing (a claim in some state, an earlier claim)."""

from __future__ import annotations

from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from incentives.models import ClaimStatus, SLIClaim
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload

HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"


class SLIClaimFactory(factory.django.DjangoModelFactory):
    """A claim for H1 of FY2027-28, submitted, its invoice register holding only the header.
    ``beneficiary`` is required: the claim is filed by its user."""

    class Meta:
        model = SLIClaim
        skip_postgeneration_save = True

    period_kind = "H1"
    period_start = date(2027, 4, 1)
    period_end = date(2027, 9, 30)
    status = ClaimStatus.SUBMITTED
    declaration = True
    filed_by = factory.LazyAttribute(lambda o: o.beneficiary.user)
    register = factory.LazyAttribute(
        lambda o: document_upload(
            owner=o.beneficiary.user,
            kind=DocumentKind.INVOICE_REGISTER,
            uploaded=SimpleUploadedFile("register.csv", f"{HEADER}\n".encode()),
        )
    )

"""Links on the claim pages only for who may follow them, and sanction orders for the
beneficiary, the PMA and MHI only (R-ACL-1…3)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bidding.tests.fixtures import awarded, pdf
from incentives import examination, processing, services
from milestones import services as milestones
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload

pytestmark = pytest.mark.django_db
HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"
ROW = "A/1,2027-04-02,27AAPFU0939F1ZV,333333333333,1000,4000000.00,720000.00"


@pytest.fixture
def sanctioned(applicant, pma, mhi, ie):
    b = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    milestones.commissioning_record(
        actor=applicant,
        beneficiary=b,
        capacity_mtpa=Decimal(600),
        commissioned_on=date(2028, 6, 1),
        industries_certificate=pdf(applicant, DocumentKind.CERTIFICATE, "doi.pdf"),
        engineer_certificate=pdf(applicant, DocumentKind.CERTIFICATE, "ce.pdf"),
    )
    register = document_upload(
        owner=applicant,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile("r.csv", f"{HEADER}\n{ROW}\n".encode()),
    )
    claim = services.sli_claim_file(
        actor=applicant,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register,
    )
    claim = processing.register_process(claim_id=claim.pk)
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_assign_ie(actor=pma, claim=claim, ie=ie)
    examination.claim_verify(actor=ie, claim=claim, report="Invoices match the e-way bills.")
    examination.claim_recommend(actor=pma, claim=claim)
    return examination.claim_sanction(actor=mhi, claim=claim)


def page_and_order(client, user, claim):
    client.force_login(user)
    page = client.get(reverse("web:claim", args=[claim.pk]))
    order = client.get(reverse("web:document_download", args=[claim.sanction_order_id]))
    return page, order


def test_r_acl_2_a_sanction_order_is_read_by_the_beneficiary_the_pma_and_mhi_only(
    client, sanctioned, personas
) -> None:
    order_url = reverse("web:document_download", args=[sanctioned.sanction_order_id])
    for role in ("applicant", "pma", "mhi"):
        page, order = page_and_order(client, personas[role], sanctioned)
        assert page.status_code == 200 and order.status_code == 200, role
        assert order_url in page.content.decode(), role
    # The IE opens the claim it verified, but not its sanction order, nor a link to it.
    page, order = page_and_order(client, personas["ie"], sanctioned)
    assert page.status_code == 200 and order.status_code == 404
    assert order_url not in page.content.decode()
    for role in ("tc", "smc", "rival"):
        _page, order = page_and_order(client, personas[role], sanctioned)
        assert order.status_code == 404, role


def test_r_acl_2_the_ledger_link_shows_only_to_who_may_open_the_ledger(
    client, sanctioned, personas
) -> None:
    ledger = reverse("web:ledger", args=[sanctioned.beneficiary_id])
    for role, may in (("applicant", True), ("mhi", True), ("pma", False), ("ie", False)):
        client.force_login(personas[role])
        page = client.get(reverse("web:claim", args=[sanctioned.pk])).content.decode()
        assert (f'href="{ledger}"' in page) is may, role
        assert client.get(ledger).status_code == (200 if may else 404), role


def test_r_acl_3_the_tc_sees_commissioning_without_links_to_certificates(
    client, sanctioned, personas
) -> None:
    record = sanctioned.beneficiary.commissioning.get()
    certificate = reverse("web:document_download", args=[record.industries_certificate_id])
    for role, may in (("tc", False), ("smc", False), ("pma", True), ("mhi", True)):
        client.force_login(personas[role])
        url = reverse("web:milestones", args=[sanctioned.beneficiary_id])
        page = client.get(url)
        assert page.status_code == 200, role
        assert (certificate in page.content.decode()) is may, role
        assert client.get(certificate).status_code == (200 if may else 404), role


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/claims/", {"applicant", "rival", "pma", "mhi", "ie", "admin"}),
        ("/ledgers/", {"applicant", "rival", "mhi", "admin"}),
        ("/cases/", {"applicant", "rival", "pma", "tc", "smc", "mhi", "admin"}),
    ],
)
def test_r_acl_3_lists_a_role_may_not_use_are_refused_before_they_render(
    client, personas, url, allowed
) -> None:
    for role in ("applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin"):
        client.force_login(personas[role])
        assert client.get(url).status_code == (200 if role in allowed else 403), (url, role)

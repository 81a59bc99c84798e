"""A claim whose payable is ₹0.00 is closed as nil payable with the cap that binds (R-SLI-6):
never sanctioned with an order for ₹0.00, never disbursed."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded
from incentives import examination
from incentives.models import ClaimStatus, SLIClaim
from incentives.tests.fixtures import GSTIN, disbursed_before, file_claim
from milestones.tests.fixtures import commission_all
from repm_portal.audit.models import AuditEvent
from repm_portal.documents.models import Document
from repm_portal.errors import StateConflict
from repm_portal.money import crore

pytestmark = pytest.mark.django_db
ROW = f"NIL/1,2027-04-02,{GSTIN},222222222222,1000,4000000.00,720000.00"


@pytest.fixture
def b(applicant, mhi):
    beneficiary = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    beneficiary.quoted_rate = Decimal("1185.00")
    beneficiary.save(update_fields=["quoted_rate"])
    commission_all(beneficiary)
    return beneficiary


def test_r_sli_6_a_claim_with_no_eligible_sale_is_closed_nil_when_computed(b, client) -> None:
    # Its only row is dated outside the period: 0 kg → gross ₹0.00 binds.
    claim = file_claim(b, [f"NIL/1,2026-04-02,{GSTIN},222222222222,10,1000.00,180.00"])
    assert (claim.status, claim.payable, claim.binding_cap) == (
        ClaimStatus.NIL,
        Decimal("0.00"),
        "gross",
    )
    assert claim.sanction_order_id is None and claim.sanctioned_amount is None
    assert AuditEvent.objects.filter(action="claim.closed_nil", object_id=str(claim.pk)).exists()
    client.force_login(b.user)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert "Closed as nil payable" in page and "the gross incentive (R-SLI-3)" in page


def test_r_sli_5_a_used_up_tenure_cap_closes_the_claim_nil_without_an_order(b, pma, mhi) -> None:
    # Table 3 at 600 MTPA: ₹645 cr, all of it sanctioned before; 1,000 kg × ₹1,185 earns nothing.
    disbursed_before(b, crore(645))
    claim = file_claim(b, [ROW])
    assert (claim.status, claim.payable, claim.binding_cap) == (
        ClaimStatus.NIL,
        Decimal("0.00"),
        "tenure_cap",
    )


def test_r_sli_6_a_claim_whose_cap_is_used_up_before_sanction_closes_nil(b, pma, mhi) -> None:
    claim = file_claim(b, [ROW])  # ₹11,85,000.00 payable when computed
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_recommend(actor=pma, claim=claim)
    disbursed_before(b, crore(645))  # meanwhile the whole tenure cap is sanctioned elsewhere
    examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.payable, claim.binding_cap) == (
        ClaimStatus.NIL,
        Decimal("0.00"),
        "tenure_cap",
    )
    assert claim.sanction_order_id is None and claim.sanctioned_amount is None
    assert not Document.objects.filter(title="Sanction order").exists()
    with pytest.raises(StateConflict):
        examination.claim_disburse(
            actor=mhi, claim=claim, payment_reference="PFMS/0", disbursed_on=date(2029, 1, 15)
        )
    assert SLIClaim.objects.get(pk=claim.pk).payment_reference == ""

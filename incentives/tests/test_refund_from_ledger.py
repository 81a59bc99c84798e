"""§11.2 refunds are built from the benefits incentives recorded as disbursed (R-MS-5)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded
from incentives.models import ClaimStatus
from incentives.tests.factories import SLIClaimFactory
from milestones import services as milestones
from repm_portal.ledger import disbursements_of
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db


def disbursed(b, *, status=ClaimStatus.DISBURSED, on=date(2027, 10, 20), fy=2027):
    return SLIClaimFactory(
        beneficiary=b,
        period_start=date(fy, 4, 1),
        period_end=date(fy, 9, 30),
        status=status,
        sanctioned_amount=Decimal("1185000.00"),
        disbursed_on=on if status == ClaimStatus.DISBURSED else None,
        payment_reference="PFMS/2027/1" if status == ClaimStatus.DISBURSED else "",
    )


def test_r_ms_5_the_refund_form_offers_only_what_was_disbursed_to_the_beneficiary(
    applicant, rival, mhi, pma, client
) -> None:
    b = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    other = awarded(rival, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    paid = disbursed(b)
    disbursed(
        b, status=ClaimStatus.SANCTIONED, fy=2026
    )  # sanctioned, never paid: not a benefit received
    theirs = disbursed(other)
    assert [d.key for d in disbursements_of(b.pk)] == [f"sli:{paid.pk}"]
    milestones.mclr_record(
        actor=mhi, effective_from=date(2027, 9, 15), rate_pct=Decimal("9.10"), source="SBI"
    )
    case = milestones.case_raise(
        actor=pma, beneficiary=b, kind="misrepresentation", description="Not genuine."
    )
    milestones.case_issue_notice(actor=mhi, case=case, reply_by=today_ist() + timedelta(days=9))
    milestones.case_record_hearing(actor=mhi, case=case, hearing_on=date(2028, 3, 1), notes="-")
    milestones.case_decide(actor=mhi, case=case, decisions=["forfeit"], reasons="Proven.")
    client.force_login(mhi)
    url = reverse("web:case", args=[case.pk])
    page = client.get(url).content.decode()
    assert f'value="sli:{paid.pk}"' in page and f'value="sli:{theirs.pk}"' not in page
    refused = client.post(
        url, {"form": "refund", "demand_on": "2028-10-20", "disbursements": [f"sli:{theirs.pk}"]}
    )
    assert refused.status_code == 200 and not case.refunds.exists()
    client.post(
        url, {"form": "refund", "demand_on": "2028-10-20", "disbursements": [f"sli:{paid.pk}"]}
    )
    demand = case.refunds.get()
    # ₹11,85,000.00 × 1.091 (one whole year at 9.10 %) = ₹12,92,835.00
    assert (demand.principal, demand.total) == (Decimal("1185000.00"), Decimal("1292835.00"))
    assert demand.lines[0]["payment_reference"] == "PFMS/2027/1"

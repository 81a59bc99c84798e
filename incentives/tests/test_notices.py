"""Each step of a claim's examination tells the people it concerns, in the portal and by
e-mail after the commit, in their own language (R-SLI-9, R-GOV-2)."""

from datetime import date
from decimal import Decimal

import pytest

from bidding.tests.fixtures import pdf
from incentives import examination
from incentives.tests.fixtures import checked_claim
from repm_portal.documents.models import DocumentKind
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(applicant, mhi):
    return checked_claim(applicant, mhi)


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True)
    )


def test_r_sli_9_the_beneficiary_and_the_pma_are_told_of_each_step(
    claim, applicant, pma, mhi, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    n = claim.pk
    org = applicant.organisation
    with django_capture_on_commit_callbacks(execute=True):
        examination.claim_examine(actor=pma, claim=claim)  # nobody is told of this one
        examination.claim_seek_clarification(actor=pma, claim=claim, question="GSTR-1?")
    assert told(applicant) == [f"Clarification sought on your sales-linked incentive claim no. {n}"]
    with django_capture_on_commit_callbacks(execute=True):
        examination.claim_answer(actor=applicant, claim=claim, answer="Attached.")
    assert told(pma) == [
        f"{org} answered the clarification on sales-linked incentive claim no. {n}"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        examination.claim_recommend(actor=pma, claim=claim)  # R-SLI-7: not commissioned yet
    assert told(applicant)[-1] == (
        f"Your sales-linked incentive claim no. {n} is held until the entire capacity is "
        "commissioned"
    )
    with django_capture_on_commit_callbacks(execute=True):
        examination.claim_reject(actor=mhi, claim=claim, reasons="Invoices not reconciled.")
    assert told(applicant)[-1] == f"Your sales-linked incentive claim no. {n} has been rejected"
    # every notification was e-mailed once, to its own person, with the claim's link
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        (u.email, t) for u in (applicant, pma, mhi) for t in told(u)
    )
    assert all(f"http://127.0.0.1:8000/claims/{n}/" in m.body for m in mailoutbox)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_r_sli_9_recommendation_sanction_and_disbursement_are_told(
    claim, applicant, pma, mhi
) -> None:
    from milestones import services as milestones

    milestones.commissioning_record(
        actor=applicant,
        beneficiary=claim.beneficiary,
        capacity_mtpa=Decimal(claim.beneficiary.allocated_capacity_mtpa),
        commissioned_on=date(2028, 6, 1),
        industries_certificate=pdf(applicant, DocumentKind.CERTIFICATE, "doi.pdf"),
        engineer_certificate=pdf(applicant, DocumentKind.CERTIFICATE, "ce.pdf"),
    )
    n, org = claim.pk, applicant.organisation
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_recommend(actor=pma, claim=claim)
    assert (
        told(mhi)[-1] == f"Sales-linked incentive claim no. {n} of {org} recommended for sanction"
    )
    examination.claim_sanction(actor=mhi, claim=claim)
    assert told(pma)[-1] == f"Sales-linked incentive claim no. {n} of {org} sanctioned"
    examination.claim_disburse(
        actor=mhi, claim=claim, payment_reference="PFMS/2028/1", disbursed_on=today_ist()
    )
    assert told(applicant)[-3:] == [
        f"Sales-linked incentive claim no. {n} of {org} recommended for sanction",
        f"Sales-linked incentive claim no. {n} of {org} sanctioned",
        f"Your sales-linked incentive claim no. {n} has been disbursed",
    ]

"""Races on PostgreSQL with real threads: one sanction per claim, the tenure cap across two
claims sanctioned at once, and one invoice in two claims processed at once."""

import threading
from datetime import date
from decimal import Decimal

import pytest

from bidding.tests.fixtures import awarded
from incentives import examination, processing, services
from incentives.models import CapitalSubsidyClaim, ClaimedInvoice, ClaimStatus, SLIClaim
from incentives.tests.fixtures import (
    GSTIN,
    capital_claim_file,
    certificate,
    disbursed_before,
    file_claim,
    invest,
    register_file,
)
from milestones.tests.fixtures import commission_all
from repm_portal.audit.models import AuditEvent
from repm_portal.audit.services import audit_record
from repm_portal.documents import letters
from repm_portal.errors import RuleViolation, StateConflict
from repm_portal.money import crore
from tests.factories import UserFactory
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def b(applicant, mhi):
    beneficiary = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    commission_all(beneficiary)
    return beneficiary


def recommended(b, pma, lines, period):
    claim = file_claim(b, lines, period=period)
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_recommend(actor=pma, claim=claim)
    return claim


def test_two_mhi_officers_sanctioning_one_claim_sanction_it_once(b, pma, mhi) -> None:
    other_mhi = UserFactory(email="ds.pe@mhi.gov.in", role="mhi")
    claim = recommended(
        b, pma, [f"A/1,2027-04-02,{GSTIN},111111111111,1000,4000000.00,0"], "FY2027-28-H1"
    )
    results = run_together(
        lambda: examination.claim_sanction(actor=mhi, claim=claim),
        lambda: examination.claim_sanction(actor=other_mhi, claim=claim),
    )
    assert sum(isinstance(r, SLIClaim) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    assert AuditEvent.objects.filter(action="claim.sanctioned").count() == 1


def test_two_claims_sanctioned_at_once_keep_within_the_tenure_cap(b, pma, mhi) -> None:
    # ₹645 cr cap; ₹644,99,00,000 already sanctioned leaves ₹1,00,000. Each claim alone would
    # pay ₹1,00,000 (gross 1,000 kg × ₹1,500 = ₹15,00,000 is more): only one of them can.
    disbursed_before(b, crore(645) - Decimal("100000"))
    first = recommended(
        b, pma, [f"A/1,2027-04-02,{GSTIN},111111111111,1000,9000000.00,0"], "FY2027-28-H1"
    )
    second = recommended(
        b, pma, [f"A/2,2027-10-02,{GSTIN},111111111112,1000,9000000.00,0"], "FY2027-28-H2"
    )
    results = run_together(
        lambda: examination.claim_sanction(actor=mhi, claim=first),
        lambda: examination.claim_sanction(actor=mhi, claim=second),
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    # The one sanctioned second finds nothing left: it is closed as nil payable, no order.
    outcome = sorted(
        SLIClaim.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "status", "sanctioned_amount", "payable", "sanction_order"
        ),
        key=lambda row: row[0],
    )
    assert [row[:3] for row in outcome] == [
        (ClaimStatus.NIL, None, Decimal("0.00")),
        (ClaimStatus.SANCTIONED, Decimal("100000.00"), Decimal("100000.00")),
    ]
    assert outcome[0][3] is None and outcome[1][3] is not None
    total = sum(
        SLIClaim.objects.filter(beneficiary=b, sanctioned_amount__isnull=False).values_list(
            "sanctioned_amount", flat=True
        )
    )
    assert total == crore(645)


def test_one_invoice_in_two_claims_processed_at_once_counts_once(b, rival, mhi) -> None:
    other = awarded(rival, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    line = f"X/1,2027-04-02,{GSTIN},555555555555,100,200000.00,36000.00"
    claims = [
        services.sli_claim_file(
            actor=x.user,
            beneficiary=x,
            period="FY2027-28-H1",
            declaration=True,
            register_document=register_file(x.user, [line]),
        )
        for x in (b, other)
    ]
    run_together(*[lambda c=c: processing.register_process(claim_id=c.pk) for c in claims])
    assert ClaimedInvoice.objects.filter(eway_bill="555555555555").count() == 1
    outcomes = sorted(
        (c.invoices.count(), c.rejected.count())
        for c in SLIClaim.objects.filter(pk__in=[c.pk for c in claims])
    )
    assert outcomes == [(0, 1), (1, 0)]


def test_the_capital_subsidy_filed_twice_at_once_is_filed_once(b) -> None:
    invest(b)
    first, second = certificate(b), certificate(b)
    results = run_together(
        lambda: services.capital_subsidy_file(
            actor=b.user, beneficiary=b, auditor_certificate=first
        ),
        lambda: services.capital_subsidy_file(
            actor=b.user, beneficiary=b, auditor_certificate=second
        ),
    )
    assert sum(isinstance(r, CapitalSubsidyClaim) for r in results) == 1
    assert sum(isinstance(r, RuleViolation) and r.rule == "R-CAP-5" for r in results) == 1
    assert CapitalSubsidyClaim.objects.count() == 1


def test_two_mhi_officers_sanctioning_the_capital_subsidy_sanction_it_once(b, pma, mhi) -> None:
    invest(b)
    claim = capital_claim_file(b)
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_recommend(actor=pma, claim=claim)
    other_mhi = UserFactory(email="us.pe@mhi.gov.in", role="mhi")
    results = run_together(
        lambda: examination.claim_sanction(actor=mhi, claim=claim),
        lambda: examination.claim_sanction(actor=other_mhi, claim=claim),
    )
    assert sum(isinstance(r, CapitalSubsidyClaim) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    claim.refresh_from_db()
    # 15 % of ₹356 cr (see invest in incentives/tests/fixtures.py) = ₹53.4 cr, sanctioned once
    assert claim.sanctioned_amount == Decimal("534000000.00")
    assert AuditEvent.objects.filter(action="claim.sanctioned").count() == 1


def test_an_audited_write_completes_while_a_sanction_order_renders(
    b, pma, mhi, monkeypatch
) -> None:
    """The sanction order is rendered before the sanction takes its locks (the audit head's
    among them): another user's audited write commits while the PDF is still rendering."""
    claim = recommended(
        b, pma, [f"A/1,2027-04-02,{GSTIN},111111111111,1000,4000000.00,0"], "FY2027-28-H1"
    )
    rendering, written = threading.Event(), threading.Event()
    events: list[str] = []
    real_render = letters.pdf_render

    def slow_render(template: str, context: dict) -> bytes:
        events.append("render started")
        rendering.set()
        # Bounded: under a lock the other write could never commit, and this would time out.
        events.append("render saw the write" if written.wait(timeout=10) else "render timed out")
        return real_render(template, context)

    monkeypatch.setattr(letters, "pdf_render", slow_render)

    def other_write() -> None:
        assert rendering.wait(timeout=10), "the sanction order never started rendering"
        audit_record(actor=pma, action="test.unrelated_write", obj=pma)  # its own transaction
        events.append("write committed")
        written.set()

    results = run_together(lambda: examination.claim_sanction(actor=mhi, claim=claim), other_write)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert events == ["render started", "write committed", "render saw the write"]
    claim.refresh_from_db()
    assert claim.status == "sanctioned"
    assert claim.sanction_order is not None

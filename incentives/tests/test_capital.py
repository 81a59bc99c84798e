"""The capital subsidy claim (R-CAP-1…5): built from the reported investment lines, 15 % of the
eligible ones, the Table 4 cap, filed once after commissioning of the entire capacity, and the
same examination as an SLI claim. Expected values are worked out by hand from §4.3."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bidding.tests.fixtures import awarded, pdf
from incentives import examination, selectors, services
from incentives.models import CapitalSubsidyClaim, ClaimStatus
from incentives.tests.fixtures import capital_claim_file, certificate, invest
from milestones.tests.fixtures import commission_all, line, report
from repm_portal.audit.models import AuditEvent
from repm_portal.documents.models import DocumentKind
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.money import crore

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(applicant, mhi):
    # 600 MTPA: Table 4 caps the capital subsidy at ₹75 cr (R-CAP-4).
    return awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)


def test_r_cap_1_4_fifteen_per_cent_of_the_eligible_lines_below_the_cap(b) -> None:
    invest(b)
    commission_all(b)
    claim = capital_claim_file(b)
    # 15 % × ₹356 cr = ₹53.4 cr, under the ₹75 cr cap
    assert (claim.investment_reported, claim.eligible_investment) == (crore(440), crore(356))
    assert (claim.at_rate, claim.cap, claim.payable, claim.capped) == (
        Decimal("534000000.00"),
        crore(75),
        Decimal("534000000.00"),
        False,
    )
    assert claim.lines.count() == 5  # every line, the excluded ones shown with their reasons
    reasons = dict(claim.lines.values_list("invoice_number", "exclusion_reasons"))
    assert "R-CAP-2" in reasons["B-1"] and "R-CAP-3" in reasons["P-1"] and reasons["F-1"] == ""
    assert claim.commissioned_on == date(2028, 6, 1)
    assert claim.status == ClaimStatus.SUBMITTED and claim.parameter_version_id is not None


def test_r_cap_4_the_table_4_cap_binds(b) -> None:
    # ₹600 cr eligible × 15 % = ₹90 cr > ₹75 cr (600 MTPA) → ₹75 cr
    report(b, line(amount=crore(600)))
    commission_all(b)
    claim = capital_claim_file(b)
    assert (claim.at_rate, claim.payable, claim.capped) == (crore(90), crore(75), True)


def test_r_cap_5_only_after_the_entire_capacity_is_commissioned(b) -> None:
    invest(b)
    with pytest.raises(RuleViolation, match="commissioning") as refused:
        capital_claim_file(b)
    assert refused.value.rule == "R-CAP-5"
    preview = selectors.capital_subsidy_preview(b)  # still shown, for planning
    assert (preview.commissioned_on, preview.result.payable) == (None, Decimal("534000000.00"))
    assert not CapitalSubsidyClaim.objects.exists()


def test_r_cap_5_filed_once_and_again_only_after_a_rejection(b, pma) -> None:
    invest(b)
    commission_all(b)
    first = capital_claim_file(b)
    with pytest.raises(RuleViolation, match="once"):
        capital_claim_file(b)
    examination.claim_reject(actor=pma, claim=first, reasons="Auditor certificate unsigned.")
    second = capital_claim_file(b)
    assert second.pk != first.pk and second.status == ClaimStatus.SUBMITTED


def test_r_cap_5_the_auditor_certificate_must_be_the_beneficiarys_certificate(b, rival) -> None:
    invest(b)
    commission_all(b)
    with pytest.raises(ValidationFailed, match="Statutory Auditor"):
        services.capital_subsidy_file(
            actor=b.user, beneficiary=b, auditor_certificate=pdf(rival, DocumentKind.CERTIFICATE)
        )
    with pytest.raises(ValidationFailed, match="Statutory Auditor"):
        services.capital_subsidy_file(
            actor=b.user, beneficiary=b, auditor_certificate=pdf(b.user, DocumentKind.DPR)
        )
    with pytest.raises(NotAllowed):
        services.capital_subsidy_file(
            actor=rival, beneficiary=b, auditor_certificate=certificate(b)
        )


def test_the_same_examination_with_an_ie_then_sanction_once_and_disbursement(
    b, pma, mhi, ie
) -> None:
    invest(b)
    commission_all(b)
    claim = capital_claim_file(b)
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_assign_ie(actor=pma, claim=claim, ie=ie)
    with pytest.raises(RuleViolation, match="Independent Engineer"):
        claim.status = ClaimStatus.UNDER_EXAMINATION  # even if it were back with the PMA
        examination.claim_recommend(actor=pma, claim=claim)
    claim.refresh_from_db()
    with pytest.raises(NotAllowed):
        examination.claim_verify(actor=pma, claim=claim, report="Seen.")
    examination.claim_seek_clarification(actor=pma, claim=claim, question="Furnace invoice?")
    examination.claim_answer(actor=b.user, claim=claim, answer="Attached.")
    assert claim.status == ClaimStatus.IE_VERIFICATION  # back to the IE, who has not verified
    examination.claim_verify(actor=ie, claim=claim, report="Assets seen installed on site.")
    examination.claim_recommend(actor=pma, claim=claim)
    examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.sanctioned_amount) == (
        ClaimStatus.SANCTIONED,
        Decimal("534000000.00"),
    )
    assert claim.sanction_order.content_type == "application/pdf"
    # each note says what it is, who wrote it and when
    notes = list(claim.examination_notes.values_list("kind", "author", "author_name", "text"))
    assert notes == [
        ("question", pma.pk, pma.full_name, "Furnace invoice?"),
        ("answer", b.user.pk, b.user.full_name, "Attached."),
        ("ie_report", ie.pk, ie.full_name, "Assets seen installed on site."),
    ]
    verified = claim.examination_notes.get(text="Assets seen installed on site.").written_at
    assert claim.ie_verified_at is not None
    assert abs(verified - claim.ie_verified_at) < timedelta(seconds=5)
    examination.claim_disburse(
        actor=mhi, claim=claim, payment_reference="PFMS/CAP/1", disbursed_on=date(2029, 1, 15)
    )
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(claim.pk), object_type__endswith="capitalsubsidyclaim"
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "capital_claim.filed",
        "claim.examination_started",
        "claim.ie_assigned",
        "claim.clarification_sought",
        "claim.clarified",
        "claim.ie_verified",
        "claim.recommended",
        "claim.sanctioned",
        "claim.disbursed",
    ]
    ledger = selectors.ledger_of(b)
    assert (ledger.capital.cap, ledger.capital.sanctioned, ledger.capital.disbursed) == (
        crore(75),
        Decimal("534000000.00"),
        Decimal("534000000.00"),
    )
    assert ledger.capital.remaining == crore(75) - Decimal("534000000.00")


def test_only_an_active_ie_may_be_assigned(b, pma, mhi) -> None:
    invest(b)
    commission_all(b)
    claim = capital_claim_file(b)
    examination.claim_examine(actor=pma, claim=claim)
    with pytest.raises(ValidationFailed, match="Independent Engineer"):
        examination.claim_assign_ie(actor=pma, claim=claim, ie=mhi)


def test_r_cap_1_no_eligible_investment_closes_the_claim_as_nil_payable(b, mhi, client) -> None:
    # Only a factory shed (R-CAP-2) and a used press (R-CAP-3): ₹84 cr reported, ₹0 eligible,
    # 15 % of ₹0 = ₹0.00 — closed at filing, never sanctioned with an order for ₹0.00.
    report(
        b,
        line(
            invoice_number="B-1",
            head="land_building",
            description="Factory shed",
            amount=crore(80),
            claimed_eligible=False,
        ),
        line(invoice_number="P-1", amount=crore(4), second_hand=True, claimed_eligible=False),
    )
    commission_all(b)
    claim = capital_claim_file(b)
    assert (claim.status, claim.eligible_investment, claim.payable) == (
        ClaimStatus.NIL,
        Decimal("0.00"),
        Decimal("0.00"),
    )
    with pytest.raises(StateConflict, match="Only a recommended claim is sanctioned"):
        examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    assert claim.sanction_order_id is None and claim.sanctioned_amount is None
    client.force_login(b.user)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Closed as nil payable" in page

"""SLI claims through the services: the register checked row by row, the claim computed by
hand from the notification, the commissioning gate, the examination."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.tests.fixtures import awarded
from incentives import examination, processing, services
from incentives.models import ClaimStatus, RejectedRow, SLIClaim
from incentives.tests.fixtures import GSTIN, HEADER, disbursed_before, file_claim, register_file
from milestones.tests.fixtures import commission_all
from repm_portal.audit.models import AuditEvent
from repm_portal.documents import letters
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.money import crore

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(applicant, mhi):
    # L1 at 1,200 MTPA quoting ₹1,185.00/kg; Table 3 cap ₹1,290 cr.
    beneficiary = awarded(applicant, capacity=1200, loa_date=date(2027, 2, 1), mhi=mhi)
    beneficiary.quoted_rate = Decimal("1185.00")
    beneficiary.save(update_fields=["quoted_rate"])
    return beneficiary


def test_r_sli_8_every_row_is_checked_and_rejections_say_why(b, rival, mhi) -> None:
    other = awarded(rival, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    file_claim(other, [f"DRE/1,2027-05-01,{GSTIN},999999999999,10,1000.00,180.00"])
    claim = file_claim(
        b,
        [
            f"BM/001,2027-04-02,{GSTIN},111111111111,12500.000,25000000.00,4500000.00",  # ok
            f"BM/002,2027-09-30,{GSTIN},111111111112,7500.500,15001000.00,2700180.00",  # ok
            f"BM/003,2027-10-01,{GSTIN},111111111113,10,100.00,18.00",  # after 30 Sep
            "BM/004,2027-05-01,27AAPFU0939F1ZX,111111111114,10,100.00,18.00",  # bad check char
            f"BM/005,2027-05-01,{GSTIN},12345,10,100.00,18.00",  # e-way bill not 12 digits
            f"BM/006,2027-05-01,{GSTIN},111111111116,0,100.00,18.00",  # no quantity
            f"BM/007,2027-05-01,{GSTIN},111111111117,10,-100.00,18.00",  # negative value
            f"BM/008,2027-05-01,{GSTIN},111111111111,10,100.00,18.00",  # e-way bill of row 2
            f"BM/009,2027-05-01,{GSTIN},999999999999,10,100.00,18.00",  # another's invoice
            f"BM/010,05/13/2027,{GSTIN},111111111120,10,100.00,18.00",  # unreadable date
        ],
    )
    assert claim.status == ClaimStatus.SUBMITTED
    reasons = dict(RejectedRow.objects.filter(claim=claim).values_list("row_number", "reason"))
    assert reasons[4] == "dated 01 Oct 2027, outside the claim period"
    assert "wrong check character" in reasons[5]
    assert reasons[6] == "e-way bill number '12345' is not 12 digits"
    assert reasons[7] == "quantity must be more than 0 kg"
    assert reasons[8] == "values cannot be negative"
    assert reasons[9] == "appears earlier in this register (row 2)"
    assert reasons[10] == "already claimed by another beneficiary"
    assert "is not YYYY-MM-DD" in reasons[11]
    assert (claim.rows_total, claim.invoices.count(), claim.rows_rejected) == (10, 2, 8)
    # Accepted: 12,500.000 + 7,500.500 = 20,000.500 kg; net turnover ₹2,50,00,000 +
    # ₹1,50,01,000 = ₹4,00,01,000.00. Gross = 20,000.5 × ₹1,185 = ₹2,37,00,592.50;
    # 40 % of turnover = ₹1,60,00,400.00 → the turnover cap binds.
    assert claim.eligible_quantity_kg == Decimal("20000.500")
    assert claim.net_turnover == Decimal("40001000.00")
    assert (claim.gross, claim.turnover_cap, claim.payable, claim.binding_cap) == (
        Decimal("23700592.50"),
        Decimal("16000400.00"),
        Decimal("16000400.00"),
        "turnover_cap",
    )


def test_an_invoice_in_an_earlier_claim_is_refused(b) -> None:
    file_claim(b, [f"BM/001,2027-04-02,{GSTIN},111111111111,100,200000.00,36000.00"])
    later = file_claim(
        b, [f"BM/001,2027-11-02,{GSTIN},111111111199,100,200000.00,36000.00"], period="FY2027-28-H2"
    )
    [row] = later.rejected.all()
    assert row.reason.startswith("already claimed in your claim no.")


def test_r_unit_4_periods_never_overlap(b) -> None:
    file_claim(b, [f"BM/001,2027-04-02,{GSTIN},111111111111,1,100.00,18.00"])
    with pytest.raises(RuleViolation, match="overlaps your claim for 01 Apr 2027"):
        file_claim(b, [], period="FY2027-28")


def test_r_sli_1_the_declaration_is_required(b) -> None:
    with pytest.raises(ValidationFailed, match="R-SLI-1"):
        services.sli_claim_file(
            actor=b.user,
            beneficiary=b,
            period="FY2027-28-H1",
            declaration=False,
            register_document=register_file(b.user, []),
        )


def test_a_register_without_its_columns_fails_clearly(b) -> None:
    document = document_upload(
        owner=b.user,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile("r.csv", b"invoice,qty\nA,1\n"),
    )
    claim = services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=document,
    )
    claim = processing.register_process(claim_id=claim.pk)
    assert claim.status == ClaimStatus.REGISTER_FAILED
    assert "missing: invoice_number, invoice_date, buyer_gstin" in claim.register_error
    assert not claim.invoices.exists()


def test_processing_twice_gives_the_same_result(b) -> None:
    claim = file_claim(
        b,
        [
            f"BM/001,2027-04-02,{GSTIN},111111111111,100,200000.00,36000.00",
            f"BM/001,2027-04-03,{GSTIN},111111111112,100,200000.00,36000.00",
        ],
    )
    # As if its worker died mid-way: still processing, silent for an hour.
    SLIClaim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.PROCESSING,
        processing_heartbeat=timezone.now() - timedelta(hours=1),
        filed_at=timezone.now() - timedelta(hours=1),
    )
    assert processing.registers_stalled() == [claim.pk]  # the watchdog's find
    again = processing.register_process(claim_id=claim.pk)
    assert (again.status, again.invoices.count(), again.rejected.count()) == (
        ClaimStatus.SUBMITTED,
        1,
        1,
    )
    assert again.payable == claim.payable


def test_a_second_run_leaves_a_live_run_alone(b) -> None:
    claim = services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register_file(
            b.user, [f"BM/001,2027-04-02,{GSTIN},111111111111,100,200000.00,36000.00"]
        ),
    )
    SLIClaim.objects.filter(pk=claim.pk).update(
        processing_heartbeat=timezone.now(), processing_lease="another-live-run"
    )
    assert processing.register_process(claim_id=claim.pk).status == ClaimStatus.PROCESSING
    assert not claim.invoices.exists()
    assert processing.registers_stalled() == []


def test_r_sli_7_held_until_commissioning_then_released_and_sanctioned(b, pma, mhi) -> None:
    claim = file_claim(b, [f"BM/001,2027-04-02,{GSTIN},111111111111,1000,4000000.00,720000.00"])
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_seek_clarification(actor=pma, claim=claim, question="GST reconciliation?")
    examination.claim_answer(actor=b.user, claim=claim, answer="Attached as GSTR-1 summary.")
    examination.claim_recommend(actor=pma, claim=claim)
    assert claim.status == ClaimStatus.HELD
    with pytest.raises(RuleViolation, match="R-SLI-7"):
        examination.claim_sanction(actor=mhi, claim=claim)
    commission_all(b)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RECOMMENDED  # released in period order
    with pytest.raises(NotAllowed):
        examination.claim_sanction(actor=pma, claim=claim)  # the PMA does not sanction (R-ACL-2)
    examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    # 1,000 kg × ₹1,185 = ₹11,85,000.00 < 40 % of ₹40,00,000 = ₹16,00,000 → gross binds
    assert (claim.status, claim.sanctioned_amount, claim.binding_cap) == (
        ClaimStatus.SANCTIONED,
        Decimal("1185000.00"),
        "gross",
    )
    assert claim.sanction_order.content_type == "application/pdf"  # the sanction order
    examination.claim_disburse(
        actor=mhi, claim=claim, payment_reference="PFMS/2028/77881", disbursed_on=date(2029, 1, 15)
    )
    assert SLIClaim.objects.get(pk=claim.pk).status == ClaimStatus.DISBURSED


def test_r_sli_5_the_tenure_cap_binds_at_sanction(b, pma, mhi) -> None:
    commission_all(b)
    disbursed_before(b, crore(1290) - Decimal("500.00"))
    claim = file_claim(b, [f"BM/001,2027-04-02,{GSTIN},111111111111,1000,4000000.00,720000.00"])
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_recommend(actor=pma, claim=claim)
    examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    assert (claim.sanctioned_amount, claim.binding_cap) == (Decimal("500.00"), "tenure_cap")


def recommended_claim(b, pma):
    claim = file_claim(b, [f"BM/001,2027-04-02,{GSTIN},111111111111,1000,4000000.00,720000.00"])
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_recommend(actor=pma, claim=claim)
    return claim


def test_r_sli_5_an_order_rendered_before_another_sanction_is_rendered_again(
    b, pma, mhi, monkeypatch
) -> None:
    """The order is rendered outside the locks; a sanction landing meanwhile moves the tenure
    cap, so under the locks the figures differ and the order is rendered again with them."""
    commission_all(b)
    claim = recommended_claim(b, pma)
    stated: list[Decimal] = []
    real_render = letters.pdf_render

    def render(template: str, context: dict) -> bytes:
        stated.append(context["claim"].sanctioned_amount)
        if len(stated) == 1:  # ₹1,290 cr cap less ₹500 left: sanctioned while this renders
            disbursed_before(b, crore(1290) - Decimal("500.00"))
        return real_render(template, context)

    monkeypatch.setattr(letters, "pdf_render", render)
    examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    # 1,000 kg × ₹1,185 = ₹11,85,000 first; then only ₹500 of the tenure cap is left.
    assert stated == [Decimal("1185000.00"), Decimal("500.00")]
    assert (claim.sanctioned_amount, claim.binding_cap) == (Decimal("500.00"), "tenure_cap")
    assert Document.objects.filter(title="Sanction order").count() == 1


def test_a_claim_rejected_while_its_order_renders_is_refused_and_nothing_is_kept(
    b, pma, mhi, monkeypatch, private_files
) -> None:
    commission_all(b)
    claim = recommended_claim(b, pma)
    files_before = private_files()
    real_render = letters.pdf_render

    def render(template: str, context: dict) -> bytes:
        examination.claim_reject(actor=pma, claim=claim, reasons="Invoices not genuine.")
        return real_render(template, context)

    monkeypatch.setattr(letters, "pdf_render", render)
    with pytest.raises(StateConflict, match="Only a recommended claim is sanctioned"):
        examination.claim_sanction(actor=mhi, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.sanctioned_amount, claim.sanction_order) == (
        ClaimStatus.REJECTED,
        None,
        None,
    )
    assert not Document.objects.filter(title="Sanction order").exists()
    assert private_files() == files_before  # the rendered bytes were dropped, never written
    assert not AuditEvent.objects.filter(action="claim.sanctioned").exists()


def test_the_progress_bar_knows_the_rows_to_expect() -> None:
    import io

    from openpyxl import Workbook

    from incentives import register

    assert register.rows_expected(io.BytesIO(f"{HEADER}\na\nb\nc\n".encode()), "csv") == 3
    assert register.rows_expected(io.BytesIO(f"{HEADER}\na\nb".encode()), "csv") == 2
    assert register.rows_expected(io.BytesIO(b""), "csv") == 0
    book = Workbook()
    for i in range(6):
        book.active.append([f"r{i}"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    assert register.rows_expected(out, "xlsx") == 5 and out.tell() == 0
    claim = SLIClaim(status=ClaimStatus.PROCESSING, rows_total=3000, rows_done=1500)
    assert claim.progress_pct == 50
    claim.rows_done = 3100  # the estimate was short: never over 99 % while running
    assert claim.progress_pct == 99

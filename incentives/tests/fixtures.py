"""Builders shared by the incentives' tests and the browser tests: invoice registers, claims
filed and checked through the services, a capital investment and its claim."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.models import Beneficiary
from bidding.tests.fixtures import awarded, pdf
from incentives import processing, services
from incentives.models import CapitalSubsidyClaim, ClaimStatus, SLIClaim
from incentives.selectors import OPEN
from incentives.tests.factories import HEADER, SLIClaimFactory
from milestones.tests.fixtures import line, report
from repm_portal.accounts.models import User
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.money import crore

GSTIN = "27AAPFU0939F1ZV"  # a valid buyer GSTIN (Maharashtra)
ROW = f"BM/001,2027-04-02,{GSTIN},111111111111,1000,4000000.00,720000.00"


def register_file(user: User, lines: Sequence[str], name: str = "register.csv") -> Document:
    """An invoice register of ``lines`` under the header, uploaded by ``user``."""
    body = "\n".join([HEADER, *lines]) + "\n"
    return document_upload(
        owner=user,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile(name, body.encode()),
    )


def file_claim(b: Beneficiary, lines: Sequence[str], period: str = "FY2027-28-H1") -> SLIClaim:
    """An SLI claim of ``lines`` filed by the beneficiary, its register checked."""
    claim = services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period=period,
        declaration=True,
        register_document=register_file(b.user, lines),
    )
    return processing.register_process(claim_id=claim.pk)


def checked_claim(applicant: User, mhi: User) -> SLIClaim:
    """A claim of 1,000 kg for H1 of FY2027-28 (1,200 MTPA at ₹1,185.00/kg), its register
    checked: submitted, the PMA's to examine."""
    b = awarded(applicant, capacity=1200, loa_date=date(2027, 2, 1), mhi=mhi)
    b.quoted_rate = Decimal("1185.00")
    b.save(update_fields=["quoted_rate"])
    return file_claim(b, [ROW])


def disbursed_before(b: Beneficiary, amount: Decimal) -> SLIClaim:
    """An earlier claim (H2 of FY2026-27) of ``b``, sanctioned at ``amount`` and disbursed."""
    return SLIClaimFactory(
        beneficiary=b,
        period_kind="H2",
        period_start=date(2026, 10, 1),
        period_end=date(2027, 3, 31),
        status=ClaimStatus.DISBURSED,
        sanctioned_amount=amount,
    )


def invest(b: Beneficiary) -> None:
    """₹440 cr reported, ₹356 cr of it eligible:
    furnaces ₹300 cr + ₹6 cr non-creditable duty (R-CAP-2: taxes count) = ₹306 cr
    R&D pilot line ₹40 cr, transfer of technology ₹10 cr                   = ₹50 cr
    factory shed ₹80 cr (land and buildings, R-CAP-2) and a used press ₹4 cr (R-CAP-3): 0."""
    report(
        b,
        line(invoice_number="F-1", amount=crore(300), non_creditable_taxes=crore(6)),
        line(invoice_number="R-1", head="rnd", description="Pilot line", amount=crore(40)),
        line(invoice_number="T-1", head="tot", description="Know-how", amount=crore(10)),
        line(
            invoice_number="B-1",
            head="land_building",
            description="Factory shed",
            amount=crore(80),
            claimed_eligible=False,
        ),
        line(
            invoice_number="P-1",
            description="Used press",
            amount=crore(4),
            second_hand=True,
            claimed_eligible=False,
        ),
    )


def certificate(b: Beneficiary) -> Document:
    """The beneficiary's Statutory Auditor's certificate."""
    return pdf(b.user, DocumentKind.CERTIFICATE, "auditor.pdf")


def capital_claim_file(b: Beneficiary) -> CapitalSubsidyClaim:
    """The beneficiary's capital subsidy claim, filed with its auditor's certificate."""
    return services.capital_subsidy_file(
        actor=b.user, beneficiary=b, auditor_certificate=certificate(b)
    )


# Every stage a claim passes through, and the ends it may reach (for lists of many claims).
STAGES = [*OPEN, ClaimStatus.DISBURSED, ClaimStatus.REJECTED, ClaimStatus.REGISTER_FAILED]


def claims_at_every_stage(
    beneficiary: Beneficiary, n: int, *, ie: User | None = None, first: int = 0
) -> list[SLIClaim]:
    """``n`` half-year claims of ``beneficiary`` (numbered from ``first``), spread over every
    stage, their service-target clocks started on days of their own; the IE verifies those
    with it. Written directly, without the register's check (for query counts and loads)."""
    register = register_file(beneficiary.user, [ROW])
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

"""Sales-linked incentive and capital subsidy claims, their invoices and examination (§4, §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bidding.models import Beneficiary
from milestones.models import CommissioningRecord, InvestmentLine, InvestmentReport
from repm_portal.documents.models import Document
from repm_portal.money import KgField, MoneyField
from repm_portal.parameters.models import ParameterVersion
from repm_portal.periods import PeriodKind

from . import rules


class ClaimStatus(models.TextChoices):
    PROCESSING = "processing", _("Invoice register being checked")
    REGISTER_FAILED = "register_failed", _("Invoice register could not be read")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_EXAMINATION = "under_examination", _("Under examination (PMA)")
    CLARIFICATION = "clarification", _("Clarification sought")
    IE_VERIFICATION = "ie_verification", _("Independent Engineer verifying")
    RECOMMENDED = "recommended", _("Recommended by the PMA")
    HELD = "held", _("Held until commissioning of the entire capacity")
    SANCTIONED = "sanctioned", _("Sanctioned")
    DISBURSED = "disbursed", _("Disbursed")
    REJECTED = "rejected", _("Rejected")
    # Nothing is payable (a cap binds at ₹0): closed with its reason, never sanctioned for
    # ₹0.00 with an order nor disbursed.
    NIL = "nil", _("Closed: nil payable")


class BindingCap(models.TextChoices):
    """Which of the three candidates of R-SLI-6 set the payable."""

    GROSS = rules.GROSS, _("the gross incentive (R-SLI-3)")
    TURNOVER = rules.TURNOVER, _("the cap on net sales turnover (R-SLI-4)")
    TENURE = rules.TENURE, _("the tenure cap of Table 3 (R-SLI-5)")


# Where the claim is, for R-SLI-10's clock: with the PMA (and its Independent Engineer) the
# "days with the PMA" run; in a clarification the clock stops.
WITH_PMA = (ClaimStatus.SUBMITTED, ClaimStatus.UNDER_EXAMINATION, ClaimStatus.IE_VERIFICATION)


class ExaminedClaim(models.Model):
    """What both kinds of claim share: the examination of R-SLI-9, its clock (R-SLI-10), the
    sanction and the disbursement."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.SUBMITTED,
        db_index=True,
    )
    payable = MoneyField(_("payable (₹)"), null=True, blank=True)
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, null=True, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    ie = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_assigned",
        verbose_name=_("Independent Engineer"),
    )
    ie_verified_at = models.DateTimeField(_("verified by the IE at"), null=True, blank=True)
    # R-SLI-10: when the current service-target stage began (None while the clock is stopped),
    # and the time spent with the PMA: banked seconds plus the running stint since pma_since.
    stage_since = models.DateTimeField(null=True, blank=True)
    pma_seconds = models.PositiveBigIntegerField(default=0)
    pma_since = models.DateTimeField(null=True, blank=True)
    sanctioned_amount = MoneyField(_("sanctioned (₹)"), null=True, blank=True)
    sanction_order = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sanctioned_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)

    beneficiary: models.ForeignKey[Beneficiary, Beneficiary]
    beneficiary_id: int
    examination_notes: models.Manager[ExaminationNote]
    KIND = ""  # "sli" or "capital": the URL and template names of the kind

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        raise NotImplementedError

    def label(self) -> str:
        raise NotImplementedError

    def evidence(self) -> list[Document]:
        """The documents the examiners read (§5.1, §5.2)."""
        raise NotImplementedError

    def days_with_pma(self, now: datetime | None = None) -> int:
        """Whole days the claim has spent with the PMA, the clock stopped in clarifications."""
        seconds = self.pma_seconds
        if self.pma_since is not None:
            seconds += int(((now or timezone.now()) - self.pma_since).total_seconds())
        return max(0, seconds) // 86400


class SLIClaim(ExaminedClaim):
    """A half-year's or a financial year's sales-linked incentive (R-SLI-1…9)."""

    KIND = "sli"

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="sli_claims"
    )
    period_kind = models.CharField(_("period"), max_length=2, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.PROCESSING,
        db_index=True,
    )
    declaration = models.BooleanField(_("declared indigenous sintered NdFeB magnets (R-SLI-1)"))
    register = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="+", verbose_name=_("invoice register")
    )
    documents = models.ManyToManyField(
        Document, related_name="+", blank=True, verbose_name=_("evidence (§5.1)")
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    register_error = models.TextField(blank=True)
    # Which run is checking the register, and when it last showed life (see register_process).
    processing_lease = models.CharField(max_length=32, blank=True)
    processing_heartbeat = models.DateTimeField(null=True, blank=True)
    eligible_quantity_kg = KgField(_("eligible quantity (kg)"), null=True, blank=True)
    net_turnover = MoneyField(_("net sales turnover (₹)"), null=True, blank=True)
    gross = MoneyField(_("gross incentive (₹)"), null=True, blank=True)
    turnover_cap = MoneyField(_("cap on net turnover (₹)"), null=True, blank=True)
    tenure_remaining = MoneyField(_("tenure cap remaining (₹)"), null=True, blank=True)
    binding_cap = models.CharField(
        _("binding cap"), max_length=16, blank=True, choices=BindingCap.choices
    )

    class Meta:
        ordering = ["beneficiary", "period_start"]
        constraints = [
            # A rejected claim, or one whose register could not be read, may be filed again.
            models.UniqueConstraint(
                fields=["beneficiary", "period_start"],
                condition=~models.Q(status__in=["rejected", "register_failed"]),
                name="sli_claim_one_per_start",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="sli_claim_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"SLI {self.period_start:%b %Y}–{self.period_end:%b %Y} · {self.beneficiary}"

    def get_absolute_url(self) -> str:
        return reverse("web:claim", args=[self.pk])

    @property
    def progress_pct(self) -> int:
        """Rows checked, in per cent (rows_total is counted before the check starts)."""
        if self.status != ClaimStatus.PROCESSING:
            return 100
        return min(99, self.rows_done * 100 // max(self.rows_total, self.rows_done, 1))

    def evidence(self) -> list[Document]:
        return [self.register, *self.documents.all()]

    def label(self) -> str:
        return _("SLI claim %(n)s (%(from)s – %(to)s)") % {
            "n": self.pk,
            "from": self.period_start.strftime("%b %Y"),
            "to": self.period_end.strftime("%b %Y"),
        }


class CapitalSubsidyClaim(ExaminedClaim):
    """The capital subsidy (R-CAP-1…5): built from the beneficiary's reported investment lines,
    filed once, after commissioning of the entire allocated capacity."""

    KIND = "capital"

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="capital_subsidy_claims"
    )
    commissioned_on = models.DateField(_("entire capacity commissioned on"))
    auditor_certificate = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Statutory Auditor certificate (commencement of sale, capitalisation)"),
    )
    lines = models.ManyToManyField(
        InvestmentLine, related_name="+", verbose_name=_("investment lines")
    )
    investment_reported = MoneyField(_("investment reported (₹)"))
    eligible_investment = MoneyField(_("eligible investment (₹)"))
    at_rate = MoneyField(_("at the subsidy rate (₹)"))
    cap = MoneyField(_("Table 4 cap (₹)"))
    capped = models.BooleanField(_("the cap binds"), default=False)

    class Meta:
        ordering = ["beneficiary", "filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"],
                condition=~models.Q(status=ClaimStatus.REJECTED),
                name="capital_subsidy_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Capital subsidy · {self.beneficiary}"

    def get_absolute_url(self) -> str:
        return reverse("web:capital_claim", args=[self.pk])

    def evidence(self) -> list[Document]:
        certificates = [self.auditor_certificate]
        for record in CommissioningRecord.objects.filter(beneficiary_id=self.beneficiary_id):
            certificates += [record.industries_certificate, record.engineer_certificate]
        reports = InvestmentReport.objects.filter(lines__in=self.lines.all()).distinct()
        return certificates + [report.ca_certificate for report in reports]  # the CA's

    def label(self) -> str:
        return _("Capital subsidy claim %(n)s") % {"n": self.pk}


class NoteKind(models.TextChoices):
    """What an examination note is: stored as a key, its label shown in the reader's language."""

    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer")
    IE_REPORT = "ie_report", _("Independent Engineer's verification")
    REJECTION = "rejection", _("Reasons for rejection")
    NOTE = "note", _("Note")  # text kept from before notes had kinds that could not be read


class ExaminationNote(models.Model):
    """One note of a claim's examination (R-SLI-9): a question, an answer, an Independent
    Engineer's findings or reasons for rejection; who wrote it, when, and the words as written.
    It belongs to exactly one claim, of one kind or the other."""

    sli_claim = models.ForeignKey(
        SLIClaim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="examination_notes",
    )
    capital_claim = models.ForeignKey(
        CapitalSubsidyClaim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="examination_notes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The name as it was when written (a person may change theirs; old notes read as they did).
    author_name = models.CharField(_("written by"), max_length=200)
    written_at = models.DateTimeField(_("written at"))
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["written_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sli_claim__isnull=False, capital_claim__isnull=True)
                | models.Q(sli_claim__isnull=True, capital_claim__isnull=False),
                name="examination_note_one_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.author_name} · {self.written_at:%Y-%m-%d %H:%M}"


class ClaimIndex(models.Index):
    """The index of a claim's invoices: BRIN on PostgreSQL, an ordinary one elsewhere. A claim's
    invoices are inserted together, so they lie together on disk, and a BRIN index of where
    they lie costs next to nothing to keep up while a register of a million rows is stored."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor == "postgresql":
            using = " USING brin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class IdentifierField(models.CharField):
    """Text that identifies (an e-way bill, an invoice number), compared byte by byte. On
    PostgreSQL typed ``character varying(n) COLLATE "C"``: the database's own collation may
    compare by locale, slower in every index, and a type spelled in full gets no second index
    for LIKE from Django, which would cost as much again to keep up while a register is
    stored (benchmarks/invoice_register.py)."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return f'character varying({self.max_length}) COLLATE "C"'
        return super().db_type(connection)


class ClaimedInvoice(models.Model):
    """An invoice accepted into a claim. The database refuses an invoice claimed twice: the
    e-way bill is the primary key, unique across every claim of every beneficiary, and an
    invoice number is unique per seller (R-SLI-8).

    The claim and its beneficiary have no foreign-key constraints: one checked a row costs
    more than the rest of a million-row register's insert. On PostgreSQL, statement triggers
    (migration 0005) check them a statement at a time instead: every invoice belongs to an
    existing claim of the same beneficiary, and a claim cannot go while it has invoices."""

    eway_bill = IdentifierField(max_length=12, primary_key=True)
    claim = models.ForeignKey(
        SLIClaim,
        on_delete=models.CASCADE,
        related_name="invoices",
        db_constraint=False,
        db_index=False,  # ClaimIndex
    )
    # The claim's beneficiary, repeated so that the database can hold an invoice number once
    # per seller (the unique index below also serves lookups by seller).
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    row_number = models.PositiveIntegerField()
    invoice_number = IdentifierField(max_length=40)
    invoice_date = models.DateField()
    buyer_gstin = models.CharField(max_length=15)
    quantity_kg = KgField()
    taxable_value = MoneyField()
    gst = MoneyField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "invoice_number"], name="invoice_number_once_per_seller"
            ),
        ]
        indexes = [ClaimIndex(fields=["claim"], name="invoice_claim")]

    def __str__(self) -> str:
        return self.invoice_number


class RejectedRow(models.Model):
    """A row of a claim's register refused, and why. As for ClaimedInvoice, the claim has no
    foreign-key constraint checked row by row (a register sent again refuses every row): on
    PostgreSQL a statement trigger holds each row to an existing claim (migration 0007)."""

    claim = models.ForeignKey(
        SLIClaim, on_delete=models.CASCADE, related_name="rejected", db_constraint=False
    )
    row_number = models.PositiveIntegerField()
    invoice_number = models.CharField(max_length=60, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["row_number"]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reason}"

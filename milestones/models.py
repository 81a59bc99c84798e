"""Investment reports, commissioning, milestone clocks, penalty cases and refunds (§6, §11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bidding.models import Beneficiary
from repm_portal.documents.models import Document
from repm_portal.money import MoneyField
from repm_portal.parameters.models import ParameterVersion

from .rules import Head as _Head


class Head(models.TextChoices):
    PLANT = _Head.PLANT, _("(a) Plant, machinery, equipment and associated utilities")
    RND = _Head.RND, _("(b) Research and development capital expenditure")
    TOT = _Head.TOT, _("(c) Transfer of technology")
    LAND_BUILDING = _Head.LAND_BUILDING, _("Land and buildings (not eligible)")


class InvestmentReport(models.Model):
    """A Chartered Accountant-certified statement of investment lines (R-CAP-2, R-MS-1/2)."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="investment_reports"
    )
    as_of = models.DateField(_("investment up to"))
    ca_certificate = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="+", verbose_name=_("CA certificate")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"Investment to {self.as_of:%d %b %Y} – {self.beneficiary}"


class InvestmentLine(models.Model):
    """One asset or expense, entered once; the capital subsidy claim reuses these lines."""

    report = models.ForeignKey(InvestmentReport, on_delete=models.PROTECT, related_name="lines")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="investment_lines"
    )
    head = models.CharField(_("head"), max_length=16, choices=Head.choices)
    description = models.CharField(_("asset or expense"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=200)
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_date = models.DateField(_("invoice date"))
    amount = MoneyField(_("amount before taxes (₹)"))
    non_creditable_taxes = MoneyField(_("non-creditable taxes and duties (₹)"), default=0)
    second_hand = models.BooleanField(_("second-hand, used or refurbished"), default=False)
    slump_sale = models.BooleanField(_("acquired by slump sale"), default=False)
    leased = models.BooleanField(_("leased"), default=False)
    eligible_amount = MoneyField(_("eligible amount (₹)"))
    exclusion_reasons = models.TextField(_("why not eligible"), blank=True)

    class Meta:
        ordering = ["invoice_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "vendor", "invoice_number"], name="investment_invoice_once"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    amount__gte=0, non_creditable_taxes__gte=0, eligible_amount__gte=0
                ),
                name="investment_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.vendor} {self.invoice_number})"


class CommissioningRecord(models.Model):
    """Capacity commissioned, certified (R-CAP-5); partial records count toward milestone 3."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="commissioning"
    )
    capacity_mtpa = models.DecimalField(
        _("capacity commissioned (MTPA)"), max_digits=7, decimal_places=2
    )
    commissioned_on = models.DateField(_("commissioned on"))
    industries_certificate = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Department of Industries certificate"),
    )
    engineer_certificate = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Chartered Engineer certificate"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commissioned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity_mtpa__gt=0), name="commissioning_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.capacity_mtpa} MTPA on {self.commissioned_on:%d %b %Y}"


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")


class Milestone(models.Model):
    """R-MS-1…3, from the Letter of Award's date."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="milestones"
    )
    number = models.PositiveSmallIntegerField(_("milestone"))
    deadline = models.DateField(_("deadline"))
    threshold = models.DecimalField(_("threshold"), max_digits=18, decimal_places=2)
    unit = models.CharField(max_length=4)  # INR or MTPA
    status = models.CharField(
        max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["beneficiary", "number"]
        constraints = [
            models.UniqueConstraint(fields=["beneficiary", "number"], name="milestone_once")
        ]

    def __str__(self) -> str:
        return f"M{self.number} of {self.beneficiary}"


class ReminderLog(models.Model):
    """One reminder per subject and day-count, whoever runs the daily checks (R-MS-4)."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=40)  # "milestone-1", "pbg-17"
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "subject", "days_before"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} −{self.days_before}d"


class CaseKind(models.TextChoices):
    MISSED_MILESTONE = "missed_milestone", _("Missed milestone")
    MISREPRESENTATION = "misrepresentation", _("Misrepresentation or falsification")
    OTHER_OBLIGATION = "other_obligation", _("Other obligation under the RFP")


# The kinds PMA or MHI raise by hand; missed milestones raise their own cases.
RAISABLE_CASE_KINDS = [c for c in CaseKind.choices if c[0] != CaseKind.MISSED_MILESTONE]


class CaseStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    NOTICE_ISSUED = "notice_issued", _("Show-cause notice issued")
    REPLIED = "replied", _("Reply received")
    HEARD = "heard", _("Hearing recorded")
    DECIDED = "decided", _("Decided")


class Decision(models.TextChoices):
    ENCASH_PBG = "encash_pbg", _("Encash the Performance Bank Guarantee")
    REVOKE_LOA = "revoke_loa", _("Revoke the Letter of Award")
    FORFEIT = "forfeit", _("Forfeit the entire incentive package")
    CLOSE = "close", _("Close the case without penalty")


class PenaltyCase(models.Model):
    """R-MS-4, §11.1: raised automatically for a missed milestone, or by PMA/MHI by hand."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="penalty_cases"
    )
    milestone = models.OneToOneField(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="penalty_case"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RAISED
    )
    description = models.TextField(_("what happened"))
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_issued_on = models.DateField(null=True, blank=True)
    reply = models.TextField(_("beneficiary's reply"), blank=True)
    reply_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_on = models.DateField(null=True, blank=True)
    hearing_on = models.DateField(_("hearing held on"), null=True, blank=True)
    hearing_notes = models.TextField(_("hearing record"), blank=True)
    decisions = models.JSONField(_("decisions"), default=list, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    pbg_encashed = MoneyField(_("PBG encashed (₹)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"Case {self.pk}: {self.get_kind_display()} – {self.beneficiary}"


class MCLRRate(models.Model):
    """The 3-year SBI MCLR from a date (R-MS-5), kept by MHI."""

    effective_from = models.DateField(_("effective from"), unique=True)
    rate_pct = models.DecimalField(_("3-year MCLR (% a year)"), max_digits=5, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("SBI's notice that set the rate.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rate_pct__gt=0), name="mclr_positive")
        ]

    def __str__(self) -> str:
        return f"{self.rate_pct} % from {self.effective_from:%d %b %Y}"


class RefundDemand(models.Model):
    """§11.2: benefits to refund with interest, each disbursement at its own date and rate."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="refunds")
    demand_on = models.DateField(_("interest up to"))
    lines = models.JSONField(_("disbursements and interest"))
    principal = MoneyField(_("benefits to refund (₹)"))
    interest = MoneyField(_("interest (₹)"))
    total = MoneyField(_("total demanded (₹)"))
    notice_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Refund of {self.total} in case {self.case_id}"

"""Each beneficiary's quarterly progress report and the PMA's compiled QRR (R-COM-4, §10.1.xi)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bidding.models import Beneficiary
from repm_portal.documents.models import Document
from repm_portal.money import KgField, MoneyField
from repm_portal.parameters.models import ParameterVersion
from repm_portal.periods import Quarter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


# What the beneficiary may still edit; what waits on the PMA.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
WITH_PMA = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)


class ProcessStage(models.TextChoices):
    OXIDE_TO_METAL = "oxide_metal", _("Oxide to metal (reduction)")
    ALLOY = "alloy", _("Alloy making and strip casting")
    POWDER = "powder", _("Hydrogen decrepitation and jet milling")
    PRESSING = "pressing", _("Pressing in a magnetic field")
    SINTERING = "sintering", _("Sintering and heat treatment")
    MACHINING = "machining", _("Machining and grinding")
    COATING = "coating", _("Coating and magnetising")


class TechnologySource(models.TextChoices):
    OWN = "own", _("Own research and development")
    LICENSED = "licensed", _("Licensed from a technology partner")
    JOINT = "joint", _("Joint venture or partnership")
    INDIAN_LAB = "indian_lab", _("Indian laboratory (DMRL, BARC, NFTDC, IREL…)")


def _share(name: StrOrPromise, help_text: StrOrPromise) -> models.DecimalField:
    return models.DecimalField(
        name, max_digits=5, decimal_places=2, null=True, blank=True, help_text=help_text
    )


class QuarterlyReport(models.Model):
    """One beneficiary's report for one financial-year quarter (R-COM-4 (a)–(e))."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    quarter = models.CharField(_("quarter"), max_length=12, db_index=True)  # FY2026-27-Q2
    quarter_end = models.DateField(_("quarter ends"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, related_name="+"
    )
    # (a) project phases and milestones: figures pre-filled from the milestones app, frozen on
    # submission (milestone rows, investment and capacity to the quarter's end).
    milestone_figures = models.JSONField(_("milestone figures"), default=dict)
    phases_narrative = models.TextField(
        _("(a) project phases: narrative"),
        blank=True,
        help_text=_("Progress of each phase this quarter, slippages and what is being done."),
    )
    # (b) infrastructure
    land_pct = _share(_("land acquired (%)"), _("Share of the land needed that is in hand."))
    buildings_pct = _share(_("buildings complete (%)"), _("Share of civil works complete."))
    utilities_pct = _share(
        _("utilities in place (%)"), _("Power, water, gases and effluent treatment in place.")
    )
    equipment_ordered_pct = _share(
        # xgettext:no-python-format  # noqa: ERA001  (a gettext flag, not code)
        _("equipment ordered (% of value)"),
        _("Value of equipment ordered, as a share of all."),
    )
    equipment_installed_pct = _share(
        # xgettext:no-python-format  # noqa: ERA001  (a gettext flag, not code)
        _("equipment installed (% of value)"),
        _("Value of equipment installed, as a share of all (no more than ordered)."),
    )
    infrastructure_narrative = models.TextField(
        _("(b) infrastructure: narrative"), blank=True, help_text=_("What changed this quarter.")
    )
    # (c) technology integration
    technology_source = models.CharField(
        _("source of technology"),
        max_length=12,
        choices=TechnologySource.choices,
        blank=True,
        help_text=_("Where the process technology comes from."),
    )
    process_stages = models.JSONField(
        _("process stages in place"),
        default=list,
        blank=True,
        help_text=_("The stages from oxide to finished magnet running at the plant."),
    )
    grades_produced = models.CharField(
        _("grades produced"),
        max_length=200,
        blank=True,
        help_text=_("Magnet grades made this quarter, e.g. N42, N48H, 45SH."),
    )
    yield_pct = _share(_("yield (%)"), _("Finished magnet as a share of alloy input."))
    rnd_spend = MoneyField(
        _("R&D spend this quarter (₹)"),
        default=0,
        help_text=_("Research and development expenditure in the quarter, in rupees."),
    )
    technology_narrative = models.TextField(_("(c) technology integration: narrative"), blank=True)
    # (d) human resources
    headcount_managerial = models.PositiveIntegerField(
        _("managerial staff"), default=0, help_text=_("People on the rolls at the quarter's end.")
    )
    headcount_technical = models.PositiveIntegerField(
        _("engineers and scientists"), default=0, help_text=_("People on the rolls.")
    )
    headcount_skilled = models.PositiveIntegerField(
        _("skilled workers"), default=0, help_text=_("People on the rolls.")
    )
    headcount_other = models.PositiveIntegerField(
        _("other staff"), default=0, help_text=_("People on the rolls.")
    )
    women = models.PositiveIntegerField(
        _("of whom women"), default=0, help_text=_("Women among all the staff above.")
    )
    trained = models.PositiveIntegerField(
        _("trained this quarter"), default=0, help_text=_("Staff who completed training.")
    )
    hr_narrative = models.TextField(_("(d) human resources: narrative"), blank=True)
    # (e) risk management: rows in ReportRisk
    risk_narrative = models.TextField(_("(e) risk management: narrative"), blank=True)
    # Production and sales in the quarter
    produced_kg = KgField(_("magnets produced (kg)"), default=0, help_text=_("In the quarter."))
    sold_kg = KgField(_("magnets sold (kg)"), default=0, help_text=_("In the quarter."))
    exported_kg = KgField(
        _("of which exported (kg)"), default=0, help_text=_("No more than the magnets sold.")
    )
    irel_oxide_kg = KgField(
        _("NdPr oxide received from IREL (kg)"), default=0, help_text=_("In the quarter.")
    )
    # Lifecycle
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_reasons = models.TextField(_("reasons for return"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-quarter_end", "beneficiary_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "quarter"], name="quarterly_report_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(
                    women__lte=F("headcount_managerial")
                    + F("headcount_technical")
                    + F("headcount_skilled")
                    + F("headcount_other")
                ),
                name="quarterly_report_women_within_headcount",
            ),
            models.CheckConstraint(
                condition=Q(exported_kg__lte=F("sold_kg")),
                name="quarterly_report_exported_within_sold",
            ),
            models.CheckConstraint(
                condition=Q(produced_kg__gte=0, sold_kg__gte=0, exported_kg__gte=0)
                & Q(irel_oxide_kg__gte=0, rnd_spend__gte=0),
                name="quarterly_report_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} – {self.beneficiary}"

    @property
    def period(self) -> Quarter:
        return Quarter.parse(self.quarter)

    @property
    def headcount(self) -> int:
        return (
            self.headcount_managerial
            + self.headcount_technical
            + self.headcount_skilled
            + self.headcount_other
        )

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Being mitigated")
    CLOSED = "closed", _("Closed")


class ReportRisk(models.Model):
    """One line of a report's risk register (R-COM-4 (e)), carried into the next quarter."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="risks")
    risk = models.CharField(_("risk"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Level.choices)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )

    class Meta:
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__in=[1, 2, 3], impact__in=[1, 2, 3]),
                name="report_risk_levels",
            )
        ]

    def __str__(self) -> str:
        return self.risk


class QRRStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class QuarterlyReviewReport(models.Model):
    """The scheme's QRR for a quarter (§10.1.xi), compiled by the PMA. ``figures`` is the
    snapshot taken when compiling; once issued nothing in it changes."""

    quarter = models.CharField(_("quarter"), max_length=12, unique=True)
    quarter_end = models.DateField(_("quarter ends"))
    status = models.CharField(
        _("status"), max_length=8, choices=QRRStatus.choices, default=QRRStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict)
    compiled_at = models.DateTimeField(_("compiled at"))
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommendations = models.TextField(
        _("recommendations (§10.1.x)"),
        blank=True,
        help_text=_("What the PMA recommends the TC and SMC decide or do."),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-quarter_end"]
        verbose_name = _("quarterly review report")

    def __str__(self) -> str:
        return f"QRR {self.quarter}"

    @property
    def period(self) -> Quarter:
        return Quarter.parse(self.quarter)


class ProjectAnalysis(models.Model):
    """The PMA's analysis of one project in a QRR (§10.1.viii)."""

    qrr = models.ForeignKey(
        QuarterlyReviewReport, on_delete=models.CASCADE, related_name="analyses"
    )
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+")
    analysis = models.TextField(_("PMA's analysis (§10.1.viii)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["qrr", "beneficiary"], name="qrr_analysis_once")
        ]

    def __str__(self) -> str:
        return f"{self.qrr} – {self.beneficiary}"

"""Tender rounds, applicants, sealed two-envelope bids, ranking and award (§3 of the notification)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from repm_portal.documents.models import Document
from repm_portal.money import MoneyField
from repm_portal.parameters.models import ParameterVersion

from .rules import EntityType as _Entity


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published: open for bids")
    CLOSED = "closed", _("Closed: deadline passed")
    EVALUATED = "evaluated", _("Technical evaluation recorded")
    OPENED = "opened", _("Financial bids opened")
    RANKED = "ranked", _("Ranked")
    LOIS_ISSUED = "lois_issued", _("Letters of Intent issued")
    AWARDED = "awarded", _("Awarded")


class TenderRound(models.Model):
    reference = models.CharField(
        _("RFP reference"),
        max_length=60,
        unique=True,
        help_text=_("The Request for Proposal's number, e.g. MHI/REPM/RFP/2026/01."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    submission_deadline = models.DateTimeField(
        _("submission deadline"), help_text=_("Bids are final at this moment (IST).")
    )
    opening_quorum = models.PositiveSmallIntegerField(
        _("opening quorum (M)"),
        help_text=_("How many assigned TC members must be present to open the financial bids."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RoundStatus.choices,
        default=RoundStatus.DRAFT,
        db_index=True,
    )
    rfp_documents = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("RFP documents")
    )
    public_key = models.BinaryField(_("round public key"), null=True, editable=False)
    parameter_version = models.ForeignKey(
        ParameterVersion,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("parameters used"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opening_quorum__gte=1), name="round_quorum_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"


class RoundSeat(models.Model):
    """A TC member assigned to a round, holding (sealed to their passphrase) one key share."""

    round = models.ForeignKey(TenderRound, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="round_seats"
    )
    custody_salt = models.BinaryField(null=True, editable=False)
    custody_public_key = models.BinaryField(null=True, editable=False)
    share_index = models.PositiveSmallIntegerField(null=True)
    sealed_share = models.BinaryField(null=True, editable=False)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="seat_once")]

    def __str__(self) -> str:
        return f"{self.member} on {self.round.reference}"


class EntityType(models.TextChoices):
    COMPANY = _Entity.COMPANY, _("Company")
    INTERNATIONAL = _Entity.INTERNATIONAL, _("International entity")
    CONSORTIUM = _Entity.CONSORTIUM, _("Consortium")


class ApplicantProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applicant_profile"
    )
    name = models.CharField(_("registered name"), max_length=200)
    entity_type = models.CharField(_("entity type"), max_length=16, choices=EntityType.choices)
    country = models.CharField(
        _("country of incorporation"),
        max_length=2,
        default="IN",
        help_text=_("Two-letter ISO code; IN for India."),
    )
    cin = models.CharField(
        _("CIN"),
        max_length=21,
        blank=True,
        help_text=_("Corporate Identity Number (Indian companies)."),
    )
    pan = models.CharField(_("PAN"), max_length=10, blank=True)
    gstin = models.CharField(_("GSTIN"), max_length=15, blank=True)
    net_worth = MoneyField(
        _("net worth (₹)"),
        help_text=_(
            "Of the applicant, or of the Lead Partner for a consortium (R-BID-5), as certified."
        ),
    )
    net_worth_as_of = models.DateField(_("net worth as of"))
    net_worth_certificate = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("net worth certificate"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member of the applicant (a sole company is its own only member)."""

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, default="IN")
    shareholding_pct = models.DecimalField(
        _("shareholding in the Beneficiary (%)"), max_digits=5, decimal_places=2
    )
    is_lead = models.BooleanField(_("Lead Partner"), default=False)

    class Meta:
        ordering = ["-is_lead", "-shareholding_pct", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=models.Q(is_lead=True), name="member_one_lead"
            ),
            models.CheckConstraint(
                condition=models.Q(shareholding_pct__gt=0, shareholding_pct__lte=100),
                name="member_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_foreign(self) -> bool:
        return self.country.upper() != "IN"


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced by a later bid")


class Bid(models.Model):
    """Both envelopes: the technical bid in the clear, the financial bid sealed."""

    reference = models.CharField(_("bid reference"), max_length=80, unique=True)
    round = models.ForeignKey(TenderRound, on_delete=models.PROTECT, related_name="bids")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BidStatus.choices, default=BidStatus.SUBMITTED
    )
    capacity_mtpa = models.PositiveIntegerField(_("capacity bid (MTPA)"))
    dpr = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Detailed Project Report"),
    )
    net_worth = MoneyField(_("net worth at submission (₹)"))
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The financial envelope. ``sealed_amount`` is ciphertext; the amount appears in
    # ``opened_amount`` only after the recorded opening (R-BID-7).
    sealed_amount = models.BinaryField(editable=False)
    receipt = models.CharField(_("receipt"), max_length=64, unique=True)
    opened_amount = models.DecimalField(
        _("incentive sought (₹/kg)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    opened_salt = models.CharField(max_length=64, blank=True)
    # Technical evaluation (R-BID-7)
    qualified = models.BooleanField(_("technically qualified"), null=True)
    evaluation_reasons = models.TextField(_("reasons"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # Ranking, R-BID-8
    rank = models.PositiveSmallIntegerField(_("rank (L)"), null=True, blank=True)
    selected = models.BooleanField(_("selected"), default=False)
    selection_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["round", "rank", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "applicant"],
                condition=models.Q(status="submitted"),
                name="bid_one_live_per_applicant",
            ),
            models.CheckConstraint(
                condition=models.Q(opened_amount__isnull=True) | models.Q(opened_amount__gt=0),
                name="bid_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class TieResolution(models.Model):
    """R-BID-8: how the TC ordered bids with equal quotes (a draw of lots, say)."""

    round = models.ForeignKey(TenderRound, on_delete=models.PROTECT, related_name="ties")
    bid_order = models.JSONField(_("bids in the order decided"))
    method = models.TextField(_("how it was decided"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"tie in {self.round.reference}: {self.bid_order}"


class OpeningRecord(models.Model):
    round = models.OneToOneField(TenderRound, on_delete=models.PROTECT, related_name="opening")
    opened_at = models.DateTimeField()
    members_present = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    bids_opened = models.PositiveSmallIntegerField()
    receipts_verified = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"opening of {self.round.reference}"


class BeneficiaryStatus(models.TextChoices):
    SELECTED = "selected", _("Selected")
    LOI_ISSUED = "loi_issued", _("Letter of Intent issued")
    PBG_RECEIVED = "pbg_received", _("Performance Bank Guarantee received")
    AWARDED = "awarded", _("Letter of Award issued")
    REVOKED = "revoked", _("Letter of Award revoked")


class Beneficiary(models.Model):
    """A selected applicant: its allocation and what it is entitled to, from the parameters in
    force when it was ranked (R-BID-9…12, R-SLI-5, R-CAP-4)."""

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="beneficiary")
    round = models.ForeignKey(TenderRound, on_delete=models.PROTECT, related_name="beneficiaries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="beneficiaries"
    )
    status = models.CharField(
        max_length=16, choices=BeneficiaryStatus.choices, default=BeneficiaryStatus.SELECTED
    )
    rank = models.PositiveSmallIntegerField(_("rank (L)"))
    allocated_capacity_mtpa = models.PositiveIntegerField(_("allocated capacity (MTPA)"))
    quoted_rate = models.DecimalField(_("quoted incentive (₹/kg)"), max_digits=8, decimal_places=2)
    pbg_due = MoneyField(_("PBG due (₹)"))
    sli_cap = MoneyField(_("SLI cap over the tenure (₹)"))
    capital_subsidy_cap = MoneyField(_("capital subsidy cap (₹)"))
    irel_oxide_mtpa = models.DecimalField(
        _("IREL NdPr oxide (MTPA)"), max_digits=8, decimal_places=2
    )
    oxide_needed_mtpa = models.DecimalField(
        _("NdPr oxide needed (MTPA)"), max_digits=8, decimal_places=2
    )
    own_oxide_mtpa = models.DecimalField(
        _("oxide to source itself (MTPA)"), max_digits=8, decimal_places=2
    )
    needs_spv = models.BooleanField(_("must form an SPV (R-BID-3)"))
    parameter_version = models.ForeignKey(
        ParameterVersion, on_delete=models.PROTECT, related_name="+"
    )
    loi_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loi_issued_at = models.DateTimeField(null=True, blank=True)
    spv_name = models.CharField(_("SPV name"), max_length=200, blank=True)
    spv_cin = models.CharField(_("SPV CIN"), max_length=21, blank=True)
    spv_incorporated_on = models.DateField(_("SPV incorporated on"), null=True, blank=True)
    loa_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loa_date = models.DateField(
        _("Letter of Award date"),
        null=True,
        blank=True,
        help_text=_("Starts every milestone clock (R-BID-11)."),
    )
    incentives_forfeited = models.BooleanField(
        _("incentive package forfeited"),
        default=False,
        help_text=_("Set by MHI's decision in a penalty case (§11.1); unpaid claims stop."),
    )

    class Meta:
        ordering = ["round", "rank"]
        verbose_name_plural = _("beneficiaries")
        constraints = [
            models.UniqueConstraint(fields=["round", "rank"], name="beneficiary_rank_once"),
        ]

    def __str__(self) -> str:
        return f"L{self.rank} {self.user.organisation or self.user}"


class PerformanceBankGuarantee(models.Model):
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="pbgs")
    bank = models.CharField(_("issuing bank and branch"), max_length=200)
    number = models.CharField(_("guarantee number"), max_length=60)
    amount = MoneyField(_("amount (₹)"))
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scanned guarantee (PDF)"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "number"], name="pbg_number_once"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("issued_on")),
                name="pbg_validity_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"PBG {self.number} ({self.bank})"

"""Filing the claims — an SLI claim for a period (R-SLI-1…8), the capital subsidy once
(R-CAP-1…5) — and computing the SLI claim once its register is checked. The register check is
in ``processing``, the examination that follows in ``examination``. One transaction each,
audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bidding.models import Beneficiary
from bidding.selectors import scheme_term_of
from repm_portal.accounts.models import User
from repm_portal.accounts.roles import EVIDENCE_READERS  # the PMA examines, MHI sanctions
from repm_portal.audit.services import audit_record
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import documents_share_with_roles
from repm_portal.errors import NotAllowed, RuleViolation, ValidationFailed
from repm_portal.periods import ClaimPeriod, today_ist
from repm_portal.queueing import queue_on_commit

from .examination import advance, beneficiary_can_claim, sli_computation
from .models import CapitalSubsidyClaim, ClaimStatus, SLIClaim
from .selectors import capital_subsidy_preview


def sli_claim_file(
    *,
    actor: User,
    beneficiary: Beneficiary,
    period: str,
    declaration: bool,
    register_document: Document,
    evidence: Sequence[Document] = (),
) -> SLIClaim:
    """File a claim for a half-year or financial year (R-UNIT-4); the register is checked in
    the background (Celery) and the claim computed when it is done."""
    if beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary files its claims."))
    beneficiary_can_claim(beneficiary)
    if not declaration:
        raise ValidationFailed(
            _(
                "Declare that the magnets are sintered NdFeB produced in India "
                "from NdPr oxide, not traded or imported (R-SLI-1)."
            ),
            field="declaration",
        )
    claim_period = ClaimPeriod.parse(period)
    claim_period_check(beneficiary, claim_period)
    if (
        register_document.owner_id != actor.pk
        or register_document.kind != DocumentKind.INVOICE_REGISTER
    ):
        raise ValidationFailed(
            _("Choose an invoice register (CSV or XLSX) you uploaded."), field="register_document"
        )
    with transaction.atomic():
        Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)  # one filing at a time
        for other in SLIClaim.objects.filter(beneficiary=beneficiary).exclude(
            status__in=[ClaimStatus.REJECTED, ClaimStatus.REGISTER_FAILED]
        ):
            if other.period_start <= claim_period.end and claim_period.start <= other.period_end:
                raise RuleViolation(
                    _(
                        "This period overlaps your claim for %(from)s – %(to)s; claim periods of "
                        "a beneficiary never overlap."
                    )
                    % {
                        "from": other.period_start.strftime("%d %b %Y"),
                        "to": other.period_end.strftime("%d %b %Y"),
                    },
                    field="period",
                    rule="R-UNIT-4",
                )
        claim = SLIClaim.objects.create(
            beneficiary=beneficiary,
            period_kind=claim_period.kind,
            period_start=claim_period.start,
            period_end=claim_period.end,
            declaration=True,
            register=register_document,
            filed_by=actor,
        )
        claim.documents.set(evidence)
        documents_share_with_roles(claim.evidence(), EVIDENCE_READERS, actor=actor)
        audit_record(
            actor=actor,
            action="claim.filed",
            obj=claim,
            after={"period": claim_period.code, "register": register_document.pk},
        )
        from .tasks import process_register

        # Redis down: the claim is filed all the same; the watchdog queues its check later.
        queue_on_commit(lambda: process_register.delay(claim.pk), what=f"claim {claim.pk}'s check")
    return claim


def claim_period_check(beneficiary: Beneficiary, claim_period: ClaimPeriod) -> None:
    """A claim is for a period that has ended (R-UNIT-4, R-UNIT-5: IST dates) and began by the
    scheme's terminal date (R-SLI-2). Periods of the gestation count too (R-PARAM-3)."""
    today = today_ist()
    if claim_period.end >= today:
        raise RuleViolation(
            _(
                "The period %(period)s ends on %(end)s: a claim is filed once its period has "
                "ended, from %(next)s."
            )
            % {
                "period": claim_period.code,
                "end": claim_period.end.strftime("%d %b %Y"),
                "next": (claim_period.end + timedelta(days=1)).strftime("%d %b %Y"),
            },
            field="period",
            rule="R-UNIT-5",
        )
    term = scheme_term_of(beneficiary, on=today)
    if term is not None and claim_period.start > term.terminal:
        raise RuleViolation(
            _(
                "The period %(period)s begins after the scheme's terminal date, %(terminal)s: "
                "sales after it earn no incentive."
            )
            % {"period": claim_period.code, "terminal": term.terminal.strftime("%d %b %Y")},
            field="period",
            rule="R-SLI-2",
        )


def claim_compute(*, claim: SLIClaim) -> SLIClaim:
    """R-SLI-3…6 from the accepted invoices (see ``examination.sli_computation``)."""
    totals = claim.invoices.aggregate(
        quantity=Sum("quantity_kg"), turnover=Sum("taxable_value"), count=Count("pk")
    )
    quantity = totals["quantity"] or Decimal(0)
    turnover = totals["turnover"] or Decimal(0)
    with transaction.atomic():
        figures = sli_computation(
            claim, claim.beneficiary, quantity_kg=quantity, net_turnover=turnover
        )
        nil = figures["payable"] <= 0  # closed at once with the cap that binds: nothing to pay
        advance(
            claim,
            allowed_from=[ClaimStatus.PROCESSING],
            to=ClaimStatus.NIL if nil else ClaimStatus.SUBMITTED,
            actor="register check",
            action="claim.closed_nil" if nil else "claim.computed",
            also={
                "eligible_quantity_kg": quantity,
                "net_turnover": turnover,
                "rows_total": totals["count"] + claim.rejected.count(),
                **figures,
            },
        )
    return claim


def capital_subsidy_file(
    *, actor: User, beneficiary: Beneficiary, auditor_certificate: Document
) -> CapitalSubsidyClaim:
    """File the capital subsidy claim (R-CAP-1…5), once, after commissioning of the entire
    allocated capacity. It is built from the investment lines already reported (milestones),
    not entered again; the Department of Industries' and Chartered Engineer's certificates are
    those of the commissioning records; the Statutory Auditor's comes with the claim."""
    if beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary files its claims."))
    beneficiary_can_claim(beneficiary)
    if (
        auditor_certificate.owner_id != actor.pk
        or auditor_certificate.kind != DocumentKind.CERTIFICATE
    ):
        raise ValidationFailed(
            _(
                "Choose the Statutory Auditor's certificate of commencement of sale and "
                "capitalisation of the assets (a PDF certificate you uploaded)."
            ),
            field="auditor_certificate",
        )
    with transaction.atomic():
        Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)  # one filing at a time
        preview = capital_subsidy_preview(beneficiary)
        if preview.commissioned_on is None:
            raise RuleViolation(
                _(
                    "The capital subsidy is claimed on commissioning of the entire allocated "
                    "capacity, certified by the Department of Industries and a Chartered "
                    "Engineer: record the commissioning first."
                ),
                rule="R-CAP-5",
            )
        if (
            CapitalSubsidyClaim.objects.filter(beneficiary=beneficiary)
            .exclude(status=ClaimStatus.REJECTED)
            .exists()
        ):
            raise RuleViolation(
                _("The capital subsidy is claimed once, and your claim is already filed."),
                rule="R-CAP-5",
            )
        if not preview.lines:
            raise ValidationFailed(
                _("No investment is reported yet: submit your investment report first."),
                field="beneficiary",
            )
        now = timezone.now()
        claim = CapitalSubsidyClaim.objects.create(
            beneficiary=beneficiary,
            commissioned_on=preview.commissioned_on,
            auditor_certificate=auditor_certificate,
            investment_reported=preview.reported,
            eligible_investment=preview.eligible,
            at_rate=preview.result.at_rate,
            cap=preview.result.cap,
            capped=preview.result.capped,
            payable=preview.result.payable,
            parameter_version_id=preview.version_id,
            filed_by=actor,
            # Nothing payable (no eligible investment): closed as nil at once, never sanctioned.
            status=ClaimStatus.NIL if preview.result.payable <= 0 else ClaimStatus.SUBMITTED,
            stage_since=None if preview.result.payable <= 0 else now,
            pma_since=None if preview.result.payable <= 0 else now,
        )
        claim.lines.set(preview.lines)
        documents_share_with_roles([auditor_certificate], EVIDENCE_READERS, actor=actor)
        audit_record(
            actor=actor,
            action="capital_claim.filed",
            obj=claim,
            after={
                "lines": len(preview.lines),
                "eligible_investment": str(preview.eligible),
                "payable": str(preview.result.payable),
            },
        )
    return claim

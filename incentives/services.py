"""Every write of the incentive claims (R-SLI-1…9): filing, register processing, the
commissioning gate and the examination workflow. One transaction each, audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bidding.models import Beneficiary
from milestones.selectors import beneficiary_active, fully_commissioned_on
from repm_portal.accounts.models import Role, User
from repm_portal.audit.services import audit_record
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.errors import (
    NotAllowed,
    RuleViolation,
    StateConflict,
    ValidationFailed,
)
from repm_portal.lifecycle import transition
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import ClaimPeriod

from . import rules
from .models import ClaimStatus, SLIClaim

CHUNK = 2000
EXAMINERS = (Role.PMA,)


def _active(beneficiary: Beneficiary) -> None:
    if not beneficiary_active(beneficiary) or beneficiary.incentives_forfeited:
        raise StateConflict(
            _(
                "This beneficiary's Letter of Award is revoked or its incentive "
                "package forfeited: no claim can be filed or paid (§11.1)."
            )
        )


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
    _active(beneficiary)
    if not declaration:
        raise ValidationFailed(
            _(
                "Declare that the magnets are sintered NdFeB produced in India "
                "from NdPr oxide, not traded or imported (R-SLI-1)."
            ),
            field="declaration",
        )
    claim_period = ClaimPeriod.parse(period)
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
            status=ClaimStatus.REJECTED
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
        audit_record(
            actor=actor,
            action="claim.filed",
            obj=claim,
            after={"period": claim_period.code, "register": register_document.pk},
        )
        from .tasks import process_register

        transaction.on_commit(lambda: process_register.delay(claim.pk))
    return claim


def already_sanctioned(beneficiary: Beneficiary, *, excluding: SLIClaim | None = None) -> Decimal:
    claims = SLIClaim.objects.filter(beneficiary=beneficiary, sanctioned_amount__isnull=False)
    if excluding is not None:
        claims = claims.exclude(pk=excluding.pk)
    return claims.aggregate(total=Sum("sanctioned_amount"))["total"] or Decimal(0)


def claim_compute(*, claim: SLIClaim) -> SLIClaim:
    """R-SLI-3…6 from the accepted invoices, with the parameters in force at the period's end."""
    totals = claim.invoices.aggregate(quantity=Sum("quantity_kg"), turnover=Sum("taxable_value"))
    params = parameters_in_force(claim.period_end)
    result = rules.sli_payable(
        quantity_kg=totals["quantity"] or Decimal(0),
        rate_per_kg=claim.beneficiary.quoted_rate,
        net_turnover=totals["turnover"] or Decimal(0),
        turnover_fraction=params.decimal("sli_turnover_cap_fraction"),
        tenure_cap=claim.beneficiary.sli_cap,
        already_sanctioned=already_sanctioned(claim.beneficiary, excluding=claim),
    )
    with transaction.atomic():
        transition(
            claim,
            allowed_from=[ClaimStatus.PROCESSING],
            to=ClaimStatus.SUBMITTED,
            actor="register check",
            action="claim.computed",
            also={
                "eligible_quantity_kg": totals["quantity"] or Decimal(0),
                "net_turnover": totals["turnover"] or Decimal(0),
                "rows_total": claim.invoices.count() + claim.rejected.count(),
                "gross": result.gross,
                "turnover_cap": result.turnover_cap,
                "tenure_remaining": result.tenure_remaining,
                "payable": result.payable,
                "binding_cap": result.binding,
                "parameter_version_id": params.version_id,
            },
        )
    return claim


# --- Examination (R-SLI-9) and the commissioning gate (R-SLI-7) --------------------------------


def _require(actor: User, *roles: str) -> None:
    if not actor.has_role(*roles):
        raise NotAllowed(_("Your role does not take this step of the examination (R-ACL-2/3)."))


def claim_examine(*, actor: User, claim: SLIClaim) -> SLIClaim:
    _require(actor, *EXAMINERS)
    transition(
        claim,
        allowed_from=[ClaimStatus.SUBMITTED],
        to=ClaimStatus.UNDER_EXAMINATION,
        actor=actor,
        action="claim.examination_started",
    )
    return claim


def claim_seek_clarification(*, actor: User, claim: SLIClaim, question: str) -> SLIClaim:
    """The clock stops until the beneficiary answers (R-SLI-10)."""
    _require(actor, Role.PMA, Role.MHI)
    if not question.strip():
        raise ValidationFailed(_("Write what you need clarified."), field="question")
    transition(
        claim,
        allowed_from=[ClaimStatus.UNDER_EXAMINATION, ClaimStatus.IE_VERIFICATION],
        to=ClaimStatus.CLARIFICATION,
        actor=actor,
        action="claim.clarification_sought",
        also={"notes": (claim.notes + f"\nQ: {question.strip()}").strip()},
    )
    return claim


def claim_answer(*, actor: User, claim: SLIClaim, answer: str) -> SLIClaim:
    if claim.beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary answers its clarification."))
    if not answer.strip():
        raise ValidationFailed(_("Write your answer."), field="answer")
    transition(
        claim,
        allowed_from=[ClaimStatus.CLARIFICATION],
        to=ClaimStatus.UNDER_EXAMINATION,
        actor=actor,
        action="claim.clarified",
        also={"notes": (claim.notes + f"\nA: {answer.strip()}").strip()},
    )
    return claim


def claim_recommend(*, actor: User, claim: SLIClaim) -> SLIClaim:
    """The PMA recommends; before the entire capacity is commissioned the claim is held
    instead (R-SLI-7)."""
    _require(actor, *EXAMINERS)
    held = fully_commissioned_on(claim.beneficiary) is None
    transition(
        claim,
        allowed_from=[ClaimStatus.UNDER_EXAMINATION],
        to=ClaimStatus.HELD if held else ClaimStatus.RECOMMENDED,
        actor=actor,
        action="claim.held" if held else "claim.recommended",
    )
    return claim


def claims_release(*, beneficiary: Beneficiary) -> list[SLIClaim]:
    """After commissioning of the entire capacity: held claims go on, in period order."""
    if fully_commissioned_on(beneficiary) is None:
        return []
    released = []
    for claim in SLIClaim.objects.filter(beneficiary=beneficiary, status=ClaimStatus.HELD).order_by(
        "period_start"
    ):
        transition(
            claim,
            allowed_from=[ClaimStatus.HELD],
            to=ClaimStatus.RECOMMENDED,
            actor="commissioning",
            action="claim.released",
        )
        released.append(claim)
    return released


def claim_sanction(*, actor: User, claim: SLIClaim) -> SLIClaim:
    """MHI sanctions (R-SLI-9). The beneficiary's row is locked, so two sanctions of its claims
    at once both see the tenure cap as it is (R-SLI-5); the payable is recomputed under it."""
    _require(actor, Role.MHI)
    with transaction.atomic():
        beneficiary = Beneficiary.objects.select_for_update().get(pk=claim.beneficiary_id)
        _active(beneficiary)
        if fully_commissioned_on(beneficiary) is None:
            raise RuleViolation(
                _(
                    "No claim is sanctioned before the entire allocated capacity "
                    "is commissioned (R-SLI-7)."
                ),
                rule="R-SLI-7",
            )
        claim = SLIClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ClaimStatus.RECOMMENDED:
            raise StateConflict(
                _("Only a recommended claim is sanctioned; this one is %(s)s.")
                % {"s": claim.get_status_display()}
            )
        params = parameters_in_force(claim.period_end)
        result = rules.sli_payable(
            quantity_kg=claim.eligible_quantity_kg or Decimal(0),
            rate_per_kg=beneficiary.quoted_rate,
            net_turnover=claim.net_turnover or Decimal(0),
            turnover_fraction=params.decimal("sli_turnover_cap_fraction"),
            tenure_cap=beneficiary.sli_cap,
            already_sanctioned=already_sanctioned(beneficiary, excluding=claim),
        )
        transition(
            claim,
            allowed_from=[ClaimStatus.RECOMMENDED],
            to=ClaimStatus.SANCTIONED,
            actor=actor,
            action="claim.sanctioned",
            also={
                "sanctioned_amount": result.payable,
                "payable": result.payable,
                "tenure_remaining": result.tenure_remaining,
                "binding_cap": result.binding,
                "sanctioned_at": timezone.now(),
                "parameter_version_id": params.version_id,
            },
        )
        from bidding.letters import letter_store

        claim.refresh_from_db()
        order = letter_store(
            beneficiary=beneficiary,
            template="incentives/sanction_order.html",
            title="Sanction order",
            context={"claim": claim, "b": beneficiary},
        )
        SLIClaim.objects.filter(pk=claim.pk).update(sanction_order=order)
        claim.sanction_order = order
    return claim


def claim_disburse(
    *, actor: User, claim: SLIClaim, payment_reference: str, disbursed_on: date
) -> SLIClaim:
    _require(actor, Role.MHI)
    if not payment_reference.strip():
        raise ValidationFailed(
            _("Enter the payment reference (PFMS or UTR)."), field="payment_reference"
        )
    transition(
        claim,
        allowed_from=[ClaimStatus.SANCTIONED],
        to=ClaimStatus.DISBURSED,
        actor=actor,
        action="claim.disbursed",
        also={"payment_reference": payment_reference.strip(), "disbursed_on": disbursed_on},
    )
    return claim


def claim_reject(*, actor: User, claim: SLIClaim, reasons: str) -> SLIClaim:
    _require(actor, Role.PMA, Role.MHI)
    if not reasons.strip():
        raise ValidationFailed(_("Give the reasons for rejecting the claim."), field="reasons")
    transition(
        claim,
        allowed_from=[
            ClaimStatus.SUBMITTED,
            ClaimStatus.UNDER_EXAMINATION,
            ClaimStatus.CLARIFICATION,
            ClaimStatus.IE_VERIFICATION,
            ClaimStatus.RECOMMENDED,
            ClaimStatus.HELD,
        ],
        to=ClaimStatus.REJECTED,
        actor=actor,
        action="claim.rejected",
        also={"notes": (claim.notes + f"\nRejected: {reasons.strip()}").strip()},
    )
    return claim

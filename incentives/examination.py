"""The examination of a claim, SLI or capital subsidy alike (R-SLI-9, R-CAP-5, R-SLI-10):

    submitted → under examination (PMA) ⇄ clarification sought (the clock stops)
              → Independent Engineer verification, where the PMA assigns one
              → recommended (PMA; held instead until the entire capacity is commissioned)
              → sanctioned (MHI; sanction order PDF) → disbursed,  or rejected with reasons.

Every step is one conditional UPDATE (``advance``), audited, and keeps the service-target
clock of R-SLI-10: when the current stage began, and the days the claim spent with the PMA.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bidding.letters import beneficiary_draft, beneficiary_letter_store
from bidding.models import Beneficiary
from milestones.selectors import beneficiary_active, fully_commissioned_on
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.roles import require_role
from repm_portal.documents.letters import Draft, LetterStale, letters_issue
from repm_portal.documents.services import document_share
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.lifecycle import transition
from repm_portal.parameters.selectors import ParameterTimeline, parameters_in_force
from repm_portal.periods import not_after_today, today_ist

from . import rules
from .models import (
    WITH_PMA,
    CapitalSubsidyClaim,
    ClaimStatus,
    ExaminationNote,
    ExaminedClaim,
    NoteKind,
    SLIClaim,
)
from .notices import claim_notify

C = TypeVar("C", bound=ExaminedClaim)

# R-SLI-10: the service target running in each status. The stage restarts when the claim
# enters a status of another target (or comes back from a clarification: "the last
# rectification"); it has no target while the beneficiary or commissioning is awaited.
SLA_STAGE: dict[str, str] = {
    ClaimStatus.SUBMITTED: "sla_initial_scrutiny_days",
    ClaimStatus.UNDER_EXAMINATION: "sla_final_scrutiny_days",
    ClaimStatus.IE_VERIFICATION: "sla_final_scrutiny_days",
    ClaimStatus.RECOMMENDED: "sla_sanction_days",
    ClaimStatus.SANCTIONED: "sla_sanction_days",
}


def advance(
    claim: ExaminedClaim,
    *,
    allowed_from: Sequence[str],
    to: str,
    actor: Any,
    action: str,
    also: dict[str, Any] | None = None,
    note: tuple[NoteKind, str] | None = None,
) -> None:
    """Move the claim on (one conditional UPDATE, audited) and keep its R-SLI-10 clock; a
    ``note`` (its kind and text) written with the step is stored and audited with it."""
    if claim.status not in allowed_from:
        claim.refresh_from_db(fields=["status", "stage_since", "pma_since", "pma_seconds"])
    now = timezone.now()
    before = claim.status
    clock: dict[str, Any] = {}
    if to not in SLA_STAGE:
        clock["stage_since"] = None
    elif SLA_STAGE.get(before) != SLA_STAGE[to]:
        clock["stage_since"] = now
    if before in WITH_PMA and to not in WITH_PMA and claim.pma_since is not None:
        spent = int((now - claim.pma_since).total_seconds())
        clock |= {"pma_seconds": claim.pma_seconds + max(0, spent), "pma_since": None}
    elif before not in WITH_PMA and to in WITH_PMA:
        clock["pma_since"] = now
    record = None
    if note is not None:
        record = {"note": {"kind": note[0].value, "text": note[1].strip()}}
    with transaction.atomic():  # the people concerned are told exactly when the step happens
        transition(
            claim,
            allowed_from=[before] if before in allowed_from else allowed_from,
            to=to,
            actor=actor,
            action=action,
            also={**clock, **(also or {})},
            record=record,
        )
        if note is not None:
            _note_write(claim, note[0], note[1], actor, now)
        claim_notify(claim, action)


def due_on(claim: ExaminedClaim, timeline: ParameterTimeline | None = None) -> date | None:
    """The day the current stage's service target falls (R-SLI-10); None while stopped.
    A list passes one ``timeline`` for all its rows: no query per row."""
    key = SLA_STAGE.get(claim.status)
    if key is None or claim.stage_since is None:
        return None
    started = timezone.localdate(claim.stage_since)
    params = timeline.in_force(started) if timeline else parameters_in_force(started)
    return started + timedelta(days=params.integer(key))


def is_overdue(claim: ExaminedClaim, today: date | None = None) -> bool:
    due = due_on(claim)
    return due is not None and (today or today_ist()) > due


EXAMINATION_REFUSED = gettext_lazy(
    "Your role does not take this step of the examination (R-ACL-2/3)."
)


def _note_write(
    claim: ExaminedClaim, kind: NoteKind, text: str, actor: User, when: datetime
) -> ExaminationNote:
    """One more note on the claim: its kind, who wrote it and when (inside the step's
    transaction)."""
    where = "sli_claim" if isinstance(claim, SLIClaim) else "capital_claim"
    return ExaminationNote.objects.create(
        **{where: claim},
        kind=kind,
        author=actor,
        author_name=actor.full_name,
        written_at=when,
        text=text.strip(),
    )


def claim_examine(*, actor: User, claim: C) -> C:
    require_role(actor, Role.PMA, message=EXAMINATION_REFUSED)
    advance(
        claim,
        allowed_from=[ClaimStatus.SUBMITTED],
        to=ClaimStatus.UNDER_EXAMINATION,
        actor=actor,
        action="claim.examination_started",
    )
    return claim


def claim_seek_clarification(*, actor: User, claim: C, question: str) -> C:
    """The clock stops until the beneficiary answers (R-SLI-10)."""
    require_role(actor, Role.PMA, Role.MHI, message=EXAMINATION_REFUSED)
    if not question.strip():
        raise ValidationFailed(_("Write what you need clarified."), field="question")
    advance(
        claim,
        allowed_from=[ClaimStatus.UNDER_EXAMINATION, ClaimStatus.IE_VERIFICATION],
        to=ClaimStatus.CLARIFICATION,
        actor=actor,
        action="claim.clarification_sought",
        note=(NoteKind.QUESTION, question),
    )
    return claim


def claim_answer(*, actor: User, claim: C, answer: str) -> C:
    """The beneficiary answers; the claim goes back to its IE if one is still verifying."""
    if claim.beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary answers its clarification."))
    if not answer.strip():
        raise ValidationFailed(_("Write your answer."), field="answer")
    back_to_ie = claim.ie_id is not None and claim.ie_verified_at is None
    advance(
        claim,
        allowed_from=[ClaimStatus.CLARIFICATION],
        to=ClaimStatus.IE_VERIFICATION if back_to_ie else ClaimStatus.UNDER_EXAMINATION,
        actor=actor,
        action="claim.clarified",
        note=(NoteKind.ANSWER, answer),
    )
    return claim


def claim_assign_ie(*, actor: User, claim: C, ie: User) -> C:
    """The PMA sends the claim to an Independent Engineer for verification (R-SLI-9)."""
    require_role(actor, Role.PMA, message=EXAMINATION_REFUSED)
    if not ie.is_active or not ie.has_role(Role.IE):
        raise ValidationFailed(_("Choose an active Independent Engineer."), field="ie")
    with transaction.atomic():
        advance(
            claim,
            allowed_from=[ClaimStatus.UNDER_EXAMINATION],
            to=ClaimStatus.IE_VERIFICATION,
            actor=actor,
            action="claim.ie_assigned",
            also={"ie_id": ie.pk, "ie_verified_at": None},
        )
        for document in claim.evidence():  # the Engineer reads what it verifies
            document_share(document=document, with_user=ie, actor=actor)
    return claim


def claim_verify(*, actor: User, claim: C, report: str) -> C:
    """The assigned Independent Engineer records its verification; the PMA goes on."""
    if claim.ie_id != actor.pk:
        raise NotAllowed(_("Only the Independent Engineer assigned to this claim verifies it."))
    if not report.strip():
        raise ValidationFailed(_("Write what you verified and found."), field="report")
    advance(
        claim,
        allowed_from=[ClaimStatus.IE_VERIFICATION],
        to=ClaimStatus.UNDER_EXAMINATION,
        actor=actor,
        action="claim.ie_verified",
        also={"ie_verified_at": timezone.now()},
        note=(NoteKind.IE_REPORT, report),
    )
    return claim


def claim_recommend(*, actor: User, claim: C) -> C:
    """The PMA recommends; before the entire capacity is commissioned the claim is held
    instead (R-SLI-7)."""
    require_role(actor, Role.PMA, message=EXAMINATION_REFUSED)
    if claim.ie_id is not None and claim.ie_verified_at is None:
        raise RuleViolation(
            _("The Independent Engineer assigned to this claim has not verified it yet."),
            rule="R-SLI-9",
        )
    held = fully_commissioned_on(claim.beneficiary) is None
    advance(
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
        advance(
            claim,
            allowed_from=[ClaimStatus.HELD],
            to=ClaimStatus.RECOMMENDED,
            actor="commissioning",
            action="claim.released",
        )
        released.append(claim)
    return released


def sli_sanctioned(beneficiary: Beneficiary, *, excluding: SLIClaim | None = None) -> Decimal:
    """SLI already sanctioned to the beneficiary (R-SLI-5, R-SLI-6)."""
    claims = SLIClaim.objects.filter(beneficiary=beneficiary, sanctioned_amount__isnull=False)
    if excluding is not None:
        claims = claims.exclude(pk=excluding.pk)
    return claims.aggregate(total=Sum("sanctioned_amount"))["total"] or Decimal(0)


def sli_computation(
    claim: SLIClaim, beneficiary: Beneficiary, *, quantity_kg: Decimal, net_turnover: Decimal
) -> dict[str, Any]:
    """R-SLI-3…6 for the claim: every candidate, the payable and the cap that bound, under the
    tenure cap as it stands now (R-SLI-5) and the parameters in force at the period's end.
    The claim's fields, ready to store; used when the claim is computed and at sanction."""
    params = parameters_in_force(claim.period_end)
    result = rules.sli_payable(
        quantity_kg=quantity_kg,
        rate_per_kg=beneficiary.quoted_rate,
        net_turnover=net_turnover,
        turnover_fraction=params.decimal("sli_turnover_cap_fraction"),
        tenure_cap=beneficiary.sli_cap,
        already_sanctioned=sli_sanctioned(beneficiary, excluding=claim),
    )
    return {
        "gross": result.gross,
        "turnover_cap": result.turnover_cap,
        "tenure_remaining": result.tenure_remaining,
        "payable": result.payable,
        "binding_cap": result.binding,
        "parameter_version_id": params.version_id,
    }


def _sli_terms(claim: SLIClaim, beneficiary: Beneficiary) -> dict[str, Any]:
    """R-SLI-6 again at sanction: what is sanctioned is the payable recomputed now."""
    terms = sli_computation(
        claim,
        beneficiary,
        quantity_kg=claim.eligible_quantity_kg or Decimal(0),
        net_turnover=claim.net_turnover or Decimal(0),
    )
    return {**terms, "sanctioned_amount": terms["payable"]}


def _capital_terms(claim: CapitalSubsidyClaim, beneficiary: Beneficiary) -> dict[str, Any]:
    """R-CAP-1, R-CAP-4 again at sanction; paid once (R-CAP-5)."""
    if (
        CapitalSubsidyClaim.objects.filter(beneficiary=beneficiary, sanctioned_amount__isnull=False)
        .exclude(pk=claim.pk)
        .exists()
    ):
        raise RuleViolation(
            _("The capital subsidy is paid once, and it has been sanctioned already."),
            rule="R-CAP-5",
        )
    params = parameters_in_force(claim.commissioned_on)
    result = rules.capital_subsidy(
        eligible_investment=claim.eligible_investment,
        rate=params.decimal("capital_subsidy_rate"),
        cap=beneficiary.capital_subsidy_cap,
    )
    return {
        "sanctioned_amount": result.payable,
        "payable": result.payable,
        "at_rate": result.at_rate,
        "capped": result.capped,
        "parameter_version_id": params.version_id,
    }


# Not the TC, the SMC nor an Independent Engineer (R-ACL-2/3): money is MHI's and the PMA's.
SANCTION_ORDER_READERS: tuple[str, ...] = (Role.PMA, Role.MHI)

SANCTION_ORDER = {
    SLIClaim: ("incentives/sanction_order.html", _sli_terms),
    CapitalSubsidyClaim: ("incentives/capital_sanction_order.html", _capital_terms),
}


def beneficiary_can_claim(beneficiary: Beneficiary) -> None:
    """Refuse a claim of a beneficiary whose LoA is revoked or package forfeited (§11.1)."""
    if not beneficiary_active(beneficiary) or beneficiary.incentives_forfeited:
        raise StateConflict(
            _(
                "This beneficiary's Letter of Award is revoked or its incentive "
                "package forfeited: no claim can be filed or paid (§11.1)."
            )
        )


def _sanction_checks(beneficiary: Beneficiary, claim: ExaminedClaim) -> None:
    beneficiary_can_claim(beneficiary)
    if fully_commissioned_on(beneficiary) is None:
        raise RuleViolation(
            _(
                "No claim is sanctioned before the entire allocated capacity "
                "is commissioned (R-SLI-7)."
            ),
            rule="R-SLI-7",
        )
    if claim.status != ClaimStatus.RECOMMENDED:
        raise StateConflict(
            _("Only a recommended claim is sanctioned; this one is %(s)s.")
            % {"s": claim.get_status_display()}
        )


def claim_sanction(*, actor: User, claim: C) -> C:
    """MHI sanctions (R-SLI-9). The beneficiary's row is locked, so two sanctions of its claims
    at once both see the caps as they are; the payable is recomputed under them.

    The order is rendered before the locks (``letters_issue``) with the figures as they stand;
    under the locks the checks run again (refused if they fail) and the figures are computed
    again: if another sanction moved them meanwhile (the tenure cap, R-SLI-5/6), the order is
    rendered again with the new ones, so it always states what is sanctioned.
    """
    require_role(actor, Role.MHI, message=EXAMINATION_REFUSED)
    template, terms = SANCTION_ORDER[type(claim)]
    manager = type(claim)._default_manager

    def prepare() -> list[Draft]:
        beneficiary = Beneficiary.objects.select_related("user", "bid", "round").get(
            pk=claim.beneficiary_id
        )
        current = manager.select_related("ie").get(pk=claim.pk)
        _sanction_checks(beneficiary, current)
        figures = terms(current, beneficiary)  # type: ignore[operator]
        if figures["payable"] <= 0:
            return []  # closed as nil under the locks: no order for ₹0.00
        for field, value in figures.items():
            setattr(current, field, value)  # the order shows the claim as it will stand
        return [
            beneficiary_draft(
                beneficiary=beneficiary,
                template=template,
                context={"claim": current},
                facts=figures,
                subject=f"{current._meta.label_lower}:{current.pk}:sanction-order",
            )
        ]

    def commit(drafts: list[Draft]) -> C:
        beneficiary = (
            Beneficiary.objects.select_for_update()
            .select_related("user", "bid", "round")
            .get(pk=claim.beneficiary_id)
        )
        locked = manager.select_for_update().get(pk=claim.pk)
        _sanction_checks(beneficiary, locked)
        figures = terms(locked, beneficiary)  # type: ignore[operator]
        if figures["payable"] <= 0:
            # A cap binds at ₹0 (another sanction took the rest of the tenure cap, R-SLI-5/6):
            # the claim is closed as nil payable with its reason, without a sanction order.
            advance(
                locked,
                allowed_from=[ClaimStatus.RECOMMENDED],
                to=ClaimStatus.NIL,
                actor=actor,
                action="claim.closed_nil",
                also={k: v for k, v in figures.items() if k != "sanctioned_amount"},
            )
            locked.refresh_from_db()
            return locked
        if not drafts:
            raise LetterStale  # the payable rose above ₹0 meanwhile: render the order
        drafts[0].confirm(figures)
        advance(
            locked,
            allowed_from=[ClaimStatus.RECOMMENDED],
            to=ClaimStatus.SANCTIONED,
            actor=actor,
            action="claim.sanctioned",
            also={**figures, "sanctioned_at": timezone.now()},
        )
        order = beneficiary_letter_store(
            beneficiary=beneficiary,
            draft=drafts[0],
            title="Sanction order",
            readers=SANCTION_ORDER_READERS,  # the beneficiary owns it; the PMA and MHI read it
        )
        manager.filter(pk=claim.pk).update(sanction_order=order)
        locked.refresh_from_db()
        return locked

    return letters_issue(prepare=prepare, commit=commit)


def claim_disburse(*, actor: User, claim: C, payment_reference: str, disbursed_on: date) -> C:
    require_role(actor, Role.MHI, message=EXAMINATION_REFUSED)
    if not payment_reference.strip():
        raise ValidationFailed(
            _("Enter the payment reference (PFMS or UTR)."), field="payment_reference"
        )
    not_after_today(disbursed_on, field="disbursed_on", what=_("The disbursement"))  # R-UNIT-5
    claim.refresh_from_db(fields=["sanctioned_amount", "sanctioned_at"])  # as sanctioned
    if not claim.sanctioned_amount or claim.sanctioned_amount <= 0:
        raise StateConflict(
            _("Nothing was sanctioned on this claim: there is nothing to disburse.")
        )
    if claim.sanctioned_at and disbursed_on < timezone.localdate(claim.sanctioned_at):
        raise ValidationFailed(
            _("The disbursement cannot be dated before the sanction."), field="disbursed_on"
        )
    advance(
        claim,
        allowed_from=[ClaimStatus.SANCTIONED],
        to=ClaimStatus.DISBURSED,
        actor=actor,
        action="claim.disbursed",
        also={"payment_reference": payment_reference.strip(), "disbursed_on": disbursed_on},
    )
    return claim


REJECTABLE = [
    ClaimStatus.SUBMITTED,
    ClaimStatus.UNDER_EXAMINATION,
    ClaimStatus.CLARIFICATION,
    ClaimStatus.IE_VERIFICATION,
    ClaimStatus.RECOMMENDED,
    ClaimStatus.HELD,
]


def claim_reject(*, actor: User, claim: C, reasons: str) -> C:
    require_role(actor, Role.PMA, Role.MHI, message=EXAMINATION_REFUSED)
    if not reasons.strip():
        raise ValidationFailed(_("Give the reasons for rejecting the claim."), field="reasons")
    advance(
        claim,
        allowed_from=REJECTABLE,
        to=ClaimStatus.REJECTED,
        actor=actor,
        action="claim.rejected",
        note=(NoteKind.REJECTION, reasons),
    )
    return claim

"""What MHI records for the outlay dashboard (R-OUT-2): administration expenses of §7 and money
recovered against §11.2 refund demands. One transaction each, audited (R-ACL-4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from milestones.models import RefundDemand
from repm_portal.accounts.models import Role, User
from repm_portal.audit.services import audit_record
from repm_portal.errors import NotAllowed, ValidationFailed
from repm_portal.money import format_inr, round_paisa, to_decimal
from repm_portal.periods import IST, today_ist

from ..models import AdminExpense, AdminHead, RefundRecovery


def _require_mhi(actor: User) -> None:
    if not actor.has_role(Role.MHI):
        raise NotAllowed(_("Only MHI records the scheme's expenses and recoveries."))


def _amount(value: Decimal | str, field: str) -> Decimal:
    amount = round_paisa(to_decimal(value, what=str(_("amount"))))
    if amount <= 0:
        raise ValidationFailed(_("Enter an amount above zero, in rupees."), field=field)
    return amount


def _not_future(day: date, field: str) -> None:
    if day > today_ist():
        raise ValidationFailed(
            _("The date cannot be in the future: record the payment once it is made."), field=field
        )


def admin_expense_record(
    *,
    actor: User,
    head: str,
    description: str,
    amount: Decimal | str,
    incurred_on: date,
    reference: str,
) -> AdminExpense:
    """§7: an administration expense paid, against Table 6's administration outlay."""
    _require_mhi(actor)
    if head not in AdminHead.values:
        raise ValidationFailed(_("Choose the head of expense."), field="head")
    value = _amount(amount, "amount")
    _not_future(incurred_on, "incurred_on")
    if not description.strip() or not reference.strip():
        raise ValidationFailed(
            _("Say what was paid for and the sanction or bill it was paid under."),
            field="description" if not description.strip() else "reference",
        )
    with transaction.atomic():
        expense = AdminExpense.objects.create(
            head=head,
            description=description.strip(),
            amount=value,
            incurred_on=incurred_on,
            reference=reference.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="outlay.admin_expense_recorded",
            obj=expense,
            after={"head": head, "amount": value, "incurred_on": incurred_on},
        )
    return expense


def refund_recovery_record(
    *,
    actor: User,
    demand: RefundDemand,
    amount: Decimal | str,
    received_on: date,
    reference: str,
) -> RefundRecovery:
    """Money received against a refund demand (§11.2); never more than is still owed."""
    _require_mhi(actor)
    value = _amount(amount, "amount")
    _not_future(received_on, "received_on")
    if not reference.strip():
        raise ValidationFailed(_("Give the receipt or challan reference."), field="reference")
    with transaction.atomic():
        locked = RefundDemand.objects.select_for_update().get(pk=demand.pk)
        if received_on < locked.issued_at.astimezone(IST).date():
            raise ValidationFailed(
                _("Money cannot be received against a demand before it was issued."),
                field="received_on",
            )
        recovered = RefundRecovery.objects.filter(demand=locked).aggregate(s=Sum("amount"))[
            "s"
        ] or Decimal(0)
        owed = locked.total - recovered
        if value > owed:
            raise ValidationFailed(
                _("Only %(owed)s is still owed on this demand.") % {"owed": format_inr(owed)},
                field="amount",
            )
        recovery = RefundRecovery.objects.create(
            demand=locked,
            amount=value,
            received_on=received_on,
            reference=reference.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="outlay.refund_recovered",
            obj=recovery,
            after={"demand": locked.pk, "amount": value, "received_on": received_on},
        )
    return recovery

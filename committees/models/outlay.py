"""What the outlay dashboard needs beyond the other apps' data (R-OUT-1/2, §7, §11.2).

- ``AdminExpense``: MHI's record of the administration expenses of §7 (PMA fees, knowledge
  partners, technical expertise) against the ₹80 crore of Table 6.
- ``RefundRecovery``: money received back against a §11.2 refund demand (milestones records the
  demand; nothing else records what came back).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from milestones.models import RefundDemand
from repm_portal.money import MoneyField


class AdminHead(models.TextChoices):
    PMA_FEES = "pma_fees", _("Project Management Agency fees")
    KNOWLEDGE_PARTNERS = "knowledge_partners", _("Knowledge partners")
    TECHNICAL_EXPERTISE = "technical_expertise", _("Technical expertise")
    OTHER = "other", _("Other administrative expenses")


class AdminExpense(models.Model):
    """One administration expense paid under §7, dated when MHI incurred it."""

    head = models.CharField(_("head"), max_length=24, choices=AdminHead.choices)
    description = models.CharField(_("what was paid for"), max_length=200)
    amount = MoneyField(_("amount (₹)"))
    incurred_on = models.DateField(_("paid on"))
    reference = models.CharField(_("sanction or bill reference"), max_length=80)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-incurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="admin_expense_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_head_display()}: {self.description}"


class RefundRecovery(models.Model):
    """Money received against a §11.2 refund demand (R-MS-5), dated when it was received."""

    demand = models.ForeignKey(RefundDemand, on_delete=models.PROTECT, related_name="recoveries")
    amount = MoneyField(_("amount received (₹)"))
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("receipt or challan reference"), max_length=80)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name_plural = _("refund recoveries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="refund_recovery_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} against refund {self.demand_id}"

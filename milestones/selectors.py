"""Reads for milestones: investment and commissioning to date, the MCLR in force, and the one
event other parts of the portal wait for: commissioning of the entire allocated capacity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from bidding.models import Beneficiary, BeneficiaryStatus
from repm_portal.accounts.models import Role, User
from repm_portal.errors import NotFound

from .models import CommissioningRecord, InvestmentLine, MCLRRate, Milestone, PenaltyCase


def investment_events(beneficiary: Beneficiary) -> list[tuple[date, Decimal]]:
    return list(
        InvestmentLine.objects.filter(beneficiary=beneficiary, eligible_amount__gt=0).values_list(
            "invoice_date", "eligible_amount"
        )
    )


def eligible_investment(beneficiary: Beneficiary, *, up_to: date | None = None) -> Decimal:
    lines = InvestmentLine.objects.filter(beneficiary=beneficiary)
    if up_to:
        lines = lines.filter(invoice_date__lte=up_to)
    return lines.aggregate(total=Sum("eligible_amount"))["total"] or Decimal(0)


def commissioning_events(beneficiary: Beneficiary) -> list[tuple[date, Decimal]]:
    return list(
        CommissioningRecord.objects.filter(beneficiary=beneficiary).values_list(
            "commissioned_on", "capacity_mtpa"
        )
    )


def commissioned_capacity(beneficiary: Beneficiary, *, up_to: date | None = None) -> Decimal:
    records = CommissioningRecord.objects.filter(beneficiary=beneficiary)
    if up_to:
        records = records.filter(commissioned_on__lte=up_to)
    return records.aggregate(total=Sum("capacity_mtpa"))["total"] or Decimal(0)


def fully_commissioned_on(beneficiary: Beneficiary) -> date | None:
    """R-SLI-7, R-CAP-5: the date the entire allocated capacity was commissioned, if it has been,
    with the Department of Industries' and a Chartered Engineer's certificates on every record."""
    from .rules import reached_on

    return reached_on(
        commissioning_events(beneficiary), Decimal(beneficiary.allocated_capacity_mtpa)
    )


def beneficiary_active(beneficiary: Beneficiary) -> bool:
    """A revoked beneficiary files nothing more (§11.1)."""
    return beneficiary.status == BeneficiaryStatus.AWARDED


def mclr_on(day: date) -> MCLRRate:
    rate = MCLRRate.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rate is None:
        raise NotFound(
            _(
                "No 3-year SBI MCLR is recorded for %(day)s: MHI records the rate in "
                "force on that date first."
            )
            % {"day": day.strftime("%d %b %Y")}
        )
    return rate


# Who follows the beneficiaries' milestones and cases: the beneficiary its own (R-ACL-1), the
# staff and committees all of them (R-ACL-2/3); not an Independent Engineer.
MILESTONE_READERS = (Role.APPLICANT, Role.MHI, Role.PMA, Role.TC, Role.SMC, Role.ADMIN)


def beneficiaries_of(user: User) -> QuerySet[Beneficiary]:
    rows = Beneficiary.objects.filter(loa_date__isnull=False).select_related("user", "round")
    if user.has_role(Role.APPLICANT):
        return rows.filter(user=user)
    if user.has_role(Role.MHI, Role.PMA, Role.TC, Role.SMC, Role.ADMIN):
        return rows
    return rows.none()


def milestones_of(user: User) -> QuerySet[Milestone]:
    return Milestone.objects.filter(beneficiary__in=beneficiaries_of(user)).select_related(
        "beneficiary__user"
    )


def cases_of(user: User) -> QuerySet[PenaltyCase]:
    return PenaltyCase.objects.filter(beneficiary__in=beneficiaries_of(user)).select_related(
        "beneficiary__user", "milestone"
    )


def case_for(user: User, pk: int | str) -> PenaltyCase:
    try:
        return cases_of(user).get(pk=pk)
    except (PenaltyCase.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such penalty case.")) from None


def beneficiary_for(user: User, pk: int | str) -> Beneficiary:
    try:
        return beneficiaries_of(user).get(pk=pk)
    except (Beneficiary.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such beneficiary.")) from None

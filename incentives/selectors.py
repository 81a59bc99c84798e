"""Reads of the claims. Who sees which claims (R-ACL-1…3): a beneficiary its own; the PMA, MHI
and administrators all; an Independent Engineer only those assigned to it. Also: the capital
subsidy as it would be filed, and the ledger of a beneficiary against its caps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from bidding.models import Beneficiary
from milestones.models import InvestmentLine
from milestones.selectors import fully_commissioned_on
from repm_portal.accounts.models import Role, User
from repm_portal.errors import NotFound
from repm_portal.ledger import Disbursement, disbursements_provider
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import today_ist

from . import rules
from .models import CapitalSubsidyClaim, ClaimStatus, ExaminedClaim, SLIClaim

C = TypeVar("C", bound=ExaminedClaim)


# Who uses the claim pages (R-ACL-1…3): the beneficiary its own, the PMA and MHI all, an IE
# those assigned to it; not the TC nor the SMC. The ledgers: the beneficiary its own, MHI all.
CLAIM_READERS = (Role.APPLICANT, Role.PMA, Role.MHI, Role.IE, Role.ADMIN)
LEDGER_READERS = (Role.APPLICANT, Role.MHI, Role.ADMIN)


def _visible(user: User, rows: QuerySet[C]) -> QuerySet[C]:
    if user.has_role(Role.PMA, Role.MHI, Role.ADMIN):
        return rows
    if user.has_role(Role.IE):
        return rows.filter(ie=user)
    if user.has_role(Role.APPLICANT):
        return rows.filter(beneficiary__user=user)
    return rows.none()


def claims_of(user: User) -> QuerySet[SLIClaim]:
    return _visible(
        user,
        SLIClaim.objects.select_related("beneficiary__user", "register").prefetch_related(
            "examination_notes"
        ),
    )


def capital_claims_of(user: User) -> QuerySet[CapitalSubsidyClaim]:
    return _visible(
        user,
        CapitalSubsidyClaim.objects.select_related("beneficiary__user").prefetch_related(
            "examination_notes"
        ),
    )


def _one(rows: QuerySet[C], pk: int | str) -> C:
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such claim.")) from None


def claim_for(user: User, pk: int | str) -> SLIClaim:
    return _one(claims_of(user), pk)


def capital_claim_for(user: User, pk: int | str) -> CapitalSubsidyClaim:
    return _one(capital_claims_of(user), pk)


# --- The capital subsidy as it stands (R-CAP-1…5) ------------------------------------------


@dataclass(frozen=True)
class CapitalPreview:
    lines: list[InvestmentLine]  # every reported line, each with its exclusions (R-CAP-2, 3)
    reported: Decimal
    eligible: Decimal
    result: rules.CapitalSubsidy
    commissioned_on: date | None
    version_id: int


def capital_subsidy_preview(beneficiary: Beneficiary) -> CapitalPreview:
    """15 % of the eligible investment lines, at most the Table 4 cap (R-CAP-1, R-CAP-4), with
    the parameters in force on the day the entire capacity was commissioned (or today)."""
    lines = list(
        InvestmentLine.objects.filter(beneficiary=beneficiary).order_by("invoice_date", "id")
    )
    commissioned_on = fully_commissioned_on(beneficiary)
    params = parameters_in_force(commissioned_on or today_ist())
    eligible = sum((line.eligible_amount for line in lines), Decimal(0))
    return CapitalPreview(
        lines=lines,
        reported=sum((line.amount + line.non_creditable_taxes for line in lines), Decimal(0)),
        eligible=eligible,
        result=rules.capital_subsidy(
            eligible_investment=eligible,
            rate=params.decimal("capital_subsidy_rate"),
            cap=beneficiary.capital_subsidy_cap,
        ),
        commissioned_on=commissioned_on,
        version_id=params.version_id,
    )


# --- The ledger (issue 5 §7) ---------------------------------------------------------------


@dataclass(frozen=True)
class LedgerLine:
    """One component against its cap: claimed (computed, not rejected), sanctioned, disbursed."""

    cap: Decimal
    claimed: Decimal
    sanctioned: Decimal
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal:
        """What can still be sanctioned under the cap."""
        return max(Decimal(0), self.cap - self.sanctioned)


@dataclass(frozen=True)
class Ledger:
    beneficiary: Beneficiary
    sli: LedgerLine
    capital: LedgerLine
    sli_claims: list[SLIClaim]
    capital_claims: list[CapitalSubsidyClaim]


def _totals(rows: QuerySet[C]) -> dict[int, dict[str, Decimal | None]]:
    """Per beneficiary: claimed (computed, not rejected), sanctioned, disbursed; one query."""
    live = ~Q(status=ClaimStatus.REJECTED)
    return {
        row.pop("beneficiary_id"): row
        for row in rows.order_by()
        .values("beneficiary_id")
        .annotate(
            claimed=Sum("payable", filter=live),
            sanctioned=Sum("sanctioned_amount", filter=live),
            disbursed=Sum("sanctioned_amount", filter=Q(status=ClaimStatus.DISBURSED)),
        )
    }


def _line(totals: dict[str, Decimal | None] | None, cap: Decimal) -> LedgerLine:
    totals = totals or {}
    return LedgerLine(
        cap=cap,
        claimed=totals.get("claimed") or Decimal(0),
        sanctioned=totals.get("sanctioned") or Decimal(0),
        disbursed=totals.get("disbursed") or Decimal(0),
    )


def ledgers_of(beneficiaries: Iterable[Beneficiary]) -> list[Ledger]:
    """Each beneficiary's ledger: SLI against Table 3 (R-SLI-5), capital subsidy against Table 4
    (R-CAP-4); four queries however many beneficiaries."""
    rows = list(beneficiaries)
    ids = [b.pk for b in rows]
    sli = SLIClaim.objects.filter(beneficiary__in=ids)
    capital = CapitalSubsidyClaim.objects.filter(beneficiary__in=ids)
    sli_totals, capital_totals = _totals(sli), _totals(capital)
    sli_claims: dict[int, list[SLIClaim]] = defaultdict(list)
    for claim in sli.order_by("period_start"):
        sli_claims[claim.beneficiary_id].append(claim)
    capital_claims: dict[int, list[CapitalSubsidyClaim]] = defaultdict(list)
    for cap_claim in capital.order_by("filed_at"):
        capital_claims[cap_claim.beneficiary_id].append(cap_claim)
    return [
        Ledger(
            beneficiary=b,
            sli=_line(sli_totals.get(b.pk), b.sli_cap),
            capital=_line(capital_totals.get(b.pk), b.capital_subsidy_cap),
            sli_claims=sli_claims[b.pk],
            capital_claims=capital_claims[b.pk],
        )
        for b in rows
    ]


def ledger_of(beneficiary: Beneficiary) -> Ledger:
    return ledgers_of([beneficiary])[0]


def ledger_beneficiaries(user: User) -> QuerySet[Beneficiary]:
    """Whose ledger the user may read: the beneficiary its own; MHI and administrators all."""
    rows = Beneficiary.objects.filter(loa_date__isnull=False).select_related("user")
    if user.has_role(Role.MHI, Role.ADMIN):
        return rows
    if user.has_role(Role.APPLICANT):
        return rows.filter(user=user)
    return rows.none()


def ledger_readable_by(user: User, beneficiary: Beneficiary) -> bool:
    """As ``ledger_beneficiaries``, for one beneficiary, without a query."""
    if beneficiary.loa_date is None:
        return False
    return user.has_role(Role.MHI, Role.ADMIN) or (
        user.has_role(Role.APPLICANT) and beneficiary.user_id == user.pk
    )


def ledger_for(user: User, beneficiary_pk: int | str) -> Ledger:
    try:
        return ledger_of(ledger_beneficiaries(user).get(pk=beneficiary_pk))
    except (Beneficiary.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such beneficiary.")) from None


# --- What is waiting, and what is past its service target (R-SLI-10) -----------------------

OPEN = [
    ClaimStatus.SUBMITTED,
    ClaimStatus.UNDER_EXAMINATION,
    ClaimStatus.IE_VERIFICATION,
    ClaimStatus.CLARIFICATION,
    ClaimStatus.RECOMMENDED,
    ClaimStatus.HELD,
    ClaimStatus.SANCTIONED,
]


def open_claims(where: Q | None = None) -> list[ExaminedClaim]:
    """Every claim still in examination (or those of them ``where`` picks), both kinds, oldest
    first."""
    where = where or Q()
    rows: list[ExaminedClaim] = [
        *SLIClaim.objects.filter(where, status__in=OPEN).select_related("beneficiary__user"),
        *CapitalSubsidyClaim.objects.filter(where, status__in=OPEN).select_related(
            "beneficiary__user"
        ),
    ]
    return sorted(rows, key=lambda c: c.filed_at)


# What a home page item reads of a claim: its clock, its actors, its label and its holder.
_ITEM_FIELDS = (
    "status",
    "stage_since",
    "filed_at",
    "ie_id",
    "beneficiary__user_id",
    "beneficiary__user__organisation",
)


def claims_for_items(
    where: Q | None = None, *, register_failed_of: User | None = None
) -> tuple[list[ExaminedClaim], list[SLIClaim]]:
    """As ``open_claims`` (with only what a home page item reads), and the SLI claims of
    ``register_failed_of`` whose invoice register could not be read: two queries in all."""
    where = Q(where or Q(), status__in=OPEN)
    sli_where = where
    if register_failed_of is not None:
        sli_where |= Q(beneficiary__user=register_failed_of, status=ClaimStatus.REGISTER_FAILED)
    sli = list(
        SLIClaim.objects.filter(sli_where)
        .select_related("beneficiary__user")
        .only(*_ITEM_FIELDS, "period_start", "period_end")
    )
    capital = CapitalSubsidyClaim.objects.filter(where).select_related("beneficiary__user")
    rows: list[ExaminedClaim] = [
        *(c for c in sli if c.status != ClaimStatus.REGISTER_FAILED),
        *capital.only(*_ITEM_FIELDS),
    ]
    failed = [c for c in sli if c.status == ClaimStatus.REGISTER_FAILED]
    return sorted(rows, key=lambda c: c.filed_at), failed


@disbursements_provider
def disbursed_benefits(beneficiary_id: int) -> list[Disbursement]:
    """The SLI and capital subsidy disbursed to the beneficiary, as recorded (R-MS-5)."""
    found: list[Disbursement] = []
    for prefix, model in (("sli", SLIClaim), ("capital", CapitalSubsidyClaim)):
        rows = model.objects.filter(
            beneficiary_id=beneficiary_id,
            status=ClaimStatus.DISBURSED,
            disbursed_on__isnull=False,
            sanctioned_amount__gt=0,
        )
        found += [
            Disbursement(
                key=f"{prefix}:{claim.pk}",
                label=str(claim.label()),
                disbursed_on=claim.disbursed_on,
                amount=claim.sanctioned_amount,
                reference=claim.payment_reference,
            )
            for claim in rows
            if claim.disbursed_on is not None and claim.sanctioned_amount is not None
        ]
    return found

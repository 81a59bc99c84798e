"""Milestones, eligibility of investment and refunds with interest (§4.3, §6, §11) — pure
functions, no ORM. Every number comes from the scheme parameters in force."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from repm_portal.money import round_paisa
from repm_portal.parameters.values import SchemeParameters
from repm_portal.periods import add_years

HUNDRED = Decimal(100)
DAYS_IN_YEAR = Decimal(365)  # R-MS-5 decision: the part-year is actual days / 365


class Head:
    """R-CAP-2: the eligible heads of §4.3.iii, and what is reported but never eligible."""

    PLANT = "plant"  # (a) plant, machinery, equipment and associated utilities
    RND = "rnd"  # (b) R&D capital expenditure
    TOT = "tot"  # (c) transfer of technology
    LAND_BUILDING = "land_building"  # not listed: never eligible
    ELIGIBLE = (PLANT, RND, TOT)


@dataclass(frozen=True)
class LineFacts:
    head: str
    invoice_date: date
    amount: Decimal
    non_creditable_taxes: Decimal
    second_hand: bool = False
    slump_sale: bool = False
    leased: bool = False


def exclusions(params: SchemeParameters, line: LineFacts) -> list[str]:
    """Why a line is not eligible investment (R-CAP-1, R-CAP-2, R-CAP-3); empty if it is."""
    reasons = []
    start = params.date("capital_subsidy_investment_from")
    if start and line.invoice_date < start:
        reasons.append(_("R-CAP-1: made before %(day)s") % {"day": start.strftime("%d %b %Y")})
    if line.head not in Head.ELIGIBLE:
        reasons.append(_("R-CAP-2: land and buildings are not an eligible head"))
    if line.second_hand:
        reasons.append(_("R-CAP-3: second-hand, used or refurbished"))
    if line.slump_sale:
        reasons.append(_("R-CAP-3: acquired by slump sale"))
    if line.leased:
        reasons.append(_("R-CAP-3: leased"))
    return reasons


def eligible_amount(params: SchemeParameters, line: LineFacts) -> Decimal:
    """R-CAP-2: the amount with its non-creditable taxes and duties, if the line is eligible."""
    if exclusions(params, line):
        return Decimal(0)
    return line.amount + line.non_creditable_taxes


# --- Milestones (R-MS-1…3) -----------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneTerms:
    number: int
    deadline: date
    threshold: Decimal  # rupees for M1 and M2; MTPA commissioned for M3
    unit: str  # "INR" or "MTPA"


def milestone_terms(
    params: SchemeParameters, *, loa_date: date, capacity_mtpa: int
) -> list[MilestoneTerms]:
    """The three milestones counted from the Letter of Award's date (§6; R-BID-11).

    "Within one year from the date of issuance of LoA" ends on the same calendar date a year
    later (29 February falls back to 28 February), at 23:59:59 IST (R-UNIT-5).
    """
    m3 = params.decimal("milestone3_commissioned_fraction") * Decimal(capacity_mtpa)
    return [
        MilestoneTerms(
            1,
            add_years(loa_date, params.integer("milestone1_years")),
            params.decimal("milestone1_investment_cr") * Decimal(10_000_000),
            "INR",
        ),
        MilestoneTerms(
            2,
            add_years(loa_date, params.integer("milestone2_years")),
            params.crore_row("milestone2_investment_cr", capacity_mtpa),
            "INR",
        ),
        MilestoneTerms(3, add_years(loa_date, params.integer("milestone3_years")), m3, "MTPA"),
    ]


def reached_on(events: Sequence[tuple[date, Decimal]], threshold: Decimal) -> date | None:
    """The date on which the running total of ``events`` first reached ``threshold``."""
    total = Decimal(0)
    for day, amount in sorted(events, key=lambda e: e[0]):
        total += amount
        if total >= threshold:
            return day
    return None


# --- Refund with interest (R-MS-5, §11.2) -----------------------------------------------------


@dataclass(frozen=True)
class RefundLine:
    disbursed_on: date
    amount: Decimal
    rate_pct: Decimal
    whole_years: int
    extra_days: int
    interest: Decimal
    total: Decimal


def whole_years_and_days(start: date, end: date) -> tuple[int, int]:
    """Complete years from ``start`` to ``end``, and the days left over."""
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return years, (end - add_years(start, years)).days


def refund_line(
    *, amount: Decimal, disbursed_on: date, rate_pct: Decimal, demand_on: date
) -> RefundLine:
    """Whole years compound annually at the MCLR of the disbursement's date; the part-year left
    accrues simple interest for its actual days / 365. Rounded once, to the paisa (R-UNIT-3)."""
    if demand_on < disbursed_on:
        raise ValueError("the demand cannot precede the disbursement")
    years, days = whole_years_and_days(disbursed_on, demand_on)
    rate = rate_pct / HUNDRED
    compounded = amount * (1 + rate) ** years
    total = round_paisa(compounded * (1 + rate * Decimal(days) / DAYS_IN_YEAR))
    return RefundLine(disbursed_on, amount, rate_pct, years, days, total - amount, total)

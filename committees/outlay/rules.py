"""The outlay dashboard's arithmetic (R-OUT-1/2) — pure functions, no ORM.

Scheme years and financial years, spreading a tenure cap over Table 6's profile, moving a
scheme-year figure into financial years, headroom, and the forecast of the sales-linked
incentive (R-SLI-3…6). Money is Decimal, rounded once to the paisa (R-UNIT-3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from incentives.rules import sli_payable
from repm_portal.money import mtpa_to_kg, round_paisa
from repm_portal.periods import add_years, financial_year_start

ZERO = Decimal(0)


@dataclass(frozen=True)
class Bucket:
    """A scheme year (``key`` = k) or a financial year (``key`` = the year it begins)."""

    key: int
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def scheme_years(*, start: date, years: int) -> list[Bucket]:
    """R-OUT-1 decision: scheme year k runs from ``start`` + (k−1) years to the day before
    ``start`` + k years."""
    return [
        Bucket(k, add_years(start, k - 1), add_years(start, k) - timedelta(days=1))
        for k in range(1, years + 1)
    ]


def financial_years(*, start: date, years: int) -> list[Bucket]:
    """The financial years (1 Apr–31 Mar, R-UNIT-4) that the scheme's ``years`` touch."""
    last_day = add_years(start, years) - timedelta(days=1)
    first, last = financial_year_start(start), financial_year_start(last_day)
    return [Bucket(fy, date(fy, 4, 1), date(fy + 1, 3, 31)) for fy in range(first, last + 1)]


def bucket_key(day: date, buckets: Sequence[Bucket]) -> int:
    """The bucket holding ``day``; a day before the first counts in the first, after the last in
    the last (an expense paid before the scheme began still spends its money)."""
    for bucket in buckets:
        if day <= bucket.end:
            return bucket.key
    return buckets[-1].key


def spread(total: Decimal, weights: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """``total`` split in proportion to ``weights`` (Table 6's profile), to the paisa, the
    rounding left in the last weighted key so the parts add up to ``total`` exactly."""
    out = dict.fromkeys(weights, ZERO)
    weighted = [key for key, w in weights.items() if w > 0]
    whole = sum((weights[k] for k in weighted), ZERO)
    if not weighted or whole == 0:
        return out
    for key in weighted[:-1]:
        out[key] = round_paisa(total * weights[key] / whole)
    out[weighted[-1]] = total - sum((out[k] for k in weighted[:-1]), ZERO)
    return out


def apportion(
    amounts: Mapping[int, Decimal], source: Sequence[Bucket], target: Sequence[Bucket]
) -> dict[int, Decimal]:
    """Scheme-year amounts moved into financial years by the days each shares with each
    (R-OUT-2 decision), to the paisa; each source year's rounding stays in its last target."""
    out = {t.key: ZERO for t in target}
    for s in source:
        amount = amounts.get(s.key, ZERO)
        if not amount:
            continue
        shares = []
        for t in target:
            overlap = (min(s.end, t.end) - max(s.start, t.start)).days + 1
            if overlap > 0:
                shares.append((t.key, Decimal(overlap)))
        for key, part in spread(amount, dict(shares)).items():
            out[key] += part
    return out


def headroom(*, indicative: Decimal, used: Decimal) -> Decimal:
    """What is left of the indicative outlay; negative when it has been passed."""
    return indicative - used


# --- Forecast of the sales-linked incentive (R-OUT-2, R-SLI-3…6) ------------------------------


@dataclass(frozen=True)
class CapacityPlan:
    """What a beneficiary has commissioned (cumulative MTPA from each date) and when its entire
    allocated capacity is planned to run."""

    commissioned: Sequence[tuple[date, Decimal]]  # (commissioned on, MTPA added), any order
    allocated_mtpa: Decimal
    full_from: date | None  # planned: the entire allocated capacity from this date


def capacity_on(plan: CapacityPlan, day: date) -> Decimal:
    """Capacity running on ``day``: commissioned so far, or the allocated capacity once the
    plan says it runs, whichever is more, never above the allocation."""
    commissioned = sum((mtpa for on, mtpa in plan.commissioned if on <= day), ZERO)
    planned = plan.allocated_mtpa if plan.full_from and day >= plan.full_from else ZERO
    return min(plan.allocated_mtpa, max(commissioned, planned))


def capacity_days(plan: CapacityPlan, start: date, end: date) -> Decimal:
    """MTPA-days running from ``start`` to ``end`` inclusive: the sum of each day's capacity,
    computed over the dates where it changes."""
    if end < start:
        return ZERO
    changes = sorted(
        {on for on, _mtpa in plan.commissioned if start < on <= end}
        | ({plan.full_from} if plan.full_from and start < plan.full_from <= end else set())
    )
    total, cursor = ZERO, start
    for change in [*changes, end + timedelta(days=1)]:
        total += capacity_on(plan, cursor) * (change - cursor).days
        cursor = change
    return total


@dataclass(frozen=True)
class Assumptions:
    utilisation: Decimal  # share of running capacity sold
    price_per_kg: Decimal  # net sale price, net of GST
    turnover_fraction: Decimal  # R-SLI-4's 40 %


@dataclass(frozen=True)
class ForecastYear:
    key: int
    quantity_kg: Decimal
    gross: Decimal
    turnover_cap: Decimal
    tenure_remaining: Decimal
    sli: Decimal
    binding: str


def forecast_sli(
    *,
    plan: CapacityPlan,
    years: Sequence[Bucket],
    from_day: date,
    rate_per_kg: Decimal,
    assumptions: Assumptions,
    tenure_cap: Decimal,
    already_sanctioned: Decimal,
) -> list[ForecastYear]:
    """The SLI a beneficiary is expected to earn in each year from ``from_day`` on.

    Quantity = running capacity (MTPA-days / days of the year, R-UNIT-1) × utilisation; then
    R-SLI-6 year by year: min(gross at the quoted rate (R-SLI-3), 40 % of the assumed turnover
    (R-SLI-4), the Table 3 cap less what is sanctioned and forecast before (R-SLI-5)).
    """
    out: list[ForecastYear] = []
    earned = already_sanctioned
    for year in years:
        if year.end < from_day:
            continue
        mtpa_days = capacity_days(plan, max(year.start, from_day), year.end)
        quantity = mtpa_to_kg(mtpa_days) / year.days * assumptions.utilisation
        result = sli_payable(
            quantity_kg=quantity,
            rate_per_kg=rate_per_kg,
            net_turnover=quantity * assumptions.price_per_kg,
            turnover_fraction=assumptions.turnover_fraction,
            tenure_cap=tenure_cap,
            already_sanctioned=earned,
        )
        earned += result.payable
        out.append(
            ForecastYear(
                year.key,
                quantity.quantize(Decimal("0.001")),
                result.gross,
                result.turnover_cap,
                result.tenure_remaining,
                result.payable,
                result.binding,
            )
        )
    return out

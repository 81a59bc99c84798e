"""Sales-linked incentive and capital subsidy arithmetic (§4.2, §4.3) — pure functions.

Every candidate is kept at full precision and the payable rounded once, half-up to the paisa
(R-UNIT-3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from repm_portal.money import round_paisa

GROSS = "gross"  # R-SLI-3
TURNOVER = "turnover_cap"  # R-SLI-4
TENURE = "tenure_cap"  # R-SLI-5


@dataclass(frozen=True)
class SLIComputation:
    gross: Decimal
    turnover_cap: Decimal
    tenure_remaining: Decimal
    payable: Decimal
    binding: str  # which of the three bound: GROSS, TURNOVER or TENURE


def sli_payable(
    *,
    quantity_kg: Decimal,
    rate_per_kg: Decimal,
    net_turnover: Decimal,
    turnover_fraction: Decimal,
    tenure_cap: Decimal,
    already_sanctioned: Decimal,
) -> SLIComputation:
    """R-SLI-6: payable = min(gross, 40 % of net turnover, tenure cap − sanctioned), never < 0.

    When two candidates are equal the first of gross, turnover cap, tenure cap is named.
    """
    gross = quantity_kg * rate_per_kg  # R-SLI-3
    turnover_cap = turnover_fraction * net_turnover  # R-SLI-4
    remaining = max(Decimal(0), tenure_cap - already_sanctioned)  # R-SLI-5
    candidates = [(gross, GROSS), (turnover_cap, TURNOVER), (remaining, TENURE)]
    least, binding = min(candidates, key=lambda c: c[0])
    return SLIComputation(
        round_paisa(gross),
        round_paisa(turnover_cap),
        round_paisa(remaining),
        max(Decimal(0), round_paisa(least)),
        binding,
    )


@dataclass(frozen=True)
class CapitalSubsidy:
    eligible_investment: Decimal
    at_rate: Decimal
    cap: Decimal
    payable: Decimal
    capped: bool


def capital_subsidy(*, eligible_investment: Decimal, rate: Decimal, cap: Decimal) -> CapitalSubsidy:
    """R-CAP-1, R-CAP-4: 15 % of eligible investment, at most the Table 4 cap."""
    at_rate = eligible_investment * rate
    return CapitalSubsidy(
        eligible_investment,
        round_paisa(at_rate),
        cap,
        round_paisa(min(at_rate, cap)),
        at_rate > cap,
    )

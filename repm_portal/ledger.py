"""The benefits disbursed to a beneficiary, as the portal recorded them (R-MS-5, §11.2).

A refund demand is built from these, never typed in: milestones (which raises the penalty
cases) reads them here, and incentives (which records the disbursements, and depends on
milestones) registers the provider, so that apps depend one way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Disbursement:
    key: str  # stable across reads: "sli:12", "capital:3"
    label: str  # what was paid, for the person choosing (translated by the provider)
    disbursed_on: date
    amount: Decimal  # to the paisa, as disbursed
    reference: str  # the payment reference (PFMS or UTR)


DisbursementsProvider = Callable[[int], Sequence[Disbursement]]
_providers: list[DisbursementsProvider] = []


def disbursements_provider(provider: DisbursementsProvider) -> DisbursementsProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def disbursements_of(beneficiary_id: int) -> list[Disbursement]:
    """Every benefit disbursed to the beneficiary, oldest first."""
    found = [d for provider in _providers for d in provider(beneficiary_id)]
    return sorted(found, key=lambda d: (d.disbursed_on, d.key))

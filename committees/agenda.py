"""What the portal proposes for a review meeting's agenda (§8.1, §9.1).

Each part of the oversight registers a proposer; a meeting's agenda is built from all of them
plus the items added by hand. A proposed item carries a stable ``ref`` (``"qrr:12"``), so that
proposing again adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ProposedItem:
    kind: str  # "qrr", "milestone_at_risk", "penalty_case", "claim_overdue", "action_item"
    title: StrOrPromise
    detail: StrOrPromise
    url: str
    ref: str


# (committee code "smc" or "tc", the meeting's date) -> items
Proposer = Callable[[str, date], Iterable[ProposedItem]]
_PROPOSERS: list[Proposer] = []


def agenda_proposer(fn: Proposer) -> Proposer:
    _PROPOSERS.append(fn)
    return fn


def agenda_proposals(committee: str, on: date) -> list[ProposedItem]:
    return [item for proposer in _PROPOSERS for item in proposer(committee, on)]

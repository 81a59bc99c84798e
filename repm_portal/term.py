"""The scheme's term (R-PARAM-2, R-PARAM-3, R-SLI-2): when it starts, when gestation ends and
its terminal date, computed from the parameters ``scheme_start_date``, ``gestation_years`` and
``tenure_years``, never from literal numbers.

The start is the parameter when MHI sets it, else the tender round's first Letter of Award
(R-PARAM-2 decision), which only bidding knows: bidding registers a provider of those dates
(``round_starts_provider``) so that the kernel's pages (the policy page) can show each round's
term without importing upward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .parameters.values import SchemeParameters
from .periods import add_years


@dataclass(frozen=True)
class SchemeTerm:
    """``start`` … ``terminal`` inclusive; sales before ``gestation_end`` count too (R-PARAM-3)."""

    start: date
    gestation_end: date
    terminal: date

    def covers(self, day: date) -> bool:
        """R-SLI-2: a sale counts till the terminal date, whether before or after gestation
        ends (R-PARAM-3)."""
        return day <= self.terminal


def scheme_term(
    *, parameter_start: date | None, first_loa: date, gestation_years: int, tenure_years: int
) -> SchemeTerm:
    """R-PARAM-2: the start date parameter, or else the round's first Letter of Award; gestation
    ends ``gestation_years`` (2) after it; the terminal date is ``tenure_years`` (7) after it."""
    start = parameter_start or first_loa
    return SchemeTerm(
        start=start,
        gestation_end=add_years(start, gestation_years),
        terminal=add_years(start, tenure_years),
    )


def term_from(params: SchemeParameters, *, first_loa: date) -> SchemeTerm:
    return scheme_term(
        parameter_start=params.date("scheme_start_date"),
        first_loa=first_loa,
        gestation_years=params.integer("gestation_years"),
        tenure_years=params.integer("tenure_years"),
    )


# round's name → its first Letter of Award date, for the rounds awarded so far (bidding).
RoundStarts = Callable[[], dict[str, date]]
_round_starts: list[RoundStarts] = []


def round_starts_provider(provider: RoundStarts) -> RoundStarts:
    if provider not in _round_starts:
        _round_starts.append(provider)
    return provider


def round_terms(params: SchemeParameters) -> list[tuple[str, SchemeTerm]]:
    """Each awarded round's term under ``params`` (for the policy page)."""
    starts: dict[str, date] = {}
    for provider in _round_starts:
        starts |= provider()
    return [(name, term_from(params, first_loa=day)) for name, day in sorted(starts.items())]

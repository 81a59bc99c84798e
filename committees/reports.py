"""The arithmetic of quarterly progress reports and the QRR (R-COM-4, R-PARAM-2). No ORM here.

Each function is pure and keyword-only; the numbers come from the parameters in force
(``quarterly_report_due_days``, ``qrr_amber_days``, ``qrr_high_risk_score``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from repm_portal.periods import Quarter, add_years

GREEN = "green"
AMBER = "amber"
RED = "red"


def scheme_start(*, parameter_start: date | None, first_loa: date) -> date:
    """R-PARAM-2: the scheme start date parameter, or else the round's first Letter of Award."""
    return parameter_start or first_loa


def scheme_terminal_date(*, start: date, tenure_years: int) -> date:
    """R-PARAM-2: the scheme ends ``tenure_years`` (7) after its start."""
    return add_years(start, tenure_years)


def report_due_on(*, quarter: Quarter, due_days: int) -> date:
    """R-COM-4 decision: a quarter's report is due ``due_days`` (15) days after it ends."""
    return quarter.end + timedelta(days=due_days)


def reporting_quarters(*, loa_date: date, terminal: date) -> Iterator[Quarter]:
    """R-COM-4: every quarter from the one holding the Letter of Award to the one holding the
    scheme's terminal date (none after it)."""
    quarter = Quarter.containing(loa_date)
    while quarter.start <= terminal:
        yield quarter
        quarter = quarter.next()


def is_reporting_quarter(*, quarter: Quarter, loa_date: date, terminal: date) -> bool:
    return Quarter.containing(loa_date) <= quarter and quarter.start <= terminal


def quarters_due_by(*, loa_date: date, terminal: date, today: date) -> list[Quarter]:
    """The reporting quarters that have ended by ``today`` (so a report is owed for each)."""
    return [q for q in reporting_quarters(loa_date=loa_date, terminal=terminal) if q.end < today]


def last_ended_quarter(today: date) -> Quarter:
    return Quarter.containing(today).previous()


def traffic_light(*, status: str, deadline: date, on: date, amber_days: int) -> str:
    """R-COM-4 (QRR): green when met or on track, amber when due within ``amber_days`` and not
    met, red when missed (or its deadline passed unmet)."""
    if status == "achieved":
        return GREEN
    if status == "missed" or deadline < on:
        return RED
    if (deadline - on).days <= amber_days:
        return AMBER
    return GREEN


def risk_score(*, likelihood: int, impact: int) -> int:
    """Likelihood and impact are each 1 (low), 2 (medium) or 3 (high)."""
    return likelihood * impact


def risk_is_high(*, likelihood: int, impact: int, threshold: int) -> bool:
    return risk_score(likelihood=likelihood, impact=impact) >= threshold


@dataclass(frozen=True)
class Figures:
    """The structured figures of a report that rules constrain (sections b–d and production)."""

    shares: dict[str, Decimal | None]  # field -> percentage (land, buildings, … , yield)
    headcount: int
    women: int
    trained: int
    produced_kg: Decimal
    sold_kg: Decimal
    exported_kg: Decimal
    irel_oxide_kg: Decimal
    rnd_spend: Decimal
    equipment_ordered_pct: Decimal | None
    equipment_installed_pct: Decimal | None


def figure_problems(figures: Figures) -> dict[str, str]:
    """R-COM-4: what is wrong with a report's figures, by field; empty when they are consistent.

    The messages are English keys the caller translates (``PROBLEMS``).
    """
    problems: dict[str, str] = {}
    for field, value in figures.shares.items():
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            problems[field] = "share"
    for field in ("produced_kg", "sold_kg", "exported_kg", "irel_oxide_kg", "rnd_spend"):
        if getattr(figures, field) < 0:
            problems[field] = "negative"
    if figures.women > figures.headcount:
        problems["women"] = "women"
    if figures.trained > figures.headcount:
        problems["trained"] = "trained"
    if figures.exported_kg > figures.sold_kg:
        problems["exported_kg"] = "exported"
    if (
        figures.equipment_ordered_pct is not None
        and figures.equipment_installed_pct is not None
        and figures.equipment_installed_pct > figures.equipment_ordered_pct
        and "equipment_installed_pct" not in problems
    ):
        problems["equipment_installed_pct"] = "installed"
    return problems

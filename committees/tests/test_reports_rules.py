"""R-COM-4 and R-PARAM-2 arithmetic of committees/reports.py, worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from committees import reports as rules
from repm_portal.periods import Quarter


def test_r_com_4_q2_fy2026_27_ends_30_sep_and_is_due_15_oct() -> None:
    q2 = Quarter(2026, 2)
    assert (q2.start, q2.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert rules.report_due_on(quarter=q2, due_days=15) == date(2026, 10, 15)
    # Q4 ends 31 March 2027: due 15 April 2027
    assert rules.report_due_on(quarter=Quarter(2026, 4), due_days=15) == date(2027, 4, 15)


def test_r_com_4_first_quarter_due_is_the_loa_quarter_and_none_after_the_terminal_date() -> None:
    # R-PARAM-2: the round's first LoA 17 Aug 2026 starts the scheme; terminal 17 Aug 2033.
    start = rules.scheme_start(parameter_start=None, first_loa=date(2026, 8, 17))
    terminal = rules.scheme_terminal_date(start=start, tenure_years=7)
    assert terminal == date(2033, 8, 17)
    quarters = list(rules.reporting_quarters(loa_date=date(2026, 8, 17), terminal=terminal))
    assert quarters[0] == Quarter(2026, 2)  # July–September 2026 holds the LoA
    assert quarters[-1] == Quarter(2033, 2)  # July–September 2033 holds the terminal date
    assert len(quarters) == 29  # 7 years × 4 + the LoA's quarter
    assert not rules.is_reporting_quarter(
        quarter=Quarter(2033, 3), loa_date=date(2026, 8, 17), terminal=terminal
    )
    assert not rules.is_reporting_quarter(
        quarter=Quarter(2026, 1), loa_date=date(2026, 8, 17), terminal=terminal
    )


def test_r_param_2_a_notified_start_date_overrides_the_first_loa() -> None:
    start = rules.scheme_start(parameter_start=date(2026, 4, 1), first_loa=date(2026, 8, 17))
    assert rules.scheme_terminal_date(start=start, tenure_years=7) == date(2033, 4, 1)


def test_r_com_4_quarters_due_by_today_are_the_ended_ones() -> None:
    due = rules.quarters_due_by(
        loa_date=date(2026, 8, 17), terminal=date(2033, 8, 17), today=date(2026, 11, 29)
    )
    assert due == [Quarter(2026, 2)]
    assert rules.last_ended_quarter(date(2026, 11, 29)) == Quarter(2026, 2)
    assert rules.last_ended_quarter(date(2026, 10, 1)) == Quarter(2026, 2)


def test_r_com_4_traffic_lights() -> None:
    on = date(2026, 9, 30)
    light = rules.traffic_light
    assert light(status="achieved", deadline=date(2026, 1, 1), on=on, amber_days=90) == "green"
    assert light(status="missed", deadline=date(2026, 9, 1), on=on, amber_days=90) == "red"
    assert light(status="pending", deadline=date(2026, 9, 29), on=on, amber_days=90) == "red"
    # 90 days after 30 Sep 2026 is 29 Dec 2026: amber up to that day, green from the next
    assert light(status="pending", deadline=date(2026, 12, 29), on=on, amber_days=90) == "amber"
    assert light(status="pending", deadline=date(2026, 9, 30), on=on, amber_days=90) == "amber"
    assert light(status="pending", deadline=date(2026, 12, 30), on=on, amber_days=90) == "green"


def test_r_com_4_high_risks() -> None:
    assert rules.risk_is_high(likelihood=3, impact=2, threshold=6)
    assert rules.risk_is_high(likelihood=2, impact=3, threshold=6)
    assert not rules.risk_is_high(likelihood=2, impact=2, threshold=6)
    assert not rules.risk_is_high(likelihood=1, impact=3, threshold=6)


def _figures(**changes: object) -> rules.Figures:
    base: dict[str, object] = {
        "shares": {"land_pct": Decimal(100), "yield_pct": Decimal("82.5")},
        "headcount": 160,
        "women": 31,
        "trained": 25,
        "produced_kg": Decimal("1250.5"),
        "sold_kg": Decimal(1000),
        "exported_kg": Decimal(250),
        "irel_oxide_kg": Decimal(3000),
        "rnd_spend": Decimal(0),
        "equipment_ordered_pct": Decimal(55),
        "equipment_installed_pct": Decimal(20),
    }
    return rules.Figures(**{**base, **changes})


def test_r_com_4_figure_problems() -> None:
    assert rules.figure_problems(_figures()) == {}
    assert rules.figure_problems(_figures(women=161)) == {"women": "women"}
    assert rules.figure_problems(_figures(women=160, trained=160)) == {}
    assert rules.figure_problems(_figures(exported_kg=Decimal("1000.001"))) == {
        "exported_kg": "exported"
    }
    assert rules.figure_problems(
        _figures(shares={"land_pct": Decimal("100.01"), "yield_pct": Decimal(-1)})
    ) == {"land_pct": "share", "yield_pct": "share"}
    assert rules.figure_problems(_figures(equipment_installed_pct=Decimal(56))) == {
        "equipment_installed_pct": "installed"
    }


@given(
    day=st.dates(min_value=date(2025, 12, 15), max_value=date(2035, 3, 31)),
    years=st.integers(min_value=1, max_value=10),
)
def test_r_com_4_reporting_quarters_are_consecutive_and_cover_loa_to_terminal(
    day: date, years: int
) -> None:
    terminal = rules.scheme_terminal_date(start=day, tenure_years=years)
    quarters = list(rules.reporting_quarters(loa_date=day, terminal=terminal))
    assert quarters[0].contains(day) and quarters[-1].contains(terminal)
    assert all(b == a.next() for a, b in pairwise(quarters))
    assert len(quarters) == 4 * years + 1

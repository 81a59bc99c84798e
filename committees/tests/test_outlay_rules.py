"""The outlay arithmetic (R-OUT-1/2, R-SLI-3…6), values worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from committees.outlay import rules
from committees.outlay.rules import Assumptions, Bucket, CapacityPlan
from repm_portal.money import crore

START = date(2025, 12, 15)
A = Assumptions(
    utilisation=Decimal("0.70"), price_per_kg=Decimal("4500"), turnover_fraction=Decimal("0.40")
)
FULL = CapacityPlan(commissioned=[], allocated_mtpa=Decimal(1000), full_from=date(2020, 1, 1))
Y4 = Bucket(4, date(2028, 12, 15), date(2029, 12, 14))  # 365 days


def test_r_out_1_scheme_year_k_runs_from_the_start_plus_k_minus_1_years() -> None:
    years = rules.scheme_years(start=START, years=7)
    assert (years[0].start, years[0].end) == (date(2025, 12, 15), date(2026, 12, 14))
    assert (years[6].start, years[6].end) == (date(2031, 12, 15), date(2032, 12, 14))
    assert rules.bucket_key(date(2026, 12, 14), years) == 1
    assert rules.bucket_key(date(2026, 12, 15), years) == 2
    assert rules.bucket_key(date(2020, 1, 1), years) == 1  # before the scheme: the first year
    assert rules.bucket_key(date(2040, 1, 1), years) == 7


def test_r_out_2_financial_years_cover_the_scheme() -> None:
    fys = rules.financial_years(start=START, years=7)
    assert [f.key for f in fys] == list(range(2025, 2033))
    assert (fys[0].start, fys[0].end) == (date(2025, 4, 1), date(2026, 3, 31))


def test_r_out_2_spread_adds_up_to_the_paisa() -> None:
    parts = rules.spread(Decimal("100.00"), {1: Decimal(0), 2: Decimal(1), 3: Decimal(2)})
    assert parts == {1: Decimal(0), 2: Decimal("33.33"), 3: Decimal("66.67")}


def test_r_sli_3_gross_binds_in_a_full_year() -> None:
    [y] = rules.forecast_sli(
        plan=FULL,
        years=[Y4],
        from_day=Y4.start,
        rate_per_kg=Decimal("1500"),
        assumptions=A,
        tenure_cap=crore(1075),
        already_sanctioned=Decimal(0),
    )
    # 1,000 MTPA × 1,000 kg × 0.70 = 7,00,000 kg; × ₹1,500 = ₹105 cr; 40 % of ₹315 cr = ₹126 cr.
    assert y.quantity_kg == Decimal("700000.000")
    assert (y.gross, y.turnover_cap, y.sli, y.binding) == (
        crore(105),
        crore(126),
        crore(105),
        "gross",
    )


def test_r_sli_4_the_40_percent_turnover_cap_binds() -> None:
    [y] = rules.forecast_sli(
        plan=FULL,
        years=[Y4],
        from_day=Y4.start,
        rate_per_kg=Decimal("2000"),
        assumptions=A,
        tenure_cap=crore(1075),
        already_sanctioned=Decimal(0),
    )
    assert (y.gross, y.sli, y.binding) == (crore(140), crore(126), "turnover_cap")


def test_r_sli_5_table3_cap_left_after_sanctions_binds_then_nothing() -> None:
    y5 = Bucket(5, date(2029, 12, 15), date(2030, 12, 14))
    first, second = rules.forecast_sli(
        plan=FULL,
        years=[Y4, y5],
        from_day=Y4.start,
        rate_per_kg=Decimal("1500"),
        assumptions=A,
        tenure_cap=crore(1075),
        already_sanctioned=crore(1000),
    )
    assert (first.sli, first.binding) == (crore(75), "tenure_cap")
    assert second.sli == Decimal(0)


def test_r_out_2_forecast_counts_only_days_capacity_runs() -> None:
    # Half the allocation commissioned on day 1, the rest planned from the 184th day (mid-year).
    plan = CapacityPlan(
        commissioned=[(date(2028, 12, 15), Decimal(500))],
        allocated_mtpa=Decimal(1000),
        full_from=date(2029, 6, 16),
    )
    # 183 days at 500 MTPA, 182 days at 1,000 MTPA.
    assert rules.capacity_days(plan, Y4.start, Y4.end) == Decimal(500 * 183 + 1000 * 182)
    assert rules.capacity_on(plan, date(2029, 6, 15)) == Decimal(500)


@given(
    allocated=st.integers(600, 1200),
    commissioned=st.integers(0, 1200),
    rate=st.decimals("1", "2150", places=2),
    price=st.decimals("100", "20000", places=2),
    utilisation=st.decimals("0", "1", places=2),
    cap=st.integers(1, 1290),
    sanctioned=st.integers(0, 1400),
)
def test_r_sli_6_forecast_never_above_either_cap(
    allocated, commissioned, rate, price, utilisation, cap, sanctioned
) -> None:
    years = rules.scheme_years(start=START, years=7)
    plan = CapacityPlan(
        commissioned=[(date(2027, 1, 1), Decimal(min(commissioned, allocated)))],
        allocated_mtpa=Decimal(allocated),
        full_from=date(2028, 12, 15),
    )
    assumptions = Assumptions(utilisation, price, Decimal("0.40"))
    out = rules.forecast_sli(
        plan=plan,
        years=years,
        from_day=date(2026, 6, 1),
        rate_per_kg=rate,
        assumptions=assumptions,
        tenure_cap=crore(cap),
        already_sanctioned=crore(sanctioned),
    )
    for y in out:
        assert Decimal(0) <= y.sli <= y.turnover_cap  # R-SLI-4
        assert y.sli <= y.gross  # R-SLI-3
    # R-SLI-5: what is sanctioned and forecast never passes Table 3 (unless sanctions already had).
    assert sum(y.sli for y in out) <= max(Decimal(0), crore(cap) - crore(sanctioned))

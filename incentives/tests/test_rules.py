"""R-SLI-3…6 and R-CAP-1/4 with claims worked out by hand."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from incentives import rules
from repm_portal.money import crore, round_paisa

FORTY = Decimal("0.40")


def test_r_sli_3_the_gross_binds() -> None:
    # 50,000.000 kg × ₹1,185.00/kg = ₹5,92,50,000.00; 40 % of ₹20,00,00,000 turnover is ₹8 cr;
    # L1 at 1,200 MTPA has ₹1,290 cr of tenure cap, none sanctioned → the gross binds.
    c = rules.sli_payable(
        quantity_kg=Decimal("50000.000"),
        rate_per_kg=Decimal("1185.00"),
        net_turnover=crore(20),
        turnover_fraction=FORTY,
        tenure_cap=crore(1290),
        already_sanctioned=Decimal(0),
    )
    assert (c.gross, c.turnover_cap, c.payable, c.binding) == (
        Decimal("59250000.00"),
        Decimal("80000000.00"),
        Decimal("59250000.00"),
        "gross",
    )


def test_r_sli_4_the_40_percent_cap_binds() -> None:
    # 1,00,000.5 kg × ₹2,000.00 = ₹20,00,01,000.00 gross; net turnover ₹35,00,00,000.00:
    # 40 % = ₹14,00,00,000.00 < gross → payable ₹14 cr, the turnover cap binds.
    c = rules.sli_payable(
        quantity_kg=Decimal("100000.500"),
        rate_per_kg=Decimal("2000.00"),
        net_turnover=crore(35),
        turnover_fraction=FORTY,
        tenure_cap=crore(645),
        already_sanctioned=crore(100),
    )
    assert (c.gross, c.payable, c.binding) == (Decimal("200001000.00"), crore(14), "turnover_cap")


def test_r_sli_5_6_the_tenure_cap_binds_on_the_last_claim() -> None:
    # 600 MTPA: Table 3 cap ₹645 cr; ₹640,12,34,567.89 already sanctioned leaves
    # ₹4,87,65,432.11. The claim's gross ₹6 cr and turnover cap ₹8 cr both exceed it.
    sanctioned = Decimal("6401234567.89")
    c = rules.sli_payable(
        quantity_kg=Decimal("40000"),
        rate_per_kg=Decimal("1500.00"),
        net_turnover=crore(20),
        turnover_fraction=FORTY,
        tenure_cap=crore(645),
        already_sanctioned=sanctioned,
    )
    assert (c.tenure_remaining, c.payable, c.binding) == (
        Decimal("48765432.11"),
        Decimal("48765432.11"),
        "tenure_cap",
    )
    spent = rules.sli_payable(
        quantity_kg=Decimal("40000"),
        rate_per_kg=Decimal("1500.00"),
        net_turnover=crore(20),
        turnover_fraction=FORTY,
        tenure_cap=crore(645),
        already_sanctioned=crore(645),
    )
    assert (spent.payable, spent.binding) == (Decimal(0), "tenure_cap")


def test_r_unit_3_rounded_once_at_the_end() -> None:
    # 0.333 kg × ₹1,000.01 = ₹333.00333 → ₹333.00; (the turnover is large, so the gross binds)
    c = rules.sli_payable(
        quantity_kg=Decimal("0.333"),
        rate_per_kg=Decimal("1000.01"),
        net_turnover=crore(1),
        turnover_fraction=FORTY,
        tenure_cap=crore(645),
        already_sanctioned=Decimal(0),
    )
    assert c.payable == Decimal("333.00")


money = st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False)


@given(
    qty=st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False),
    rate=st.decimals(min_value=Decimal("0.01"), max_value=2150, places=2, allow_nan=False),
    turnover=money,
    cap=money,
    sanctioned=money,
)
def test_r_sli_6_payable_never_above_any_cap_nor_below_zero(
    qty, rate, turnover, cap, sanctioned
) -> None:
    c = rules.sli_payable(
        quantity_kg=qty,
        rate_per_kg=rate,
        net_turnover=turnover,
        turnover_fraction=FORTY,
        tenure_cap=cap,
        already_sanctioned=sanctioned,
    )
    assert Decimal(0) <= c.payable
    assert c.payable <= c.gross and c.payable <= c.turnover_cap
    assert c.payable <= c.tenure_remaining


@given(
    claims=st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**6, places=3),
            st.decimals(min_value=0, max_value=10**10, places=2),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_r_sli_5_sanctioned_in_total_never_exceeds_table_3(claims) -> None:
    cap, sanctioned = crore(645), Decimal(0)
    for qty, turnover in claims:
        c = rules.sli_payable(
            quantity_kg=qty,
            rate_per_kg=Decimal("2150.00"),
            net_turnover=turnover,
            turnover_fraction=FORTY,
            tenure_cap=cap,
            already_sanctioned=sanctioned,
        )
        sanctioned += c.payable
    assert sanctioned <= cap


def test_r_cap_1_4_capital_subsidy() -> None:
    # 15 % of ₹6,40,00,00,000 = ₹96 cr, under the ₹120 cr cap of 1,000 MTPA.
    below = rules.capital_subsidy(
        eligible_investment=crore(640), rate=Decimal("0.15"), cap=crore(120)
    )
    assert (below.payable, below.capped) == (crore(96), False)
    # 15 % of ₹1,200 cr = ₹180 cr, capped at ₹150 cr for 1,200 MTPA.
    above = rules.capital_subsidy(
        eligible_investment=crore(1200), rate=Decimal("0.15"), cap=crore(150)
    )
    assert (above.at_rate, above.payable, above.capped) == (crore(180), crore(150), True)


@given(
    eligible=st.decimals(min_value=0, max_value=crore(5000), places=2),
    cap=st.sampled_from([crore(c) for c in (75, 100, 120, 150)]),
)
def test_r_cap_4_payable_never_above_the_cap_nor_the_rate_nor_below_zero(eligible, cap) -> None:
    result = rules.capital_subsidy(eligible_investment=eligible, rate=Decimal("0.15"), cap=cap)
    assert Decimal(0) <= result.payable <= cap
    assert result.payable <= round_paisa(eligible * Decimal("0.15"))
    assert result.capped == (eligible * Decimal("0.15") > cap)

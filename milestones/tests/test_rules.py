"""R-MS-1…3, R-MS-5, R-CAP-1…3 — pure arithmetic with values worked out from the notification."""

from datetime import date
from decimal import Decimal

import pytest

from milestones import rules
from milestones.rules import Head, LineFacts
from repm_portal.money import crore
from repm_portal.parameters.selectors import parameters_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return parameters_in_force(date(2026, 6, 1))


@pytest.mark.parametrize(
    # Table 5: 600 → ₹300 cr; 700/800/900 → ₹450 cr; 1,000/1,100/1,200 → ₹600 cr
    ("capacity", "m2_cr", "m3_mtpa"),
    [
        (600, 300, "300"),
        (700, 450, "350"),
        (800, 450, "400"),
        (900, 450, "450"),
        (1000, 600, "500"),
        (1100, 600, "550"),
        (1200, 600, "600"),
    ],
)
def test_r_ms_1_r_ms_2_r_ms_3_thresholds_for_each_capacity(p, capacity, m2_cr, m3_mtpa) -> None:
    m1, m2, m3 = rules.milestone_terms(p, loa_date=date(2027, 2, 1), capacity_mtpa=capacity)
    assert (m1.threshold, m1.unit) == (crore(150), "INR")  # ₹150 cr, whatever the capacity
    assert (m2.threshold, m2.unit) == (crore(m2_cr), "INR")
    assert (m3.threshold, m3.unit) == (Decimal(m3_mtpa), "MTPA")  # 50 % of the allocation
    assert (m1.deadline, m2.deadline, m3.deadline) == (
        date(2028, 2, 1),
        date(2029, 2, 1),
        date(2030, 2, 1),
    )


def test_deadlines_across_a_leap_day(p) -> None:
    # An LoA of 29 Feb 2028: one, two and three years on there is no 29 February, so each
    # deadline is 28 February; four years on, 2032, it is 29 February again.
    terms = rules.milestone_terms(p, loa_date=date(2028, 2, 29), capacity_mtpa=600)
    assert [t.deadline for t in terms] == [date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28)]
    # An LoA of 1 Mar 2027 spans 29 Feb 2028 inside its first year: still 1 Mar 2028.
    assert rules.milestone_terms(p, loa_date=date(2027, 3, 1), capacity_mtpa=600)[
        0
    ].deadline == date(2028, 3, 1)


def facts(**kwargs):
    base = {
        "head": Head.PLANT,
        "invoice_date": date(2026, 5, 10),
        "amount": Decimal("1000000"),
        "non_creditable_taxes": Decimal("18000"),
    }
    return LineFacts(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("line", "eligible", "why"),
    [
        (facts(), Decimal("1018000"), ""),  # R-CAP-2: non-creditable taxes count
        (facts(head=Head.RND), Decimal("1018000"), ""),
        (facts(head=Head.TOT), Decimal("1018000"), ""),
        (facts(invoice_date=date(2025, 4, 1)), Decimal("1018000"), ""),  # on 1 Apr 2025 counts
        (facts(invoice_date=date(2025, 3, 31)), Decimal(0), "R-CAP-1"),
        (facts(head=Head.LAND_BUILDING), Decimal(0), "R-CAP-2"),
        (facts(second_hand=True), Decimal(0), "R-CAP-3: second-hand"),
        (facts(slump_sale=True), Decimal(0), "R-CAP-3: acquired by slump sale"),
        (facts(leased=True), Decimal(0), "R-CAP-3: leased"),
    ],
)
def test_r_cap_1_2_3_eligibility(p, line, eligible, why) -> None:
    assert rules.eligible_amount(p, line) == eligible
    assert why in "; ".join(rules.exclusions(p, line)) if why else not rules.exclusions(p, line)


def test_reached_on_is_the_day_the_running_total_crossed() -> None:
    events = [
        (date(2027, 5, 1), crore(60)),
        (date(2027, 3, 1), crore(50)),
        (date(2027, 9, 1), crore(40)),
        (date(2028, 1, 1), crore(5)),
    ]
    # 50 (1 Mar) + 60 (1 May) + 40 (1 Sep) = 150 → reached on 1 Sep 2027
    assert rules.reached_on(events, crore(150)) == date(2027, 9, 1)
    assert rules.reached_on(events, crore(156)) is None


def test_r_ms_5_refund_of_two_disbursements_to_the_paisa() -> None:
    """Worked by hand:

    A1 = ₹10,00,00,000.00 availed 15 Apr 2027 at MCLR 8.75 %; demand 1 Nov 2030.
      15 Apr 2027 → 15 Apr 2030 is 3 whole years; 15 Apr → 1 Nov 2030 is 200 days
      (15 left in April + 31 + 30 + 31 + 31 + 30 + 31 + 1).
      1.0875³ = 1.286138671875 → 12,86,13,867.1875
      × (1 + 0.0875 × 200/365) = × 1.04794520547945…  → 13,47,80,285.4773… → ₹13,47,80,285.48
    A2 = ₹5,00,00,000.00 availed 1 Oct 2027 at MCLR 9.10 %; demand 1 Nov 2030.
      3 whole years to 1 Oct 2030, then 31 days.
      1.091³ = 1.298596571 → 6,49,29,828.55
      × (1 + 0.091 × 31/365) = × 1.00772876712…       →  6,54,31,656.0742… → ₹6,54,31,656.07
    Total ₹20,02,11,941.55; interest ₹5,02,11,941.55.
    """
    a1 = rules.refund_line(
        amount=Decimal("100000000.00"),
        disbursed_on=date(2027, 4, 15),
        rate_pct=Decimal("8.75"),
        demand_on=date(2030, 11, 1),
    )
    a2 = rules.refund_line(
        amount=Decimal("50000000.00"),
        disbursed_on=date(2027, 10, 1),
        rate_pct=Decimal("9.10"),
        demand_on=date(2030, 11, 1),
    )
    assert (a1.whole_years, a1.extra_days, a1.total) == (3, 200, Decimal("134780285.48"))
    assert (a2.whole_years, a2.extra_days, a2.total) == (3, 31, Decimal("65431656.07"))
    assert a1.interest + a2.interest == Decimal("50211941.55")
    assert a1.total + a2.total == Decimal("200211941.55")


def test_whole_years_across_a_leap_day() -> None:
    assert rules.whole_years_and_days(date(2028, 2, 29), date(2029, 2, 28)) == (1, 0)
    assert rules.whole_years_and_days(date(2028, 2, 29), date(2029, 2, 27)) == (0, 364)

"""The bidding rules with values worked out from the notification (no database beyond params)."""

from datetime import date
from decimal import Decimal

import pytest

from bidding import rules
from bidding.rules import MemberShare, Quote
from repm_portal.errors import RuleViolation, ValidationFailed
from repm_portal.money import crore
from repm_portal.parameters.selectors import parameters_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return parameters_in_force(date(2026, 6, 1))


@pytest.mark.parametrize("capacity", [600, 700, 1000, 1200])
def test_r_bid_4_capacities_in_steps_of_100(p, capacity) -> None:
    rules.check_capacity(p, capacity)


@pytest.mark.parametrize("capacity", [0, 500, 550, 650, 1250, 1300])
def test_r_bid_4_other_capacities_are_refused(p, capacity) -> None:
    with pytest.raises(RuleViolation, match="600 to 1200 MTPA in steps of 100") as error:
        rules.check_capacity(p, capacity)
    assert error.value.rule == "R-BID-4"


@pytest.mark.parametrize(
    ("capacity", "net_worth_cr", "ok"),
    [
        (600, "180", True),  # Table 1: 600 MTPA → ₹180 cr
        (600, "179.99", False),
        (700, "245", True),  # 700/800 → ₹245 cr
        (800, "244.99", False),
        (900, "310", True),  # 900/1,000 → ₹310 cr
        (1000, "309.99", False),
        (1100, "375", True),  # 1,100/1,200 → ₹375 cr
        (1200, "374.99", False),
    ],
)
def test_r_bid_5_net_worth_by_table_1(p, capacity, net_worth_cr, ok) -> None:
    if ok:
        rules.check_net_worth(p, capacity, crore(net_worth_cr))
    else:
        with pytest.raises(RuleViolation, match="Table 1") as error:
            rules.check_net_worth(p, capacity, crore(net_worth_cr))
        assert error.value.rule == "R-BID-5"


@pytest.mark.parametrize("amount", ["0.01", "1500.00", "2150.00"])
def test_r_bid_6_quotes_up_to_the_ceiling(p, amount) -> None:
    assert rules.check_quote(p, Decimal(amount)) == Decimal(amount)


@pytest.mark.parametrize("amount", ["0", "-1", "2150.01", "9999"])
def test_r_bid_6_quotes_outside_the_range(p, amount) -> None:
    with pytest.raises(RuleViolation, match="at most ₹2,150.00 per kg") as error:
        rules.check_quote(p, Decimal(amount))
    if len(amount) > 2:
        assert amount not in error.value.message  # the amount is sealed: never echoed


def test_r_bid_6_quotes_are_to_the_paisa(p) -> None:
    with pytest.raises(ValidationFailed, match="two decimals"):
        rules.check_quote(p, Decimal("1500.005"))


def m(name, pct, lead=False, country="IN"):
    return MemberShare(name, Decimal(pct), lead, country)


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ([m("A", "51", True), m("B", "48.99")], "add up to 99.99 %"),
        ([m("A", "51", True), m("B", "49", True)], "exactly one Lead Partner; 2"),
        (
            [m("A", "50.99", True), m("B", "49.01")],
            "at least 51 % of the Beneficiary; A holds 50.99 %",
        ),
        ([m("A", "100", True)], "at least two members"),
        ([m("A", "60"), m("B", "40")], "exactly one Lead Partner; 0"),
    ],
)
def test_r_bid_2_consortium_shareholdings(p, members, words) -> None:
    with pytest.raises(RuleViolation, match=words):
        rules.check_members(p, "consortium", members)


def test_r_bid_2_a_valid_consortium_and_a_sole_company(p) -> None:
    rules.check_members(p, "consortium", [m("Lead", "51", True), m("Partner", "49", False, "DE")])
    rules.check_members(p, "company", [m("Sole", "100", True)])
    with pytest.raises(RuleViolation, match="only member"):
        rules.check_members(p, "company", [m("Sole", "51", True), m("Other", "49")])


def test_r_bid_3_spv_for_consortia_and_foreign_members() -> None:
    assert rules.needs_spv("consortium", [m("A", "51", True), m("B", "49")])
    assert rules.needs_spv("international", [m("Nippon Magnets KK", "100", True, "JP")])
    assert not rules.needs_spv("company", [m("Bharat Magnetics", "100", True)])


def quotes(*rows):
    return [Quote(i, Decimal(a), c) for i, (a, c) in enumerate(rows, start=1)]


def test_r_bid_8_lowest_five_selected_in_order(p) -> None:
    ranking = rules.rank(
        quotes(
            ("1800", 600),
            ("1200", 1200),
            ("1500", 700),
            ("2100", 1000),
            ("1650", 600),
            ("1999.99", 900),
        ),
        p,
    )
    assert [(e.bid_id, e.position, e.selected) for e in ranking.entries] == [
        (2, 1, True),
        (3, 2, True),
        (5, 3, True),
        (1, 4, True),
        (6, 5, True),
        (4, 6, False),
    ]
    assert ranking.entries[-1].reason == "Not among the 5 lowest quotes."
    assert sum(e.capacity_mtpa for e in ranking.selected) == 4000


def test_r_bid_8_fewer_qualified_bids_are_all_selected(p) -> None:
    ranking = rules.rank(quotes(("2000", 600), ("1000", 800)), p)
    assert [(e.bid_id, e.position, e.selected) for e in ranking.entries] == [
        (2, 1, True),
        (1, 2, True),
    ]


def test_r_bid_8_equal_quotes_wait_for_the_tc(p) -> None:
    ranking = rules.rank(quotes(("1500", 600), ("1400", 600), ("1500", 700)), p)
    assert ranking.unresolved_ties == [(1, 3)]
    assert not ranking.selected
    resolved = rules.rank(quotes(("1500", 600), ("1400", 600), ("1500", 700)), p, tie_order=[3, 1])
    assert [(e.bid_id, e.position, e.tied_with) for e in resolved.entries] == [
        (2, 1, ()),
        (3, 2, (1,)),
        (1, 3, (3,)),
    ]


def test_r_bid_9_total_allocation_never_exceeds_6000(p) -> None:
    # With 5 places, 5 × 1,200 = 6,000 exactly fits; were the places amended to 6, the sixth
    # bid would be passed over rather than exceed 6,000 MTPA.
    raw = p.raw()
    raw["beneficiaries_max"] = "6"
    from repm_portal.parameters.values import SchemeParameters

    six = SchemeParameters(
        version_id=0, effective_from=p.effective_from, authority="test", values=raw
    )
    ranking = rules.rank(quotes(*[(str(1000 + i), 1200) for i in range(6)]), six)
    assert [e.selected for e in ranking.entries] == [True] * 5 + [False]
    assert "beyond the scheme's capacity" in ranking.entries[-1].reason
    assert sum(e.capacity_mtpa for e in ranking.selected) == 6000


@pytest.mark.parametrize(
    # rank, capacity → PBG (T2), SLI cap (T3), capital cap (T4) in ₹ cr; IREL; need; own (MTPA)
    ("rank", "capacity", "pbg", "sli", "cap", "irel", "need", "own"),
    [
        (1, 1200, 40, 1290, 150, "200", "400.00", "200.00"),  # §4.4.ii's own example
        (2, 700, 30, 753, 100, "167", "233.33", "66.33"),  # 700/3 = 233.33…
        (3, 600, 20, 645, 75, "133", "200.00", "67.00"),
        (4, 1000, 40, 1075, 120, "0", "333.33", "333.33"),  # L4, L5 source all their oxide
        (5, 900, 30, 968, 120, "0", "300.00", "300.00"),
        (1, 600, 20, 645, 75, "200", "200.00", "0.00"),  # IREL covers all of it
    ],
)
def test_r_bid_10_r_bid_12_entitlements(p, rank, capacity, pbg, sli, cap, irel, need, own) -> None:
    e = rules.entitlements(p, capacity_mtpa=capacity, rank=rank)
    assert (e.pbg, e.sli_cap, e.capital_subsidy_cap) == (crore(pbg), crore(sli), crore(cap))
    assert (e.irel_oxide_mtpa, e.oxide_needed_mtpa, e.own_oxide_mtpa) == (
        Decimal(irel),
        Decimal(need),
        Decimal(own),
    )
    assert e.parameter_version == p.version_id


def test_r_bid_10_pbg_below_table_2_is_refused(p) -> None:
    rules.check_pbg_amount(p, 700, crore(30))
    with pytest.raises(RuleViolation, match="needs ₹ 30.00 cr"):
        rules.check_pbg_amount(p, 700, crore("29.99"))


def test_r_bid_8_a_tie_wholly_below_the_fifth_place_needs_no_resolution(p) -> None:
    # Quotes 1000…1400 take L1…L5; bids 6 and 7 tie at 1,500 below them: they cannot change
    # L1…L5, so ranking goes on without the TC's resolution.
    ranking = rules.rank(
        quotes(*[(str(1000 + 100 * i), 600) for i in range(5)], ("1500", 600), ("1500", 700)), p
    )
    assert ranking.unresolved_ties == []
    assert [e.bid_id for e in ranking.selected] == [1, 2, 3, 4, 5]
    assert [(e.bid_id, e.tied_with, e.reason) for e in ranking.entries[5:]] == [
        (6, (7,), "Not among the 5 lowest quotes."),
        (7, (6,), "Not among the 5 lowest quotes."),
    ]


def test_r_bid_8_a_tie_across_the_fifth_place_waits_for_the_tc(p) -> None:
    ranking = rules.rank(
        quotes(*[(str(1000 + 100 * i), 600) for i in range(4)], ("1500", 600), ("1500", 700)), p
    )
    assert ranking.unresolved_ties == [(5, 6)]
    assert not ranking.selected


def test_r_bid_8_a_tie_below_the_fifth_place_matters_when_a_bid_above_is_passed_over(p) -> None:
    # With the total capacity amended to 5,000 MTPA: L1–L4 take 4 × 1,000 = 4,000, leaving
    # 1,000; the fifth quote asks 1,200 and is passed over (R-BID-9), so the tie at 1,600 below
    # it (600 and 700 MTPA, either fits) decides the fifth place and must be resolved.
    raw = p.raw()
    raw["total_capacity_mtpa"] = "5000"
    from repm_portal.parameters.values import SchemeParameters

    amended = SchemeParameters(
        version_id=0, effective_from=p.effective_from, authority="test", values=raw
    )
    bids = quotes(
        *[(str(1000 + 100 * i), 1000) for i in range(4)],
        ("1400", 1200),
        ("1600", 600),
        ("1600", 700),
    )
    ranking = rules.rank(bids, amended)
    assert ranking.unresolved_ties == [(6, 7)]
    resolved = rules.rank(bids, amended, tie_order=[7, 6])
    assert [e.bid_id for e in resolved.selected] == [1, 2, 3, 4, 7]
    assert "beyond the scheme's capacity" in resolved.entries[4].reason
    assert resolved.entries[6].reason == "Not among the 5 lowest quotes."
    assert sum(e.capacity_mtpa for e in resolved.selected) == 4700

"""The quorum rule, worked by hand (issue 11 decision: half the seats, rounded up, with the
chair or the member secretary present)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees.rules import quorum_met, quorum_size

HALF = Decimal("0.5")


@pytest.mark.parametrize(("seats", "needed"), [(15, 8), (10, 5), (1, 1), (2, 1), (3, 2)])
def test_r_com_1_quorum_is_half_the_seats_rounded_up(seats: int, needed: int) -> None:
    assert quorum_size(seats=seats, fraction=HALF) == needed


def test_r_com_1_smc_with_eight_of_fifteen_and_the_chair_has_quorum() -> None:
    assert quorum_met(
        seats=15, present=8, chair_present=True, member_secretary_present=False, fraction=HALF
    )
    assert not quorum_met(
        seats=15, present=7, chair_present=True, member_secretary_present=True, fraction=HALF
    )


def test_r_com_2_tc_with_five_of_ten_and_the_member_secretary_has_quorum() -> None:
    assert quorum_met(
        seats=10, present=5, chair_present=False, member_secretary_present=True, fraction=HALF
    )


def test_r_com_2_chair_and_member_secretary_both_absent_is_no_quorum() -> None:
    assert not quorum_met(
        seats=10, present=8, chair_present=False, member_secretary_present=False, fraction=HALF
    )


def test_quorum_fraction_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValueError, match="fraction"):
        quorum_size(seats=10, fraction=Decimal("1.5"))


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=60))
def test_quorum_needs_at_least_half(seats: int, present: int) -> None:
    present = min(present, seats)
    met = quorum_met(
        seats=seats,
        present=present,
        chair_present=True,
        member_secretary_present=True,
        fraction=HALF,
    )
    assert met == (2 * present >= seats)

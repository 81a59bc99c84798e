"""R-UNIT-1…3: exact money, rounding once half-up to the paisa, Indian formatting."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repm_portal.errors import ValidationFailed
from repm_portal.money import (
    crore,
    format_crore,
    format_inr,
    format_kg,
    format_number,
    in_crore,
    mtpa_to_kg,
    round_kg,
    round_paisa,
    to_decimal,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),  # half goes up, not to even
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # banker's rounding would give 0.02
        ("2.675", "2.68"),  # the float 2.675 is 2.67499…; as a Decimal it is exact
        ("-0.005", "-0.01"),  # half-up rounds away from zero
        ("1234.4449", "1234.44"),
        ("1234.445", "1234.45"),
    ],
)
def test_r_unit_3_rounds_half_up_to_the_paisa(value: str, expected: str) -> None:
    assert round_paisa(value) == Decimal(expected)


def test_r_unit_3_rounds_once_at_the_end() -> None:
    # 1,000.333 kg × ₹1,999.99/kg = ₹20,00,655.99… exactly 2000655.9966700; rounded once → .00
    # Rounding the quantity first (1,000.33 kg) would give ₹20,00,649.99 — a different amount.
    gross = Decimal("1000.333") * Decimal("1999.99")
    assert gross == Decimal("2000655.99667")
    assert round_paisa(gross) == Decimal("2000656.00")


def test_r_unit_2_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        round_paisa(0.1)
    with pytest.raises(TypeError):
        to_decimal(True)


@pytest.mark.parametrize("junk", ["", "abc", "1,000", "NaN", "Infinity"])
def test_junk_is_a_clear_validation_error(junk: str) -> None:
    with pytest.raises(ValidationFailed):
        to_decimal(junk)


def test_r_unit_2_crore_and_lakh() -> None:
    assert crore(645) == Decimal("6450000000")  # Table 3 at 600 MTPA: ₹645 cr
    assert crore("7280") == Decimal("72800000000")  # the outlay
    assert in_crore(Decimal("1500000000")) == Decimal("150")  # milestone 1: ₹150 cr


def test_r_unit_1_capacity_and_kg() -> None:
    assert mtpa_to_kg(1200) == Decimal("1200000")
    assert round_kg("12.34567") == Decimal("12.346")


@pytest.mark.parametrize(
    ("rupees", "expected"),
    [
        ("123456789", "₹12,34,56,789.00"),
        ("1234567.5", "₹12,34,567.50"),
        ("999.999", "₹1,000.00"),
        ("0", "₹0.00"),
        ("-100000", "-₹1,00,000.00"),
        ("72800000000", "₹72,80,00,00,000.00"),
    ],
)
def test_r_unit_3_indian_digit_grouping(rupees: str, expected: str) -> None:
    assert format_inr(rupees) == expected


def test_r_unit_3_whole_rupees() -> None:
    assert format_inr("2150.50", decimals=False) == "₹2,151"


@pytest.mark.parametrize(
    ("rupees", "expected"),
    [
        ("6450000000", "₹ 645.00 cr"),  # Table 3, 600 MTPA
        ("12900000000", "₹ 1,290.00 cr"),  # Table 3, 1,200 MTPA
        ("72800000000", "₹ 7,280.00 cr"),  # the outlay
        ("1234567", "₹ 0.12 cr"),
        ("-200000000", "-₹ 20.00 cr"),
    ],
)
def test_r_unit_3_crore_display(rupees: str, expected: str) -> None:
    assert format_crore(rupees) == expected


def test_kg_display() -> None:
    assert format_kg("1234567.8905") == "12,34,567.891 kg"


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6))
def test_r_unit_3_rounding_is_idempotent_and_within_half_a_paisa(value: Decimal) -> None:
    once = round_paisa(value)
    assert round_paisa(once) == once
    assert abs(once - value) <= Decimal("0.005")
    assert once.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7280", "7,280"),
        ("2150.00", "2,150.00"),
        ("0.40", "0.40"),
        ("12900000000", "12,90,00,00,000"),
    ],
)
def test_numbers_keep_their_decimals_with_indian_grouping(value: str, expected: str) -> None:
    assert format_number(value) == expected

"""R-UNIT-1…3: exact money, rounding once half-up to the paisa, Indian formatting."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repm_portal.errors import ValidationFailed
from repm_portal.money import (
    amount_in_words,
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


# --- Amounts in words, Indian system (issue 14.3) ----------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        # 12,34,56,789.50 = 12 crore + 34 lakh + 56 thousand + 789, and 50 paise
        (
            "123456789.50",
            "Rupees twelve crore thirty-four lakh fifty-six thousand seven hundred eighty-nine "
            "and fifty paise",
        ),
        ("0", "Rupees zero"),
        ("1", "Rupees one"),
        ("0.05", "Five paise"),
        ("0.995", "Rupees one"),  # rounded half-up to the paisa first: ₹1.00
        ("15", "Rupees fifteen"),
        ("101", "Rupees one hundred one"),
        ("1000", "Rupees one thousand"),
        ("100000", "Rupees one lakh"),
        ("1000001", "Rupees ten lakh one"),
        ("10000000", "Rupees one crore"),
        ("99999.99", "Rupees ninety-nine thousand nine hundred ninety-nine and ninety-nine paise"),
        # the scheme's outlay, ₹7,280 crore: crores above 99 are counted in words themselves
        ("72800000000", "Rupees seven thousand two hundred eighty crore"),
        ("6450000000", "Rupees six hundred forty-five crore"),  # a Table 3 SLI cap
        ("1000000000000", "Rupees one lakh crore"),
        ("-2500.40", "Minus rupees two thousand five hundred and forty paise"),
    ],
)
def test_r_unit_3_amount_in_words_in_the_indian_system(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_r_unit_3_amount_in_words_refuses_floats() -> None:
    with pytest.raises(TypeError):
        amount_in_words(1.5)


_UNITS = {"crore": 10_000_000, "lakh": 100_000, "thousand": 1_000, "hundred": 100}
_SMALL = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
} | {
    w: 10 * n
    for n, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if n >= 2
}


def _words_value(words: str) -> int:
    """Read Indian number words back (an independent parser: groups multiply, units descend)."""
    total, group = 0, 0
    for token in words.replace("-", " ").split():
        if token in _SMALL:
            group += _SMALL[token]
        elif token == "hundred":
            group *= 100
        elif token == "crore":
            total = (total + group) * _UNITS["crore"]
            group = 0
        else:
            total += group * _UNITS[token]
            group = 0
    return total + group


@given(st.decimals(min_value=0, max_value=Decimal("99999999999999.99"), places=2))
def test_r_unit_3_amount_in_words_reads_back_to_the_amount(amount: Decimal) -> None:
    words = amount_in_words(amount)
    rupees_part, _, paise_part = words.partition(" and ")
    if rupees_part.endswith(" paise"):  # under a rupee: "Five paise"
        rupees, paise = 0, _words_value(rupees_part.lower().removesuffix(" paise"))
    else:
        rupees = _words_value(rupees_part.removeprefix("Rupees "))
        paise = _words_value(paise_part.removesuffix(" paise")) if paise_part else 0
    assert Decimal(rupees) + Decimal(paise) / 100 == amount


# --- Amounts in words in Hindi, Indian system (issue 15) ---------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "शून्य रुपये मात्र"),
        ("1", "एक रुपया मात्र"),
        ("19", "उन्नीस रुपये मात्र"),
        ("21", "इक्कीस रुपये मात्र"),
        ("99", "निन्यानवे रुपये मात्र"),
        ("100", "एक सौ रुपये मात्र"),
        ("101", "एक सौ एक रुपये मात्र"),
        ("1000", "एक हज़ार रुपये मात्र"),
        ("100000", "एक लाख रुपये मात्र"),
        ("10000000", "एक करोड़ रुपये मात्र"),
        # 12,34,56,789.10 = 12 crore + 34 lakh + 56 thousand + 7 hundred + 89, and 10 paise
        ("123456789.10", "बारह करोड़ चौंतीस लाख छप्पन हज़ार सात सौ नवासी रुपये और दस पैसे मात्र"),
        # ₹7,280 crore, the outlay: the crores counted in words, as in English
        ("72800000000", "सात हज़ार दो सौ अस्सी करोड़ रुपये मात्र"),
        ("6450000000", "छह सौ पैंतालीस करोड़ रुपये मात्र"),  # a Table 3 SLI cap
        ("1000000000000", "एक लाख करोड़ रुपये मात्र"),
        # 3,29,047 crore + 59 lakh + 68 thousand + 999, and 99 paise
        (
            "3290475968999.99",
            "तीन लाख उनतीस हज़ार सैंतालीस करोड़ उनसठ लाख अड़सठ हज़ार नौ सौ निन्यानवे रुपये "
            "और निन्यानवे पैसे मात्र",
        ),
        ("0.10", "दस पैसे मात्र"),
        ("0.01", "एक पैसा मात्र"),
        ("0.995", "एक रुपया मात्र"),  # rounded half-up to the paisa first: ₹1.00
        ("-2500.40", "ऋण दो हज़ार पाँच सौ रुपये और चालीस पैसे मात्र"),
    ],
)
def test_r_unit_3_amount_in_words_in_hindi(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), language="hi", only=True) == words


# Every number name of 0–99, checked against a Hindi number list word by word, tens by tens.
HINDI_0_TO_99 = """
शून्य एक दो तीन चार पाँच छह सात आठ नौ
दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस
बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस
तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस
चालीस इकतालीस बयालीस तैंतालीस चौवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास
पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ
साठ इकसठ बासठ तिरेसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर
सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी
अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी
नब्बे इक्यानवे बानवे तिरानवे चौरानवे पंचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे
"""


@pytest.mark.parametrize(("tens", "row"), enumerate(HINDI_0_TO_99.strip().splitlines()))
def test_r_unit_3_each_hindi_number_name_below_a_hundred(tens: int, row: str) -> None:
    for ones, word in enumerate(row.split()):
        n = tens * 10 + ones
        expected = f"{word} {'रुपया' if n == 1 else 'रुपये'}"
        assert amount_in_words(Decimal(n), language="hi") == expected, n


def test_r_unit_3_the_english_words_add_only_when_asked() -> None:
    assert amount_in_words(Decimal("15"), only=True) == "Rupees fifteen only"
    assert amount_in_words(Decimal("15"), language="en-gb") == "Rupees fifteen"


def test_r_unit_3_the_words_filter_follows_the_language_rendered_in() -> None:
    from django.template import Context, Template
    from django.utils import translation

    page = Template("{% load portal %}{{ x|inr_words_only }}")
    with translation.override("hi"):
        assert page.render(Context({"x": Decimal("100")})) == "एक सौ रुपये मात्र"
    with translation.override("en"):
        assert page.render(Context({"x": Decimal("100")})) == "Rupees one hundred only"

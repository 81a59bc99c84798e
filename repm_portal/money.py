"""Exact money and quantities (R-UNIT-1, R-UNIT-2, R-UNIT-3).

Amounts are ``Decimal``; floats are refused. Computations keep full precision and call
``round_paisa`` once, at the end. Display goes through ``format_inr`` / ``format_crore`` so that
Indian digit grouping lives in one place.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal
from django.db import models

from .errors import ValidationFailed

# Unit definitions (R-UNIT-1, R-UNIT-2), not scheme parameters: they never change by amendment.
PAISA = Decimal("0.01")
GRAM = Decimal("0.001")
LAKH = Decimal(100_000)
CRORE = Decimal(10_000_000)
KG_PER_MT = Decimal(1_000)

Number = Decimal | int | str


def to_decimal(value: Number, *, what: str = "amount") -> Decimal:
    """A Decimal from a Decimal, int or numeric string; floats and junk are refused clearly."""
    if isinstance(value, bool | float):
        raise TypeError(f"{what} must be a Decimal, int or str, not {type(value).__name__}")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(f"{what.capitalize()} {value!r} is not a number.") from None
    if not result.is_finite():
        raise ValidationFailed(f"{what.capitalize()} must be a finite number.")
    return result


def round_paisa(value: Number) -> Decimal:
    """R-UNIT-3: round once, half-up, to the paisa."""
    return to_decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def round_kg(value: Number) -> Decimal:
    """R-UNIT-1: quantities sold are kept to the gram (3 decimals of a kg)."""
    return to_decimal(value, what="quantity").quantize(GRAM, rounding=ROUND_HALF_UP)


def crore(value: Number) -> Decimal:
    """Rupees in ``value`` crore (the notification's tables are in ₹ crore)."""
    return to_decimal(value) * CRORE


def in_crore(rupees: Number) -> Decimal:
    """Rupees expressed in crore, unrounded."""
    return to_decimal(rupees) / CRORE


def mtpa_to_kg(mtpa: Number) -> Decimal:
    """Capacity in MTPA to kg per annum (R-UNIT-1)."""
    return to_decimal(mtpa, what="capacity") * KG_PER_MT


def format_inr(rupees: Number, *, decimals: bool = True) -> str:
    """₹12,34,56,789.00 — Indian grouping, rounded half-up to the paisa first."""
    amount = round_paisa(rupees)
    if decimals:
        return str(format_currency(amount, "INR", locale="en_IN"))
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return str(
        format_currency(whole, "INR", format="¤#,##,##0", locale="en_IN", currency_digits=False)
    )


def format_crore(rupees: Number) -> str:
    """ "₹ 645.00 cr" for large sums (R-UNIT-3)."""
    value = in_crore(rupees).quantize(PAISA, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}₹ {format_decimal(abs(value), format='#,##,##0.00', locale='en_IN')} cr"


def format_number(value: Number) -> str:
    """A number with Indian digit grouping and its own decimals: 7280 → 7,280; 2150.00 → 2,150.00."""
    number = to_decimal(value, what="number")
    places = max(0, -int(number.as_tuple().exponent))
    pattern = "#,##,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(number, format=pattern, locale="en_IN"))


def format_kg(kg: Number) -> str:
    """12,34,567.890 kg"""
    return f"{format_decimal(round_kg(kg), format='#,##,##0.000', locale='en_IN')} kg"


_ONES = [
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
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_hundred(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{_ONES[hundreds]} hundred"] if hundreds else []
    if rest:
        words.append(_below_hundred(rest))
    return " ".join(words)


def _indian_places(n: int) -> tuple[int, int, int, int, int]:
    """``n`` in the Indian places: crores (any number), lakhs, thousands (each under 100),
    hundreds (under 10) and the rest (under 100). 12,34,56,789 → (12, 34, 56, 7, 89)."""
    crores, n = divmod(n, 10_000_000)
    lakhs, n = divmod(n, 100_000)
    thousands, n = divmod(n, 1_000)
    hundreds, rest = divmod(n, 100)
    return crores, lakhs, thousands, hundreds, rest


def _indian_words(n: int) -> str:
    """A whole number in words with the Indian units: 1,23,45,678 → one crore twenty-three lakh…

    Above 99 crore the crores are themselves counted in words ("one thousand crore").
    """
    if n == 0:
        return "zero"
    crores, lakhs, thousands, hundreds, rest = _indian_places(n)
    words = []
    if crores:
        words.append(f"{_indian_words(crores)} crore")
    if lakhs:
        words.append(f"{_below_hundred(lakhs)} lakh")
    if thousands:
        words.append(f"{_below_hundred(thousands)} thousand")
    if hundreds or rest:
        words.append(_below_thousand(100 * hundreds + rest))
    return " ".join(words)


# Hindi number names: each of 0–99 is its own word (R-UNIT-3 in Hindi, R-GOV-2).
_HINDI_TENS_ROWS = (
    "शून्य एक दो तीन चार पाँच छह सात आठ नौ",
    "दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस",
    "बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस",
    "तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस",
    "चालीस इकतालीस बयालीस तैंतालीस चौवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास",
    "पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ",
    "साठ इकसठ बासठ तिरेसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर",
    "सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी",
    "अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी",
    "नब्बे इक्यानवे बानवे तिरानवे चौरानवे पंचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे",
)
_HINDI_BELOW_HUNDRED = [word for row in _HINDI_TENS_ROWS for word in row.split()]


def _hindi_words(n: int) -> str:
    """A whole number in Hindi words, Indian units: 1,23,45,678 → एक करोड़ तेईस लाख…

    As in English, crores above 99 are themselves counted ("सात हज़ार दो सौ अस्सी करोड़").
    """
    if n < 100:
        return _HINDI_BELOW_HUNDRED[n]
    crores, lakhs, thousands, hundreds, rest = _indian_places(n)
    words = []
    if crores:
        words.append(f"{_hindi_words(crores)} करोड़")
    for count, unit in ((lakhs, "लाख"), (thousands, "हज़ार"), (hundreds, "सौ")):
        if count:
            words.append(f"{_HINDI_BELOW_HUNDRED[count]} {unit}")
    if rest:
        words.append(_HINDI_BELOW_HUNDRED[rest])
    return " ".join(words)


def _amount_in_hindi(whole: int, paise: int) -> str:
    rupees = f"{_hindi_words(whole)} {'रुपया' if whole == 1 else 'रुपये'}"
    paise_words = f"{_HINDI_BELOW_HUNDRED[paise]} {'पैसा' if paise == 1 else 'पैसे'}"
    if whole and paise:
        return f"{rupees} और {paise_words}"
    return paise_words if paise else rupees


def amount_in_words(rupees: Number, *, language: str = "en", only: bool = False) -> str:
    """The amount as a cheque or sanction order writes it, in the Indian system (R-UNIT-3):
    ₹12,34,56,789.50 → "Rupees twelve crore thirty-four lakh fifty-six thousand seven hundred
    eighty-nine and fifty paise"; in Hindi (``language="hi"``) "बारह करोड़ चौंतीस लाख छप्पन
    हज़ार सात सौ नवासी रुपये और पचास पैसे". Rounded half-up to the paisa first; ``only`` adds
    "only" / "मात्र", as letters write it.
    """
    amount = round_paisa(rupees)
    whole, paise = divmod(int(abs(amount) * 100), 100)
    if language.split("-")[0] == "hi":
        text = _amount_in_hindi(whole, paise)
        text = ("ऋण " + text) if amount < 0 else text
        return text + " मात्र" if only else text
    if whole and paise:
        text = f"rupees {_indian_words(whole)} and {_below_hundred(paise)} paise"
    elif paise:
        text = f"{_below_hundred(paise)} paise"
    else:
        text = f"rupees {_indian_words(whole)}"
    text = ("Minus " + text) if amount < 0 else text[0].upper() + text[1:]
    return text + " only" if only else text


class MoneyField(models.DecimalField):
    """Rupees to the paisa; up to ₹99,99,99,99,99,99,999.99 (far above the ₹7,280 cr outlay)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class KgField(models.DecimalField):
    """A quantity in kg to the gram (R-UNIT-1)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

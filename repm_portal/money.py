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

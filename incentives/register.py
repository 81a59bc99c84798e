"""Reading an invoice register (R-SLI-8): streamed row by row, never loaded whole, each row
checked on its own. No ORM here; de-duplication against earlier claims is the database's."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from bidding.validators import validate_gstin
from repm_portal.errors import ValidationFailed

COLUMNS = (
    "invoice_number",
    "invoice_date",
    "buyer_gstin",
    "eway_bill_number",
    "quantity_kg",
    "taxable_value",
    "gst",
)
EWAY = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Row:
    number: int
    invoice_number: str
    invoice_date: date
    buyer_gstin: str
    eway_bill: str
    quantity_kg: Decimal
    taxable_value: Decimal
    gst: Decimal


@dataclass(frozen=True)
class Rejected:
    number: int
    invoice_number: str
    reason: str


def _cells(file: IO[bytes], fmt: str) -> Iterator[list[Any]]:
    if fmt == "csv":
        text = codecs.getreader("utf-8-sig")(file)
        yield from csv.reader(text)
        return
    from openpyxl import load_workbook

    book = load_workbook(file, read_only=True, data_only=True)
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        book.close()


def _header(cells: list[Any]) -> dict[str, int]:
    names = [str(c or "").strip().lower().replace(" ", "_") for c in cells]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ValidationFailed(
            _("The register's first row must name the columns %(cols)s; missing: %(missing)s.")
            % {"cols": ", ".join(COLUMNS), "missing": ", ".join(missing)},
            field="register",
        )
    return {c: names.index(c) for c in COLUMNS}


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("date %(v)r is not YYYY-MM-DD or DD-MM-YYYY") % {"v": text})


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "")) if value not in (None, "") else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(_("%(what)s %(v)r is not a number") % {"what": what, "v": value})
    return number


def rows(file: IO[bytes], fmt: str, *, start: date, end: date) -> Iterator[Row | Rejected]:
    """Each data row as a checked ``Row`` or a ``Rejected`` with its reason."""
    cells = _cells(file, fmt)
    try:
        columns = _header(next(cells))
    except StopIteration:
        raise ValidationFailed(_("The register is empty."), field="register") from None
    for number, raw in enumerate(cells, start=2):
        if not any(str(c or "").strip() for c in raw):
            continue  # a blank line
        get = {c: (raw[i] if i < len(raw) else None) for c, i in columns.items()}
        invoice = str(get["invoice_number"] or "").strip()[:40]
        try:
            if not invoice:
                raise ValueError(_("no invoice number"))
            day = _date(get["invoice_date"])
            if not start <= day <= end:
                raise ValueError(
                    _("dated %(d)s, outside the claim period") % {"d": day.strftime("%d %b %Y")}
                )
            try:
                gstin = validate_gstin(str(get["buyer_gstin"] or ""), field="buyer_gstin")
            except ValidationFailed as error:
                raise ValueError(error.message) from None
            eway = str(get["eway_bill_number"] or "").strip()
            if eway.endswith(".0"):
                eway = eway[:-2]  # a spreadsheet's number cell
            if not EWAY.match(eway):
                raise ValueError(_("e-way bill number %(v)r is not 12 digits") % {"v": eway})
            quantity = _decimal(get["quantity_kg"], _("quantity"))
            if quantity <= 0:
                raise ValueError(_("quantity must be more than 0 kg"))
            if quantity != quantity.quantize(Decimal("0.001")):
                raise ValueError(_("quantity has more than 3 decimals"))
            value = _decimal(get["taxable_value"], _("taxable value"))
            gst = _decimal(get["gst"], _("GST"))
            if value < 0 or gst < 0:
                raise ValueError(_("values cannot be negative"))
            yield Row(number, invoice, day, gstin, eway, quantity, value, gst)
        except ValueError as error:
            yield Rejected(number, invoice, str(error))

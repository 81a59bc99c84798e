"""Reading an invoice register (R-SLI-8): streamed row by row, never loaded whole, each row
checked on its own. No ORM here; de-duplication against earlier claims is the database's."""

from __future__ import annotations

import csv
import functools
import io
import operator
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any, NamedTuple, TypeVar, cast

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
GRAM = Decimal("0.001")
# Within what ClaimedInvoice's columns hold (KgField, MoneyField, even rounded to the paisa);
# no real invoice comes near.
QUANTITY_LIMIT = Decimal(10) ** 12
MONEY_LIMIT = Decimal(10) ** 15
T = TypeVar("T")


class Row(NamedTuple):
    """An accepted row (a tuple: cheap to make a million of, and in the order of the columns
    that ``processing`` copies it into)."""

    number: int
    invoice_number: str
    invoice_date: date
    buyer_gstin: str
    eway_bill: str
    quantity_kg: Decimal
    taxable_value: Decimal
    gst: Decimal


class Rejected(NamedTuple):
    number: int
    invoice_number: str
    reason: str


def _cells(file: IO[bytes], fmt: str) -> Iterator[list[Any]]:
    """The register's rows of cells; a file that cannot be read raises ``ValidationFailed``."""
    if fmt == "csv":
        # The csv module's documented way to read a file: a text layer with newline="", so a
        # line break inside a quoted cell stays in the cell.
        text = io.TextIOWrapper(cast(IO[bytes], _Unclosed(file)), "utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            yield from reader
        except csv.Error as error:
            raise ValidationFailed(
                _(
                    "Line %(line)s of the register cannot be read as CSV (%(why)s). Save the "
                    "register again as “CSV UTF-8” and upload it."
                )
                % {"line": reader.line_num, "why": error},
                field="register",
            ) from None
        except UnicodeDecodeError:
            raise ValidationFailed(
                _(
                    "The register is not UTF-8 text after line %(line)s. Save it again as "
                    "“CSV UTF-8” and upload it."
                )
                % {"line": reader.line_num},
                field="register",
            ) from None
        return
    from openpyxl import load_workbook

    # openpyxl parses a file from outside: whatever it raises means the workbook is unreadable.
    try:
        book = load_workbook(file, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as error:
        raise _unreadable(error) from None
    try:
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except Exception as error:
        raise _unreadable(error) from None
    finally:
        book.close()


def _unreadable(error: Exception) -> ValidationFailed:
    return ValidationFailed(
        _(
            "The workbook cannot be read (%(why)s). Save it again from the spreadsheet program "
            "as .xlsx, or as “CSV UTF-8”, and upload it."
        )
        % {"why": str(error) or type(error).__name__},
        field="register",
    )


class _Unclosed(io.RawIOBase):
    """The register's binary file, read by a text layer that must not close it (the caller
    opened it and closes it)."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


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


def _gstin(value: Any) -> str:
    try:
        return validate_gstin(str(value or ""), field="buyer_gstin")
    except ValidationFailed as error:
        raise ValueError(error.message) from None


def _remembered(check: Callable[[Any], T]) -> Callable[[Any], T]:
    """``check`` answering a value it has seen (or refused) from memory: a register repeats
    its buyers and its dates on thousands of rows. For one register, so one language."""

    @functools.lru_cache(maxsize=4096, typed=True)
    def answer(value: Any) -> tuple[bool, Any]:
        try:
            return True, check(value)
        except ValueError as error:
            return False, str(error)

    def checked(value: Any) -> T:
        try:
            ok, result = answer(value)
        except TypeError:  # a cell value that cannot be a key: checked afresh
            return check(value)
        if not ok:
            raise ValueError(result)
        return cast(T, result)

    return checked


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
    width = max(columns.values()) + 1
    pick = operator.itemgetter(*columns.values())  # in the order of COLUMNS
    day_of, gstin_of = _remembered(_date), _remembered(_gstin)
    # Translated once per register rather than three times a row.
    quantity_label, value_label, gst_label = _("quantity"), _("taxable value"), _("GST")
    empty = True
    for number, raw in enumerate(cells, start=2):
        if not any(str(c or "").strip() for c in raw):
            continue  # a blank line
        empty = False
        if len(raw) < width:
            raw = [*raw, *([None] * (width - len(raw)))]
        invoice_cell, date_cell, gstin_cell, eway_cell, quantity_cell, value_cell, gst_cell = pick(
            raw
        )
        invoice = str(invoice_cell or "").strip()[:40]
        try:
            if not invoice:
                raise ValueError(_("no invoice number"))
            day = day_of(date_cell)
            if not start <= day <= end:
                raise ValueError(
                    _("dated %(d)s, outside the claim period") % {"d": day.strftime("%d %b %Y")}
                )
            gstin = gstin_of(gstin_cell)
            eway = str(eway_cell or "").strip()
            if eway.endswith(".0"):
                eway = eway[:-2]  # a spreadsheet's number cell
            if not EWAY.match(eway):
                raise ValueError(_("e-way bill number %(v)r is not 12 digits") % {"v": eway})
            quantity = _decimal(quantity_cell, quantity_label)
            if quantity <= 0:
                raise ValueError(_("quantity must be more than 0 kg"))
            if quantity >= QUANTITY_LIMIT:
                raise ValueError(
                    _("quantity %(v)s kg is too large for one invoice") % {"v": quantity}
                )
            if quantity != quantity.quantize(GRAM):
                raise ValueError(_("quantity has more than 3 decimals"))
            value = _decimal(value_cell, value_label)
            gst = _decimal(gst_cell, gst_label)
            if value < 0 or gst < 0:
                raise ValueError(_("values cannot be negative"))
            if value >= MONEY_LIMIT or gst >= MONEY_LIMIT:
                raise ValueError(_("values too large for one invoice"))
            yield Row(number, invoice, day, gstin, eway, quantity, value, gst)
        except ValueError as error:
            yield Rejected(number, invoice, str(error))
    if empty:
        raise ValidationFailed(
            _("The register has its header but no invoices: list one invoice a row under it."),
            field="register",
        )


def rows_expected(file: IO[bytes], fmt: str) -> int:
    """About how many invoice rows the register holds, for the progress bar: its lines less the
    header (CSV, counted in 1 MB blocks, never read whole), or the sheet's recorded dimension
    (XLSX). An estimate only: blank or multi-line rows make it differ a little."""
    if fmt == "csv":
        lines, last = 0, b"\n"
        while block := file.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
        file.seek(0)
        return max(0, lines + (last != b"\n") - 1)
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
        try:
            return max(0, (book.worksheets[0].max_row or 1) - 1)
        finally:
            book.close()
    except Exception:
        return 0
    finally:
        file.seek(0)

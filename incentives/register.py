"""Reading an invoice register (R-SLI-8): streamed in batches, never loaded whole, every row
checked. ``Checker.row`` is the reference check of one row; a batch of plain CSV lines that
all pass is checked whole by one pattern instead (``Checker.plain``, tested equal to ``row``
in tests/test_register.py). No ORM here; de-duplication against earlier claims is the
database's (``processing``)."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
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
EWAY = re.compile(r"^[0-9]{12}$")  # ASCII digits only, unlike \d
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


class CsvRegister:
    """A CSV register read a block at a time, never whole. While its text holds no quote and
    no bare CR (a register as accounting software writes it), a record is a line and its cells
    the text between commas, so whole lines are handed out (``plain``) to be checked without
    cutting them into cells. From the first quote on, the csv module reads the rest."""

    BLOCK = 1 << 20  # characters

    def __init__(self, file: IO[bytes]) -> None:
        # The csv module's documented way to read a file: a text layer with newline="", so a
        # line break inside a quoted cell stays in the cell.
        self._text = io.TextIOWrapper(cast(IO[bytes], _Unclosed(file)), "utf-8-sig", newline="")
        self._plain: list[str] = []  # lines read ahead
        self._tail = ""  # a line begun at the end of the last block
        self._lines = 0  # lines read, for messages
        self._reader: Any = None  # the csv module's, once needed
        self._before = 0  # lines read before it

    def take(self, count: int) -> tuple[list[str], list[list[str]]]:
        """The next ``count`` records (fewer at the end): as plain lines, or as cells."""
        while self._reader is None and len(self._plain) < count and self._read():
            pass
        if self._plain:
            lines, self._plain = self._plain[:count], self._plain[count:]
            return lines, []
        if self._reader is None:
            return [], []
        try:
            return [], list(itertools.islice(self._reader, count))
        except csv.Error as error:
            raise ValidationFailed(
                _(
                    "Line %(line)s of the register cannot be read as CSV (%(why)s). Save the "
                    "register again as “CSV UTF-8” and upload it."
                )
                % {"line": self._before + self._reader.line_num, "why": error},
                field="register",
            ) from None
        except UnicodeDecodeError:
            raise self._not_utf8(self._before + self._reader.line_num) from None

    def _read(self) -> bool:
        """Read a block into plain lines, or hand the rest to the csv module; False at the end."""
        try:
            block = self._text.read(self.BLOCK)
        except UnicodeDecodeError:
            raise self._not_utf8(self._lines) from None
        if not block and not self._tail:
            return False
        # At the end, the last line without its line break: as if it had one.
        text = self._tail + (block or "\n")
        cut = text.rfind("\n") + 1
        self._tail = text[cut:]
        if not cut:
            if len(self._tail) > csv.field_size_limit():
                self._to_csv(text)  # a line longer than any cell may be: the csv module says
            return True
        body = text[:cut].replace("\r\n", "\n")[:-1]
        lines = body.split("\n")
        if (
            '"' in body
            or "\r" in body
            or max(map(len, lines)) > csv.field_size_limit()
            or len(self._tail) > csv.field_size_limit()
        ):
            self._to_csv(text)
        else:
            self._plain += lines
            self._lines += len(lines)
        return True

    def _to_csv(self, pending: str) -> None:
        """The csv module reads the rest of the register, from ``pending`` (text read but not
        handed out) on."""
        try:
            if not pending.endswith("\n"):
                pending += self._text.readline()  # the rest of its last line
        except UnicodeDecodeError:
            raise self._not_utf8(self._lines) from None
        self._before = self._lines
        self._reader = csv.reader(itertools.chain(io.StringIO(pending, newline=""), self._text))
        self._tail = ""

    @staticmethod
    def _not_utf8(line: int) -> ValidationFailed:
        return ValidationFailed(
            _(
                "The register is not UTF-8 text after line %(line)s. Save it again as "
                "“CSV UTF-8” and upload it."
            )
            % {"line": line},
            field="register",
        )


def _workbook_records(file: IO[bytes]) -> Iterator[list[Any]]:
    """The first sheet's rows of cells; a file that cannot be read raises ``ValidationFailed``."""
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
            return date(*time.strptime(text, fmt)[:3])
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


FIELDS = Row._fields[1:]  # a Row's fields after its number, named as the columns they fill
_FIELD_OF = dict(zip(COLUMNS, FIELDS, strict=True))


class Batch:
    """Consecutive records of the register, checked: the rows accepted and the rows rejected.

    Checked one by one, a batch holds ``Row`` objects. Checked whole (``Checker.plain``), it
    holds the register's own lines, which are then known to be rows exactly as written, with
    ISO dates and GSTINs as ``validate_gstin`` writes them: ``plain_lines`` hands them on as they
    are, in the register's order of columns (``fields``), and ``Row`` objects are made only if
    asked for."""

    def __init__(
        self,
        rejected: list[Rejected],
        *,
        rows: list[Row] | None = None,
        lines: list[str] | None = None,
        first: int = 0,
        fields: tuple[str, ...] = FIELDS,
    ) -> None:
        self.rejected = rejected
        self._rows = rows
        self._lines = lines or []
        self._first = first  # the row number of the first line
        self.fields = fields

    def __len__(self) -> int:
        """Rows checked (blank lines are not rows)."""
        return len(self.rejected) + (len(self._lines) if self._rows is None else len(self._rows))

    @functools.cached_property
    def accepted(self) -> list[Row]:
        if self._rows is not None:
            return self._rows
        pick = operator.itemgetter(*(self.fields.index(f) for f in FIELDS))
        return [
            Row(n, i, date.fromisoformat(d), g, b, Decimal(k), Decimal(v), Decimal(t))
            for n, (i, d, g, b, k, v, t) in enumerate(
                (pick(line.split(",")) for line in self._lines), start=self._first
            )
        ]

    def end_bills(self) -> list[str]:
        """The e-way bills of the first and the last row accepted (none if none was)."""
        if self._rows is not None:
            return [r.eway_bill for r in self._rows[:1] + self._rows[-1:]]
        at = self.fields.index("eway_bill")
        return [line.split(",")[at] for line in self._lines[:1] + self._lines[-1:]]

    def plain_lines(self) -> Iterator[tuple[int, str]] | None:
        """The accepted rows as the register wrote them, with their numbers, if the batch was
        checked whole (its lines are then rows exactly as written, in ``fields`` order); else
        None, and the rows are in ``accepted``."""
        if self._rows is not None:
            return None
        return enumerate(self._lines, start=self._first)


def _cells_of(index: int) -> re.Pattern[str]:
    """Finds the cell in column ``index`` of each line (of cells with no quote), a line a match."""
    return re.compile(f"(?=[\\s\\S])(?:[^,\n]*,){{{index}}}([^,\n]*)[^\n]*\n?")  # never empty


def _between(low: int, high: int) -> str:
    """A pattern for the two-digit numbers ``low`` to ``high`` (days of a month)."""
    parts = []
    for tens in range(low // 10, high // 10 + 1):
        first = low % 10 if tens == low // 10 else 0
        last = high % 10 if tens == high // 10 else 9
        parts.append(f"{tens}[{first}-{last}]")
    return "|".join(parts)


def days_pattern(start: date, end: date, form: str) -> str:
    """A pattern for exactly the dates from ``start`` to ``end`` written as ``form`` says:
    "iso" (2027-04-01), "d-m-y" (01-04-2027) or "d/m/y" (01/04/2027)."""
    parts = []
    month = start.replace(day=1)
    while month <= end:
        following = (month + timedelta(days=31)).replace(day=1)
        days = _between(max(start, month).day, min(end, following - timedelta(days=1)).day)
        if form == "iso":
            parts.append(f"{month:%Y-%m}-(?:{days})")
        else:
            sep = form[1]
            parts.append(f"(?:{days}){sep}{month:%m}{sep}{month:%Y}")
        month = following
    return "|".join(parts)


class Checker:
    """The checks of one register's rows (R-SLI-8), with what it has seen remembered."""

    # What each cell of a plain line must look like for the whole line to be a row exactly as
    # written (``row`` would accept it unchanged): an invoice number of 1 to 40 characters with
    # no space around it, no quote, comma or NUL; a date of the period; a buyer known good;
    # 12 digits; plain decimals below the limits, to the gram and the paisa, more than 0 kg.
    CELL = {
        "invoice_number": r'[^\s,"\x00](?:[^\n,"\x00]{0,38}[^\s,"\x00])?',
        "eway_bill_number": r"[0-9]{12}",
        "quantity_kg": r"(?!0*(?:\.0*)?(?:,|\n|$))[0-9]{1,12}(?:\.[0-9]{1,3})?",
        "taxable_value": r"[0-9]{1,15}(?:\.[0-9]{1,2})?",
        "gst": r"[0-9]{1,15}(?:\.[0-9]{1,2})?",
    }
    DATE_FORMS = ("iso", "d-m-y", "d/m/y")
    KNOWN_BUYERS = 500  # beyond, a buyer's GSTIN is checked row by row
    PIECE = 1 << 16  # characters of lines matched at once (see _form)

    def __init__(
        self,
        header: list[Any],
        *,
        start: date,
        end: date,
        today: date | None = None,
        terminal: date | None = None,
    ) -> None:
        columns = _header(header)
        self.width = max(columns.values()) + 1
        self.pick = operator.itemgetter(*columns.values())  # in the order of COLUMNS
        # Rows are accepted from the period's start to its end, but not after today (R-UNIT-5)
        # nor after the scheme's terminal date (R-SLI-2); those get their own reason.
        self.today, self.terminal = today, terminal
        self.start, self.end = start, min(d for d in (end, today, terminal) if d is not None)
        self.period_end = end
        end = max(self.end, start)
        self.day_of, self.gstin_of = _remembered(_date), _remembered(_gstin)
        # Translated once per register rather than three times a row.
        self.labels = _("quantity"), _("taxable value"), _("GST")
        # Lines can be checked whole when the header names exactly the seven columns.
        self.names = [str(c or "").strip().lower().replace(" ", "_") for c in header]
        self.fields: tuple[str, ...] = ()
        if sorted(self.names) == sorted(COLUMNS):
            self.fields = tuple(_FIELD_OF[n] for n in self.names)
            self.dates = _cells_of(columns["invoice_date"])
            self.buyers = _cells_of(columns["buyer_gstin"])
            self.iso = {
                f"{day:%d}{sep}{day:%m}{sep}{day:%Y}": day.isoformat()
                for day in (start + timedelta(days=n) for n in range((end - start).days + 1))
                for sep in "-/"
            }
            self.known: set[str] = set()  # buyers' GSTINs checked good, as written
            self._compile()

    def _compile(self) -> None:
        """The patterns of whole lines, one for each way of writing dates, for the buyers known
        good so far."""
        buyers = "|".join(map(re.escape, sorted(self.known))) or "(?!)"
        self.lines_patterns = []
        for form in self.DATE_FORMS:
            cells = dict(
                self.CELL,
                invoice_date=days_pattern(self.start, self.end, form),
                buyer_gstin=buyers,
            )
            line = ",".join(f"(?:{cells[n]})" for n in self.names)
            self.lines_patterns.append(re.compile(f"(?:{line}\n)*{line}"))

    def batch(self, first: int, lines: list[str], records: list[list[Any]]) -> Batch:
        """The records numbered from ``first`` (as plain lines, or as cells), checked."""
        if lines:
            plain = self.plain(first, lines)
            if plain is not None:
                return plain
            records = [line.split(",") for line in lines]
        checked = [
            self.row(number, raw)
            for number, raw in enumerate(records, start=first)
            if any(str(c or "").strip() for c in raw)  # else a blank line
        ]
        return Batch(
            [r for r in checked if isinstance(r, Rejected)],
            rows=[r for r in checked if isinstance(r, Row)],
        )

    def row(self, number: int, raw: list[Any]) -> Row | Rejected:
        """One record, checked on its own: the reference for every check."""
        if len(raw) < self.width:
            raw = [*raw, *([None] * (self.width - len(raw)))]
        invoice_cell, date_cell, gstin_cell, eway_cell, quantity_cell, value_cell, gst_cell = (
            self.pick(raw)
        )
        invoice = str(invoice_cell or "").strip()[:40]
        try:
            if not invoice:
                raise ValueError(_("no invoice number"))
            if "\x00" in invoice:
                invoice = invoice.replace("\x00", "")  # which no database text can hold
                raise ValueError(_("the invoice number holds a NUL character"))
            day = self.day_of(date_cell)
            if self.terminal is not None and self.terminal < day <= self.period_end:
                raise ValueError(
                    _("dated %(d)s, after the scheme's terminal date %(t)s (R-SLI-2)")
                    % {"d": day.strftime("%d %b %Y"), "t": self.terminal.strftime("%d %b %Y")}
                )
            if self.today is not None and day > self.today:
                raise ValueError(
                    _("dated %(d)s, a day still to come (R-UNIT-5)")
                    % {"d": day.strftime("%d %b %Y")}
                )
            if not self.start <= day <= self.end:
                raise ValueError(
                    _("dated %(d)s, outside the claim period") % {"d": day.strftime("%d %b %Y")}
                )
            gstin = self.gstin_of(gstin_cell)
            eway = str(eway_cell or "").strip()
            if eway.endswith(".0"):
                eway = eway[:-2]  # a spreadsheet's number cell
            if not EWAY.match(eway):
                raise ValueError(_("e-way bill number %(v)r is not 12 digits") % {"v": eway})
            quantity, value, gst = self.amounts(quantity_cell, value_cell, gst_cell)
            return Row(number, invoice, day, gstin, eway, quantity, value, gst)
        except ValueError as error:
            return Rejected(number, invoice, str(error))

    def amounts(
        self, quantity_cell: Any, value_cell: Any, gst_cell: Any
    ) -> tuple[Decimal, Decimal, Decimal]:
        """A row's quantity, taxable value and GST, checked; ``ValueError`` says what is wrong."""
        quantity_label, value_label, gst_label = self.labels
        quantity = _decimal(quantity_cell, quantity_label)
        if quantity <= 0:
            raise ValueError(_("quantity must be more than 0 kg"))
        if quantity >= QUANTITY_LIMIT:
            raise ValueError(_("quantity %(v)s kg is too large for one invoice") % {"v": quantity})
        if quantity != quantity.quantize(GRAM):
            raise ValueError(_("quantity has more than 3 decimals"))
        value = _decimal(value_cell, value_label)
        gst = _decimal(gst_cell, gst_label)
        if value < 0 or gst < 0:
            raise ValueError(_("values cannot be negative"))
        if value >= MONEY_LIMIT or gst >= MONEY_LIMIT:
            raise ValueError(_("values too large for one invoice"))
        return quantity, value, gst

    def plain(self, first: int, lines: list[str]) -> Batch | None:
        """Plain lines checked whole, if every one is a row that ``row`` accepts as written
        (but for a day-first date, then rewritten as ISO): a register as software writes it.
        None otherwise, for ``row``. One pattern over all the lines, that knows the period's
        dates and the buyers seen so far: some twenty times faster than ``row``."""
        if not self.fields or self.end < self.start:  # no day of the period is acceptable
            return None
        text = "\n".join(lines)
        form = self._form(text)
        if form is None and self._learn_buyers(text):
            form = self._form(text)
        if form is None:
            return None
        if form != "iso":
            text = self.dates.sub(
                lambda m: (
                    m[0][: m.start(1) - m.start(0)] + self.iso[m[1]] + m[0][m.end(1) - m.start(0) :]
                ),
                text,
            )
            lines = text.split("\n")
        return Batch([], lines=lines, first=first, fields=self.fields)

    def _form(self, text: str) -> str | None:
        """How the dates of ``text`` are written, if its every line passes; else None.

        Matched a piece of some ``PIECE`` characters at a time: a match holds the GIL, which
        the threads storing the rows need between two statements to the database."""
        pieces = []
        start = 0
        while (end := text.find("\n", start + self.PIECE)) >= 0:
            pieces.append((start, end))
            start = end + 1
        pieces.append((start, len(text)))
        for form, lines in zip(self.DATE_FORMS, self.lines_patterns, strict=True):
            if all(lines.fullmatch(text, start, end) for start, end in pieces):
                return form
        return None

    def _learn_buyers(self, text: str) -> bool:
        """Learn the buyers' GSTINs in ``text``: True if all are good as written, and new."""
        new = set(self.buyers.findall(text)) - self.known
        if not new or len(self.known) + len(new) > self.KNOWN_BUYERS:
            return False
        try:
            if any(self.gstin_of(g) != g for g in new):
                return False
        except ValueError:
            return False
        self.known |= new
        self._compile()
        return True


def batches(
    file: IO[bytes],
    fmt: str,
    *,
    start: date,
    end: date,
    sizes: Iterable[int],
    today: date | None = None,
    terminal: date | None = None,
) -> Iterator[Batch]:
    """The register's data records in batches of ``sizes`` records each (the last size repeats),
    every row checked (``Checker``)."""
    if fmt == "csv":
        take = CsvRegister(file).take
    else:
        sheet = _workbook_records(file)

        def take(count: int) -> tuple[list[str], list[list[Any]]]:
            return [], list(itertools.islice(sheet, count))

    lines, header = take(1)
    if not lines and not header:
        raise ValidationFailed(_("The register is empty."), field="register")
    checker = Checker(
        lines[0].split(",") if lines else header[0],
        start=start,
        end=end,
        today=today,
        terminal=terminal,
    )
    first, empty, size = 2, True, 0
    sizes = iter(sizes)
    while True:
        size = next(sizes, size)
        lines, records = take(size)
        if not lines and not records:
            break
        batch = checker.batch(first, lines, records)
        first += len(lines) + len(records)
        empty = empty and not len(batch)
        yield batch
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

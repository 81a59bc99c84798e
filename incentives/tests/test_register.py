"""Reading an invoice register (R-SLI-8): a register as software writes it is checked a batch of
whole lines at a time (``Checker.plain``), the rest row by row (``Checker.row``). Both must
give exactly the same rows, rejections and reasons as reading the file with the csv module and
checking every row on its own, whatever the register holds and wherever its blocks and
batches happen to end."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bidding.validators import gstin_check_character
from incentives import register
from incentives.processing.dedup import copy_text
from repm_portal.errors import ValidationFailed

H1 = date(2027, 4, 1), date(2027, 9, 30)
GSTIN = "27AAPFU0939F1ZV"
OTHER_GSTIN = "29AABCT1332L1Z" + gstin_check_character("29AABCT1332L1Z")
COLUMNS = list(register.COLUMNS)

CELLS = {
    "invoice_number": st.one_of(
        st.from_regex(r"[A-Z]{2}/[0-9]{1,3}", fullmatch=True),
        st.sampled_from(
            [" BM/1", "BM/2 ", "", "INV,5", 'IN"V6', "A" * 41, "Ünï/7", "a\x00b", "x\ny"]
        ),
    ),
    "invoice_date": st.sampled_from(
        [
            "2027-04-01",
            "2027-09-30",
            "2027-06-15",
            "2027-10-01",  # after the period
            "2027-03-31",  # before it
            "01-04-2027",
            "30/09/2027",
            "15-06-2027",
            "1-4-2027",
            "2027-4-01",
            "31-04-2027",
            "15-06/2027",
            "junk",
            "",
            " 2027-05-05",
        ]
    ),
    "buyer_gstin": st.sampled_from(
        [GSTIN, OTHER_GSTIN, GSTIN.lower(), "27AAPFU0939F1ZX", "27AAPFU0939F1Z", f" {GSTIN}"]
    ),
    "eway_bill_number": st.one_of(
        st.from_regex(r"1[0-9]{11}", fullmatch=True),
        st.sampled_from(
            ["111111111111", "12345678901", "1234567890123", "111111111111.0", "١٢٣٤٥٦٧٨٩٠١٢"]
        ),
    ),
    "quantity_kg": st.sampled_from(
        # ... and the largest quantity, and one above it
        [
            "1",
            "2.5",
            "0",
            "0.000",
            "00.10",
            "1.0005",
            "1,000",
            "-1",
            "abc",
            "1e3",
            " 5",
            "5.",
            "999999999999",
            "1000000000000",
        ]
    ),
    "taxable_value": st.sampled_from(
        ["5000.00", "0", "1.005", "-1", "1,234.50", "x", "999999999999999", "1000000000000000"]
    ),
    "gst": st.sampled_from(["900.00", "0", "18", "-0.01", "", "1.5"]),
}
# Cells of rows that pass, so that whole batches of them occur too.
GOOD = {
    "invoice_number": st.from_regex(r"[A-Z]{2}/[0-9]{1,3}", fullmatch=True),
    "invoice_date": st.sampled_from(["2027-04-01", "2027-09-30", "15-06-2027", "30/09/2027"]),
    "buyer_gstin": st.sampled_from([GSTIN, OTHER_GSTIN]),
    "eway_bill_number": st.from_regex(r"1[0-9]{11}", fullmatch=True),
    "quantity_kg": st.sampled_from(["1", "2.5", "00.10", "999999999999"]),
    "taxable_value": st.sampled_from(["5000.00", "0", "999999999999999"]),
    "gst": st.sampled_from(["900.00", "0", "1.5"]),
}


@st.composite
def registers(draw: st.DrawFn) -> str:
    """A CSV register: its columns in any order (maybe one more), rows good and bad, blank
    lines, LF or CRLF line ends, written by the csv module (which quotes where needed)."""
    names = draw(st.permutations(COLUMNS))
    if draw(st.booleans()):
        names = [*names, "remarks"]
    rows = draw(
        st.lists(
            st.one_of(
                st.fixed_dictionaries({n: GOOD[n] for n in COLUMNS}),
                st.fixed_dictionaries({n: CELLS[n] for n in COLUMNS}),
                st.just({}),  # a blank line
            ),
            max_size=25,
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(n, "") for n in names] if row else [])
    text = buffer.getvalue()
    return text if draw(st.booleans()) else text.rstrip("\r\n")  # the last line break, or not


def reference(text: str) -> list[register.Row | register.Rejected]:
    """The csv module reads the file; every row is checked on its own."""
    header, *records = csv.reader(io.StringIO(text, newline=""))
    checker = register.Checker(header, start=H1[0], end=H1[1])
    return [
        checker.row(number, raw)
        for number, raw in enumerate(records, start=2)
        if any(c.strip() for c in raw)
    ]


def read(
    text: str, sizes: list[int]
) -> tuple[list[register.Batch], list[register.Row | register.Rejected]]:
    batches = list(
        register.batches(io.BytesIO(text.encode()), "csv", start=H1[0], end=H1[1], sizes=sizes)
    )
    rows: list[register.Row | register.Rejected] = [
        r for b in batches for r in (*b.accepted, *b.rejected)
    ]
    return batches, sorted(rows, key=lambda r: r.number)


def copied(batch: register.Batch) -> list[register.Row]:
    """The rows of ``copy_text(batch)`` as COPY would read them."""
    rows = []
    for claim, beneficiary, number, *cells in csv.reader(io.StringIO(copy_text(batch, 7, 9))):
        assert (claim, beneficiary) == ("7", "9")
        value = dict(zip(batch.fields, cells, strict=True))
        rows.append(
            register.Row(
                int(number),
                value["invoice_number"],
                date.fromisoformat(value["invoice_date"]),
                value["buyer_gstin"],
                value["eway_bill"],
                *(Decimal(value[f]) for f in ("quantity_kg", "taxable_value", "gst")),
            )
        )
    return rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=registers(),
    sizes=st.lists(st.integers(1, 9), min_size=1, max_size=4),
    block=st.integers(8, 400),
    piece=st.integers(1, 300),
)
def test_r_sli_8_whole_lines_and_row_by_row_read_the_same(text, sizes, block, piece) -> None:
    before = register.CsvRegister.BLOCK, register.Checker.PIECE
    register.CsvRegister.BLOCK = block  # blocks end anywhere: inside a line, a quoted cell
    register.Checker.PIECE = piece  # and lines are matched a few at a time
    try:
        expected = reference(text)
        if not expected:
            with pytest.raises(ValidationFailed):
                read(text, sizes)
            return
        batches, rows = read(text, sizes)
    finally:
        register.CsvRegister.BLOCK, register.Checker.PIECE = before
    assert rows == expected
    for batch in batches:
        assert copied(batch) == batch.accepted


CLEAN = [
    f"BM/{n},2027-{4 + n % 6:02d}-{1 + n % 28:02d},{GSTIN if n % 3 else OTHER_GSTIN},"
    f"{100000000000 + n},{n % 7 + 1}.25,{n * 100}.50,{n * 18}"
    for n in range(1, 101)
]


def test_a_register_as_software_writes_it_is_checked_a_batch_at_a_time(monkeypatch) -> None:
    """No row of a clean register is checked on its own, with dates written day first or
    ISO, and the columns in any order; the rows are those ``row`` gives."""
    text = "\n".join([",".join(register.COLUMNS), *CLEAN]) + "\n"
    expected = reference(text)

    def day_first(line: str) -> str:
        cells = line.split(",")
        if "-" in cells[1] and cells[1][4] == "-":
            cells[1] = date.fromisoformat(cells[1]).strftime("%d/%m/%Y")
        return ",".join([cells[6], cells[1], cells[0], *cells[2:6]])  # gst first

    shuffled = "\n".join(day_first(line) for line in text.splitlines())
    monkeypatch.setattr(
        register.Checker, "row", lambda *a: pytest.fail("a clean row was checked alone")
    )
    for register_text in (text, shuffled):
        batches, rows = read(register_text, [10, 40])
        assert rows == expected
        assert [len(b) for b in batches] == [10, 40, 40, 10]
        assert all(copied(b) == b.accepted for b in batches)


def test_a_quote_half_way_hands_the_rest_to_the_csv_module() -> None:
    lines = [*CLEAN[:50], f'"BM/X, 1",2027-05-01,{GSTIN},199999999999,1,10,1.8', *CLEAN[50:]]
    text = "\r\n".join([",".join(register.COLUMNS), *lines])
    _, rows = read(text, [20])
    assert rows == reference(text)
    assert rows[50] == register.Row(
        52,
        "BM/X, 1",
        date(2027, 5, 1),
        GSTIN,
        "199999999999",
        Decimal(1),
        Decimal(10),
        Decimal("1.8"),
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2027, 4, 1), date(2027, 9, 30)),  # H1
        (date(2027, 10, 1), date(2028, 3, 31)),  # H2, across the year's end and 29 Feb 2028
        (date(2028, 4, 1), date(2029, 3, 31)),  # a financial year
        (date(2027, 4, 15), date(2027, 4, 15)),  # one day
    ],
)
def test_the_period_patterns_match_exactly_the_days_of_the_period(start, end) -> None:
    import re

    patterns = {
        form: re.compile(register.days_pattern(start, end, form))
        for form in register.Checker.DATE_FORMS
    }
    day = date(2027, 1, 1)
    while day <= date(2029, 12, 31):
        for form, written in (
            ("iso", day.isoformat()),
            ("d-m-y", day.strftime("%d-%m-%Y")),
            ("d/m/y", day.strftime("%d/%m/%Y")),
        ):
            assert bool(patterns[form].fullmatch(written)) == (start <= day <= end), written
        day += timedelta(days=1)
    assert not patterns["d-m-y"].fullmatch(start.strftime("%d-%m/%Y"))


def test_an_invoice_number_holding_a_nul_is_rejected_without_it() -> None:
    # No database text can hold a NUL (the upload refuses such a CSV, too): refused, and the
    # number kept without it for the rejected rows.
    checker = register.Checker(COLUMNS, start=H1[0], end=H1[1])
    row = ["BM/\x002", "2027-04-02", GSTIN, "111111111112", "1", "100", "18"]
    assert checker.row(3, row) == register.Rejected(
        3, "BM/2", "the invoice number holds a NUL character"
    )

"""CSV and XLSX exports neutralise cells a spreadsheet would run as formulas (issue 5 §8)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.test import RequestFactory
from openpyxl import load_workbook

from repm_portal.exports import export_response

HOSTILE = ['=HYPERLINK("http://x")', "+91 cmd", "-2+3", "@SUM(A1)", "\tTAB", "plain"]
ROW = [*HOSTILE, Decimal("12345678.90"), -5, date(2027, 4, 1), None]
HEADER = [f"c{i}" for i in range(len(ROW))]


def _export(fmt: str):
    request = RequestFactory().get("/", {"format": fmt})
    return export_response(request, "list", HEADER, [ROW])


def test_csv_cells_beginning_with_a_formula_sign_are_prefixed() -> None:
    response = _export("csv")
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = body.splitlines()[1]
    assert cells.startswith(
        '"\'=HYPERLINK(""http://x"")",\'+91 cmd,\'-2+3,\'@SUM(A1),\'\tTAB,plain,'
    )
    assert cells.endswith(",12345678.90,'-5,2027-04-01,")


def test_xlsx_text_is_neutralised_and_numbers_and_dates_stay_typed() -> None:
    response = _export("xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="list.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADER
    assert list(row[:6]) == [
        '\'=HYPERLINK("http://x")',
        "'+91 cmd",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTAB",
        "plain",
    ]
    assert row[6] == 12345678.9 and row[7] == -5  # numbers, not text (a number is no formula)
    assert row[8] == datetime(2027, 4, 1) and row[9] is None  # noqa: DTZ001  (Excel cells are naive)
    assert sheet["A2"].data_type == "s" and sheet["G2"].data_type == "n"


def test_aware_times_are_written_in_ist() -> None:
    at = datetime(2027, 4, 1, 0, 0, tzinfo=ZoneInfo("UTC"))
    response = export_response(RequestFactory().get("/", {"format": "xlsx"}), "t", ["at"], [[at]])
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    # Excel has no time zones: the cell holds the IST wall-clock time, naive.
    assert sheet["A2"].value == datetime(2027, 4, 1, 5, 30)  # noqa: DTZ001


def test_no_format_means_the_page_itself() -> None:
    assert export_response(RequestFactory().get("/"), "t", ["a"], []) is None

"""Exports of lists as CSV or XLSX, safe to open in a spreadsheet: a text cell beginning with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is prefixed with an apostrophe, so a
spreadsheet shows it instead of running it as a formula."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> str:
    """A cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _xlsx_cell(value: Any) -> Any:
    """Numbers and dates stay typed (money exact, as Decimal); everything else is neutralised
    text."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | Decimal | date):
        return value
    return neutralise(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream rows as a UTF-8 CSV download (with BOM, so Excel reads ₹ and Devanagari)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow([neutralise(h) for h in header])
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """Rows as an XLSX download, written row by row (openpyxl's write-only mode) to a spooled
    temporary file, so a long list never sits whole in memory."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([neutralise(h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    book.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def export_response(
    request: HttpRequest, stem: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponseBase | None:
    """The list as a download when the page is asked for ``?format=csv`` or ``?format=xlsx``;
    None otherwise (the page renders as usual)."""
    wanted = request.GET.get("format")
    if wanted == "csv":
        return csv_response(f"{stem}.csv", header, rows)
    if wanted == "xlsx":
        return xlsx_response(f"{stem}.xlsx", header, rows)
    return None

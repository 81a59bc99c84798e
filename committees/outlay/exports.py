"""The dashboard as CSV, XLSX (one sheet per table, the charts drawn natively) and a tagged PDF
(R-OUT-2, R-GOV-4). Every export is built from the same Dashboard and Forecast as the page."""

from __future__ import annotations

import tempfile
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from repm_portal.exports import XLSX_TYPE, _xlsx_cell, csv_response, neutralise
from repm_portal.money import round_paisa

from . import charts
from .selectors import COMPONENT_LABELS, COMPONENTS, MEASURES, Dashboard, Forecast

MEASURE_KEYS = [m for m, _label in MEASURES]


def _paisa(rows: list[list[Any]]) -> list[list[Any]]:
    """Amounts to the paisa (R-UNIT-3), so that every export prints them alike."""
    return [[round_paisa(c) if isinstance(c, Decimal) else c for c in row] for row in rows]


def _stem(d: Dashboard) -> str:
    return f"outlay-{d.view}-{d.as_of:%Y-%m-%d}"


def dashboard_rows(d: Dashboard) -> tuple[list[str], list[list[Any]]]:
    """Year × component, then each component's total; amounts in rupees."""
    header = [
        _("Year"),
        _("From"),
        _("To"),
        _("Component"),
        *[str(label) for _m, label in MEASURES],
    ]
    rows: list[list[Any]] = []
    for bucket, cells in d.bucket_rows:
        for component, label in COMPONENTS:
            cell = cells[component]
            rows.append(
                [d.bucket_label(bucket.key), bucket.start, bucket.end, str(label)]
                + [cell.value(m) for m in MEASURE_KEYS]
            )
    for component, label in COMPONENTS:
        cell = d.totals[component]
        rows.append([_("Total"), None, None, str(label)] + [cell.value(m) for m in MEASURE_KEYS])
    rows.append(
        [_("Total"), None, None, _("Incentives (Table 6)")]
        + [d.incentives.value(m) for m in MEASURE_KEYS]
    )
    rows.append(
        [_("Total"), None, None, _("Scheme outlay")] + [d.grand.value(m) for m in MEASURE_KEYS]
    )
    return header, rows


def refund_rows(d: Dashboard) -> tuple[list[str], list[list[Any]]]:
    header = [_("Year"), _("Refunds demanded (§11.2)"), _("Refunds recovered")]
    rows: list[list[Any]] = [[d.bucket_label(b.key), *d.refunds[b.key]] for b in d.buckets]
    rows.append([_("Total"), *d.refund_totals])
    return header, rows


def beneficiary_rows(d: Dashboard) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Beneficiary"),
        _("Rank"),
        _("Allocated capacity (MTPA)"),
        _("Incentives ended by a penalty on"),
    ]
    for component in ("capital", "sli"):
        name = str(COMPONENT_LABELS[component])
        header += [
            f"{name}: {_('cap')}",
            f"{name}: {_('committed')}",
            f"{name}: {_('claimed')}",
            f"{name}: {_('sanctioned')}",
            f"{name}: {_('disbursed')}",
        ]
    rows: list[list[Any]] = []
    for line in d.beneficiaries:
        b = line.beneficiary
        row: list[Any] = [
            b.user.organisation or str(b.user),
            f"L{b.rank}",
            b.allocated_capacity_mtpa,
            line.ended_on,
        ]
        for component in ("capital", "sli"):
            c = line.cells[component]
            row += [c.indicative, c.committed, c.claimed, c.sanctioned, c.disbursed]
        rows.append(row)
    return header, rows


def forecast_rows(f: Forecast) -> tuple[list[str], list[list[Any]]]:
    header = (
        [_("Beneficiary"), _("SLI sanctioned so far")]
        + [_("Year %(k)s") % {"k": b.key} for b in f.buckets]
        + [_("Forecast total")]
    )
    rows: list[list[Any]] = []
    for r in f.rows:
        rows.append(
            [r.beneficiary.user.organisation or str(r.beneficiary.user), r.sanctioned]
            + [r.years[b.key].sli if b.key in r.years else Decimal(0) for b in f.buckets]
            + [r.total]
        )
    rows.append(
        [_("Forecast, all beneficiaries"), None] + [f.totals[b.key] for b in f.buckets] + [None]
    )
    rows.append(
        [_("Sanctioned in the year so far"), None]
        + [f.sanctioned.get(b.key, Decimal(0)) for b in f.buckets]
        + [None]
    )
    rows.append(
        [_("Indicative SLI outlay (Table 6)"), None]
        + [f.indicative.get(b.key, Decimal(0)) for b in f.buckets]
        + [None]
    )
    rows.append(
        [_("Passes the indicative outlay"), None]
        + [_("yes") if f.over(b.key) else _("no") for b in f.buckets]
        + [None]
    )
    return header, rows


def assumption_rows(f: Forecast) -> list[list[Any]]:
    a = f.assumptions
    return [
        [_("Capacity utilisation"), a.utilisation],
        [_("Net sale price (₹/kg)"), a.price_per_kg],
        [_("Turnover cap (R-SLI-4)"), a.turnover_fraction],
        [_("What-if (not the parameters in force)"), _("yes") if f.is_what_if else _("no")],
    ]


def csv_export(d: Dashboard) -> StreamingHttpResponse:
    """One CSV: the dashboard's rows, then each year's refunds in their own two columns."""
    header, rows = dashboard_rows(d)
    refunds_header, refunds = refund_rows(d)
    blank = [None] * len(MEASURE_KEYS)
    out = [[*row, None, None] for row in rows]
    out += [[r[0], None, None, _("Refunds (§11.2)"), *blank, r[1], r[2]] for r in refunds]
    return csv_response(f"{_stem(d)}.csv", [*header, *refunds_header[1:]], _paisa(out))


def xlsx_export(d: Dashboard, f: Forecast, issued_at: datetime) -> FileResponse:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = _("Dashboard")[:31]
    first.append([_("Outlay dashboard as of %(day)s") % {"day": d.as_of.strftime("%d %b %Y")}])
    first.append([_("Issued"), timezone.localtime(issued_at).strftime("%d %b %Y %H:%M IST")])
    first.append([_("Parameters in force"), d.params.authority])
    first.append([_("Amounts in rupees")])
    _table(first, *dashboard_rows(d))
    for title, (header, rows) in (
        (_("Refunds"), refund_rows(d)),
        (_("Beneficiaries"), beneficiary_rows(d)),
        (_("Forecast"), forecast_rows(f)),
    ):
        sheet = book.create_sheet(title=title[:31])
        if title == _("Forecast"):
            for row in assumption_rows(f):
                sheet.append([_xlsx_cell(c) for c in row])
            sheet.append([])
        _table(sheet, header, rows)
    for chart in charts.dashboard_charts(d, f):
        charts.xlsx_add_chart(book, chart)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    book.save(out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"{_stem(d)}.xlsx", content_type=XLSX_TYPE
    )


def _table(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    sheet.append([neutralise(h) for h in header])
    for row in _paisa(rows):
        sheet.append([_xlsx_cell(c) for c in row])


def pdf_export(d: Dashboard, f: Forecast, issued_at: datetime) -> HttpResponse:
    from repm_portal.documents.letters import pdf_render

    pdf = pdf_render("committees/outlay/pdf.html", pdf_context(d, f, issued_at))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_stem(d)}.pdf"'
    return response


def pdf_context(d: Dashboard, f: Forecast, issued_at: datetime) -> dict[str, Any]:
    drawn = charts.dashboard_charts(d, f)
    return {
        "d": d,
        "f": f,
        "issued_at": issued_at,
        "charts": [(c, charts.chart_data_uri(c)) for c in drawn],
        "components": COMPONENTS,
        "measures": MEASURES,
    }

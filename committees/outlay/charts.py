"""The dashboard's two charts, defined once and drawn three ways: SVG on the page and in the PDF
(drawn here, on the server: no script, no outside font), a native chart in the XLSX.

Accessible (R-GOV-1): each chart has a title, a one-line summary and its table beside it; every
series has a pattern or a marker shape and dash as well as a colour, and a legend.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from repm_portal.money import format_number, in_crore

from .rules import ZERO
from .selectors import Dashboard, Forecast

# Colours with enough contrast on white; each also has a pattern (bars) or marker (lines).
STYLES = (
    ("#1f4e79", "solid", "circle", ""),
    ("#c55a11", "diagonal", "square", "6 3"),
    ("#548235", "dots", "triangle", "2 3"),
    ("#7030a0", "cross", "diamond", "8 3 2 3"),
    ("#806000", "horizontal", "circle", "1 2"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal, ...]  # ₹ crore, one per category


@dataclass(frozen=True)
class Chart:
    key: str
    kind: Literal["bar", "line"]
    title: str
    summary: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    reference: tuple[str, Decimal] | None = None  # a horizontal line: (label, ₹ crore)
    unit: str = "₹ crore"
    sheet: str = ""  # the XLSX sheet's name

    @property
    def rows(self) -> list[tuple[str, list[Decimal]]]:
        """The chart's data as a table: a row per category (R-GOV-1)."""
        return [
            (category, [s.values[i] for s in self.series])
            for i, category in enumerate(self.categories)
        ]


def _cr(value: Decimal | None) -> Decimal:
    return in_crore(value or ZERO).quantize(Decimal("0.01"))


def dashboard_charts(d: Dashboard, f: Forecast | None = None) -> list[Chart]:
    """Outlay against actuals by year and component; the cumulative lines against the outlay,
    with the sanctions and the SLI forecast together when the years are scheme years."""
    categories = tuple(d.bucket_label(b.key) for b in d.buckets)
    rows = d.rows
    keys = [b.key for b in d.buckets]
    bars = Chart(
        key="by_year",
        kind="bar",
        sheet=_("Chart by year"),
        title=_("Indicative outlay against sanctions, by year and component"),
        summary=_(
            "Sanctioned so far: capital subsidy %(cap)s of %(cap_out)s crore, sales-linked "
            "incentive %(sli)s of %(sli_out)s crore, administration %(adm)s of %(adm_out)s crore."
        )
        % {
            "cap": format_number(_cr(d.totals["capital"].sanctioned)),
            "cap_out": format_number(_cr(d.totals["capital"].indicative)),
            "sli": format_number(_cr(d.totals["sli"].sanctioned)),
            "sli_out": format_number(_cr(d.totals["sli"].indicative)),
            "adm": format_number(_cr(d.totals["admin"].sanctioned)),
            "adm_out": format_number(_cr(d.totals["admin"].indicative)),
        },
        categories=categories,
        series=(
            Series(
                _("Indicative: capital subsidy"),
                tuple(_cr(rows["capital"][k].indicative) for k in keys),
            ),
            Series(_("Indicative: SLI"), tuple(_cr(rows["sli"][k].indicative) for k in keys)),
            Series(
                _("Sanctioned: capital subsidy"),
                tuple(_cr(rows["capital"][k].sanctioned) for k in keys),
            ),
            Series(_("Sanctioned: SLI"), tuple(_cr(rows["sli"][k].sanctioned) for k in keys)),
            Series(
                _("Administration spent"), tuple(_cr(rows["admin"][k].sanctioned) for k in keys)
            ),
        ),
    )
    running: dict[str, Decimal] = {"indicative": ZERO, "sanctioned": ZERO, "disbursed": ZERO}
    lines: dict[str, list[Decimal]] = {k: [] for k in running}
    for key in keys:
        total = d.year_total(key)
        for measure in running:
            running[measure] += total.value(measure) or ZERO
            lines[measure].append(_cr(running[measure]))
    outlay = _cr(d.grand.indicative)
    series = [
        Series(_("Indicative incentives (Table 6), cumulative"), tuple(lines["indicative"])),
        Series(_("Sanctioned, cumulative"), tuple(lines["sanctioned"])),
        Series(_("Disbursed, cumulative"), tuple(lines["disbursed"])),
    ]
    if f is not None and d.view == "scheme":
        expected, running_forecast = [], ZERO
        for i, key in enumerate(keys):
            running_forecast += f.totals.get(key, ZERO)
            expected.append(lines["sanctioned"][i] + _cr(running_forecast))
        series.append(Series(_("Sanctioned and SLI forecast, cumulative"), tuple(expected)))
    summary = _(
        "%(sanctioned)s crore sanctioned and %(disbursed)s crore disbursed in all, against "
        "the scheme outlay of %(outlay)s crore."
    ) % {
        "sanctioned": format_number(lines["sanctioned"][-1]),
        "disbursed": format_number(lines["disbursed"][-1]),
        "outlay": format_number(outlay),
    }
    if len(series) == 4:
        summary += " " + _(
            "With the SLI forecast, %(expected)s crore by the end of the scheme."
        ) % {"expected": format_number(series[3].values[-1])}
    cumulative = Chart(
        key="cumulative",
        kind="line",
        sheet=_("Cumulative chart"),
        title=_("Cumulative indicative outlay, sanctions and disbursements"),
        summary=summary,
        categories=categories,
        series=tuple(series),
        reference=(_("Scheme outlay"), outlay),
    )
    return [bars, cumulative]


# --- SVG ---------------------------------------------------------------------------------------

W, H = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 40, 92


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return magnitude * 10


def _patterns() -> str:
    out = []
    for i, (colour, pattern, _m, _d) in enumerate(STYLES):
        pid = f"p{i}"
        body = {
            "solid": "",
            "diagonal": '<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
            "cross": '<path d="M0,4 H8 M4,0 V8" stroke="#fff" stroke-width="1.5"/>',
            "horizontal": '<path d="M0,2 H8 M0,6 H8" stroke="#fff" stroke-width="1.2"/>',
        }[pattern]
        out.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{body}</pattern>'
        )
    return "<defs>" + "".join(out) + "</defs>"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _legend(chart: Chart, plot_w: float, plot_h: float) -> list[str]:
    """Two columns under the axis, each entry with its pattern or marker and dash."""
    entries = []
    for si, series in enumerate(chart.series):
        colour, _p, shape, dash = STYLES[si]
        lx = LEFT + (si % 2) * (plot_w / 2)
        ly = TOP + plot_h + 36 + (si // 2) * 18
        if chart.kind == "bar":
            swatch = (
                f'<rect x="{lx:.1f}" y="{ly - 9:.1f}" width="14" height="12" fill="url(#p{si})" '
                f'stroke="{colour}"/>'
            )
        else:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            swatch = (
                f'<line x1="{lx - 4:.1f}" x2="{lx + 18:.1f}" y1="{ly - 3:.1f}" y2="{ly - 3:.1f}" '
                f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
                + _marker(shape, lx + 7, ly - 3, colour)
            )
        entries.append(
            swatch
            + f'<text x="{lx + 22:.1f}" y="{ly:.1f}" fill="#111">{escape(series.name)}</text>'
        )
    return entries


def chart_svg(chart: Chart) -> str:
    """The chart as a self-contained SVG document (role="img", titled and described)."""
    values = [v for s in chart.series for v in s.values]
    top = _nice_max(max([*values, chart.reference[1] if chart.reference else ZERO, ZERO]))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(1, len(chart.categories))

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value / top) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        f'class="img-fluid" role="img" '
        f'aria-labelledby="{chart.key}-t {chart.key}-d" '
        'font-family="Noto Sans, Noto Sans Devanagari, sans-serif" font-size="11">',
        f'<title id="{chart.key}-t">{escape(chart.title)}</title>',
        f'<desc id="{chart.key}-d">{escape(chart.summary)}</desc>',
        _patterns(),
        f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold" fill="#111">'
        f"{escape(chart.title)}</text>",
    ]
    for i in range(5):
        tick = top * i / 4
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ccc"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#333">'
            f"{escape(format_number(tick.quantize(Decimal(1))))}</text>"
        )
    parts.append(
        f'<text x="14" y="{TOP + plot_h / 2:.0f}" transform="rotate(-90 14 {TOP + plot_h / 2:.0f})" '
        f'text-anchor="middle" fill="#333">{escape(chart.unit)}</text>'
    )
    slot = plot_w / n
    for i, label in enumerate(chart.categories):
        cx = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text x="{cx:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#111">'
            f"{escape(label)}</text>"
        )
    if chart.kind == "bar":
        k = len(chart.series)
        bar_w = slot * 0.8 / k
        for si, series in enumerate(chart.series):
            for i, value in enumerate(series.values):
                if value <= 0:
                    continue
                x = LEFT + slot * i + slot * 0.1 + bar_w * si
                parts.append(
                    f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar_w:.1f}" '
                    f'height="{TOP + plot_h - y(value):.1f}" fill="url(#p{si})" '
                    f'stroke="{STYLES[si][0]}"><title>{escape(series.name)}, '
                    f"{escape(chart.categories[i])}: {escape(format_number(value))}</title></rect>"
                )
    else:
        for si, series in enumerate(chart.series):
            colour, _p, shape, dash = STYLES[si]
            points = [(LEFT + slot * (i + 0.5), y(v)) for i, v in enumerate(series.values)]
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{dash_attr}/>"
            )
            parts.extend(_marker(shape, px, py, colour) for px, py in points)
    if chart.reference:
        label, value = chart.reference
        ry = y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{ry:.1f}" y2="{ry:.1f}" stroke="#b00000" '
            f'stroke-width="1.5" stroke-dasharray="10 4"/>'
            f'<text x="{W - RIGHT - 4}" y="{ry - 5:.1f}" text-anchor="end" fill="#b00000">'
            f"{escape(label)}: {escape(format_number(value))}</text>"
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#333"/>'
    )
    parts.extend(_legend(chart, plot_w, plot_h))
    parts.append("</svg>")
    return "".join(parts)


def chart_data_uri(chart: Chart) -> str:
    """The SVG as a data: URI, for an <img> in the PDF (WeasyPrint draws it as vectors)."""
    return "data:image/svg+xml;base64," + base64.b64encode(chart_svg(chart).encode()).decode()


# --- XLSX --------------------------------------------------------------------------------------


def xlsx_add_chart(book: Any, chart: Chart, *, anchor_sheet: Any | None = None) -> Any:
    """A sheet of the chart's data with the same chart drawn natively by the spreadsheet."""
    from openpyxl.chart import BarChart, LineChart, Reference

    sheet = book.create_sheet(title=(chart.sheet or chart.key)[:31])
    sheet.append([chart.title])
    sheet.append([chart.summary])
    sheet.append(
        ["", *[s.name for s in chart.series], *([chart.reference[0]] if chart.reference else [])]
    )
    for i, category in enumerate(chart.categories):
        sheet.append(
            [
                category,
                *[s.values[i] for s in chart.series],
                *([chart.reference[1]] if chart.reference else []),
            ]
        )
    first, last = 4, 3 + len(chart.categories)
    columns = len(chart.series) + (1 if chart.reference else 0)
    drawn: Any = BarChart() if chart.kind == "bar" else LineChart()
    drawn.title = chart.title
    drawn.y_axis.title = chart.unit
    drawn.height, drawn.width = 9, 20
    data = Reference(sheet, min_col=2, max_col=1 + columns, min_row=3, max_row=last)
    drawn.add_data(data, titles_from_data=True)
    drawn.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    if chart.kind == "bar":
        from openpyxl.chart.shapes import GraphicalProperties
        from openpyxl.drawing.fill import PatternFillProperties

        presets = ("solidDmnd", "wdDnDiag", "pct20", "cross", "narHorz")
        for i, s in enumerate(drawn.series):
            colour = STYLES[i % len(STYLES)][0].lstrip("#")
            fill = PatternFillProperties(prst=presets[i % len(presets)])
            fill.foreground = _colour(colour)
            fill.background = _colour("FFFFFF")
            s.graphicalProperties = GraphicalProperties(pattFill=fill)
            s.graphicalProperties.line.solidFill = colour
    else:
        symbols = ("circle", "square", "triangle", "diamond", "x")
        dashes = ("solid", "dash", "sysDot", "dashDot", "lgDash")
        for i, s in enumerate(drawn.series):
            colour = STYLES[i % len(STYLES)][0].lstrip("#")
            s.marker.symbol = symbols[i % len(symbols)]
            s.graphicalProperties.line.solidFill = colour
            s.graphicalProperties.line.dashStyle = dashes[i % len(dashes)]
            s.smooth = False
    sheet.add_chart(drawn, f"A{last + 3}")
    return sheet


def _colour(hex_rgb: str) -> Any:
    from openpyxl.drawing.colors import ColorChoice

    return ColorChoice(srgbClr=hex_rgb)


def charts_by_key(charts: Sequence[Chart]) -> dict[str, Chart]:
    return {c.key: c for c in charts}

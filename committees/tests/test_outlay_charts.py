"""The charts: one definition, drawn as SVG and in the XLSX alike; accessible (R-OUT-2,
R-GOV-1)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from openpyxl import Workbook

from committees.outlay import charts, selectors
from committees.tests.outlay_data import D2, small_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(applicant, rival, mhi) -> list[charts.Chart]:
    small_scheme(applicant, rival, mhi)
    d = selectors.outlay_dashboard(as_of=D2)
    return charts.dashboard_charts(d, selectors.outlay_forecast(as_of=D2))


def test_r_out_2_charts_carry_the_dashboards_figures(drawn) -> None:
    bars, cumulative = drawn
    assert bars.rows[2] == (
        "Year 3",
        [
            Decimal("750.00"),
            Decimal("1290.00"),
            Decimal("75.00"),
            Decimal("10.00"),
            Decimal("0.00"),
        ],
    )
    # Cumulative sanctions: ₹3 cr admin in Y1, then ₹75 cr + ₹10 cr in Y3: ₹88 cr from Y3 on.
    sanctioned = next(s for s in cumulative.series if s.name == "Sanctioned, cumulative")
    assert sanctioned.values == (Decimal("3.00"),) * 2 + (Decimal("88.00"),) * 5
    assert cumulative.reference == ("Scheme outlay", Decimal("7280.00"))
    assert len(cumulative.series) == 4  # with the forecast


def test_r_gov_1_svg_is_titled_patterned_and_self_contained(drawn) -> None:
    for chart in drawn:
        svg = charts.chart_svg(chart)
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert "<script" not in svg and not re.search(r"(href|src)=\"https?:", svg)
        for series in chart.series:
            assert series.name in svg  # a legend entry for every series
    assert svg.count("<pattern") == len(charts.STYLES)
    assert "stroke-dasharray" in svg  # lines differ by dash and marker, not colour alone


def test_r_out_2_xlsx_chart_is_drawn_from_the_same_definition(drawn) -> None:
    book = Workbook()
    sheet = charts.xlsx_add_chart(book, drawn[0])
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(r[0], list(r[1:])) for r in rows] == drawn[0].rows
    assert len(sheet._charts) == 1

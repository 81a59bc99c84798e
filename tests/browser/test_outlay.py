"""Chromium: MHI opens the outlay dashboard, moves the as-of date, drills into a cell, and
downloads the PDF (rendered with its charts) and the XLSX (R-OUT-2)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from committees.tests.outlay_data import small_scheme
from tests.browser.helpers import serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_out_2_mhi_moves_the_date_drills_down_and_downloads(
    live_server, page, applicant, rival, mhi, tmp_path
):
    base = live_server.url
    s = small_scheme(applicant, rival, mhi)
    sign_in(page, base, mhi.email)
    page.get_by_role("button", name="Oversight").click()  # the menu groups it by task
    page.get_by_role("link", name="Outlay", exact=True).first.click()
    assert page.get_by_role("heading", name="Outlay dashboard", level=1).is_visible()

    page.get_by_label("As of").fill("2028-12-01")
    page.get_by_role("button", name="Show").click()
    sli = page.get_by_role("table", name="Sales-linked incentive: Table 6 against commitments")
    year3 = sli.get_by_role("row").filter(has_text="Year 3")
    assert "₹ 1,280.00 cr" in year3.inner_text()  # 1,290 less 10 sanctioned
    assert page.locator("#chart-cumulative svg").count() == 1
    assert serious_violations(page) == []

    page.get_by_label("As of").fill("2029-06-30")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Disbursed, Sales-linked incentive, Year 4: details").click()
    claims = page.get_by_role("table", name="The claims behind the figure")
    assert s["c1"].label() in claims.inner_text()
    assert serious_violations(page) == []
    page.go_back()

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Export PDF").click()
    pdf = tmp_path / "outlay.pdf"
    pdf_download.value.save_as(pdf)
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Export XLSX").click()
    xlsx = tmp_path / "outlay.xlsx"
    xlsx_download.value.save_as(xlsx)

    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert "Dashboard" in book.sheetnames and sum(bool(ws._charts) for ws in book.worksheets) == 2
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Outlay dashboard as of the end of 30 June 2029" in text
        assert "Indicative outlay against sanctions, by year and component" in text
        # The chart's page rasterises: the bars and lines are drawn, not left blank.
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True
        )
        pages = sorted(tmp_path.glob("page-*.png"))
        assert len(pages) >= 3
        assert max(p.stat().st_size for p in pages) > 10_000

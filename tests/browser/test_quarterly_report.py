"""Chromium: a beneficiary files its quarterly report, the PMA returns it, it is resubmitted and
accepted; the PMA compiles and issues the QRR, whose PDF has Devanagari and Latin text (R-COM-4,
R-GOV-1, R-GOV-4)."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest

from committees import reports as rules
from committees.tests.report_fixtures import beneficiary, invest
from repm_portal.periods import today_ist
from tests.browser.helpers import flash, serious_violations, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_com_4_quarterly_report_to_issued_qrr(live_server, page, applicant, pma, tmp_path):
    base = live_server.url
    quarter = rules.last_ended_quarter(today_ist())
    b = beneficiary(applicant, loa_date=quarter.start + timedelta(days=20))
    invest(b)

    # 1. The beneficiary starts the report for the last ended quarter and submits it.
    sign_in(page, base, applicant.email)
    page.goto(f"{base}/quarterly-reports/")
    page.locator("#id_start-quarter").select_option(quarter.code)
    page.get_by_role("button", name="Start the report").click()
    flash(page, "Draft started")
    assert serious_violations(page) == []
    page.get_by_label("land acquired (%)").fill("100")
    page.get_by_label("buildings complete (%)").fill("45")
    page.get_by_label("Alloy making and strip casting").check()
    page.get_by_label("engineers and scientists").fill("30")
    page.get_by_label("of whom women").fill("40")
    page.get_by_role("button", name="Save and submit").click()
    assert "Women cannot outnumber the total headcount" in page.content()
    page.get_by_label("of whom women").fill("9")
    page.locator("#id_risks-0-risk").fill("Jet mill delivery slips")
    page.locator("#id_risks-0-likelihood").select_option("3")
    page.locator("#id_risks-0-impact").select_option("3")
    page.get_by_role("button", name="Save and submit").click()
    flash(page, "Report submitted to the PMA.")
    report_url = page.url
    sign_out(page)

    # 2. The PMA returns it with reasons.
    sign_in(page, base, pma.email)
    page.goto(report_url)
    page.get_by_label("Reasons for return").fill("State the yield of the trial runs.")
    page.get_by_role("button", name="Return for revision").click()
    flash(page, "Done: the report is now “Returned for revision”.")
    sign_out(page)

    # 3. The beneficiary corrects and resubmits.
    sign_in(page, base, applicant.email)
    page.goto(report_url)
    assert "State the yield of the trial runs." in page.content()
    page.get_by_label("yield (%)").fill("78.5")
    page.get_by_role("button", name="Save and resubmit").click()
    flash(page, "Report submitted to the PMA.")
    sign_out(page)

    # 4. The PMA accepts it, compiles the QRR, writes its analysis and issues it.
    sign_in(page, base, pma.email)
    page.goto(report_url)
    page.get_by_role("button", name="Accept the report").click()
    flash(page, "Done: the report is now “Accepted”.")
    page.goto(f"{base}/qrr/")
    page.get_by_label("Quarter").fill(quarter.code)
    page.get_by_role("button", name="Compile").click()
    flash(page, "QRR compiled")
    assert serious_violations(page) == []
    page.get_by_label("Analysis of Bharat Magnetics Ltd (§10.1.viii)").fill(
        "Civil works on schedule; the jet mill is the risk to watch."
    )
    page.get_by_label("Recommendations (§10.1.x)").fill("Review the jet mill order monthly.")
    page.get_by_role("button", name="Save the analysis").click()
    flash(page, "Analysis saved.")
    page.get_by_role("button", name="Issue the QRR").click()
    flash(page, "QRR issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the QRR (PDF)").click()
    pdf = tmp_path / "qrr.pdf"
    download.value.save_as(pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "भारत सरकार" in text  # Devanagari as real text
    assert f"Quarterly Review Report {quarter.code}" in text and "Issued:" in text
    assert "Review the jet mill order monthly." in text
    assert "Jet mill delivery slips" in text  # rated high: 3 × 3

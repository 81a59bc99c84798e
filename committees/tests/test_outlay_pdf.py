"""The PDF export: tagged, dated and issued (R-GOV-4), with the charts drawn (R-OUT-2)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from committees.tests.outlay_data import D2, small_scheme

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_r_out_2_pdf_has_the_figures_the_issue_time_and_the_charts(
    client, applicant, rival, mhi, tmp_path
) -> None:
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    response = client.get(reverse("web:outlay_export", args=["pdf"]), {"as_of": D2})
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "outlay.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info  # R-GOV-1
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Outlay dashboard as of the end of 30 June 2029" in text
    assert "Issued:" in text and "IST" in text
    assert "₹ 7,280.00 cr" in text
    # The charts are drawn as vectors: their titles and legends are text in the PDF.
    assert "Cumulative indicative outlay, sanctions and disbursements" in text
    assert "Sanctioned: SLI" in text
    assert "Scheme outlay: 7,280" in text

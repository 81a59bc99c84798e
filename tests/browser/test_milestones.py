"""Chromium: a beneficiary files an investment report and MHI sees milestone 1 achieved; a
missed milestone shows as a penalty case on MHI's home page (R-MS-1, R-MS-4)."""

from datetime import date

import pytest

from bidding.tests.fixtures import awarded, pdf
from milestones import services
from milestones.models import PenaltyCase
from repm_portal.documents.models import DocumentKind
from tests.browser.helpers import flash, serious_violations, sign_in, sign_out
from tests.clock import today_is
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The portal (and its live server, a thread of this process) runs on 1 March 2028: the
# investment of 2027 is past, as a report's date must be (R-UNIT-5).
_march_2028 = today_is(date(2028, 3, 1))


def test_investment_report_then_m1_achieved_and_a_missed_m1_on_mhis_home(
    live_server, page, applicant, mhi
):
    base = live_server.url
    b = awarded(applicant, capacity=1000, loa_date=date(2027, 2, 1), mhi=mhi)
    services.milestones_start(beneficiary=b)
    pdf(applicant, DocumentKind.CERTIFICATE, "CA certificate.pdf")

    sign_in(page, base, applicant.email)
    page.goto(f"{base}/beneficiaries/{b.pk}/milestones/")
    page.get_by_label("Investment up to").fill("2027-12-31")
    page.get_by_label("Chartered Accountant's certificate").select_option(index=1)
    page.locator("#id_lines-0-head").select_option("plant")
    page.locator("#id_lines-0-description").fill("Vacuum sintering furnaces (4)")
    page.locator("#id_lines-0-vendor").fill("Ipsen India Pvt Ltd")
    page.locator("#id_lines-0-invoice_number").fill("IPS/2027/118")
    page.locator("#id_lines-0-invoice_date").fill("2027-07-14")
    page.locator("#id_lines-0-amount").fill("1450000000.00")
    page.locator("#id_lines-0-non_creditable_taxes").fill("50000000.00")
    page.get_by_role("button", name="Submit the report").click()
    flash(page, "Investment report recorded.")
    assert serious_violations(page) == []
    sign_out(page)

    laggard = UserFactory(
        email="ceo@slowmagnets.in", role="applicant", organisation="Slow Magnets Ltd"
    )
    late = awarded(laggard, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    services.milestones_start(beneficiary=late)
    services.daily_checks(today=date(2028, 2, 2))  # the day after M1's deadline
    case = PenaltyCase.objects.get(beneficiary=late)

    sign_in(page, base, mhi.email)
    due = page.get_by_role("table", name="What is due or overdue for you, overdue first")
    assert f"Penalty case {case.pk}: Slow Magnets Ltd" in due.inner_text()
    page.goto(f"{base}/beneficiaries/{b.pk}/milestones/")
    m1 = page.get_by_role("row", name="M1")
    assert "Achieved (14 Jul 2027)" in m1.inner_text()  # ₹145 cr + ₹5 cr taxes = ₹150 cr
    assert serious_violations(page) == []

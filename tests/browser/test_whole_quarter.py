"""Chromium: the whole quarter, from a beneficiary's quarterly report to the TC's confirmed
minutes. The beneficiary files its report (a headcount it breaks is refused), the PMA returns
it, it is resubmitted and accepted; the PMA compiles and issues the QRR, whose PDF has
Devanagari and Latin text; the member secretary (the PMA) schedules the TC's quarterly review,
whose proposed agenda carries the QRR; a TC member seated today comments on the QRR item; the
member secretary records attendance (quorum), a decision and an action item and confirms the
minutes, whose PDF has Devanagari and Latin text too (R-COM-1…4, R-GOV-1, R-GOV-4)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from committees import reports as rules
from committees import services
from committees.models import Committee, Seat
from committees.tests.report_fixtures import beneficiary, invest
from repm_portal.periods import today_ist
from tests.browser.helpers import flash, pdf_text, serious_violations, sign_in, sign_out
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seat_the_tc(mhi, pma) -> None:
    """The chair (seat 1), the PMA as member secretary (seat 10) and two more members, seated
    for the last 90 days; the ``tc_member`` persona holds a member seat from today."""
    tc = Committee.objects.get(code="tc")
    since = today_ist() - timedelta(days=90)
    chair = UserFactory(email="js.hi@mhi.gov.in", role="mhi", full_name="Vikram Rathore")
    holders = {1: chair, 10: pma}
    for number, name in ((6, "Ritu Banerjee"), (7, "Joseph Thomas")):
        holders[number] = UserFactory(email=f"tc{number}@gov.in", role="tc", full_name=name)
    for number, holder in holders.items():
        services.seat_appoint(
            actor=mhi,
            seat=Seat.objects.get(committee=tc, number=number),
            holder=holder,
            starts_on=since,
        )


def test_r_com_1_to_4_the_whole_quarter_from_report_to_confirmed_minutes(  # noqa: PLR0915  (one quarter, step by step)
    live_server, page, applicant, pma, mhi, tc_member, tmp_path
) -> None:
    base = live_server.url
    today = today_ist()
    quarter = rules.last_ended_quarter(today)
    b = beneficiary(applicant, loa_date=quarter.start + timedelta(days=20))
    invest(b)
    seat_the_tc(mhi, pma)
    violations: dict[str, list[str]] = {}

    def check_axe(name: str) -> None:
        found = serious_violations(page)
        if found:
            violations[name] = found

    # 1. The beneficiary files its quarterly report for the last ended quarter.
    sign_in(page, base, applicant.email)
    check_axe("beneficiary home")
    page.goto(f"{base}/quarterly-reports/")
    page.locator("#id_start-quarter").select_option(quarter.code)
    page.get_by_role("button", name="Start the report").click()
    flash(page, "Draft started")
    check_axe("report draft")
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
    check_axe("PMA home")
    page.goto(report_url)
    page.get_by_label("Reasons for return").fill("State the yield of the trial runs.")
    page.get_by_role("button", name="Return for revision").click()
    flash(page, "Done: the report is now “Returned for revision”.")
    sign_out(page)

    # 3. The beneficiary reads the reasons, corrects and resubmits.
    sign_in(page, base, applicant.email)
    page.goto(report_url)
    assert "State the yield of the trial runs." in page.content()
    page.get_by_label("yield (%)").fill("78.5")
    page.get_by_role("button", name="Save and resubmit").click()
    flash(page, "Report submitted to the PMA.")
    sign_out(page)

    # 4. The PMA accepts it, compiles the QRR, writes the analysis and issues it.
    sign_in(page, base, pma.email)
    page.goto(report_url)
    page.get_by_role("button", name="Accept the report").click()
    flash(page, "Done: the report is now “Accepted”.")
    page.goto(f"{base}/qrr/")
    page.get_by_label("Quarter").fill(quarter.code)
    page.get_by_role("button", name="Compile").click()
    flash(page, "QRR compiled")
    check_axe("QRR draft")
    page.get_by_label("Analysis of Bharat Magnetics Ltd (§10.1.viii)").fill(
        "Civil works on schedule; the jet mill is the risk to watch."
    )
    page.get_by_label("Recommendations (§10.1.x)").fill("Review the jet mill order monthly.")
    page.get_by_role("button", name="Save the analysis").click()
    flash(page, "Analysis saved.")
    page.get_by_role("button", name="Issue the QRR").click()
    flash(page, "QRR issued")
    check_axe("QRR issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the QRR (PDF)").click()
    qrr_pdf = tmp_path / "qrr.pdf"
    download.value.save_as(qrr_pdf)
    text = pdf_text(qrr_pdf)
    assert "भारत सरकार" in text  # Devanagari as real text
    assert f"Quarterly Review Report {quarter.code}" in text and "Issued:" in text
    assert "Review the jet mill order monthly." in text
    assert "Jet mill delivery slips" in text  # rated high: 3 × 3

    # 5. The member secretary schedules the TC's quarterly review: the QRR is proposed.
    page.goto(f"{base}/meetings/")
    check_axe("meetings")
    form = page.locator("section[aria-labelledby=new-h]")
    form.get_by_label("Committee").select_option(label="Technical Committee")
    starts = timezone.localtime() - timedelta(hours=1)
    if starts.date() != today:  # just after midnight IST: keep the meeting today
        starts = timezone.localtime()
    form.get_by_label("Date and time (IST)").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Venue").fill("Conference Room, Udyog Bhawan, New Delhi")
    form.get_by_label("Quarter reviewed").fill(quarter.code)
    form.get_by_role("button", name="Schedule").click()
    flash(page, "Meeting scheduled with the proposed agenda.")
    meeting_url = page.url
    qrr_heading = page.get_by_role("heading", name=f"Quarterly review report {quarter.code}")
    qrr_heading.wait_for()
    assert page.get_by_role(
        "heading", name=f"Technical Committee quarterly review – {quarter.code}"
    ).count()
    check_axe("meeting scheduled")
    sign_out(page)

    # 6. A TC member seated today comments on the QRR item.
    sign_in(page, base, tc_member.email)
    check_axe("TC home")
    page.goto(meeting_url)
    item = page.locator("section", has=qrr_heading)
    item.get_by_label("Your comment").fill("The jet mill order needs a fallback supplier.")
    item.get_by_role("button", name="Comment").click()
    flash(page, "Saved.")
    item = page.locator(
        "section", has=page.get_by_role("heading", name=f"Quarterly review report {quarter.code}")
    )
    assert "The jet mill order needs a fallback supplier." in item.inner_text()
    check_axe("meeting commented")
    sign_out(page)

    # 7. The member secretary records a decision and an action item on the QRR item, the
    # attendance (quorum: 5 of 10 seats with the chair) and confirms the minutes.
    sign_in(page, base, pma.email)
    page.goto(meeting_url)

    def qrr_item():
        return page.locator(
            "section",
            has=page.get_by_role("heading", name=f"Quarterly review report {quarter.code}"),
        )

    qrr_item().get_by_text("Record a decision or an action item").click()
    qrr_item().get_by_label("Decision").fill("Accept the QRR; ask for a second jet mill quote.")
    qrr_item().get_by_role("button", name="Record the decision").click()
    flash(page, "Saved.")
    qrr_item().get_by_text("Record a decision or an action item").click()
    qrr_item().get_by_label("Action", exact=False).fill("Obtain a second quote for the jet mill")
    qrr_item().get_by_label("Owner").select_option(label=str(applicant))
    qrr_item().get_by_label("Due on").fill((today + timedelta(days=30)).isoformat())
    qrr_item().get_by_role("button", name="Add the action item").click()
    flash(page, "Saved.")
    for name in ("Vikram Rathore", "Meera Iyer", "Arvind Kulkarni", "Ritu Banerjee"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Record the attendance").click()
    flash(page, "Attendance recorded.")
    assert "NOT met (needs 5 seats" in page.content()  # 4 of 10 seats: below half
    for name in (
        "Vikram Rathore",
        "Meera Iyer",
        "Arvind Kulkarni",
        "Ritu Banerjee",
        "Joseph Thomas",
    ):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Record the attendance").click()
    flash(page, "Attendance recorded.")
    assert "met (at least 5 seats" in page.content()
    page.get_by_role("button", name="Confirm the minutes").click()
    flash(page, "Minutes confirmed and issued.")
    check_axe("minutes confirmed")
    assert page.get_by_role("button", name="Record the attendance").count() == 0

    # 8. The minutes PDF: dated, with the QRR item, the decision and the action, in Devanagari
    # and Latin text.
    response = page.request.get(f"{meeting_url}minutes.pdf")
    assert response.status == 200
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.body())
    text = pdf_text(path)
    assert f"Minutes of the Technical Committee quarterly review – {quarter.code}" in text
    assert f"Quarterly review report {quarter.code}" in text
    assert "Accept the QRR; ask for a second jet mill quote." in text
    assert "Obtain a second quote for the jet mill" in text
    assert "Issued:" in text
    assert re.search(r"[\u0900-\u097F]{3,}", text) and "भारत सरकार" in text
    sign_out(page)

    # 9. The beneficiary sees the action item addressed to it on its home page.
    sign_in(page, base, applicant.email)
    assert "Obtain a second quote for the jet mill" in page.content()
    check_axe("beneficiary home with action")

    assert violations == {}

"""Chromium: a TC member comments on an agenda item; the member secretary records a decision and
an action item, the attendance with quorum, and confirms the minutes; the minutes PDF carries
Devanagari and Latin text (R-COM-1…3, R-GOV-4)."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.models import Committee, Seat
from repm_portal.periods import today_ist
from tests.browser.helpers import flash, serious_violations, sign_in, sign_out
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_tc_member_comments_and_the_secretary_confirms_the_minutes(  # noqa: PLR0915  (one meeting, step by step)
    live_server, page, tc_member, pma, mhi, applicant, tmp_path
):
    base = live_server.url
    tc = Committee.objects.get(code="tc")
    since = today_ist() - timedelta(days=90)
    chair = UserFactory(email="js.hi@mhi.gov.in", role="mhi", full_name="Vikram Rathore")
    services.seat_appoint(
        actor=mhi, seat=Seat.objects.get(committee=tc, number=1), holder=chair, starts_on=since
    )
    services.seat_appoint(
        actor=mhi, seat=Seat.objects.get(committee=tc, number=10), holder=pma, starts_on=since
    )
    for number, name in ((6, "Ritu Banerjee"), (7, "Joseph Thomas")):
        services.seat_appoint(
            actor=mhi,
            seat=Seat.objects.get(committee=tc, number=number),
            holder=UserFactory(email=f"tc{number}@gov.in", role="tc", full_name=name),
            starts_on=since,
        )
    meeting = services.meeting_schedule(
        actor=pma,
        committee=tc,
        starts_at=timezone.now() - timedelta(hours=2),
        venue="Conference Room, Udyog Bhawan, New Delhi",
        quarter="FY2026-27-Q2",
    )
    services.agenda_item_add(actor=pma, meeting=meeting, title="Progress of Bharat Magnetics")
    url = f"{base}/meetings/{meeting.pk}/"

    # A TC member comments on the item.
    sign_in(page, base, tc_member.email)
    page.goto(url)
    page.get_by_label("Your comment").fill("The sintering line is three months late.")
    page.get_by_role("button", name="Comment").click()
    flash(page, "Saved.")
    assert "The sintering line is three months late." in page.content()
    assert serious_violations(page) == []
    sign_out(page)

    # The member secretary (the PMA) records a decision, an action item and the attendance.
    sign_in(page, base, pma.email)
    page.goto(url)
    page.get_by_text("Record a decision or an action item").click()
    page.get_by_label("Decision").fill("Ask for a recovery plan for the line.")
    page.get_by_role("button", name="Record the decision").click()
    flash(page, "Saved.")
    page.get_by_text("Record a decision or an action item").click()
    page.get_by_label("Action", exact=False).fill("Submit a recovery plan for the sintering line")
    page.get_by_label("Owner").select_option(label=str(applicant))
    page.get_by_label("Due on").fill((today_ist() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Add the action item").click()
    flash(page, "Saved.")
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
    assert serious_violations(page) == []
    assert page.get_by_role("button", name="Record the attendance").count() == 0

    # The minutes PDF: tagged, dated, Devanagari and Latin.
    response = page.request.get(f"{url}minutes.pdf")
    assert response.status == 200
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # lines wrap anywhere
    assert "Minutes of the Technical Committee quarterly review – FY2026-27-Q2" in text
    assert "Ask for a recovery plan for the line." in text
    assert "Submit a recovery plan for the sintering line" in text
    assert "Issued:" in text
    assert "भारत सरकार" in text

    # The lists are accessible too; MHI relieves a member from the committee page.
    page.goto(f"{base}/meetings/")
    assert "Minutes (PDF)" in page.content()
    assert serious_violations(page) == []
    sign_out(page)
    sign_in(page, base, mhi.email)
    page.goto(f"{base}/committees/tc/")
    assert serious_violations(page) == []
    page.get_by_label("Last day").first.fill(today_ist().isoformat())
    page.get_by_role("button", name="Relieve").first.click()
    flash(page, "The member is relieved.")

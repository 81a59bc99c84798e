"""Chromium: the PMA seeks a clarification; the beneficiary's e-mail (read from the test
outbox) links to the claim, where it answers; its notifications page marks all read
(R-SLI-9, R-GOV-2)."""

import re
from datetime import date

import pytest

from incentives.tests.fixtures import checked_claim
from repm_portal.notifications.models import Notification
from tests.browser.helpers import sign_in
from tests.clock import today_is

# The claims here are for FY 2027-28: the portal runs as on 15 January 2029, when their
# periods have ended (R-UNIT-4/5).
_claims_for_ended_periods = today_is(date(2029, 1, 15))


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_sli_9_the_clarification_is_emailed_with_a_link_to_the_claim(
    live_server, page, applicant, pma, mhi, mailoutbox, settings, tasks_run_here
) -> None:
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    claim = checked_claim(applicant, mhi)
    sign_in(page, base, pma.email)
    page.goto(f"{base}/claims/{claim.pk}/")
    page.get_by_role("button", name="Start the examination").click()
    page.get_by_role("status").filter(has_text="Under examination").wait_for()
    clarify = page.get_by_role("form", name="Seek a clarification")
    clarify.get_by_label("Note").fill("Reconcile the register with GSTR-1 for April 2027.")
    clarify.get_by_role("button", name="Seek a clarification").click()
    page.get_by_role("status").filter(has_text="Clarification sought").wait_for()
    page.get_by_role("button", name="Sign out").click()

    [mail] = [m for m in mailoutbox if m.to == [applicant.email]]
    title = f"Clarification sought on your sales-linked incentive claim no. {claim.pk}"
    assert mail.subject == title
    link = re.search(rf"{re.escape(base)}/claims/\d+/", mail.body)
    assert link is not None and link.group(0) == f"{base}/claims/{claim.pk}/"
    assert f"{base}/notifications/" in mail.body

    sign_in(page, base, applicant.email)
    assert page.get_by_role("link", name=re.compile("Notifications")).is_visible()
    page.goto(link.group(0))
    answer = page.get_by_role("form", name="Answer the clarification")
    answer.get_by_label("Note").fill("GSTR-1 for April 2027 uploaded; it matches.")
    answer.get_by_role("button", name="Answer the clarification").click()
    page.get_by_role("status").filter(has_text="Under examination").wait_for()
    # the PMA is told of the answer, by e-mail too
    assert [m.subject for m in mailoutbox if m.to == [pma.email]] == [
        f"{applicant.organisation} answered the clarification on sales-linked incentive "
        f"claim no. {claim.pk}"
    ]
    page.goto(f"{base}/notifications/")
    page.get_by_role("link", name=title).wait_for()
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_url(f"{base}/notifications/")
    assert not Notification.objects.filter(user=applicant, read_at__isnull=True).exists()
    assert page.get_by_text("new", exact=True).count() == 0

"""Chromium at 375 px: no page scrolls sideways, wide tables scroll in their own focusable
region; at 1,366 px each role's menu fits on one line (R-GOV-1)."""

from datetime import date

import pytest

from incentives.tests.fixtures import checked_claim
from tests.browser.helpers import sign_in
from tests.clock import today_is

# The claims here are for FY 2027-28: the portal runs as on 15 January 2029, when their
# periods have ended (R-UNIT-4/5).
_claims_for_ended_periods = today_is(date(2029, 1, 15))


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What sticks out on the right, innermost first (to say what to fix when this fails).
OFFENDERS = """[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right
  > document.documentElement.clientWidth + 1 && !e.closest('.table-responsive')).slice(-4)
  .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_r_gov_1_no_page_scrolls_sideways_on_a_phone(
    live_server, browser, applicant, pma, mhi
) -> None:
    from tests.browser.helpers import serious_violations

    base = live_server.url
    claim = checked_claim(applicant, mhi)
    b = claim.beneficiary
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="en-IN", timezone_id="Asia/Kolkata"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, base, applicant.email)
        wide = {}
        for path in [
            "/",
            "/parameters/",
            f"/claims/{claim.pk}/",
            f"/beneficiaries/{b.pk}/milestones/",
            f"/beneficiaries/{b.pk}/ledger/",
            "/claims/",
            "/about/feedback/",
            "/notifications/",
        ]:
            page.goto(base + path)
            overflow = page.evaluate(SIDEWAYS)
            if overflow > 0:
                wide[path] = (overflow, page.evaluate(OFFENDERS))
            found = [v for v in serious_violations(page) if v.startswith("scrollable-region")]
            assert found == [], (path, found)
        assert wide == {}, repr(wide)
    finally:
        context.close()


def test_r_gov_1_each_roles_menu_fits_one_line_at_1366_px(
    live_server, browser, applicant, pma, mhi, tc_member, smc_member, ie
) -> None:
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        for user in (applicant, pma, mhi, tc_member, smc_member, ie):
            sign_in(page, base, user.email)
            # one line: every item of the menu's bar sits at the same height
            tops = page.locator("#main-nav > ul > li").evaluate_all(
                "items => [...new Set(items.map(i => Math.round(i.getBoundingClientRect().top)))]"
            )
            assert len(tops) == 1, (user.role, tops)
            page.get_by_role("button", name="Sign out").click()
    finally:
        context.close()

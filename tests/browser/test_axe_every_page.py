"""Chromium + axe: every page of each role's menu, in English and Hindi, at 1,366 and 375 px,
has no serious or critical violation (R-GOV-1, R-GOV-2)."""

from datetime import date

import pytest
from django.urls import reverse

from incentives.tests.fixtures import checked_claim
from repm_portal.web.navigation import nav_for
from tests.browser.helpers import read_in, serious_violations, signed_in_page
from tests.clock import today_is

# The claims here are for FY 2027-28: the portal runs as on 15 January 2029, when their
# periods have ended (R-UNIT-4/5).
_claims_for_ended_periods = today_is(date(2029, 1, 15))


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("who", ["applicant", "pma", "mhi", "tc_member", "smc_member", "ie"])
def test_r_gov_1_every_page_of_each_roles_menu_passes_axe(
    live_server, browser, request, who, applicant, mhi
) -> None:
    claim = checked_claim(applicant, mhi)
    user = request.getfixturevalue(who)
    base = live_server.url
    paths = [reverse(item.url_name) for item in nav_for(user.role)]
    paths += ["/notifications/", "/about/feedback/"]
    if who in ("applicant", "pma", "mhi"):
        paths += [f"/claims/{claim.pk}/", f"/beneficiaries/{claim.beneficiary_id}/ledger/"]
    found = {}
    for width in (1366, 375):
        with signed_in_page(browser, base, user.email, width=width) as page:
            for language in ("en", "hi"):
                read_in(page, base, language)
                for path in paths:
                    page.goto(base + path)
                    if path.startswith("/api/docs"):
                        page.locator(".opblock-tag").first.wait_for()
                    violations = serious_violations(page)
                    if violations:
                        found[(width, language, path)] = violations
    assert found == {}

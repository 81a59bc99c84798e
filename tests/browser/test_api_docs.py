"""Chromium: the API's documentation page has the portal's frame, language switch and
contrast (R-GOV-1, R-GOV-2, R-GOV-3)."""

import pytest

from tests.browser.helpers import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_gov_1_the_api_docs_are_framed_and_pass_axe(live_server, page) -> None:
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock-tag").first.wait_for()
    assert page.get_by_role("heading", name="API documentation", level=1).is_visible()
    assert page.get_by_label("Language").is_visible()  # the portal's language switch
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert serious_violations(page) == []

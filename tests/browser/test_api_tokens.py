"""A user issues an API token from the user menu, sees its key once, and revokes it; axe-core
finds no serious or critical accessibility violations on the page (R-GOV-1; issue 14 item 5)."""

import pytest

from repm_portal.accounts.models import ApiToken
from tests.browser.helpers import serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_issues_and_revokes_an_api_token(live_server, page, applicant) -> None:
    sign_in(page, live_server.url, applicant.email)
    page.get_by_role("button", name="My account").click()  # the menu's group
    page.get_by_role("link", name="API tokens").click()
    assert page.get_by_role("heading", level=1).inner_text() == "API tokens"
    assert serious_violations(page) == []
    page.get_by_label("Label").fill("ERP invoice upload")
    page.get_by_role("button", name="Issue a token").click()
    key = page.locator("#new-key").input_value()
    token = ApiToken.objects.get(user=applicant)
    assert key.startswith(token.prefix) and len(key) == 43
    assert page.get_by_role("cell", name="ERP invoice upload").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name=f"Revoke {token.prefix}…").click()
    assert page.get_by_text(f"The token starting {token.prefix} is revoked.").is_visible()
    assert page.get_by_text("You have no working API tokens.").is_visible()

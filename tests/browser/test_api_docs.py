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


def test_r_gov_2_in_hindi_the_frame_says_the_console_is_english(live_server, page) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "hi", "url": live_server.url}])
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock-tag").first.wait_for()
    assert page.get_by_text("नीचे दिया गया इंटरैक्टिव कंसोल अंग्रेज़ी में है").is_visible()
    info = page.locator("#swagger-ui .information-container")
    assert info.get_attribute("lang") == "hi"  # its description is the API's, in Hindi
    assert "सिंटर्ड रेयर अर्थ परमानेंट मैग्नेट" in info.inner_text()
    assert serious_violations(page) == []

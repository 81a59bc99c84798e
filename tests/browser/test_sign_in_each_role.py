"""Each role signs in through the real form in Chromium and sees its home page; axe-core finds
no serious or critical accessibility violations on the sign-in and home pages (R-GOV-1)."""

import pytest

from tests.browser.helpers import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    "applicant": "Upload and keep your documents",
    "pma": "you examine claims",
    "tc": "evaluate technical bids",
    "smc": "Periodic review meetings of the SMC",
    "mhi": "Record an amendment of scheme parameters",
    "ie": "only the claims assigned to you",
    "admin": "Create a staff account",
}


def test_every_role_signs_in_and_sees_its_home(live_server, page, personas) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    assert page.title().startswith("Sign in")
    assert serious_violations(page) == []
    for role, words in EXPECTED.items():
        user = personas[role]
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill("Correct-Horse-Battery-9")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
        assert page.get_by_text(words).is_visible(), role
        assert user.get_role_display() in page.locator("nav").first.inner_text()
        assert serious_violations(page) == [], role
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{live_server.url}/sign-in/")


def test_keyboard_users_can_skip_to_the_content(live_server, page) -> None:
    page.goto(f"{live_server.url}/about/help/")  # no field takes the focus first here
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_wrong_password_is_explained(live_server, page, applicant) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("E-mail address").fill(applicant.email)
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("Please enter a correct")
    assert serious_violations(page) == []

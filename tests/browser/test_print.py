"""Chromium: a bid's receipt prints on one A4 page, the portal's frame left out (R-BID-4)."""

import re

import pytest

from bidding.tests.fixtures import bid
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r_bid_4_the_bid_receipt_prints_on_one_page(live_server, page, open_round, make_applicant):
    applicant = make_applicant("Bharat Magnetics Ltd")
    sealed = bid(open_round, applicant, 600, "1500.00")
    base = live_server.url
    sign_in(page, base, applicant.email)
    page.goto(f"{base}/bids/{sealed.pk}/")
    page.locator("#receipt").wait_for()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert sealed.receipt in page.locator("#receipt").inner_text()
    assert "1,500" not in page.content()  # the sealed amount is nowhere on the page

"""R-BID-7: the e-mail that tells an applicant its bid is sealed carries the receipt, never the
amount."""

import pytest

from bidding.tests.fixtures import bid

pytestmark = pytest.mark.django_db


def test_r_bid_7_the_sealed_bids_email_never_carries_its_amount(
    open_round, make_applicant, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    bidder = make_applicant("Deccan Magnets Pvt Ltd")
    with django_capture_on_commit_callbacks(execute=True):
        sealed = bid(open_round, bidder, 600, "1487.25")
    [mail] = [m for m in mailoutbox if m.to == [bidder.email]]
    assert mail.subject == f"Bid {sealed.reference} sealed"
    assert sealed.receipt in mail.body  # the receipt, to check the opened amount later
    assert "1487" not in mail.body and "1,487" not in mail.body
    assert "/notifications/" in mail.body

"""R-BID-7: a bid's time is the moment its request reached the portal, read once. That reading
decides whether it is in time and is the submission time recorded and shown on the receipt."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding import services
from bidding.models import Bid, BidStatus, TenderRound
from bidding.tests.fixtures import pdf
from repm_portal.errors import StateConflict
from repm_portal.middleware import request_context

pytestmark = pytest.mark.django_db
TICK = timedelta(milliseconds=1)


def _deadline(round_: TenderRound, when) -> None:
    TenderRound.objects.filter(pk=round_.pk).update(submission_deadline=when)
    round_.refresh_from_db()


def _submit(round_: TenderRound, applicant, *, received):
    with request_context("r-bid-7-test", received=received):
        return services.bid_submit(
            actor=applicant,
            round_=round_,
            capacity_mtpa=600,
            dpr=pdf(applicant),
            amount=Decimal("1500.00"),
        )


def test_r_bid_7_received_before_the_deadline_is_in_time_though_processed_after(
    open_round, make_applicant
) -> None:
    applicant = make_applicant("Early Magnetics")
    deadline = timezone.now() - timedelta(seconds=2)  # processing happens after it
    _deadline(open_round, deadline)
    bid = _submit(open_round, applicant, received=deadline - TICK)
    assert bid.status == BidStatus.SUBMITTED
    assert Bid.objects.get(pk=bid.pk).submitted_at == deadline - TICK  # the reading, kept


def test_r_bid_7_received_exactly_at_the_deadline_is_in_time(open_round, make_applicant) -> None:
    applicant = make_applicant("Punctual Magnetics")
    deadline = timezone.now() - timedelta(seconds=1)
    _deadline(open_round, deadline)
    assert _submit(open_round, applicant, received=deadline).submitted_at == deadline


def test_r_bid_7_received_after_the_deadline_is_refused_though_processed_before(
    open_round, make_applicant
) -> None:
    applicant = make_applicant("Late Magnetics")
    deadline = timezone.now() + timedelta(hours=1)  # the clock at processing is before it
    _deadline(open_round, deadline)
    with pytest.raises(StateConflict):
        _submit(open_round, applicant, received=deadline + TICK)
    assert not Bid.objects.filter(applicant=applicant).exists()


def test_r_bid_7_withdrawal_and_replacement_go_by_the_time_received(
    open_round, make_applicant
) -> None:
    applicant = make_applicant("Second Thoughts Ltd")
    deadline = timezone.now() + timedelta(hours=1)
    _deadline(open_round, deadline)
    first = _submit(open_round, applicant, received=timezone.now())
    with (
        request_context("late-withdrawal", received=deadline + TICK),
        pytest.raises(StateConflict),
    ):
        services.bid_withdraw(actor=applicant, bid=first)
    with (
        request_context("late-replacement", received=deadline + TICK),
        pytest.raises(StateConflict),
    ):
        services.bid_replace(
            actor=applicant,
            bid=first,
            capacity_mtpa=700,
            dpr=pdf(applicant),
            amount=Decimal("1400.00"),
        )
    assert Bid.objects.get(pk=first.pk).status == BidStatus.SUBMITTED
    with request_context("in-time-withdrawal", received=deadline):
        services.bid_withdraw(actor=applicant, bid=first)
    first.refresh_from_db()
    assert (first.status, first.withdrawn_at) == (BidStatus.WITHDRAWN, deadline)


def test_r_bid_7_the_api_records_the_moment_the_request_arrived(
    open_round, make_applicant, api_for, monkeypatch
) -> None:
    """The clock is read once, by the first middleware: a request that arrives one
    millisecond before the deadline and is then held up past it (here: every later reading of
    the clock is after the deadline) is kept, with the arrival as its time."""
    applicant = make_applicant("Arrival Magnetics")
    deadline = timezone.now() + timedelta(hours=1)
    _deadline(open_round, deadline)
    dpr = pdf(applicant)
    client = api_for(applicant)
    readings = iter([deadline - TICK])
    real_now = timezone.now
    monkeypatch.setattr(
        timezone, "now", lambda: next(readings, None) or real_now() + timedelta(hours=2)
    )
    response = client.post(
        "/api/v1/bids/",
        {"round": open_round.pk, "capacity_mtpa": 600, "dpr": dpr.pk, "amount": "1500.00"},
        format="json",
    )
    monkeypatch.setattr(timezone, "now", real_now)
    assert response.status_code == 201, response.json()
    assert Bid.objects.get(applicant=applicant).submitted_at == deadline - TICK

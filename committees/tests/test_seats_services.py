"""Seats and their holders (R-COM-1…3) and the tender roster (R-BID-7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bidding import services as bidding
from bidding.models import TenderRound
from committees import services
from committees.models import Committee, Seat, SeatTerm
from committees.seating import seat_for_test
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.seating import seated_users
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import NotAllowed, StateConflict, ValidationFailed
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist

from .fixtures import make_user

pytestmark = pytest.mark.django_db


def test_r_com_1_smc_has_the_fifteen_seats_of_annexure_a() -> None:
    seats = Seat.objects.filter(committee__code="smc").order_by("number")
    assert seats.count() == 15
    assert (seats[0].particulars, seats[0].designation) == ("Secretary, Heavy Industries", "chair")
    assert (seats[14].particulars, seats[14].designation) == (
        "Joint Secretary, Heavy Industries",
        "member_secretary",
    )
    assert seats.filter(designation="member").count() == 13


def test_r_com_2_tc_has_the_ten_seats_of_annexure_b() -> None:
    seats = Seat.objects.filter(committee__code="tc").order_by("number")
    assert seats.count() == 10
    assert seats[0].particulars == "Joint Secretary, Heavy Industries"
    assert (seats[9].particulars, seats[9].designation) == ("PMA", "member_secretary")
    assert seats[8].particulars == "Chief Controller of Accounts (CCA), MHI"


def test_r_com_3_seat_ended_yesterday_is_refused_today(tc_member: User, mhi: User) -> None:
    term = SeatTerm.objects.get(holder=tc_member)
    SeatTerm.objects.filter(pk=term.pk).update(starts_on=today_ist() - timedelta(days=30))
    term.refresh_from_db()
    assert tc_member.has_role(Role.TC)
    services.seat_relieve(actor=mhi, term=term, ends_on=today_ist() - timedelta(days=1))
    fresh = User.objects.get(pk=tc_member.pk)  # a new request: a new instance
    assert not fresh.has_role(Role.TC)
    assert fresh not in seated_users(Role.TC)
    assert AuditEvent.objects.filter(action="seat.relieved", object_id=str(term.pk)).exists()


def test_r_com_3_a_seat_held_until_today_still_counts_today(tc_member: User, mhi: User) -> None:
    term = SeatTerm.objects.get(holder=tc_member)
    services.seat_relieve(actor=mhi, term=term, ends_on=today_ist())
    assert User.objects.get(pk=tc_member.pk).has_role(Role.TC)


def test_r_com_3_a_tc_user_without_a_seat_has_no_tc_role(db: None) -> None:
    user = make_user(email="former@gov.in", role=Role.TC)
    assert not user.has_role(Role.TC)


def test_r_com_3_two_holders_of_one_seat_at_once_are_refused(mhi: User, tc_member: User) -> None:
    seat = SeatTerm.objects.get(holder=tc_member).seat
    newcomer = make_user(email="new@gov.in", role=Role.TC, full_name="Newcomer")
    with pytest.raises(StateConflict, match="Arvind Kulkarni holds this seat"):
        services.seat_appoint(actor=mhi, seat=seat, holder=newcomer, starts_on=today_ist())
    # After the holder is relieved, the newcomer takes the seat from the next day.
    term = SeatTerm.objects.get(holder=tc_member)
    services.seat_relieve(actor=mhi, term=term, ends_on=today_ist())
    services.seat_appoint(
        actor=mhi, seat=seat, holder=newcomer, starts_on=today_ist() + timedelta(days=1)
    )
    assert SeatTerm.objects.filter(seat=seat).count() == 2


def test_r_com_3_only_mhi_appoints(tc_member: User, pma: User, tc: Committee) -> None:
    seat = Seat.objects.get(committee=tc, number=9)
    with pytest.raises(NotAllowed):
        services.seat_appoint(actor=pma, seat=seat, holder=pma, starts_on=today_ist())


def test_r_com_1_an_applicant_cannot_hold_a_seat(mhi: User, applicant: User, smc) -> None:
    seat = Seat.objects.get(committee=smc, number=5)
    with pytest.raises(ValidationFailed, match="cannot hold a Scheme Monitoring Committee seat"):
        services.seat_appoint(actor=mhi, seat=seat, holder=applicant, starts_on=today_ist())


# --- The tender roster ---------------------------------------------------------------------


def test_r_bid_7_a_round_takes_only_members_seated_today(mhi: User, tc_member: User) -> None:
    departed = make_user(email="gone@gov.in", role=Role.TC, full_name="Departed Member")
    seat_for_test(
        departed,
        on=today_ist() - timedelta(days=90),
        until=today_ist() - timedelta(days=1),
    )
    with pytest.raises(ValidationFailed, match="Departed Member"):
        bidding.round_create(
            actor=mhi,
            reference="MHI/REPM/RFP/2026/09",
            title="Round",
            submission_deadline=timezone.now() + timedelta(days=10),
            opening_quorum=1,
            tc_members=[tc_member, departed],
        )


def test_r_bid_7_mhi_is_warned_when_share_holders_fall_to_m(
    open_round: TenderRound, tc_members: list[User], mhi: User
) -> None:
    """Three holders, M = 2: one leaves, two remain = M — MHI is warned (duty and notice)."""
    from committees.duties import committee_duties

    assert [d for d in committee_duties(mhi, today_ist()) if "key holders" in str(d.title)] == []
    term = SeatTerm.objects.get(holder=tc_members[2])
    SeatTerm.objects.filter(pk=term.pk).update(starts_on=today_ist() - timedelta(days=5))
    term.refresh_from_db()
    services.seat_relieve(actor=mhi, term=term, ends_on=today_ist() - timedelta(days=1))
    duties = [d for d in committee_duties(mhi, today_ist()) if "key holders" in str(d.title)]
    assert [str(d.title) for d in duties] == [
        "Round MHI/REPM/RFP/2026/01: key holders still on the TC 2, threshold 2"
    ]
    assert Notification.objects.filter(
        user=mhi, title__contains="key holders still on the TC 2, threshold 2"
    ).exists()


def test_r_bid_7_a_departed_member_cannot_present_a_share(
    open_round: TenderRound, tc_members: list[User], mhi: User
) -> None:
    from bidding.tests.fixtures import PASSPHRASES

    term = SeatTerm.objects.get(holder=tc_members[1])
    SeatTerm.objects.filter(pk=term.pk).update(
        starts_on=today_ist() - timedelta(days=5), ends_on=today_ist() - timedelta(days=1)
    )
    TenderRound.objects.filter(pk=open_round.pk).update(
        status="evaluated", submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    open_round.refresh_from_db()
    first, second = (User.objects.get(pk=m.pk) for m in tc_members[:2])  # a new request
    with pytest.raises(NotAllowed, match="TC Member 2 no longer holds"):
        bidding.round_open(
            actor=first,
            round_=open_round,
            presented=[(first, PASSPHRASES[0]), (second, PASSPHRASES[1])],
        )


def test_r_bid_7_a_term_that_lapses_is_caught_by_the_daily_check(
    open_round: TenderRound, tc_members: list[User], mhi: User
) -> None:
    from committees.tasks import run_roster_check

    SeatTerm.objects.filter(holder__in=tc_members[1:]).update(
        starts_on=today_ist() - timedelta(days=9), ends_on=today_ist() - timedelta(days=1)
    )
    assert run_roster_check.apply().get() == [open_round.pk]  # 1 holder left, M = 2
    assert Notification.objects.filter(
        user=mhi, title__contains="key holders still on the TC 1, threshold 2"
    ).exists()

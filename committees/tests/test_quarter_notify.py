"""R-COM-3, R-COM-4: an issued QRR is told to the people who hold a TC or SMC seat today, and to
MHI — not to every user whose ``role`` field says TC or SMC."""

from __future__ import annotations

from datetime import timedelta

import pytest

from committees import report_services as services
from committees import services as committee_services
from committees.models import Committee, Seat
from committees.seating import seat_for_test
from repm_portal.accounts.models import User
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist
from tests.factories import UserFactory

from .report_fixtures import Q2, TODAY, beneficiary, filed, invest

pytestmark = pytest.mark.django_db


def test_r_com_3_r_com_4_qrr_issued_is_told_to_seats_held_today_and_mhi(
    applicant, pma, mhi, tc_member, smc_member
) -> None:
    today = today_ist()
    left = UserFactory(email="left.tc@gov.in", role="tc", full_name="Left Yesterday")
    seat_for_test(left, on=today - timedelta(days=200), until=today - timedelta(days=1))
    never = UserFactory(email="never.seated@gov.in", role="smc", full_name="Never Seated")
    # The PMA holds the TC's member-secretary seat (Annexure B, seat 10).
    committee_services.seat_appoint(
        actor=mhi,
        seat=Seat.objects.get(committee=Committee.objects.get(code="tc"), number=10),
        holder=pma,
        starts_on=today - timedelta(days=30),
    )
    b = beneficiary(applicant)
    invest(b)
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    services.quarterly_report_accept(actor=pma, report=report)
    qrr = services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
    services.qrr_update(actor=pma, qrr=qrr, recommendations="None.", analyses={b.pk: "Ok."})
    Notification.objects.all().delete()

    services.qrr_issue(actor=pma, qrr=qrr)

    told = set(
        Notification.objects.filter(
            title="Quarterly review report FY2026-27-Q2 issued"
        ).values_list("user__email", flat=True)
    )
    every_mhi = set(User.objects.filter(role="mhi").values_list("email", flat=True))
    assert mhi.email in every_mhi
    assert told == {tc_member.email, smc_member.email, pma.email} | every_mhi
    assert left.email not in told and never.email not in told and applicant.email not in told

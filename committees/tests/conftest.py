"""A Technical Committee sitting today: its chair (the Joint Secretary, an MHI officer), its
member secretary (the PMA persona), the TC persona and two more members; a review meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.models import Committee, Meeting, Seat
from repm_portal.accounts.models import Role, User
from repm_portal.periods import today_ist
from tests.factories import UserFactory


@pytest.fixture
def tc() -> Committee:
    return Committee.objects.get(code="tc")


@pytest.fixture
def smc() -> Committee:
    return Committee.objects.get(code="smc")


@pytest.fixture
def chair(mhi: User, tc: Committee) -> User:
    js = UserFactory(email="js.hi@mhi.gov.in", role=Role.MHI, full_name="Vijay Mittal")
    services.seat_appoint(
        actor=mhi,
        seat=Seat.objects.get(committee=tc, number=1),
        holder=js,
        starts_on=today_ist() - timedelta(days=200),
    )
    return js


@pytest.fixture
def secretary(mhi: User, pma: User, tc: Committee) -> User:
    services.seat_appoint(
        actor=mhi,
        seat=Seat.objects.get(committee=tc, number=10),
        holder=pma,
        starts_on=today_ist() - timedelta(days=200),
    )
    return pma


@pytest.fixture
def others(mhi: User, tc: Committee) -> list[User]:
    people = []
    for number, name in ((6, "Ritu Banerjee"), (7, "Joseph Thomas")):
        u = UserFactory(email=f"tc.seat{number}@gov.in", role=Role.TC, full_name=name)
        services.seat_appoint(
            actor=mhi,
            seat=Seat.objects.get(committee=tc, number=number),
            holder=u,
            starts_on=today_ist() - timedelta(days=100),
        )
        people.append(u)
    return people


@pytest.fixture
def sitting(chair: User, secretary: User, tc_member: User, others: list[User]) -> dict[str, User]:
    """Five of the TC's ten seats held today: chair, member secretary and three members."""
    return {
        "chair": chair,
        "secretary": secretary,
        "member": tc_member,
        "a": others[0],
        "b": others[1],
    }


@pytest.fixture
def meeting(sitting: dict[str, User], tc: Committee) -> Meeting:
    return services.meeting_schedule(
        actor=sitting["secretary"],
        committee=tc,
        starts_at=timezone.now() - timedelta(hours=1),
        venue="Conference Room 1, Udyog Bhawan, New Delhi",
        quarter="FY2026-27-Q2",
    )

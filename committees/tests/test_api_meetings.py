"""Committees and meetings through the API: who may call what (R-ACL-1, R-ACL-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.models import Committee, SeatTerm
from committees.tests.api_matrix import MEETINGS_MATRIX as MATRIX
from committees.tests.fixtures import make_user
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, tc_member):
    mhi = personas["mhi"]
    tc = Committee.objects.get(code="tc")
    meeting = services.meeting_schedule(
        actor=mhi, committee=tc, starts_at=timezone.now(), venue="Udyog Bhawan"
    )
    item = services.agenda_item_add(actor=mhi, meeting=meeting, title="Item")
    # The member secretary's seat is held by someone else, so no persona records the minutes.
    secretary = make_user(email="ms@pma.in", role="pma", full_name="Other PMA")
    services.seat_appoint(
        actor=mhi,
        seat=tc.seats.get(number=10),
        holder=secretary,
        starts_on=today_ist() - timedelta(days=3),
    )
    action = services.action_item_add(
        actor=secretary,
        item=item,
        description="Report",
        owner=personas["applicant"],
        due_on=today_ist() + timedelta(days=9),
    )
    return {
        "m": meeting.pk,
        "item": item.pk,
        "action": action.pk,
        "term": SeatTerm.objects.get(holder=tc_member).pk,
    }


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX]
)
def test_r_acl_3_who_may_call_each_committee_endpoint(
    api_for, personas, world, method, path, expected
) -> None:
    url = path.format(**world)
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = client.get(url) if method == "get" else client.post(url, {}, format="json")
        assert response.status_code == status, (
            persona,
            response.status_code,
            getattr(response, "data", None),
        )

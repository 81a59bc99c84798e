"""Committees and meetings through the API: who may call what (R-ACL-1, R-ACL-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.models import Committee, SeatTerm
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db
ALL = ["outsider", "applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin"]
READERS = {"pma", "tc", "smc", "mhi", "admin"}  # of some committee's meetings
TC_READERS = {"pma", "tc", "mhi", "admin"}


def expect(ok: int, allowed, denied: int = 403, **others: int) -> dict[str, int]:
    table = {p: ok if p in allowed else (401 if p == "outsider" else denied) for p in ALL}
    return {**table, **others}


MATRIX = [
    ("get", "/api/v1/committees/", expect(200, READERS)),
    ("get", "/api/v1/committees/tc/", expect(200, TC_READERS, smc=404)),
    ("post", "/api/v1/committees/tc/appoint/", expect(400, {"mhi", "admin"})),
    ("post", "/api/v1/committees/terms/{term}/relieve/", expect(400, {"mhi", "admin"})),
    ("get", "/api/v1/meetings/", expect(200, READERS)),
    ("post", "/api/v1/meetings/", expect(400, READERS)),
    ("get", "/api/v1/meetings/{m}/", expect(200, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/items/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/refresh/", expect(200, {"pma", "mhi", "admin"}, smc=404)),
    ("post", "/api/v1/meetings/{m}/co-opt/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/attendance/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/confirm/", expect(403, set(), smc=404)),
    ("post", "/api/v1/meetings/items/{item}/comments/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/items/{item}/decisions/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/items/{item}/actions/", expect(400, TC_READERS, smc=404)),
    ("get", "/api/v1/meetings/my-actions/", expect(200, set(ALL) - {"outsider"})),
    # The owner (the applicant) closes it; MHI then finds it closed; readers who are neither
    # owner nor member secretary are refused; everyone else finds nothing.
    (
        "post",
        "/api/v1/meetings/my-actions/{action}/close/",
        expect(404, set(), denied=404, applicant=200, pma=403, tc=403, mhi=409, admin=403),
    ),
]


@pytest.fixture
def world(personas, tc_member):
    mhi = personas["mhi"]
    tc = Committee.objects.get(code="tc")
    meeting = services.meeting_schedule(
        actor=mhi, committee=tc, starts_at=timezone.now(), venue="Udyog Bhawan"
    )
    item = services.agenda_item_add(actor=mhi, meeting=meeting, title="Item")
    # The member secretary's seat is held by someone else, so no persona records the minutes.
    from .conftest import make_user

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
